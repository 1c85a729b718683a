"""The annual report's lifecycle: draft → submitted to the office → returned or cleared → published
through the publishing pipeline; a correction is a new revision with a change note.

Clearing freezes the report (tables, checks, narrative) into ``AnnualReport.snapshot`` and writes
it as the body of an item of kind ``annual_report``, which the unit's signer signs and publishes
like any item (the office's clearing is its review, 条例 Art. 17). What was cleared is what is
published: later data changes never alter it; the public keeps each published revision.
A report whose balance checks fail can be neither submitted nor cleared.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.actor import Actor, signed_in, staff
from gongkai.audit.services import record
from gongkai.orgs import access
from gongkai.orgs.models import Role, Unit
from gongkai.publishing import services as items
from gongkai.publishing import workflow
from gongkai.publishing.models import Kind
from gongkai.publishing.models import State as ItemState
from gongkai.publishing.services import Conflict
from gongkai.reports import data, render
from gongkai.reports.models import AnnualReport, Figure, ReportState, Scope

S = ReportState
SECTIONS = ("overview", "problems", "other")
# Table 二's normative documents made before the platform: the office keeps the district's list of
# documents in force (备案、清理), so it enters them, per unit and year (reports.data).
OFFICE_FIGURES = frozenset({Figure.Key.PRIOR_IN_FORCE, Figure.Key.PRIOR_REPEALED})


def title(report: AnnualReport) -> str:
    name = data.unit_label(report.unit, report.scope)["name"]
    return _("%(name)s%(year)s年政府信息公开工作年度报告") % {"name": name, "year": report.year}


def _require_author(actor: Actor, report: AnnualReport) -> None:
    """The unit's editors write its report; the government's report is written by the office."""
    if report.scope == Scope.GOVERNMENT:
        access.require_office(actor)
    else:
        access.require(actor, report.unit, Role.EDITOR)


def _locked(report: AnnualReport, version: int | None) -> AnnualReport:
    # OF self: PostgreSQL cannot lock the nullable side of the outer join to the item.
    current = AnnualReport.objects.select_for_update(of=("self",)).select_related("unit", "item").get(pk=report.pk)
    if version is not None and current.version != version:
        raise Conflict(_("报告已被他人修改（当前版本%(v)s），请刷新后重试") % {"v": current.version})
    return current


def _save(report: AnnualReport, *fields: str) -> None:
    report.version = F("version") + 1
    report.save(update_fields=[*fields, "version", "updated_at"])
    report.refresh_from_db(fields=["version"])


@transaction.atomic
def create_report(actor: Actor, unit: Unit, year: int, scope: str = Scope.UNIT) -> AnnualReport:
    if scope == Scope.GOVERNMENT:
        unit = data.scope_government()
    report = AnnualReport(unit=unit, scope=scope, year=year, author=signed_in(actor))
    _require_author(actor, report)
    today = timezone.localdate()
    if not 2008 <= year < today.year + (1 if today.month == 12 else 0):
        raise ValidationError({"year": _("只能编制已经结束的年度（或当年12月起编制当年）的报告")})
    if AnnualReport.objects.filter(unit=unit, scope=scope, year=year).exists():
        raise ValidationError({"year": _("%(year)s年度报告已经存在") % {"year": year}})
    report.save()
    record(actor, "report.created", report, unit=unit, after={"year": year, "scope": scope})
    return report


@transaction.atomic
def edit_sections(actor: Actor, report: AnnualReport, version: int, **texts: str) -> AnnualReport:
    """Edit the narrative sections (一 总体情况, 五 问题及改进, 六 其他事项) of a draft."""
    report = _locked(report, version)
    _require_author(actor, report)
    if report.state not in (S.DRAFT, S.RETURNED):
        raise Conflict(_("“%(state)s”状态的报告不能修改") % {"state": report.get_state_display()})
    before = {name: getattr(report, name) for name in SECTIONS}
    for name in SECTIONS:
        if name in texts:
            setattr(report, name, texts[name].strip()[:20000])
    if "change_note" in texts:
        report.change_note = texts["change_note"].strip()[:300]
    _save(report, *SECTIONS, "change_note")
    record(
        actor, "report.edited", report, unit=report.unit, before=before, after={n: getattr(report, n) for n in SECTIONS}
    )
    return report


def document(report: AnnualReport) -> dict[str, Any]:
    """The report as it reads now: the frozen snapshot once cleared, else computed live."""
    if report.snapshot is not None and report.state == S.CLEARED:
        return dict(report.snapshot)
    return {
        **data.compute(report.unit, report.scope, report.year),
        "title": title(report),
        "sections": {name: getattr(report, name) for name in SECTIONS},
        "revision": report.revision,
        "change_note": report.change_note,
    }


def _require_checks(doc: dict[str, Any]) -> None:
    if not data.checks_pass(doc):
        failed = "；".join(c["rule"] for c in doc["checks"] if not c["ok"])
        raise Conflict(_("勾稽关系校验未通过，不能报送或发布：%(rules)s") % {"rules": failed})


@transaction.atomic
def submit(actor: Actor, report: AnnualReport, version: int | None = None) -> AnnualReport:
    report = _locked(report, version)
    _require_author(actor, report)
    if report.state not in (S.DRAFT, S.RETURNED):
        raise Conflict(_("“%(state)s”状态的报告不能报送") % {"state": report.get_state_display()})
    if not report.overview.strip():
        raise ValidationError({"overview": _("请填写“一、总体情况”后再报送")})
    if report.revision > 1 and not report.change_note.strip():
        raise ValidationError({"change_note": _("更正已发布的报告时，请填写公开的更正说明")})
    _require_checks(document(report))
    report.state, report.submitted_by, report.return_note = S.SUBMITTED, signed_in(actor), ""
    _save(report, "state", "submitted_by", "return_note")
    record(actor, "report.submitted", report, unit=report.unit, before={"state": S.DRAFT}, after={"state": S.SUBMITTED})
    return report


@transaction.atomic
def return_report(actor: Actor, report: AnnualReport, note: str, version: int | None = None) -> AnnualReport:
    access.require_office(actor)
    report = _locked(report, version)
    if report.state != S.SUBMITTED:
        raise Conflict(_("只有已报送的报告可以退回"))
    if not note.strip():
        raise ValidationError({"note": _("退回时请填写修改意见")})
    report.state, report.return_note = S.RETURNED, note.strip()[:500]
    _save(report, "state", "return_note")
    record(actor, "report.returned", report, unit=report.unit, note=report.return_note)
    return report


@transaction.atomic
def clear(actor: Actor, report: AnnualReport, version: int | None = None) -> AnnualReport:
    """The office clears the report: it is frozen and put into the pipeline for signing."""
    access.require_office(actor)
    report = _locked(report, version)
    if report.state != S.SUBMITTED:
        raise Conflict(_("只有已报送的报告可以审核通过"))
    if report.submitted_by_id == actor.pk:
        raise PermissionDenied(_("审核须由报送人以外的人员进行"))
    snapshot = {**document(report), "cleared_on": timezone.localdate().isoformat()}
    _require_checks(snapshot)
    report.snapshot, report.state, report.cleared_by = snapshot, S.CLEARED, signed_in(actor)
    _into_pipeline(actor, report, snapshot)
    _save(report, "snapshot", "state", "cleared_by", "item")
    record(actor, "report.cleared", report, unit=report.unit, after={"revision": report.revision})
    return report


def _into_pipeline(office: Any, report: AnnualReport, snapshot: dict[str, Any]) -> None:
    """Write the cleared report into its item and take the item to 审核通过 (the office's review);
    the unit's signer signs and publishes it from the item's page."""
    author = staff(report.submitted_by)
    fields = {
        "title": snapshot["title"],
        "body_html": render.report_html(snapshot),
        "formed_on": timezone.localdate(),
        "genre": "report",
        "topic": "general",
        "kind": Kind.ANNUAL_REPORT,
    }
    if report.item is None:
        report.item = items.create_item(author, report.unit, **fields)
    else:
        if report.item.state == ItemState.PUBLISHED:
            workflow.perform(author, report.item.pk, "revise", note=_("年度报告更正"))
        current = type(report.item).objects.get(pk=report.item.pk)
        items.update_item(author, current, current.version, change_note=report.change_note, **fields)
    workflow.perform(author, report.item.pk, "submit")
    workflow.perform(office, report.item.pk, "approve", note=_("公开办审核通过年度报告"))


@transaction.atomic
def start_correction(actor: Actor, report: AnnualReport, version: int | None = None) -> AnnualReport:
    """A published report is corrected by a new revision (with a public change note)."""
    report = _locked(report, version)
    _require_author(actor, report)
    if report.state != S.CLEARED or report.item is None or report.item.state != ItemState.PUBLISHED:
        raise Conflict(_("只有已发布的报告可以更正"))
    report.state, report.revision, report.change_note = S.DRAFT, report.revision + 1, ""
    _save(report, "state", "revision", "change_note")
    record(actor, "report.correction_started", report, unit=report.unit, after={"revision": report.revision})
    return report


def _parse_value(key: str, raw: Any) -> Decimal:
    try:
        value = Decimal(str(raw).strip() or "0")
    except InvalidOperation as exc:
        raise ValidationError({key: _("请填写数字")}) from exc
    if value < 0 or value >= Decimal("1e12"):
        raise ValidationError({key: _("数值应为0至1万亿之间")})
    if key != Figure.Key.ADMIN_FEES and value != value.to_integral_value():
        raise ValidationError({key: _("件数应为整数")})
    return value.quantize(Decimal("0.01"))


@transaction.atomic
def enter_figures(actor: Actor, unit: Unit, year: int, values: dict[str, Any]) -> int:
    """Units enter the Table 二 figures the platform does not hold (the office those of documents made
    before the platform); audited (who entered what)."""
    access.require(actor, unit, Role.EDITOR)
    office_only = [key for key in values if key in OFFICE_FIGURES]
    if office_only and not access.is_office(actor):
        raise ValidationError({office_only[0]: _("此项由公开办填报")})
    parsed = {key: _parse_value(key, raw) for key, raw in values.items() if key in Figure.Key.values}
    changed = 0
    for key, value in parsed.items():
        figure = Figure.objects.filter(unit=unit, year=year, key=key).first()
        before = None if figure is None else str(figure.value)
        if figure is not None and figure.value == value:
            continue
        Figure.objects.update_or_create(unit=unit, year=year, key=key, defaults={"value": value, "entered_by": actor})
        record(
            actor, "report.figure_entered", unit, unit=unit, before={key: before}, after={key: str(value), "year": year}
        )
        changed += 1
    return changed


def due_date(scope: str, year: int) -> dt.date:
    """条例 Art. 49: departments publish last year's report before 31 January, the government
    before 31 March."""
    return dt.date(year + 1, 3, 31) if scope == Scope.GOVERNMENT else dt.date(year + 1, 1, 31)
