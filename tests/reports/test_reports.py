"""The annual report from recorded data: a seeded year of applications and policy documents, the
API answer, and the lifecycle to an immutable published report."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from gongkai.foi import handling, intake
from gongkai.foi.models import Request
from gongkai.orgs import creditcode
from gongkai.orgs.models import SiteProfile, Unit
from gongkai.publishing.models import Item
from gongkai.publishing.services import Conflict
from gongkai.publishing.workflow import drive, perform
from gongkai.reports import data, services
from gongkai.reports.models import AnnualReport, Figure, ReportState
from tests.foi.conftest import CITIZEN

D = dt.date


def at(day: dt.date) -> Any:
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, 2, tzinfo=dt.UTC), tick=False)


def apply(handler: Any, unit: Unit, received: dt.date, kind: str = "natural_person", **extra: Any) -> Request:
    fields = dict(CITIZEN)
    if kind != "natural_person":
        fields["id_number"] = creditcode.make("91" if kind == "commercial" else "12", "150603", "MA0N0000")
        fields["applicant_type"] = kind
    with at(received):
        app = intake.Application(
            **{**fields, **extra, "unit_id": unit.pk, "channel": "letter", "received_on": received}
        )
        return intake.register(handler, app)


def step(handler: Any, request_obj: Request, kind: str, on: dt.date, **data_: Any) -> None:
    with at(on):
        handling.record_event(handler, request_obj.pk, kind, on, **data_)


@pytest.fixture
def seeded_year(site: SiteProfile, handler_a: Any, unit_a: Unit) -> dict[str, Request]:
    """Applications of unit A across 2025–2027, counted by hand in the tests below."""
    found = {
        "carried": apply(handler_a, unit_a, D(2025, 12, 29)),  # decided 2026-01-20: carried in
        "done_2025": apply(handler_a, unit_a, D(2025, 11, 3)),  # decided in 2025
        "partly": apply(handler_a, unit_a, D(2026, 3, 2), "commercial"),
        "withheld": apply(handler_a, unit_a, D(2026, 4, 1)),
        "lapsed": apply(handler_a, unit_a, D(2026, 5, 6), "research"),
        "withdrawn": apply(handler_a, unit_a, D(2026, 6, 1)),
        "over": apply(handler_a, unit_a, D(2026, 12, 28)),  # decided in 2027: carried over
    }
    step(handler_a, found["done_2025"], "replied", D(2025, 11, 20), outcome="disclosed", provided="见附件")
    step(handler_a, found["carried"], "replied", D(2026, 1, 20), outcome="disclosed", provided="见附件")
    step(handler_a, found["partly"], "replied", D(2026, 3, 20), outcome="partly_disclosed", reasons="部分涉及商业秘密")
    step(handler_a, found["withheld"], "replied", D(2026, 4, 20), outcome="withheld_process", reasons="过程性信息")
    step(
        handler_a,
        found["lapsed"],
        "correction_requested",
        D(2026, 5, 7),
        items="写明文号",
        correction_due_on=D(2026, 5, 20),
    )
    step(handler_a, found["lapsed"], "correction_lapsed", D(2026, 5, 21))
    step(handler_a, found["withdrawn"], "withdrawn", D(2026, 6, 3))
    step(handler_a, found["over"], "replied", D(2027, 1, 6), outcome="disclosed", provided="见附件")
    return found


def test_table_three_from_recorded_applications(seeded_year: dict[str, Request], unit_a: Unit) -> None:
    doc = data.compute(unit_a, "unit", 2026)
    t = doc["applications"]
    assert t["new"]["natural_person"] == 3 and t["new"]["commercial"] == 1 and t["new"]["research"] == 1
    assert t["new"]["total"] == 5
    assert t["carried_in"]["total"] == 1
    assert t["disclosed"]["natural_person"] == 1
    assert t["partly_disclosed"]["commercial"] == 1
    assert t["withheld_process"]["natural_person"] == 1
    assert t["other_correction_lapsed"]["research"] == 1
    assert t["other"]["natural_person"] == 1
    assert t["total"]["total"] == 5
    assert t["carried_over"]["total"] == 1
    assert all(check["ok"] for check in doc["checks"])
    assert data.compute(unit_a, "unit", 2027)["applications"]["carried_in"]["total"] == 1


def test_table_two_counts_normative_documents_and_entered_figures(
    site: SiteProfile, editor_a: Any, reviewer_a: Any, signer_a: Any, unit_a: Unit
) -> None:
    from gongkai.policies import services as policies

    with at(D(2026, 3, 2)):
        doc = policies.create_policy(
            editor_a,
            unit_a,
            {},
            title="办法",
            normative=True,
            formed_on=D(2026, 3, 2),
            genre="measures",
            topic="general",
        )
        policies.record_exemption(signer_a, doc, "不涉及公众切身利益")
        drive(doc.pk, editor_a, reviewer_a, signer_a)
    services.enter_figures(editor_a, unit_a, 2026, {"licensing": "120", "penalty": "7", "admin_fees": "12.5"})
    table = data.compute(unit_a, "unit", 2026)["proactive"]
    normative = table["normative"]
    assert {k: normative[k] for k in ("made", "repealed", "in_force")} == {"made": 1, "repealed": 0, "in_force": 1}
    assert normative["undated"] == 1  # no 成文日期: dated by its first publication, and said so
    assert table["licensing"] == {"decisions": 120}
    assert table["penalty"] == {"decisions": 7}
    assert table["admin_fees"] == {"amount_wan_yuan": "12.50"}
    assert Figure.objects.get(key="licensing").entered_by == editor_a


def test_the_api_answers_per_api_md(seeded_year: dict[str, Request], unit_a: Unit, api_as: Any) -> None:
    with at(D(2027, 1, 10)):
        body = api_as(None).get(f"/reports/annual/2026?unit_id={unit_a.pk}").json()
    assert set(body) >= {"year", "unit", "proactive", "applications", "appeals", "checks"}
    assert body["year"] == 2026 and body["status"] == "live"
    rows = ["new", "carried_in", "total", "carried_over", "disclosed", "other_fee_lapsed", "withheld_inquiry"]
    assert all(row in body["applications"] for row in rows)
    assert set(body["applications"]["new"]) == {
        "natural_person",
        "commercial",
        "research",
        "public_interest",
        "legal_service",
        "other_org",
        "total",
    }
    assert all(set(check) >= {"rule", "ok"} and check["ok"] for check in body["checks"])
    whole = api_as(None).get("/reports/annual/2026").json()
    assert whole["unit"]["id"] is None and whole["applications"]["new"]["total"] == 5


def test_a_report_goes_through_the_office_and_the_pipeline_and_stays_as_published(
    seeded_year: dict[str, Request],
    unit_a: Any,
    editor_a: Any,
    signer_a: Any,
    office: Any,
    make_person: Callable[..., Any],
    handler_a: Any,
    api_as: Any,
) -> None:
    with at(D(2027, 1, 10)):
        report = services.create_report(editor_a, unit_a, 2026)
        report = services.edit_sections(editor_a, report, report.version, overview="2026年，我局认真落实条例。")
        report = services.submit(editor_a, report)
        with pytest.raises(PermissionDenied):
            services.clear(editor_a, report)
        report = services.clear(office, report)
        assert report.state == ReportState.CLEARED
        item = Item.objects.get(pk=report.item_id)
        assert (item.kind, item.state) == ("annual_report", "approved")
        perform(signer_a, item.pk, "sign")
        perform(signer_a, item.pk, "publish")
    report.refresh_from_db()
    assert report.published_snapshot is not None
    published = report.published_snapshot["applications"]
    # Later data does not alter the published report.
    late = apply(handler_a, unit_a, D(2026, 11, 30))
    step(handler_a, late, "replied", D(2026, 12, 20), outcome="disclosed", provided="见附件")
    with at(D(2027, 1, 20)):
        body = api_as(None).get(f"/reports/annual/2026?unit_id={unit_a.pk}").json()
    assert body["status"] == "published"
    assert body["applications"] == published
    assert body["applications"]["new"]["total"] == 5
    assert data.compute(unit_a, "unit", 2026)["applications"]["new"]["total"] == 6


def test_a_failing_check_blocks_submission_and_clearing(
    seeded_year: dict[str, Request], unit_a: Unit, editor_a: Any, office: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    with at(D(2027, 1, 10)):
        report = services.create_report(editor_a, unit_a, 2026)
        report = services.edit_sections(editor_a, report, report.version, overview="总体情况")
        real = data.compute

        def broken(*args: Any) -> dict[str, Any]:
            doc = real(*args)
            doc["applications"]["disclosed"]["natural_person"] += 1  # as a hand edit would
            return doc

        monkeypatch.setattr(data, "compute", broken)
        with pytest.raises(Conflict, match="勾稽关系"):
            services.submit(editor_a, report)
    assert AnnualReport.objects.get(pk=report.pk).state == ReportState.DRAFT


def test_only_the_units_editors_write_its_report(unit_a: Unit, editor_b: Any, site: SiteProfile) -> None:
    with at(D(2027, 1, 10)), pytest.raises(PermissionDenied):
        services.create_report(editor_b, unit_a, 2026)


def test_a_report_of_a_year_not_yet_over_is_refused(unit_a: Unit, editor_a: Any, site: SiteProfile) -> None:
    from django.core.exceptions import ValidationError

    with at(D(2026, 6, 1)), pytest.raises(ValidationError):
        services.create_report(editor_a, unit_a, 2026)


def test_figures_are_checked(unit_a: Unit, editor_a: Any, site: SiteProfile) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as caught:
        services.enter_figures(editor_a, unit_a, 2026, {"licensing": "1.5"})
    assert "licensing" in caught.value.message_dict
    with pytest.raises(ValidationError):
        services.enter_figures(editor_a, unit_a, 2026, {"penalty": "-3"})
    assert services.enter_figures(editor_a, unit_a, 2026, {"penalty": "3"}) == 1
    assert services.enter_figures(editor_a, unit_a, 2026, {"penalty": "3"}) == 0
