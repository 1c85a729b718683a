"""Issue 17, point 14, as pure functions: an indicator with nothing to count is not applicable
(不适用) and its weight is shared over the unit's other indicators; a unit with too little activity
to rank (applicable automatic indicators under ``cards.RANK_MIN_SHARE`` of their points) is
listed apart; in a demo-like district the one active unit ranks first."""

from __future__ import annotations

from decimal import Decimal as D

from gongkai.assessment import cards
from gongkai.assessment.rules import Score

# A (30: A1 auto 20, A2 auto 10), B (20: B1 auto 20), M (50: manual), 100 in all.
NODES = [
    cards.Node(1, None, "A", "主动公开", "group", D(30)),
    cards.Node(2, 1, "A1", "及时率", "auto", D(20)),
    cards.Node(3, 1, "A2", "目录完整率", "auto", D(10)),
    cards.Node(4, None, "B", "依申请公开", "group", D(20)),
    cards.Node(5, 4, "B1", "按期答复率", "auto", D(20)),
    cards.Node(6, None, "M", "人工评分", "manual", D(50)),
]
NA = Score(D(0), D(0), ["本年度无……，本项不适用", "不适用"], counted=False)


def scored(value: str, points: str) -> Score:
    return Score(D(value), D(points), [f"得分 {value} / {points}"])


def card(unit_id: int, results: dict[int, Score | None]) -> cards.Card:
    return cards.build(unit_id, f"单位{unit_id}", NODES, results)


def line(built: cards.Card, code: str) -> cards.Line:
    return next(found for found in built.lines if found.code == code)


def test_a_not_applicable_indicator_shares_its_weight_over_its_siblings() -> None:
    built = card(1, {2: NA, 3: scored("8", "10"), 5: scored("20", "20"), 6: scored("50", "50")})
    a1, a = line(built, "A1"), line(built, "A")
    assert not a1.applicable and a1.score is None and built.uncounted == 1
    assert a.applicable and a.score == D(24)  # 30 × 8 ÷ 10: A1's 20 points borne by A2
    assert "不适用：A1 及时率，其分值按比例由适用指标分担" in a.evidence
    assert built.total == D(94) and built.notes == []  # every branch applicable: a plain sum


def test_a_group_with_nothing_to_count_shares_its_weight_over_the_other_groups() -> None:
    built = card(1, {2: scored("10", "20"), 3: scored("10", "10"), 5: NA, 6: scored("40", "50")})
    assert not line(built, "B").applicable and line(built, "B").score is None
    assert built.total == D("75")  # 100 × (20 + 40) ÷ 80
    assert "100 × 60 ÷ 80 = 75" in "\n".join(built.notes)


def test_nothing_to_count_is_no_longer_full_marks() -> None:
    idle = card(2, {2: NA, 3: NA, 5: NA, 6: None})  # nothing recorded, manual not scored yet
    assert idle.total == D(0) and idle.applicable_points == D(0) and not idle.ranked


def test_a_unit_with_too_little_activity_is_listed_apart_unranked() -> None:
    # A2 only (10 of the 50 automatic points) is under RANK_MIN_SHARE (half): too little to rank.
    little = card(3, {2: NA, 3: scored("10", "10"), 5: NA, 6: None})
    enough = card(4, {2: scored("5", "20"), 3: scored("2", "10"), 5: NA, 6: None})  # 30 of 50
    assert little.total > enough.total and not little.ranked and enough.ranked
    ordered = cards.rank([little, enough])
    assert [(c.unit_id, c.rank) for c in ordered] == [(4, 1), (3, None)]
    assert cards.from_json(cards.to_json(ordered))[1].ranked is False  # a closed scheme keeps it


def test_in_a_demo_like_district_the_one_active_unit_ranks_first() -> None:
    """The demo before the fix: 30 idle units scored full marks on every automatic indicator and
    ranked 1st (tied); the one unit that published, answered and was counted ranked 31st."""
    active = card(1, {2: scored("12", "20"), 3: scored("4", "10"), 5: scored("15", "20"), 6: None})
    idle = [card(unit_id, {2: NA, 3: NA, 5: NA, 6: None}) for unit_id in range(2, 32)]
    ordered = cards.rank([*idle, active])
    assert ordered[0].unit_id == 1 and ordered[0].rank == 1 and not ordered[0].tied
    assert all(c.rank is None and not c.ranked for c in ordered[1:])
