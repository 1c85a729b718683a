"""信息处理费 tiers (国办函〔2020〕109号 Art. 4–5): excess-progressive, one method per application."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.foi import fees


def test_the_reported_bill_of_2219_pages() -> None:
    # REGULATIONS.md §2 cross-check: 70×10 + 100×20 + 2,019×40 = 83,460 yuan.
    lines = fees.per_volume(2219)
    assert [(line.quantity, line.rate) for line in lines] == [(70, 10), (100, 20), (2019, 40)]
    assert fees.total(lines) == 83460


@pytest.mark.parametrize(
    ("pages", "yuan"),
    [(0, 0), (30, 0), (31, 10), (100, 700), (101, 720), (200, 2700), (201, 2740)],
)
def test_per_volume_band_edges(pages: int, yuan: int) -> None:
    assert fees.total(fees.per_volume(pages)) == yuan


@pytest.mark.parametrize(
    ("position", "yuan"),
    [(1, 0), (10, 0), (11, 100), (30, 100), (31, 200), (40, 200), (41, 300), (50, 300), (51, 400)],
)
def test_per_piece_rate_by_position_in_the_month(position: int, yuan: int) -> None:
    assert fees.total(fees.per_piece(position)) == yuan


def test_an_application_split_into_pieces_spans_bands() -> None:
    # Pieces 9–12 of the month: 9 and 10 free, 11 and 12 at 100.
    lines = fees.per_piece(9, pieces=4)
    assert [(line.quantity, line.rate) for line in lines] == [(2, 100)]
    assert fees.total(fees.per_piece(29, pieces=3)) == 100 + 100 + 200


def test_labels_name_the_band() -> None:
    assert fees.per_volume(250)[-1].label == "第201页及以上"
    assert fees.per_piece(35)[0].label == "第31—40件"


@given(st.integers(min_value=0, max_value=5000))
def test_per_volume_is_monotonic_and_matches_the_formula(pages: int) -> None:
    expected = 10 * max(0, min(pages, 100) - 30) + 20 * max(0, min(pages, 200) - 100) + 40 * max(0, pages - 200)
    assert fees.total(fees.per_volume(pages)) == expected
    assert fees.total(fees.per_volume(pages + 1)) >= expected


@given(st.integers(min_value=1, max_value=500))
def test_per_piece_matches_the_band_rule(position: int) -> None:
    if position <= 10:
        expected = 0
    elif position <= 30:
        expected = 100
    else:
        expected = 100 + 100 * -(-(position - 30) // 10)
    assert fees.total(fees.per_piece(position)) == expected


def test_bad_input() -> None:
    with pytest.raises(ValueError):
        fees.per_volume(-1)
    with pytest.raises(ValueError):
        fees.per_piece(0)
