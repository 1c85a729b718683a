"""Administrative review and litigation about applications (annual report Table 四)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.actor import Actor
from gongkai.audit.services import record, snapshot
from gongkai.foi.access import require_handler
from gongkai.foi.models import Appeal, Request
from gongkai.foi.vocab import AppealKind, AppealResult

FIELDS = ["kind", "filed_on", "body", "case_number", "result", "decided_on", "note"]
# The note is free text that may name the applicant: it stays out of the audit trail.
AUDITED = [name for name in FIELDS if name != "note"]


def _check(request_obj: Request, values: dict[str, Any]) -> None:
    if values["kind"] not in AppealKind.values:
        raise ValidationError({"kind": _("请选择行政复议或行政诉讼的类型")})
    if values["result"] not in AppealResult.values:
        raise ValidationError({"result": _("请选择结果")})
    filed_on: dt.date = values["filed_on"]
    if filed_on < request_obj.received_on:
        raise ValidationError({"filed_on": _("申请或起诉日期不能早于收到政府信息公开申请的日期")})
    if filed_on > timezone.localdate():
        raise ValidationError({"filed_on": _("申请或起诉日期不能晚于今天")})
    if not str(values.get("body", "")).strip():
        raise ValidationError({"body": _("请填写复议机关或法院")})
    decided_on = values.get("decided_on")
    if values["result"] == AppealResult.PENDING and decided_on:
        raise ValidationError({"decided_on": _("尚未审结的案件不应填写审结日期")})
    if values["result"] != AppealResult.PENDING and not decided_on:
        raise ValidationError({"decided_on": _("已审结的案件请填写审结日期")})
    if decided_on and decided_on < filed_on:
        raise ValidationError({"decided_on": _("审结日期不能早于申请或起诉日期")})


@transaction.atomic
def save_appeal(actor: Actor, request_obj: Request, appeal: Appeal | None = None, **values: Any) -> Appeal:
    """Record a new review or lawsuit, or its later result; audited."""
    require_handler(actor, request_obj.unit_id)
    values.setdefault("result", AppealResult.PENDING)
    values["decided_on"] = values.get("decided_on") or None
    _check(request_obj, values)
    before = snapshot(appeal, AUDITED) if appeal is not None else None
    appeal = appeal or Appeal(request=request_obj)
    for name in FIELDS:
        setattr(appeal, name, values.get(name, "") if name not in ("decided_on",) else values.get(name))
    appeal.save()
    record(
        actor,
        "foi.appeal_saved" if before else "foi.appeal_recorded",
        appeal,
        unit=request_obj.unit,
        before=before,
        after=snapshot(appeal, AUDITED),
    )
    return appeal
