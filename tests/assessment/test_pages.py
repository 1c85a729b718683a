"""The assessment pages: the office's ranking and scoring, a unit's read-only scorecard with the
evidence, the scheme page, and the .xlsx export read back with openpyxl."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from gongkai.assessment import services
from gongkai.assessment.models import Indicator, ManualScore, Scheme
from gongkai.audit.models import AuditEntry
from gongkai.orgs.models import Unit

pytestmark = pytest.mark.usefixtures("january")


def test_the_office_sees_the_ranking_with_each_branch(scheme: Scheme, logged_in: Any, office: Any) -> None:
    page = logged_in(office).get(reverse("workbench:assessment"), {"year": 2026}).content.decode()
    assert "各单位得分与排名" in page
    assert "A 主动公开（30分）" in page and "E 工作创新（15分）" in page
    assert "<td>1</td>" in page and "含3项未评分" in page and "项不适用（分值由其他指标分担）" in page
    assert reverse("workbench:assessment_export", args=[2026]) in page
    assert reverse("workbench:assessment_scheme", args=[2026]) in page


def test_a_unit_sees_only_its_own_totals_and_scorecard(
    scheme: Scheme, logged_in: Any, editor_a: Any, unit_a: Unit, unit_b: Unit
) -> None:
    client = logged_in(editor_a)
    page = client.get(reverse("workbench:assessment"), {"year": 2026}).content.decode()
    assert unit_a.name in page and unit_b.name not in page and "各单位得分与排名" not in page
    card = client.get(reverse("workbench:assessment_unit", args=[2026, unit_a.pk])).content.decode()
    assert "总分：32.9 / 100" in card and "C 政策解读：不适用（15分由其他指标分担）" in card
    assert "应公开2条（公开时限在本年度内届满），按时公开1条，逾期公开1条" in card
    assert "空白栏目：临时救助·审批结果" in card
    assert "保存评分" not in card  # read-only
    assert client.get(reverse("workbench:assessment_unit", args=[2026, unit_b.pk])).status_code == 404


def test_a_draft_scheme_is_the_office_s_alone(
    office: Any, seeded: None, logged_in: Any, editor_a: Any, unit_a: Unit
) -> None:
    services.create_scheme(office, 2026)
    page = logged_in(editor_a).get(reverse("workbench:assessment"), {"year": 2026}).content.decode()
    assert "考核方案尚未发布" in page
    assert logged_in(editor_a).get(reverse("workbench:assessment_unit", args=[2026, unit_a.pk])).status_code == 404


def test_the_office_creates_a_scheme_from_the_page(logged_in: Any, office: Any, site: Any) -> None:
    client = logged_in(office)
    assert "创建考核方案" in client.get(reverse("workbench:assessment"), {"year": 2026}).content.decode()
    response = client.post(reverse("workbench:assessment_create"), {"year": "2026"})
    assert response["Location"] == reverse("workbench:assessment_scheme", args=[2026])
    assert Scheme.objects.get().indicators.count() == 13


def test_the_office_scores_on_the_scorecard(scheme: Scheme, logged_in: Any, office: Any, unit_a: Unit) -> None:
    client = logged_in(office)
    url = reverse("workbench:assessment_score", args=[2026, unit_a.pk])
    d1 = scheme.indicators.get(code="D1")
    refused = client.post(url, {"indicator": d1.pk, "score": "6", "comment": ""})
    assert refused.status_code == 422
    body = refused.content.decode()
    assert "“平台建设与管理”的评分意见：未得满分时须写明扣分理由" in body and 'aria-invalid="true"' in body
    assert 'value="6"' in body  # what was typed stays
    saved = client.post(url, {"indicator": d1.pk, "score": "6", "comment": "公开查阅点未更新"})
    assert saved.status_code == 302
    assert ManualScore.objects.get().score == Decimal(6)
    card = client.get(reverse("workbench:assessment_unit", args=[2026, unit_a.pk])).content.decode()
    assert "公开查阅点未更新" in card and "总分：40 / 100" in card
    assert client.post(url, {"indicator": 999999, "score": "1"}).status_code == 404


def test_the_scheme_page_edits_an_indicator(scheme: Scheme, logged_in: Any, office: Any) -> None:
    client = logged_in(office)
    page = client.get(reverse("workbench:assessment_scheme", args=[2026])).content.decode()
    assert "一级指标分值合计：100分" in page and "超过多少个月未更新视为未更新栏目" in page
    a3 = scheme.indicators.get(code="A3")
    data = {
        "indicator": a3.pk,
        f"i{a3.pk}-code": "A3",
        f"i{a3.pk}-name": "空白和未更新栏目",
        f"i{a3.pk}-points": "5",
        f"i{a3.pk}-position": "30",
        f"i{a3.pk}-description": "",
        f"i{a3.pk}-param_months": "3",
        f"i{a3.pk}-param_per": "2",
    }
    assert client.post(reverse("workbench:assessment_scheme", args=[2026]), data).status_code == 302
    assert Indicator.objects.get(pk=a3.pk).params == {"months": "3", "per": "2"}
    bad = client.post(reverse("workbench:assessment_scheme", args=[2026]), {**data, f"i{a3.pk}-param_months": "99"})
    assert bad.status_code == 422 and "应在1至24之间" in bad.content.decode()
    added = client.post(
        reverse("workbench:assessment_indicator_add", args=[2026]),
        {"new-code": "F", "new-name": "加分项", "new-kind": "manual", "new-points": "5", "new-position": "60"},
    )
    assert added.status_code == 302 and scheme.indicators.filter(code="F").exists()
    page = client.get(reverse("workbench:assessment_scheme", args=[2026])).content.decode()
    assert "一级指标分值合计：105分" in page
    assert AuditEntry.objects.filter(action__startswith="assessment.indicator_").count() == 2


def test_the_export_holds_the_ranking_and_every_score_with_its_evidence(
    scheme: Scheme, logged_in: Any, office: Any, unit_a: Unit
) -> None:
    services.score_manual(office, scheme, unit_a, scheme.indicators.get(code="E"), "12", "经验被市里推广")
    response = logged_in(office).get(reverse("workbench:assessment_export", args=[2026]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["排名", "明细"]
    ranking = [[cell.value for cell in row] for row in book["排名"].iter_rows()]
    assert ranking[0][:5] == ["名次", "单位", "总分", "满分", "A 主动公开（30分）"]
    row_a = next(row for row in ranking if row[1] == unit_a.name)
    assert row_a[2:9] == [47.1, 100, 15.5, 12.5, "不适用", 0, 12]  # 100 × (28 + 12) ÷ 85
    detail = [[cell.value for cell in row] for row in book["明细"].iter_rows()]
    a1 = next(row for row in detail if row[0] == unit_a.name and row[1] == "A1")
    assert a1[4:6] == [7.5, 15] and "及时率50.0%" in a1[6]
    e = next(row for row in detail if row[0] == unit_a.name and row[1] == "E")
    assert e[4] == 12 and e[7] == "经验被市里推广" and e[8] == "office"
    d1 = next(row for row in detail if row[0] == unit_a.name and row[1] == "D1")
    assert d1[4] is None and d1[6] == "未评分"
    total = next(row for row in detail if row[0] == unit_a.name and row[2] == "合计")
    assert total[4] == 47.1


def test_the_navigation_links_the_assessment(logged_in: Any, editor_a: Any, site: Any) -> None:
    page = logged_in(editor_a).get(reverse("workbench:inbox")).content.decode()
    assert f'href="{reverse("workbench:assessment")}"' in page
