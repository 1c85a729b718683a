"""An audit entry as staff read it: the action's Chinese name, the object's kind, and what changed
as "字段：旧值 → 新值" — field names from the models' verbose names (or labels.KEYS), choices by
their labels, booleans as 是/否, dates as dates, linked objects by name, long text shortened."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from gongkai.audit.labels import KEYS, action_label
from gongkai.audit.models import AuditEntry

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
LONG_TEXT = 60
EMPTY = "—"


@dataclass(frozen=True)
class Change:
    label: str
    before: str | None  # None: the entry has no "before" value for it (a creation, an event)
    after: str | None


@dataclass
class Describer:
    """Describes many entries, looking each linked object up once."""

    names: dict[tuple[type[models.Model], Any], str] = field(default_factory=dict)

    def changes(self, entry: AuditEntry) -> list[Change]:
        model = model_of(entry.object_type)
        before = entry.before if isinstance(entry.before, dict) else {}
        after = entry.after if isinstance(entry.after, dict) else {}
        result = []
        for key in [*before, *(k for k in after if k not in before)]:
            model_field = _field(model, key)
            old = self.value(before[key], model_field) if key in before else None
            new = self.value(after[key], model_field) if key in after else EMPTY
            if old is None and new == EMPTY:
                continue  # a blank value set for the first time says nothing
            result.append(Change(key_label(key, model_field), old, new))
        return result

    def value(self, value: Any, model_field: models.Field[Any, Any] | None = None) -> str:
        if value is None or value in ("", []):
            return EMPTY
        if isinstance(value, bool):
            return _("是") if value else _("否")
        if model_field is not None:
            shown = self._by_field(value, model_field)
            if shown is not None:
                return shown
        if isinstance(value, list):
            return "、".join(self.value(v) for v in value)
        if isinstance(value, dict):
            return "；".join(f"{key_label(k, None)}：{self.value(v)}" for k, v in value.items())
        return _text(value)

    def _by_field(self, value: Any, model_field: models.Field[Any, Any]) -> str | None:
        choices = dict(model_field.flatchoices) if model_field.choices else {}
        if isinstance(value, str) and value in choices:
            return str(choices[value])
        related = model_field.related_model if model_field.is_relation else None
        if isinstance(related, type) and isinstance(value, int | str) and not isinstance(value, bool):
            return self._name(related, value)
        return None

    def _name(self, model: type[models.Model], pk: Any) -> str:
        key = (model, pk)
        if key not in self.names:
            found = model._default_manager.filter(pk=pk).first()
            self.names[key] = Truncator(str(found)).chars(LONG_TEXT) if found is not None else f"#{pk}"
        return self.names[key]


def model_of(object_type: str) -> type[models.Model] | None:
    if "." not in object_type:
        return None
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def object_kind(object_type: str) -> str:
    """The kind of object in Chinese (the model's verbose name), else the code."""
    model = model_of(object_type)
    return str(model._meta.verbose_name) if model is not None and _named(model._meta) else object_type


def _named(meta: Any) -> bool:
    return str(meta.verbose_name) != meta.model_name and re.search(r"[^\x00-\x7f]", str(meta.verbose_name)) is not None


def _field(model: type[models.Model] | None, key: str) -> models.Field[Any, Any] | None:
    if model is None:
        return None
    for name in (key, key.removesuffix("_id")):
        try:
            found = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        return found if isinstance(found, models.Field) else None
    return None


def key_label(key: str, model_field: models.Field[Any, Any] | None) -> str:
    """The verbose name a model gave the field (a Chinese one), else the registry's, else the key."""
    if model_field is not None and re.search(r"[^\x00-\x7f]", str(model_field.verbose_name)):
        return str(model_field.verbose_name)
    label = KEYS.get(key) or KEYS.get(key.removesuffix("_id"))
    return str(label) if label is not None else key


def _text(value: Any) -> str:
    text = str(value)
    if _DATE.match(text):
        return text
    if _DATETIME.match(text):
        try:
            moment = dt.datetime.fromisoformat(text)
        except ValueError:
            return text
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return moment.strftime("%Y-%m-%d %H:%M")
    return Truncator(" ".join(strip_tags(text).split())).chars(LONG_TEXT)


@dataclass(frozen=True)
class Row:
    """One entry ready for the page and the export."""

    entry: AuditEntry
    action: str
    kind: str
    changes: list[Change]

    @property
    def summary(self) -> str:
        """The changes on one line: 状态：已签发 → 已发布；索引号：…"""
        parts = []
        for change in self.changes:
            shown = change.after if change.before is None else f"{change.before} → {change.after}"
            parts.append(f"{change.label}：{shown}")
        return "；".join(parts)


def rows(entries: Any) -> list[Row]:
    describer = Describer()
    return [
        Row(entry, action_label(entry.action), object_kind(entry.object_type), describer.changes(entry))
        for entry in entries
    ]
