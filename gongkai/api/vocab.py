"""Coded fields of the public contract (API.md "Conventions"): a field such as ``genre`` or
``topic`` takes the code or its national Chinese label (``finance`` or ``财政、金融、审计``), is
stored and answered as the code, lists its codes as the schema's ``enum`` (the labels beside them
in ``x-enum-descriptions`` and in the description), and a refusal (422) names the field and every
allowed value.

One annotation for every such field: ``Annotated[str, Coded(choices)]``, where ``choices`` are
the domain's own ``(code, label)`` pairs (publishing.vocab, a model's TextChoices …), so a code
added there is accepted here and shown in the schema without another edit.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Annotated, Any

from django.utils import translation
from django.utils.translation import gettext as _
from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler, ValidationInfo
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, core_schema

from gongkai.api.errors import ApiError
from gongkai.orgs.models import Unit
from gongkai.participation.models import AdoptionDecision
from gongkai.publishing import vocab
from gongkai.publishing.models import Kind
from gongkai.publishing.workflow import ACTION_LABELS
from gongkai.supervision.ledger import queries as ledger_queries
from gongkai.supervision.ledger import status as ledger_status
from gongkai.supervision.newmedia.models import Account

# The labels are the national Chinese wording (the msgids), whatever language a request asks for.
LABEL_LANGUAGE = "zh-hans"


class Coded:
    """Pydantic metadata for a ``str`` field that takes one of ``choices``' codes or labels.

    ``blank``: an empty string is accepted as "not given" (a field whose default is ``""``)."""

    def __init__(self, choices: Iterable[tuple[str, Any]], *, blank: bool = False) -> None:
        self.choices = tuple((str(code), label) for code, label in choices)
        self.blank = blank

    @property
    def codes(self) -> list[str]:
        return [code for code, _label in self.choices]

    def labels(self) -> list[str]:
        with translation.override(LABEL_LANGUAGE):
            return [str(label) for _code, label in self.choices]

    def allowed(self) -> str:
        """``notice（通知）、announcement（公告）…``: what a person reads in the refusal and the schema."""
        return "、".join(f"{code}（{label}）" for code, label in zip(self.codes, self.labels(), strict=True))

    def code_of(self, value: Any) -> str | None:
        """The code ``value`` stands for: a code (any case) or a label, spaces around ignored."""
        if not isinstance(value, str):
            return None
        text = value.strip()
        by_code = {code.casefold(): code for code in self.codes}
        by_label = dict(zip(self.labels(), self.codes, strict=True))
        return by_code.get(text.casefold()) or by_label.get(text)

    def _normalise(self, value: Any, info: ValidationInfo) -> str:
        if self.blank and value == "":
            return ""
        code = self.code_of(value)
        if code is not None:
            return code
        # An ApiError, not a ValueError: pydantic passes it through to the API's handler, which
        # answers with this detail (the allowed values) instead of the generic wording.
        field = info.field_name
        shown = value[:40] if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)[:40]
        detail = _("不是允许的取值（收到“%(value)s”）。可填代码或中文名称：%(allowed)s") % {
            "value": shown,
            "allowed": self.allowed(),
        }
        if field:  # as errors.py words a refusal: the field first
            detail = _("“%(field)s”%(wording)s") % {"field": field, "wording": detail}
        raise ApiError(422, detail, field)

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        return core_schema.with_info_before_validator_function(self._normalise, handler(source))

    def __get_pydantic_json_schema__(self, schema: CoreSchema, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        json_schema = handler(schema)
        json_schema["enum"] = self.codes
        json_schema["x-enum-descriptions"] = self.labels()
        json_schema["description"] = _("可填代码或中文名称（按代码保存和返回）：%(allowed)s") % {
            "allowed": self.allowed()
        }
        return json_schema


# Information items (publishing.vocab; API.md "Information items").
Genre = Annotated[str, Coded(vocab.GENRES)]
Topic = Annotated[str, Coded(vocab.TOPICS)]
Validity = Annotated[str, Coded(vocab.VALIDITY)]
WithdrawReason = Annotated[str, Coded(vocab.WITHDRAW_REASONS, blank=True)]
# The kinds an item is created as through the API: a consultation also needs its period.
ItemKind = Annotated[str, Coded((k, k.label) for k in (Kind.ITEM, Kind.POLICY, Kind.CONSULTATION))]
ItemAction = Annotated[str, Coded(ACTION_LABELS.items())]

# Units, consultations, the task ledger, new media.
UnitKind = Annotated[str, Coded(Unit.Kind.choices)]
AdoptionChoice = Annotated[str, Coded(AdoptionDecision.Decision.choices)]
TaskStatus = Annotated[
    str,
    # "open": every task not done yet (API.md "Task ledger"), 未完成 as the workbench's filter says.
    Coded([(ledger_queries.OPEN, "未完成"), *((code, ledger_status.LABELS[code]) for code in ledger_status.STATUSES)]),
]
NewMediaState = Annotated[str, Coded(Account.State.choices)]
