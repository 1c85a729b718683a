"""The automatic scoring rules: points by hand, the caps of deductions, rates with nothing to count,
parameters, and the tree's totals (cards.build / cards.rank), all without the database."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from gongkai.assessment import cards, rules
from gongkai.assessment.rules import RULES, CatalogueFigure, CorrectionFigure, EntryFigure, Score

D = Decimal


def params(key: str, **given: str) -> dict[str, Decimal]:
    return rules.params_for(RULES[key], given)


def timeliness(due: int, on_time: int, late: int = 0, overdue: int = 0) -> dict[str, int]:
    return {"due": due, "on_time": on_time, "late": late, "overdue": overdue}


def test_timeliness_scores_points_times_the_rate_and_says_so() -> None:
    result = rules.timeliness(D(10), params("timeliness"), timeliness(12, 10, 1, 1))
    assert result.score == D("8.3")  # 10 × 10/12 = 8.33
    assert result.max == D(10)
    text = "\n".join(result.evidence)
    assert "应公开12条" in text and "按时公开10条" in text and "逾期公开1条" in text and "逾期未公开1条" in text
    assert "及时率83.3%" in text
    assert result.evidence[-1] == "得分 8.3 / 10"


def test_a_threshold_gives_full_points_from_it_and_scales_below() -> None:
    at_95 = params("timeliness", full_at="0.95")
    assert rules.timeliness(D(15), at_95, timeliness(20, 19)).score == D(15)  # 95% reaches the threshold
    assert rules.timeliness(D(15), at_95, timeliness(20, 17)).score == D("13.4")  # 15 × 0.85 / 0.95 = 13.42
    assert "达到95.0%即得满分" in "\n".join(rules.timeliness(D(15), at_95, timeliness(20, 17)).evidence)


def test_nothing_due_is_not_applicable_not_full_points() -> None:
    """Issue 17, point 14: nothing to count is 不适用 — no score, not full marks."""
    result = rules.timeliness(D(15), params("timeliness"), timeliness(0, 0))
    assert not result.counted and result.score == D(0) and result.evidence[-1] == "不适用"
    assert any("本年度无应公开信息，本项不适用" in line for line in result.evidence)


def test_an_obsolete_none_share_parameter_is_dropped_not_refused() -> None:
    assert rules.clean_params(rules.RULES["timeliness"], {"none_share": "1", "full_at": "0.9"}) == {"full_at": "0.9"}


def test_reply_on_time_reads_the_stats_figure() -> None:
    figure = {"on_time": {"numerator": 19, "denominator": 20, "rate": 0.95}, "average_working_days": 12.0}
    result = rules.reply_on_time(D(15), params("reply_on_time"), figure)
    assert result.score == D("14.3")  # 15 × 0.95 = 14.25, half up
    assert "本年度答复申请20件，按期答复19件，按期答复率95.0%" in result.evidence[0]
    none = rules.reply_on_time(D(15), params("reply_on_time"), {"on_time": {"numerator": 0, "denominator": 0}})
    assert not none.counted and any("本年度无答复的政府信息公开申请" in line for line in none.evidence)


def test_interpretation_counts_exempted_documents_unless_told_otherwise() -> None:
    figure = {"normative": 4, "interpreted": 2, "exempted": 1}
    assert rules.interpretation(D(15), params("interpretation"), figure).score == D("7.5")  # 15 × 2/4
    excluded = rules.interpretation(D(15), params("interpretation", exclude_exempted="1"), figure)
    assert excluded.score == D("10")  # 15 × 2/3
    assert "不解读的文件不计入应解读数" in excluded.evidence


def catalogue(*entries: tuple[str, int, dt.date | None], on: dt.date = dt.date(2026, 12, 31)) -> CatalogueFigure:
    return CatalogueFigure(on, [EntryFigure(label, n, last) for label, n, last in entries])


def test_catalogue_completeness_is_the_share_of_entries_published_in_the_year() -> None:
    figure = catalogue(("低保", 2, dt.date(2026, 11, 1)), ("临时救助", 0, dt.date(2025, 3, 1)), ("养老", 1, None))
    result = rules.catalogue_completeness(D(10), params("catalogue_completeness"), figure)
    assert result.score == D("6.7")  # 10 × 2/3
    assert "本年度未发布：临时救助" in result.evidence
    empty = rules.catalogue_completeness(D(10), params("catalogue_completeness"), catalogue())
    assert not empty.counted and any("本单位负责的标准目录事项" in line for line in empty.evidence)


def test_stale_columns_deduct_per_empty_or_stale_entry_from_the_reference_day() -> None:
    figure = catalogue(
        ("低保", 3, dt.date(2026, 7, 1)),  # updated within six months of 31 December
        ("临时救助", 1, dt.date(2026, 6, 30)),  # the day before 2026-06-30 is the limit: not stale
        ("特困", 1, dt.date(2026, 6, 29)),  # stale
        ("养老", 0, None),  # empty
    )
    result = rules.stale_columns(D(5), params("stale_columns", months="6", per="1"), figure)
    assert result.score == D(3)
    text = "\n".join(result.evidence)
    assert "空白栏目：养老" in text and "特困（2026-06-29）" in text and "早于2026-06-30" in text
    assert "每项扣1分，共2项，扣2分" in text


def test_deductions_are_capped_at_the_indicator_points() -> None:
    figure = catalogue(*((f"事项{i}", 0, None) for i in range(12)))
    result = rules.stale_columns(D(5), params("stale_columns", per="1"), figure)
    assert result.score == D(0)
    assert "扣分以本项分值5分为限，实扣5分" in "\n".join(result.evidence)
    assert "等12项" in "\n".join(result.evidence)  # ten names listed, then the count
    cases = [CorrectionFigure("行政复议", f"复{i}", dt.date(2026, 5, i + 1)) for i in range(3)]
    corrected = rules.appeal_corrections(D(10), params("appeal_corrections"), cases)
    assert corrected.score == D(0)  # 3 × 5 = 15, capped at 10
    assert "本年度审结行政复议、行政诉讼案件3件，被纠错3件" in corrected.evidence[0]


def test_no_correction_among_decided_cases_keeps_full_points_and_no_case_is_not_applicable() -> None:
    decided = rules.appeal_corrections(D(10), params("appeal_corrections"), rules.AppealsFigure(2, []))
    assert decided.counted and decided.score == D(10) and "不扣分" in decided.evidence
    none = rules.appeal_corrections(D(10), params("appeal_corrections"), rules.AppealsFigure(0, []))
    assert not none.counted and "本年度无审结的行政复议、行政诉讼案件，本项不适用" in none.evidence[0]


def test_one_correction_deducts_its_points() -> None:
    cases = [CorrectionFigure("行政诉讼（未经复议直接起诉）", "", dt.date(2026, 9, 1))]
    result = rules.appeal_corrections(D(10), params("appeal_corrections", per="4"), cases)
    assert result.score == D(6) and "无案号（2026-09-01审结）" in result.evidence[0]


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2026, 12, 31), 6, dt.date(2026, 6, 30)),
        (dt.date(2026, 8, 31), 6, dt.date(2026, 2, 28)),
        (dt.date(2026, 3, 15), 3, dt.date(2025, 12, 15)),
        (dt.date(2024, 8, 29), 6, dt.date(2024, 2, 29)),
    ],
)
def test_months_before(day: dt.date, months: int, expected: dt.date) -> None:
    assert rules.months_before(day, months) == expected


def test_parameters_are_checked_and_named() -> None:
    rule = RULES["stale_columns"]
    assert rules.clean_params(rule, {"months": "3", "per": "0.5"}) == {"months": "3", "per": "0.5"}
    with pytest.raises(ValueError, match="超过多少个月未更新视为未更新栏目：应在1至24之间"):
        rules.clean_params(rule, {"months": "30"})
    with pytest.raises(ValueError, match="每个空白或未更新栏目扣分：应为数字"):
        rules.clean_params(rule, {"per": "many"})
    with pytest.raises(ValueError, match="未知的参数"):
        rules.clean_params(rule, {"weight": "1"})


def node(pk: int, parent: int | None, kind: str, points: str, code: str = "") -> cards.Node:
    return cards.Node(pk, parent, code or str(pk), f"指标{pk}", kind, D(points))


def test_a_card_adds_up_its_branches_and_marks_unscored_manual_indicators() -> None:
    tree = [
        node(1, None, "group", "30"),
        node(2, 1, "auto", "20"),
        node(3, 1, "auto", "10"),
        node(4, None, "manual", "15"),
    ]
    card = cards.build(7, "甲局", tree, {2: Score(D("16.5"), D(20), ["a"]), 3: Score(D(10), D(10), ["b"])})
    assert [line.score for line in card.lines] == [D("26.5"), D("16.5"), D(10), None]
    assert card.total == D("26.5") and card.max == D(45) and card.unscored == 1
    assert card.lines[3].evidence == ["未评分"]


def test_a_group_whose_children_do_not_add_up_is_scaled_and_explained() -> None:
    tree = [node(1, None, "group", "30"), node(2, 1, "auto", "10"), node(3, 1, "auto", "10")]
    card = cards.build(1, "甲局", tree, {2: Score(D(10), D(10), []), 3: Score(D(5), D(10), [])})
    assert card.lines[0].score == D("22.5")  # 30 × 15 / 20
    assert "30 × 15 ÷ 20 = 22.5" in card.lines[0].evidence[0]
    assert card.lines[0].children_points == D(20)


def test_ranking_shares_a_rank_on_equal_totals() -> None:
    made = [cards.Card(i, f"单位{i}", [], D(total), D(100), 0) for i, total in enumerate(["80", "92.5", "80", "70"])]
    ranked = cards.rank(made)
    assert [(c.unit, c.rank, c.tied) for c in ranked] == [
        ("单位1", 1, False),
        ("单位0", 2, True),
        ("单位2", 2, True),
        ("单位3", 4, False),
    ]


def test_cards_survive_the_json_of_a_closed_scheme() -> None:
    tree = [node(1, None, "group", "10"), node(2, 1, "manual", "10")]
    card = cards.rank([cards.build(1, "甲局", tree, {2: Score(D("7.5"), D(10), ["x"])}, {2: ("理由", "王敏")})])[0]
    back = cards.from_json(cards.to_json([card]))[0]
    assert back.total == D("7.5") and back.rank == 1 and back.lines[1].comment == "理由"
    assert back.branches[0].score == D("7.5")


def test_every_default_indicator_names_a_known_rule() -> None:
    from gongkai.assessment.defaults import DEFAULT_TREE

    def walk(rows: list[tuple]) -> list[tuple]:  # type: ignore[type-arg]
        return [r for row in rows for r in [row, *walk(row[7])]]

    rows = walk(DEFAULT_TREE)
    assert all(row[4] in RULES for row in rows if row[2] == "auto")
    assert sum(D(row[3]) for row in DEFAULT_TREE) == D(100)
    for row in rows:
        if row[7]:
            assert sum(D(child[3]) for child in row[7]) == D(row[3]), row[0]
