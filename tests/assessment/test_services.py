"""Scorecards from a recorded 2026 (see conftest.py), the ranking with ties, the office's manual
scores (validation, audit, office only), editing the tree, and closing, which freezes the results."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.assessment import demo, figures, services
from gongkai.assessment.cards import Card
from gongkai.assessment.models import Indicator, ManualScore, Scheme
from gongkai.audit.models import AuditEntry
from gongkai.foi import appeals
from gongkai.foi.models import Request
from gongkai.orgs.models import Unit
from gongkai.publishing.services import Conflict
from tests.assessment.conftest import ASSESSED_ON
from tests.reports.test_reports import at

D = Decimal
pytestmark = pytest.mark.usefixtures("january")


def by_code(card: Card) -> dict[str, Decimal | None]:
    return {line.code: line.score for line in card.lines}


def evidence(card: Card, code: str) -> str:
    return "\n".join(next(line for line in card.lines if line.code == code).evidence)


def indicator(scheme: Scheme, code: str) -> Indicator:
    return scheme.indicators.get(code=code)


def test_unit_a_scorecard_counted_by_hand(scheme: Scheme, unit_a: Unit) -> None:
    card = services.scorecard(scheme, unit_a)
    assert by_code(card) == {
        "A": D("15.5"),
        "A1": D("7.5"),  # 15 × 1/2: one item on time, one late
        "A2": D("5.0"),  # 10 × 1/2: one of its two entries published in 2026
        "A3": D("3.0"),  # 5 − 1 empty − 1 stale since March
        "B": D("12.5"),
        "B1": D("7.5"),  # 15 × 1/2
        "B2": D("5.0"),  # 10 − 5: the review decided in 2026; the lawsuit decided in 2027 not counted
        "C": None,  # no applicable indicator: not applicable, its 15 points shared over A, B, D, E
        "C1": None,  # no normative document: not applicable (issue 17, point 14), said so
        "D": D("0.0"),
        "D1": None,
        "D2": None,
        "E": None,
    }
    assert card.total == D("32.9") and card.max == D(100)  # 100 × (15.5 + 12.5 + 0) ÷ 85
    assert card.unscored == 3 and card.uncounted == 1 and card.ranked
    assert "不适用：C 政策解读" in "\n".join(card.notes) and "100 × 28 ÷ 85 = 32.9" in "\n".join(card.notes)
    assert "应公开2条" in evidence(card, "A1") and "及时率50.0%" in evidence(card, "A1")
    assert "空白栏目：临时救助·审批结果" in evidence(card, "A3")
    assert "最低生活保障·政策和办事指南（2026-03-20）" in evidence(card, "A3")
    assert "测政复〔2026〕3号" in evidence(card, "B2") and "（2026）测行初5号" not in evidence(card, "B2")
    assert "本年度无应解读的行政规范性文件" in evidence(card, "C1")
    assert evidence(card, "E") == "未评分"


def test_unit_b_scorecard_counts_the_exempted_document_as_not_interpreted(scheme: Scheme, unit_b: Unit) -> None:
    card = services.scorecard(scheme, unit_b)
    assert by_code(card)["A1"] == D(15) and by_code(card)["A2"] == D(10) and by_code(card)["A3"] == D(5)
    assert by_code(card)["B1"] is None and by_code(card)["B"] is None  # no application: not applicable
    assert by_code(card)["C1"] == D(0)
    assert "经签发人决定不解读1件" in evidence(card, "C1")
    assert card.total == D(40)  # 100 × 30 ÷ 75: B's 25 points shared over the others


def test_the_figures_come_from_reports_stats(scheme: Scheme, unit_a: Unit, monkeypatch: pytest.MonkeyPatch) -> None:
    from gongkai.reports import stats

    calls: list[str] = []
    real = stats.replies

    def spy(units: Any, year: int) -> dict[str, Any]:
        calls.append(units.get().name)
        return real(units, year)

    monkeypatch.setattr(stats, "replies", spy)
    services.scorecard(scheme, unit_a)
    assert calls == [unit_a.name]


def test_the_ranking_shares_ranks_and_marks_unscored_units(
    scheme: Scheme, office: Any, unit_a: Unit, unit_b: Unit, unit_c: Unit, office_unit: Unit
) -> None:
    services.score_manual(office, scheme, unit_b, indicator(scheme, "D1"), "8", "")
    services.score_manual(office, scheme, unit_b, indicator(scheme, "D2"), "5", "年度报告逾期公布")
    services.score_manual(office, scheme, unit_b, indicator(scheme, "E"), "10", "开展政务公开日活动")
    ranked = [(c.unit, c.total, c.rank, c.tied, c.unscored, c.ranked) for c in services.ranking(scheme)]
    # Unit C and the office's unit recorded nothing: every automatic indicator is not applicable,
    # so they are not ranked (too little activity) and come last, apart (issue 17, point 14).
    assert ranked == [
        ("测试区教育局", D("70.7"), 1, False, 0, True),
        ("测试区民政局", D("32.9"), 2, False, 3, True),
        ("测试区人民政府办公室", D(0), None, False, 3, False),
        ("测试区司法局", D(0), None, False, 3, False),
    ]
    assert {c.unit for c in services.ranking(scheme)} == {u.name for u in (unit_a, unit_b, unit_c, office_unit)}


def test_manual_scores_are_checked_and_name_the_field(scheme: Scheme, office: Any, unit_a: Unit) -> None:
    d1 = indicator(scheme, "D1")
    with pytest.raises(ValidationError) as too_high:
        services.score_manual(office, scheme, unit_a, d1, "9", "多")
    assert too_high.value.message_dict == {"score": ["“平台建设与管理”的得分：应在0至8分之间，最多一位小数"]}
    with pytest.raises(ValidationError) as no_reason:
        services.score_manual(office, scheme, unit_a, d1, "6", "  ")
    assert "评分意见" in no_reason.value.message_dict["comment"][0]
    with pytest.raises(ValidationError, match="应为数字"):
        services.score_manual(office, scheme, unit_a, d1, "八", "")
    with pytest.raises(ValidationError, match="人工评分指标"):
        services.score_manual(office, scheme, unit_a, indicator(scheme, "A1"), "5", "理由")
    assert not ManualScore.objects.exists()


def test_manual_scores_are_audited_and_update_in_place(scheme: Scheme, office: Any, unit_a: Unit) -> None:
    d1 = indicator(scheme, "D1")
    services.score_manual(office, scheme, unit_a, d1, "8", "")
    services.score_manual(office, scheme, unit_a, d1, "6.5", "政务新媒体两周未更新")
    score = ManualScore.objects.get()
    assert (score.score, score.comment, score.scored_by) == (D("6.5"), "政务新媒体两周未更新", office)
    entries = list(AuditEntry.objects.filter(action="assessment.scored").order_by("id"))
    assert len(entries) == 2 and entries[1].unit_id == unit_a.pk
    assert entries[1].before == {"score": "8.0", "comment": ""}
    assert entries[1].after == {"indicator": "D1", "score": "6.5", "comment": "政务新媒体两周未更新"}
    card = services.scorecard(scheme, unit_a)
    line = next(line for line in card.lines if line.code == "D1")
    assert (line.score, line.comment) == (D("6.5"), "政务新媒体两周未更新")
    assert card.total == D("40.6")  # 100 × (28 + 6.5) ÷ 85


def test_only_the_office_scores_and_edits(scheme: Scheme, editor_a: Any, signer_a: Any, unit_a: Unit) -> None:
    with pytest.raises(PermissionDenied):
        services.score_manual(signer_a, scheme, unit_a, indicator(scheme, "D1"), "8", "")
    with pytest.raises(PermissionDenied):
        services.update_indicator(editor_a, indicator(scheme, "A1"), points=D(20))
    with pytest.raises(PermissionDenied):
        services.change_state(editor_a, scheme, "closed")
    with pytest.raises(PermissionDenied):
        services.create_scheme(editor_a, 2025)
    assert not ManualScore.objects.exists() and indicator(scheme, "A1").points == D(15)


def test_the_office_reweighs_the_tree_and_the_card_explains_it(scheme: Scheme, office: Any, unit_a: Unit) -> None:
    services.update_indicator(office, indicator(scheme, "A1"), points=D(20), params={"full_at": "0.5"})
    entry = AuditEntry.objects.get(action="assessment.indicator_changed")
    assert entry.before == {"points": "15.0", "params": {}} and entry.after == {
        "points": "20",
        "params": {"full_at": "0.5"},
    }
    card = services.scorecard(scheme, unit_a)
    # A1: 50% reaches the new threshold → 20; A = 30 × (20 + 5 + 3) ÷ 35 = 24.0
    assert by_code(card)["A1"] == D(20) and by_code(card)["A"] == D("24.0")
    assert "30 × 28 ÷ 35 = 24" in evidence(card, "A")
    with pytest.raises(ValidationError) as bad:
        services.update_indicator(office, indicator(scheme, "A3"), params={"months": "0"})
    assert "超过多少个月未更新视为未更新栏目" in bad.value.message_dict["params"][0]


def test_indicators_are_added_and_removed_as_data(scheme: Scheme, office: Any, unit_a: Unit) -> None:
    group = indicator(scheme, "D")
    added = services.add_indicator(
        office, scheme, parent=group, code="D3", name="公开查阅点", kind="manual", points=D(5), position=30
    )
    with pytest.raises(ValidationError) as duplicate:
        services.add_indicator(office, scheme, parent=None, code="D3", name="重复", kind="manual", points=D(1))
    assert "编码" in duplicate.value.message_dict["code"][0]
    with pytest.raises(ValidationError) as under_leaf:
        services.add_indicator(office, scheme, parent=added, code="X", name="下级", kind="manual", points=D(1))
    assert "只有指标分组" in under_leaf.value.message_dict["parent"][0]
    services.score_manual(office, scheme, unit_a, added, "5", "")
    services.remove_indicator(office, group)
    assert not scheme.indicators.filter(code__in=["D", "D1", "D2", "D3"]).exists()
    assert not ManualScore.objects.exists()
    removed = AuditEntry.objects.get(action="assessment.indicator_removed")
    assert removed.before is not None and removed.before["manual_scores"][0]["indicator_id"] == added.pk
    assert services.scorecard(scheme, unit_a).max == D(85)


def test_closing_freezes_the_results_against_later_data(scheme: Scheme, office: Any, unit_a: Unit) -> None:
    services.change_state(office, scheme, "closed")
    scheme.refresh_from_db()
    assert scheme.results is not None
    late = Request.objects.filter(unit=unit_a).order_by("received_on").last()
    assert late is not None
    with at(dt.date(2027, 1, 12)):
        handler = late.unit.memberships.get(role="handler").user
        appeals.save_appeal(
            handler, late, kind="review", filed_on=dt.date(2026, 12, 10), body="测试区人民政府",
            case_number="测政复〔2026〕9号", result="corrected", decided_on=dt.date(2026, 12, 20),
        )  # fmt: skip
    assert services.scorecard(scheme, unit_a).total == D("32.9")  # frozen
    card = next(c for c in services.ranking(scheme) if c.unit_id == unit_a.pk)
    assert card.rank == 2 and card.ranked and by_code(card)["B2"] == D(5)  # behind unit B (40)
    with pytest.raises(Conflict):
        services.score_manual(office, scheme, unit_a, indicator(scheme, "D1"), "8", "")
    with pytest.raises(Conflict):
        services.update_indicator(office, indicator(scheme, "A1"), points=D(10))
    reopened = services.change_state(office, scheme, "published")
    assert reopened.results is None
    assert by_code(services.scorecard(reopened, unit_a))["B2"] == D(0)  # two corrections now
    states = list(AuditEntry.objects.filter(action="assessment.scheme_state").values_list("after", flat=True))
    assert states == [{"state": "published"}, {"state": "closed"}, {"state": "published"}]


def test_state_changes_follow_the_transitions(scheme: Scheme, office: Any) -> None:
    with pytest.raises(Conflict):
        services.change_state(office, scheme, "published")  # already published
    with pytest.raises(Conflict):
        services.change_state(office, scheme, "planet")


def test_one_scheme_per_year_and_a_sensible_year(office: Any) -> None:
    services.create_scheme(office, 2026)
    with pytest.raises(ValidationError, match="已经存在"):
        services.create_scheme(office, 2026)
    with pytest.raises(ValidationError, match="考核年度"):
        services.create_scheme(office, 1999)
    entry = AuditEntry.objects.get(action="assessment.scheme_created")
    assert entry.after == {"year": 2026, "name": "2026年度政务公开工作绩效考核", "indicators": 13}


def test_the_demo_seeds_a_published_scheme_once(db: Any) -> None:
    assert demo.seed_scheme(2026) == 1
    assert demo.seed_scheme(2026) == 0
    scheme = Scheme.objects.get(year=2026)
    assert scheme.state == "published" and scheme.indicators.count() == 13
    assert AuditEntry.objects.filter(action="assessment.scheme_created", actor_name="系统").exists()


def test_a_street_is_judged_by_the_township_catalogue(government: Unit) -> None:
    from tests.builders import make_code
    from tests.catalog.factories import an_entry

    street = Unit.objects.create(
        name="测试区青春山街道办事处", short_name="青春山街道", kind=Unit.Kind.STREET, credit_code=make_code(9)
    )
    mine = an_entry(level="township", first_level="低保", second_level="名单", subject="各街道办事处")
    an_entry(level="county", first_level="低保", second_level="名单", subject="各街道办事处")
    assert list(figures.entries_of(street)) == [mine]
    with time_machine.travel(ASSESSED_ON, tick=False):
        found = figures.catalogue(street, 2026, dt.date(2027, 1, 10))
    assert found.reference == dt.date(2026, 12, 31) and found.entries[0].last_published is None


def test_a_reply_whose_due_date_is_not_known_is_left_out_not_scored_late(
    scheme: Scheme, people_b: Any, unit_b: Unit
) -> None:
    """Issue 16, point 1: unit B's only reply — received 2026-12-10, answered 2026-12-20 before 2027
    was entered — has no due date yet (its 20 working days end in 2027). Today's main scored it
    late (B1 0 of 15); it is left out, and the evidence says so."""
    from tests.reports.test_reports import apply, step

    december = apply(people_b["handler"], unit_b, dt.date(2026, 12, 10))
    step(people_b["handler"], december, "replied", dt.date(2026, 12, 20), outcome="disclosed", provided="见附件")
    card = services.scorecard(scheme, unit_b)
    assert by_code(card)["B1"] is None  # nothing left to count: not applicable (issue 17, point 14)
    assert "本年度答复申请1件，按期答复0件" in evidence(card, "B1")
    assert "其中1件答复期限落在尚未录入工作日历的年度，期限待定，不计入按期答复率（计入0件）" in evidence(card, "B1")
