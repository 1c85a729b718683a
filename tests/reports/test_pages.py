"""Annual reports in the workbench and on the public 政府信息公开年报 column."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from gongkai.orgs.models import SiteProfile, Unit
from gongkai.publishing.workflow import perform
from gongkai.reports import services
from gongkai.reports.models import AnnualReport, Figure

pytestmark = pytest.mark.usefixtures("site")
JAN = dt.datetime(2027, 1, 10, 2, tzinfo=dt.UTC)


@pytest.fixture
def january() -> Any:
    with time_machine.travel(JAN, tick=False):
        yield


def test_an_editor_starts_writes_and_submits_the_report(
    january: None, logged_in: Any, editor_a: Any, unit_a: Unit
) -> None:
    client = logged_in(editor_a)
    listing = client.get(reverse("workbench:reports"), {"year": 2026})
    assert listing.status_code == 200 and unit_a.name in listing.content.decode()
    created = client.post(reverse("workbench:report_create"), {"unit": unit_a.pk, "year": 2026})
    report = AnnualReport.objects.get()
    assert created["Location"] == reverse("workbench:report", args=[report.pk])
    page = client.get(created["Location"]).content.decode()
    assert "勾稽关系校验" in page and "三、收到和处理政府信息公开申请情况" in page
    saved = client.post(
        reverse("workbench:report_sections", args=[report.pk]),
        {"version": report.version, "overview": "2026年，本局认真落实条例。", "problems": "", "other": ""},
    )
    assert saved.status_code == 302
    client.post(reverse("workbench:report_figures", args=[report.pk]), {"licensing": "12", "admin_fees": "3.5"})
    assert Figure.objects.get(key="licensing").value == 12
    client.post(reverse("workbench:report_action", args=[report.pk]), {"action": "submit"})
    assert AnnualReport.objects.get().state == "submitted"


def test_a_stale_form_does_not_overwrite(january: None, logged_in: Any, editor_a: Any, unit_a: Unit) -> None:
    report = services.create_report(editor_a, unit_a, 2026)
    services.edit_sections(editor_a, report, report.version, overview="第一稿")
    response = logged_in(editor_a).post(
        reverse("workbench:report_sections", args=[report.pk]), {"version": 1, "overview": "旧表单"}
    )
    assert response.status_code == 409
    assert AnnualReport.objects.get().overview == "第一稿"


def test_the_office_returns_then_clears_and_the_signer_publishes(
    january: None, logged_in: Any, editor_a: Any, office: Any, signer_a: Any, unit_a: Unit
) -> None:
    report = services.create_report(editor_a, unit_a, 2026)
    report = services.edit_sections(editor_a, report, report.version, overview="总体情况")
    services.submit(editor_a, report)
    office_client = logged_in(office)
    url = reverse("workbench:report_action", args=[report.pk])
    office_client.post(url, {"action": "return", "note": "请补充平台建设情况"})
    assert AnnualReport.objects.get().state == "returned"
    services.submit(editor_a, AnnualReport.objects.get())
    office_client.post(url, {"action": "clear"})
    report = AnnualReport.objects.get()
    assert report.state == "cleared" and report.item is not None
    perform(signer_a, report.item.pk, "sign")
    perform(signer_a, report.item.pk, "publish")
    public = logged_in(editor_a).get(reverse("portal:annual_reports")).content.decode()
    assert "测试区民政局2026年政府信息公开工作年度报告" in public
    item_page = logged_in(editor_a).get(reverse("portal:item", args=[report.item.pk])).content.decode()
    assert "四、政府信息公开行政复议、行政诉讼情况" in item_page


@pytest.mark.parametrize("fmt", ["docx", "xlsx", "pdf"])
def test_exports(january: None, logged_in: Any, editor_a: Any, unit_a: Unit, fmt: str) -> None:
    report = services.create_report(editor_a, unit_a, 2026)
    response = logged_in(editor_a).get(reverse("workbench:report_export", args=[report.pk, fmt]))
    assert response.status_code == 200
    assert response.content[:4] in (b"PK\x03\x04", b"%PDF")
    assert "attachment" in response["Content-Disposition"]


def test_without_the_font_the_pdf_is_refused_with_the_reason(
    january: None, logged_in: Any, editor_a: Any, unit_a: Unit, dejavu_only: Any
) -> None:
    report = services.create_report(editor_a, unit_a, 2026)
    response = logged_in(editor_a).get(reverse("workbench:report_export", args=[report.pk, "pdf"]), follow=True)
    assert response.redirect_chain == [(reverse("workbench:report", args=[report.pk]), 302)]
    assert "fonts-noto-cjk" in response.content.decode()
    docx = logged_in(editor_a).get(reverse("workbench:report_export", args=[report.pk, "docx"]))
    assert docx.status_code == 200 and docx.content.startswith(b"PK")


def test_other_units_do_not_see_the_report(
    january: None, logged_in: Any, editor_a: Any, editor_b: Any, unit_a: Unit
) -> None:
    report = services.create_report(editor_a, unit_a, 2026)
    assert logged_in(editor_b).get(reverse("workbench:report", args=[report.pk])).status_code == 404


def test_the_inbox_reminds_before_31_january(january: None, logged_in: Any, editor_a: Any) -> None:
    html = logged_in(editor_a).get(reverse("workbench:inbox")).content.decode()
    assert "编制并公布2026年度政府信息公开工作年度报告" in html
    assert "2027-01-31" in html


def test_the_government_report_is_the_offices(january: None, logged_in: Any, office: Any, site: SiteProfile) -> None:
    response = logged_in(office).post(reverse("workbench:report_create"), {"scope": "government", "year": 2026})
    report = AnnualReport.objects.get()
    assert response.status_code == 302 and (report.scope, report.unit) == ("government", site.government)
    assert (
        "测试区人民政府2026年" in logged_in(office).get(reverse("workbench:report", args=[report.pk])).content.decode()
    )
