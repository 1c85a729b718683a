"""A column's selection rules: what they may hold, and which public items they select.

Rules are a small JSON object. Each key present narrows the selection (AND between keys); the
values of one key are alternatives (OR). A unit selects its sub-units' items too (a street's
column carries its offices'). A column with no rules selects only what is picked by hand.

    {"unit_ids": [3], "genres": ["notice"], "topics": [...], "kinds": ["policy"],
     "catalogue_entry_ids": [12]}
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from gongkai.catalog.models import CatalogueEntry
from gongkai.orgs.models import Unit
from gongkai.publishing import vocab
from gongkai.publishing.models import Kind

KEYS = ("unit_ids", "genres", "topics", "kinds", "catalogue_entry_ids")
KEY_LABELS = {
    "unit_ids": "发布机构",
    "genres": "体裁",
    "topics": "主题分类",
    "kinds": "信息类型",
    "catalogue_entry_ids": "目录事项",
}
MAX_VALUES = 200


def _codes(choices: Iterable[tuple[str, Any]]) -> set[str]:
    return {code for code, _label in choices}


def clean(rules: Any) -> dict[str, list[Any]]:
    """The rules as stored: known keys only, each a list of known values; ValidationError
    naming the key otherwise (the field is ``rules.<key>``)."""
    if rules in (None, ""):
        return {}
    if not isinstance(rules, dict):
        raise ValidationError({"rules": _('选取规则应为对象，例如 {"kinds": ["policy"]}。')})
    unknown = sorted(set(rules) - set(KEYS))
    if unknown:
        raise ValidationError(
            {
                "rules": _("选取规则不认识：%(keys)s；可用：%(known)s。")
                % {"keys": "、".join(unknown), "known": "、".join(KEYS)}
            }
        )
    cleaned: dict[str, list[Any]] = {}
    for key in KEYS:
        values = rules.get(key)
        if values is None:
            continue
        if not isinstance(values, list) or len(values) > MAX_VALUES:
            raise ValidationError(
                {
                    f"rules.{key}": _("“%(label)s”应为不超过%(max)s项的列表。")
                    % {"label": _(KEY_LABELS[key]), "max": MAX_VALUES}
                }
            )
        if values:
            cleaned[key] = _checked(key, values)
    return cleaned


def _checked(key: str, values: list[Any]) -> list[Any]:
    if key.endswith("_ids"):
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            raise ValidationError({f"rules.{key}": _("“%(label)s”应为编号列表。") % {"label": _(KEY_LABELS[key])}})
        model = Unit if key == "unit_ids" else CatalogueEntry
        known = set(model.objects.filter(pk__in=values).values_list("pk", flat=True))
        missing = [v for v in values if v not in known]
    else:
        allowed = {"genres": _codes(vocab.GENRES), "topics": _codes(vocab.TOPICS), "kinds": _codes(Kind.choices)}[key]
        missing = [v for v in values if v not in allowed]
    if missing:
        raise ValidationError(
            {
                f"rules.{key}": _("“%(label)s”中没有这些值：%(values)s。")
                % {"label": _(KEY_LABELS[key]), "values": "、".join(map(str, missing))}
            }
        )
    return sorted(set(values), key=str)


def with_descendants(unit_ids: Iterable[int]) -> set[int]:
    """The units and every unit below them (the tree is small: one query)."""
    children: dict[int | None, list[int]] = {}
    for pk, parent in Unit.objects.values_list("pk", "parent_id"):
        children.setdefault(parent, []).append(pk)
    found: set[int] = set()
    todo = list(unit_ids)
    while todo:
        pk = todo.pop()
        if pk not in found:
            found.add(pk)
            todo.extend(children.get(pk, ()))
    return found


def rules_q(rules: dict[str, list[Any]]) -> Q | None:
    """The Item filter the rules make (over the public revision's metadata); None: no rules."""
    if not rules:
        return None
    q = Q()
    if "unit_ids" in rules:
        q &= Q(unit_id__in=with_descendants(rules["unit_ids"]))
    for key, field in (
        ("genres", "genre"),
        ("topics", "topic"),
        ("kinds", "kind"),
        ("catalogue_entry_ids", "catalogue_entry_id"),
    ):
        if key in rules:
            q &= Q(**{f"published_revision__{field}__in": rules[key]})
    return q


def matches(rules: dict[str, list[Any]], unit_ids: set[int], revision: Any) -> bool:
    """Does one item (its unit with the units above it, and its public revision) fit the rules?
    ``unit_ids`` is the item's unit and its ancestors, so a rule naming a parent matches."""
    if not rules:
        return False
    if "unit_ids" in rules and not unit_ids & set(rules["unit_ids"]):
        return False
    for key, field in (("genres", "genre"), ("topics", "topic"), ("kinds", "kind")):
        if key in rules and getattr(revision, field) not in rules[key]:
            return False
    return "catalogue_entry_ids" not in rules or revision.catalogue_entry_id in rules["catalogue_entry_ids"]
