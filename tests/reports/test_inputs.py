"""The report's inputs the platform does not hold (issue 16, point 10), on real 2026 dates:

(a) reviews and lawsuits no application on the platform ties to, recorded by the office (audited,
    refusals naming fields), counted in Table 四 with the platform's own;
(b) Table 二's normative documents: "made this year" by the 成文日期, and the office's entered
    baseline of documents made before the platform;
(c) section 六's fee statement: the fee notices issued and their amount beside what was collected
    (UNCONFIRMED: a setting, on by default).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from gongkai import officesettings
from gongkai.audit.models import AuditEntry
from gongkai.foi import appeals
from gongkai.orgs.models import SiteProfile, Unit
from gongkai.policies import services as policies
from gongkai.publishing.workflow import drive
from gongkai.reports import cases, data, layout, services
from gongkai.reports.models import AppealCase, ReportSettings
from tests.reports.test_reports import apply, at, step

D = dt.date


# ---- (a) Table 四: cases not tied to an application on the platform -----------------------------


def record_case(office: Any, unit: Unit, **values: Any) -> AppealCase:
    fields = {"unit": unit, "matter": "proactive", "kind": "review", "body": "测试区人民政府", **values}
    with at(D(2026, 12, 7)):
        return cases.save_case(office, **fields)


def test_cases_outside_the_platform_count_in_table_four(
    site: SiteProfile, office: Any, handler_a: Any, unit_a: Unit
) -> None:
    # One review about an application on the platform, decided (corrected) in 2026 …
    request_obj = apply(handler_a, unit_a, D(2026, 3, 2))
    step(handler_a, request_obj, "replied", D(2026, 3, 20), outcome="withheld_process", reasons="过程性信息")
    with at(D(2026, 8, 3)):
        appeals.save_appeal(
            handler_a, request_obj, kind="review", filed_on=D(2026, 4, 1), body="测试区人民政府",
            result="corrected", decided_on=D(2026, 7, 30),
        )  # fmt: skip
    # … and three the office records: a review about proactive disclosure upheld on National Day's
    # eve, a lawsuit about an application of 2019 (before the platform) still pending, and one filed
    # in 2025 (not this year's).
    record_case(office, unit_a, filed_on=D(2026, 6, 19), result="upheld", decided_on=D(2026, 9, 30))
    record_case(
        office, unit_a, matter="earlier_application", kind="litigation_direct", body="测试区人民法院",
        case_number="（2026）测行初9号", filed_on=D(2026, 10, 10),
    )  # fmt: skip
    record_case(office, unit_a, filed_on=D(2025, 12, 1))
    table = data.compute(unit_a, "unit", 2026)["appeals"]
    # Today's main counted only the first: review {"corrected": 1, "total": 1}, no lawsuit.
    assert table["review"] == {"upheld": 1, "corrected": 1, "other": 0, "pending": 0, "total": 2}
    assert table["litigation_direct"]["pending"] == 1 and table["litigation_direct"]["total"] == 1
    assert data.compute(None, "government", 2026)["appeals"]["review"]["total"] == 2
    assert data.compute(unit_a, "unit", 2025)["appeals"]["review"]["total"] == 1
    assert all(check["ok"] for check in data.compute(unit_a, "unit", 2026)["checks"])


def test_recording_a_case_is_audited_without_its_note(site: SiteProfile, office: Any, unit_a: Unit) -> None:
    case = record_case(office, unit_a, filed_on=D(2026, 2, 28), note="申请人张三，电话13900001234")
    entry = AuditEntry.objects.get(action="report.appeal_case_recorded")
    assert entry.actor == office and entry.object_id == str(case.pk)
    assert entry.after["filed_on"] == "2026-02-28" and entry.after["unit"] == unit_a.pk
    assert "note" not in entry.after and "13900001234" not in str(entry.after)
    with at(D(2026, 12, 7)):
        cases.save_case(
            office,
            case,
            **{**{n: getattr(case, n) for n in cases.FIELDS}, "result": "other", "decided_on": D(2026, 5, 9)},
        )
    changed = AuditEntry.objects.get(action="report.appeal_case_changed")
    assert changed.before["result"] == "pending" and changed.after["result"] == "other"


def test_a_refused_case_names_every_field_and_saves_nothing(site: SiteProfile, office: Any) -> None:
    with at(D(2026, 12, 7)), pytest.raises(ValidationError) as err:
        cases.save_case(
            office, unit=None, matter="planet", kind="", body=" ", filed_on=D(2026, 12, 8),
            result="upheld", decided_on=None,
        )  # fmt: skip
    assert err.value.message_dict == {
        "unit": ["请选择被申请人（被告）机关"],
        "matter": ["请选择争议事项"],
        "kind": ["请选择行政复议或行政诉讼的类型"],
        "body": ["请填写复议机关或法院"],
        "filed_on": ["申请或起诉日期不能晚于今天"],
        "decided_on": ["已审结的案件请填写审结日期"],
    }
    with at(D(2026, 12, 7)), pytest.raises(ValidationError) as err:
        cases.save_case(
            office, unit=Unit.objects.first(), matter="proactive", kind="review", body="测试区人民政府",
            filed_on=D(2026, 10, 10), result="pending", decided_on=D(2026, 10, 12),
        )  # fmt: skip
    assert err.value.message_dict == {"decided_on": ["尚未审结的案件不应填写审结日期"]}
    assert not AppealCase.objects.exists() and not AuditEntry.objects.exists()


def test_only_the_office_records_cases(site: SiteProfile, editor_a: Any, unit_a: Unit) -> None:
    with pytest.raises(PermissionDenied):
        record_case(editor_a, unit_a, filed_on=D(2026, 3, 2))
    assert not AppealCase.objects.exists()


def test_the_office_records_a_case_on_its_page(site: SiteProfile, office: Any, unit_a: Unit, logged_in: Any) -> None:
    client = logged_in(office)
    url = reverse("workbench:report_appeal_cases")
    values = {
        "unit": unit_a.pk, "matter": "proactive", "kind": "review", "filed_on": "2026-10-10",
        "body": "测试区人民政府", "result": "pending",
    }  # fmt: skip
    with at(D(2026, 12, 7)):
        bad = client.post(url, {**values, "body": "", "filed_on": "2026-12-31"})
        assert bad.status_code == 422
        html = bad.content.decode()
        assert "复议机关或法院：请填写复议机关或法院" in html and "申请或起诉日期：申请或起诉日期不能晚于今天" in html
        assert not AppealCase.objects.exists()
        assert client.post(url, values).status_code == 302
        listed = client.get(url, {"year": 2026}).content.decode()
    case = AppealCase.objects.get()
    assert case.recorded_by == office and "2026-10-10" in listed and "主动公开（未依申请）" in listed
    with at(D(2026, 12, 7)):
        edited = client.post(
            reverse("workbench:report_appeal_case", args=[case.pk]),
            {**values, "result": "corrected", "decided_on": "2026-12-04"},
        )
    assert edited.status_code == 302
    case.refresh_from_db()
    assert (case.result, case.decided_on) == ("corrected", D(2026, 12, 4))


# ---- (b) Table 二: normative documents ----------------------------------------------------------


def normative(people: tuple[Any, Any, Any], unit: Unit, title: str, written: dt.date | None, published: dt.date) -> Any:
    editor, reviewer, signer = people
    with at(published):
        document = policies.create_policy(
            editor, unit, {"level": "district"}, title=title, normative=True, formed_on=written or published,
            written_on=written, genre="measures", topic="general",
        )  # fmt: skip
        policies.record_exemption(signer, document, "不涉及公众切身利益")
        drive(document.item.pk, editor, reviewer, signer)
    return document


def test_made_this_year_is_dated_by_the_written_on_not_the_first_publication(
    site: SiteProfile, editor_a: Any, reviewer_a: Any, signer_a: Any, unit_a: Unit
) -> None:
    people = (editor_a, reviewer_a, signer_a)
    # Signed on 2025-12-29, published after New Year on 2026-01-05: made in 2025.
    normative(people, unit_a, "跨年发布的办法", D(2025, 12, 29), D(2026, 1, 5))
    # Signed before Spring Festival (2026-02-13), published on the make-up Saturday 2026-02-28.
    normative(people, unit_a, "节后发布的办法", D(2026, 2, 13), D(2026, 2, 28))
    made_2026 = data.compute(unit_a, "unit", 2026)["proactive"]["normative"]
    # Today's main dated both by publication: made 2 in 2026, 0 in 2025.
    assert (made_2026["made"], made_2026["in_force"], made_2026["undated"]) == (1, 2, 0)
    made_2025 = data.compute(unit_a, "unit", 2025)["proactive"]["normative"]
    assert (made_2025["made"], made_2025["in_force"]) == (1, 0)  # made in 2025, in force from its publication


def test_a_document_without_a_written_on_is_counted_by_publication_and_named(
    site: SiteProfile, editor_a: Any, reviewer_a: Any, signer_a: Any, unit_a: Unit, logged_in: Any
) -> None:
    normative((editor_a, reviewer_a, signer_a), unit_a, "未填成文日期的办法", None, D(2026, 10, 10))
    counts = data.compute(unit_a, "unit", 2026)["proactive"]["normative"]
    assert (counts["made"], counts["undated"]) == (1, 1)
    with at(D(2027, 1, 6)):
        report = services.create_report(editor_a, unit_a, 2026)
        page = logged_in(editor_a).get(reverse("workbench:report", args=[report.pk])).content.decode()
    assert "1件本年度首次发布的行政规范性文件未填写成文日期，暂按首次发布日期计入“本年制发件数”" in page


def test_the_office_enters_the_documents_made_before_the_platform(
    site: SiteProfile, office: Any, editor_a: Any, reviewer_a: Any, signer_a: Any, unit_a: Unit, logged_in: Any
) -> None:
    normative((editor_a, reviewer_a, signer_a), unit_a, "平台上的办法", D(2026, 3, 2), D(2026, 3, 9))
    with pytest.raises(ValidationError) as err:
        services.enter_figures(editor_a, unit_a, 2026, {"prior_in_force": "37"})
    assert err.value.message_dict == {"prior_in_force": ["此项由公开办填报"]}
    services.enter_figures(office, unit_a, 2026, {"prior_in_force": "37", "prior_repealed": "2"})
    services.enter_figures(office, unit_a, 2025, {"prior_in_force": "39"})
    counts = data.compute(unit_a, "unit", 2026)["proactive"]["normative"]
    assert {k: counts[k] for k in ("made", "repealed", "in_force")} == {"made": 1, "repealed": 2, "in_force": 38}
    assert (counts["prior_in_force"], counts["prior_repealed"]) == (37, 2)
    assert data.compute(None, "government", 2026)["proactive"]["normative"]["in_force"] == 38
    assert data.compute(unit_a, "unit", 2025)["proactive"]["normative"]["in_force"] == 39
    entered = AuditEntry.objects.filter(action="report.figure_entered", actor=office)
    assert sorted((e.after["year"], *sorted(e.after)) for e in entered) == [  # jsonb keeps no key order
        (2025, "prior_in_force", "year"),
        (2026, "prior_in_force", "year"),
        (2026, "prior_repealed", "year"),
    ]
    with at(D(2027, 1, 6)):
        report = services.create_report(editor_a, unit_a, 2026)
        by_editor = logged_in(editor_a).get(reverse("workbench:report", args=[report.pk])).content.decode()
        by_office = logged_in(office).get(reverse("workbench:report", args=[report.pk])).content.decode()
    assert 'name="prior_in_force"' not in by_editor and 'name="prior_in_force"' in by_office
    assert "含公开办填报的平台启用前制发、平台未收录的文件37件" in by_editor


# ---- (c) section 六: fee notices beside the fees collected --------------------------------------


def seed_fees(handler: Any, unit: Unit) -> None:
    """Two fee notices in 2026 (per volume, 109号): 130 pages → 70×10 + 30×20 = 1,300 yuan, paid;
    40 pages → 10×10 = 100 yuan, notified on 2026-12-03 and not paid by 31 December."""
    paid = apply(handler, unit, D(2026, 11, 2))
    step(handler, paid, "fee_notified", D(2026, 11, 5), method="per_volume", pages=130)
    step(handler, paid, "fee_paid", D(2026, 11, 10))
    waiting = apply(handler, unit, D(2026, 12, 1))
    step(handler, waiting, "fee_notified", D(2026, 12, 3), method="per_volume", pages=40)


def test_section_six_shows_the_notices_beside_what_was_collected(
    site: SiteProfile, handler_a: Any, unit_a: Unit
) -> None:
    seed_fees(handler_a, unit_a)
    document = data.compute(unit_a, "unit", 2026)
    assert document["processing_fees_yuan"] == 1300
    assert document["fee_notices"] == {"count": 2, "amount_yuan": 1400}
    other = next(s for s in layout.build(document).sections if s.key == "other")
    # Today's main printed only "本年度共收取信息处理费1300元。".
    assert other.paragraphs[0] == "本年度共发出信息处理费收费通知2件，通知金额合计1400元；实际收取信息处理费1300元。"


def test_the_office_may_leave_the_notices_out_unconfirmed(
    site: SiteProfile, office: Any, handler_a: Any, unit_a: Unit, logged_in: Any
) -> None:
    field = ReportSettings._meta.get_field("fee_notices_in_report")
    assert field.default is True and "UNCONFIRMED" in str(field.help_text)
    seed_fees(handler_a, unit_a)
    page = logged_in(office).get(reverse("workbench:report_settings"))
    assert "未经核实（UNCONFIRMED）" in page.content.decode()
    assert logged_in(office).post(reverse("workbench:report_settings"), {}).status_code == 302
    assert ReportSettings.current().fee_notices_in_report is False
    assert AuditEntry.objects.get(action="report.settings_changed").after == {"fee_notices_in_report": False}
    document = data.compute(unit_a, "unit", 2026)
    assert document["fee_notices"] is None
    other = next(s for s in layout.build(document).sections if s.key == "other")
    assert other.paragraphs[0] == "本年度共收取信息处理费1300元。"
    officesettings.update(office, ReportSettings, {"fee_notices_in_report": True}, action="report.settings_changed")
    assert data.compute(unit_a, "unit", 2026)["fee_notices"] == {"count": 2, "amount_yuan": 1400}
