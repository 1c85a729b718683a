"""Reviews and lawsuits the platform cannot tie to an application it handled (``AppealCase``):
recorded by the office, audited, counted in Table 四 with the platform's own (reports.data).

Table 四 (国办公开办函〔2021〕30号) counts every 政府信息公开 review and lawsuit of the organ in the
year, not only those about applications: a dispute about proactive disclosure (条例 Art. 51: a
citizen may apply for review or sue over the organ's disclosure work) or about an application
received before the platform is one too. A case about an application on the platform is recorded
on that application (foi.appeals), so it is not counted twice.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.actor import Actor, staff
from gongkai.audit.services import record, snapshot
from gongkai.foi.vocab import AppealKind, AppealResult
from gongkai.orgs import access
from gongkai.orgs.models import Unit
from gongkai.reports.models import AppealCase, AppealMatter

FIELDS = ["unit", "matter", "kind", "filed_on", "body", "case_number", "result", "decided_on", "note"]
# The note is free text that may name a citizen: it stays out of the audit trail (RULINGS.md 8).
AUDITED = [name for name in FIELDS if name != "note"]
FIRST_YEAR = 2008  # the first year of 政府信息公开 (the 2007 条例 came into force on 2008-05-01)


def cases_filed_in(year: int) -> QuerySet[AppealCase]:
    return AppealCase.objects.filter(filed_on__year=year).select_related("unit").order_by("filed_on", "id")


def _errors(values: dict[str, Any]) -> dict[str, str]:
    """Every refusal at once, each naming its field."""
    errors: dict[str, str] = {}
    if not isinstance(values.get("unit"), Unit):
        errors["unit"] = _("请选择被申请人（被告）机关")
    if values.get("matter") not in AppealMatter.values:
        errors["matter"] = _("请选择争议事项")
    if values.get("kind") not in AppealKind.values:
        errors["kind"] = _("请选择行政复议或行政诉讼的类型")
    if values.get("result") not in AppealResult.values:
        errors["result"] = _("请选择结果")
    if not str(values.get("body") or "").strip():
        errors["body"] = _("请填写复议机关或法院")
    filed_on: dt.date | None = values.get("filed_on")
    decided_on: dt.date | None = values.get("decided_on")
    if filed_on is None:
        errors["filed_on"] = _("请填写申请或起诉日期")
    elif filed_on > timezone.localdate():
        errors["filed_on"] = _("申请或起诉日期不能晚于今天")
    elif filed_on.year < FIRST_YEAR:
        errors["filed_on"] = _("申请或起诉日期不能早于%(year)s年") % {"year": FIRST_YEAR}
    if values.get("result") == AppealResult.PENDING and decided_on:
        errors["decided_on"] = _("尚未审结的案件不应填写审结日期")
    elif values.get("result") in AppealResult.values and values["result"] != AppealResult.PENDING and not decided_on:
        errors["decided_on"] = _("已审结的案件请填写审结日期")
    elif decided_on and filed_on and decided_on < filed_on:
        errors["decided_on"] = _("审结日期不能早于申请或起诉日期")
    elif decided_on and decided_on > timezone.localdate():
        errors["decided_on"] = _("审结日期不能晚于今天")
    return errors


@transaction.atomic
def save_case(actor: Actor, case: AppealCase | None = None, **values: Any) -> AppealCase:
    """Record a case, or its later result; the office only; audited (the note aside)."""
    access.require_office(actor)
    values.setdefault("result", AppealResult.PENDING)
    values["decided_on"] = values.get("decided_on") or None
    errors = _errors(values)
    if errors:
        raise ValidationError(errors)
    before = snapshot(case, AUDITED) if case is not None else None
    case = case or AppealCase(recorded_by=staff(actor))
    for name in FIELDS:
        default = None if name == "decided_on" else ""
        setattr(case, name, values.get(name, default))
    case.body, case.case_number = case.body.strip(), case.case_number.strip()
    case.save()
    action = "report.appeal_case_changed" if before else "report.appeal_case_recorded"
    record(actor, action, case, unit=case.unit, before=before, after=snapshot(case, AUDITED))
    return case
