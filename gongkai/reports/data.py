"""The annual report's content computed from what the platform recorded, for a unit or for the
whole government (every unit), for one year. The result is a plain dict: the API answers it, the
workbench shows it, clearing freezes it, and the exports lay it out.

Conventions (REGULATIONS.md §3; the format leaves these to the reporting organ):
- Table 二, 第二十条第（一）项, 行政规范性文件: the scope's own (level 区) normative documents;
  制发 = made in the year, dated by the 成文日期 (``written_on``: the day the organ made it, which
  the format's 本年制发 counts), not by its first publication — a document signed on 28 December
  and published on 5 January was made in the old year; one without a 成文日期 is dated by its
  first publication and counted in ``undated`` so the page can ask for the date.
  废止 = made invalid (废止/失效) in the year, dated by the validity step or the 失效日期;
  现行有效 = published by 31 December and not made invalid by then.
  Documents made before the platform and never recorded on it are the office's entered
  ``Figure`` rows (``prior_in_force``, ``prior_repealed``, per unit and year), added to the
  platform's own counts: without them a district's first report would count only what the
  platform published.
  规章, 行政许可, 行政处罚, 行政强制 and 行政事业性收费 come from ``Figure`` rows the units enter.
- Table 四 counts the reviews and lawsuits about applications on the platform (``foi.Appeal``) and
  those the office recorded that no application on the platform ties to (``AppealCase``: disputes
  about proactive disclosure, applications from before the platform).
- Section 六 states the 信息处理费 collected in the year (fees of applications paid in the year)
  and, unless the office's setting says otherwise (UNCONFIRMED, ``ReportSettings``), the fee
  notices issued in the year and their amount beside it (国办函〔2020〕109号: a fee is notified
  before it is collected; a notice issued in December may be paid, or lapse, next year).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet, Sum
from django.utils.translation import gettext as _

from gongkai.foi.models import Appeal, Event, Request
from gongkai.foi.vocab import EventKind
from gongkai.orgs.models import SiteProfile, Unit
from gongkai.publishing.models import Item, ItemEvent
from gongkai.reports import tables
from gongkai.reports.models import AppealCase, Figure, ReportSettings, Scope

INVALID = ("repealed", "expired")


def scope_units(unit: Unit | None, scope: str) -> QuerySet[Unit]:
    """The units a report covers: one unit, or all of them for the whole government."""
    if scope == Scope.GOVERNMENT or unit is None:
        return Unit.objects.all()
    return Unit.objects.filter(pk=unit.pk)


def _applications(units: QuerySet[Unit]) -> list[tables.Application]:
    rows = Request.objects.filter(unit__in=units).values_list("applicant_type", "received_on", "outcome", "outcome_on")
    return [tables.Application(t, r, o, d) for t, r, o, d in rows]


def _appeals(units: QuerySet[Unit]) -> list[tables.AppealRow]:
    fields = ("kind", "filed_on", "result", "decided_on")
    rows = list(Appeal.objects.filter(request__unit__in=units).values_list(*fields))
    rows += AppealCase.objects.filter(unit__in=units).values_list(*fields)
    return [tables.AppealRow(k, f, r, d) for k, f, r, d in rows]


def _invalid_on(item: Item, events: dict[int, dt.date]) -> dt.date | None:
    """When a normative document stopped being in force: its validity step, else its 失效日期."""
    revision = item.published_revision
    if revision is None or revision.validity not in INVALID:
        return None
    return events.get(item.pk) or revision.expires_on


def normative_counts(units: QuerySet[Unit], year: int) -> dict[str, int]:
    """Table 二, 行政规范性文件 on the platform: made, repealed and in force, and how many of those
    made were dated by first publication for lack of a 成文日期 (see the module's conventions)."""
    last = dt.date(year, 12, 31)
    documents = (
        Item.objects.filter(unit__in=units, kind="policy", carried=False, published_revision__normative=True)
        .filter(Q(policy__level="district") | Q(policy__isnull=True))
        .exclude(first_published_on__isnull=True)
        .select_related("published_revision")
    )
    events: dict[int, dt.date] = {}
    validity_steps = ItemEvent.objects.filter(item__in=documents, action="validity").order_by("at")
    for item_id, at in validity_steps.values_list("item_id", "at"):
        events[item_id] = at.date()  # the latest validity step wins (ordered by time)
    made = repealed = in_force = undated = 0
    for item in documents:
        published = item.first_published_on
        assert published is not None
        written = item.published_revision.written_on if item.published_revision else None
        invalid = _invalid_on(item, events)
        made_on = written or published
        made += made_on.year == year
        undated += written is None and published.year == year
        repealed += invalid is not None and invalid.year == year
        in_force += published <= last and (invalid is None or invalid > last)
    return {"made": made, "repealed": repealed, "in_force": in_force, "undated": undated}


def _figures(units: QuerySet[Unit], year: int) -> dict[str, Decimal]:
    sums = Figure.objects.filter(unit__in=units, year=year).values("key").annotate(total=Sum("value"))
    found = {row["key"]: row["total"] for row in sums}
    return {key: Decimal(found.get(key) or 0) for key in Figure.Key.values}


def proactive(units: QuerySet[Unit], year: int) -> dict[str, Any]:
    figures = _figures(units, year)
    normative = normative_counts(units, year)
    prior_in_force, prior_repealed = int(figures["prior_in_force"]), int(figures["prior_repealed"])
    return {
        "rules": {
            "made": int(figures["rules_made"]),
            "repealed": int(figures["rules_repealed"]),
            "in_force": int(figures["rules_in_force"]),
        },
        "normative": {
            **normative,
            "repealed": normative["repealed"] + prior_repealed,
            "in_force": normative["in_force"] + prior_in_force,
            # What the totals hold besides the platform's documents (the office's entry).
            "prior_in_force": prior_in_force,
            "prior_repealed": prior_repealed,
        },
        "licensing": {"decisions": int(figures["licensing"])},
        "penalty": {"decisions": int(figures["penalty"])},
        "enforcement": {"decisions": int(figures["enforcement"])},
        "admin_fees": {"amount_wan_yuan": str(figures["admin_fees"].quantize(Decimal("0.01")))},
    }


def processing_fees(units: QuerySet[Unit], year: int) -> int:
    """信息处理费 collected in the year (paid fee notices), in yuan."""
    paid = Request.objects.filter(unit__in=units, fee_paid_on__year=year).aggregate(total=Sum("fee_yuan"))
    return int(paid["total"] or 0)


def fee_notices(units: QuerySet[Unit], year: int) -> dict[str, int]:
    """Fee notices (收费通知) issued in the year, by the date of the step, and their amount in yuan."""
    notified = Event.objects.filter(request__unit__in=units, kind=EventKind.FEE_NOTIFIED, on__year=year)
    amounts = [int(data.get("fee_yuan") or 0) for data in notified.values_list("data", flat=True)]
    issued = [amount for amount in amounts if amount > 0]  # a zero fee sends no notice (letterbook)
    return {"count": len(issued), "amount_yuan": sum(issued)}


def scope_government() -> Unit:
    """The government whose report covers every unit (the site's 本级人民政府)."""
    site = SiteProfile.current()
    government = site.government if site else Unit.objects.filter(kind=Unit.Kind.GOVERNMENT).first()
    if government is None:
        raise ValidationError({"unit_id": _("尚未设置本级人民政府")})
    return government


def unit_label(unit: Unit | None, scope: str) -> dict[str, Any]:
    if scope == Scope.GOVERNMENT or unit is None:
        return {"id": None, "name": scope_government().name, "scope": Scope.GOVERNMENT}
    return {"id": unit.pk, "name": unit.name, "scope": Scope.UNIT}


def compute(unit: Unit | None, scope: str, year: int) -> dict[str, Any]:
    """The report's tables and checks for ``year`` from the data as it stands now."""
    units = scope_units(unit, scope)
    applications = tables.applications_table(_applications(units), year)
    appeals = tables.appeals_table(_appeals(units), year)
    checks = tables.application_checks(applications) + tables.appeal_checks(appeals)
    return {
        "year": year,
        "unit": unit_label(unit, scope),
        "proactive": proactive(units, year),
        "applications": applications,
        "appeals": appeals,
        "processing_fees_yuan": processing_fees(units, year),
        # None when the office's setting leaves the notices out of section 六 (UNCONFIRMED).
        "fee_notices": fee_notices(units, year) if ReportSettings.current().fee_notices_in_report else None,
        "checks": [{"rule": c.rule, "ok": c.ok, "detail": c.detail} for c in checks],
    }


def checks_pass(document: dict[str, Any]) -> bool:
    """Recomputed from the tables themselves, so a tampered or hand-edited snapshot is caught."""
    applications: tables.Table = document["applications"]
    appeals: tables.Table = document["appeals"]
    return all(c.ok for c in tables.application_checks(applications) + tables.appeal_checks(appeals))
