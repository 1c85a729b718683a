"""Table 三 and Table 四 of the annual report, on rows whose counts were worked out by hand."""

from __future__ import annotations

import datetime as dt

from gongkai.reports import tables
from gongkai.reports.tables import AppealRow, Application

D = dt.date

# Applications of one unit, 2025–2027 (applicant type, received, outcome, outcome recorded):
APPS = [
    # carried in from 2025: received in 2025, decided in 2026
    Application("natural_person", D(2025, 12, 22), "disclosed", D(2026, 1, 20)),
    Application("commercial", D(2025, 12, 30), "partly_disclosed", D(2026, 2, 3)),
    # received and decided in 2025: in neither 2026 row
    Application("natural_person", D(2025, 6, 1), "disclosed", D(2025, 6, 20)),
    # received in 2025, decided on 31 December 2025: not carried in
    Application("research", D(2025, 12, 1), "unavailable_not_held", D(2025, 12, 31)),
    # received in 2026, decided in 2026: one of every kind of outcome group
    Application("natural_person", D(2026, 3, 2), "withheld_third_party", D(2026, 3, 30)),
    Application("natural_person", D(2026, 4, 1), "unavailable_needs_creation", D(2026, 4, 28)),
    Application("legal_service", D(2026, 5, 6), "not_processed_repeat", D(2026, 5, 8)),
    Application("public_interest", D(2026, 6, 1), "other_correction_lapsed", D(2026, 7, 1)),
    Application("other_org", D(2026, 9, 1), "other_fee_lapsed", D(2026, 10, 30)),
    Application("natural_person", D(2026, 11, 2), "other", D(2026, 11, 3)),  # withdrawn
    # received in 2026, decided on 31 December 2026: in 2026, not carried over
    Application("commercial", D(2026, 12, 10), "disclosed", D(2026, 12, 31)),
    # received in 2026, decided in 2027: carried over across 31 December
    Application("natural_person", D(2026, 12, 24), "disclosed", D(2027, 1, 6)),
    # received in 2026, still open
    Application("research", D(2026, 12, 30), "", None),
    # received in 2027: not in 2026
    Application("natural_person", D(2027, 1, 4), "", None),
]


def test_table_three_for_2026_equals_the_hand_count() -> None:
    t = tables.applications_table(APPS, 2026)
    assert t["new"] == {
        "natural_person": 4,
        "commercial": 1,
        "research": 1,
        "public_interest": 1,
        "legal_service": 1,
        "other_org": 1,
        "total": 9,
    }
    assert t["carried_in"]["natural_person"] == 1 and t["carried_in"]["commercial"] == 1
    assert t["carried_in"]["total"] == 2  # the research one was decided on 31 December 2025
    assert t["disclosed"] == {**dict.fromkeys(tables.COLUMNS, 0), "natural_person": 1, "commercial": 1, "total": 2}
    assert t["partly_disclosed"]["commercial"] == 1 and t["partly_disclosed"]["total"] == 1  # counted once
    assert t["withheld_third_party"]["natural_person"] == 1
    assert t["unavailable_needs_creation"]["natural_person"] == 1
    assert t["not_processed_repeat"]["legal_service"] == 1
    assert t["other_correction_lapsed"]["public_interest"] == 1
    assert t["other_fee_lapsed"]["other_org"] == 1
    assert t["other"]["natural_person"] == 1
    assert t["unavailable_not_held"]["total"] == 0  # decided in 2025
    assert t["total"]["total"] == 9
    assert t["total"]["natural_person"] == 4
    assert t["carried_over"] == {**dict.fromkeys(tables.COLUMNS, 0), "natural_person": 1, "research": 1, "total": 2}
    assert all(check.ok for check in tables.application_checks(t))


def test_the_next_year_carries_in_what_this_year_carried_over() -> None:
    t2026 = tables.applications_table(APPS, 2026)
    t2027 = tables.applications_table(APPS, 2027)
    assert t2027["carried_in"] == t2026["carried_over"]
    assert t2027["new"]["total"] == 1
    assert t2027["disclosed"]["natural_person"] == 1  # the one decided on 6 January 2027
    assert t2027["carried_over"]["total"] == 2  # the open 2026 one and the open 2027 one


def test_every_outcome_row_is_counted_in_its_own_row() -> None:
    day = D(2026, 6, 1)
    apps = [Application("natural_person", day, code, day) for code in tables.OUTCOME_ROWS]
    t = tables.applications_table(apps, 2026)
    assert all(t[code]["natural_person"] == 1 for code in tables.OUTCOME_ROWS)
    assert t["total"]["natural_person"] == len(tables.OUTCOME_ROWS) == 21
    assert t["new"]["total"] == 21 and t["carried_over"]["total"] == 0


def test_a_tampered_table_fails_its_checks() -> None:
    t = tables.applications_table(APPS, 2026)
    t["disclosed"]["natural_person"] += 1  # a hand edit that breaks （七）, the balance and the row total
    checks = tables.application_checks(t)
    assert [c.ok for c in checks] == [True, False, False]
    t["total"]["natural_person"] += 1
    t["total"]["total"] += 1
    balance, _seven, rows = tables.application_checks(t)
    assert not balance.ok and "自然人" in balance.detail  # 一 + 二 no longer equals 三（七） + 四
    assert not rows.ok and "予以公开" in rows.detail


def test_table_four_counts_appeals_filed_in_the_year_with_the_result_known_at_its_end() -> None:
    appeals = [
        AppealRow("review", D(2026, 3, 1), "upheld", D(2026, 5, 1)),
        AppealRow("review", D(2026, 4, 1), "corrected", D(2026, 6, 1)),
        AppealRow("review", D(2026, 11, 1), "upheld", D(2027, 1, 15)),  # decided after 31 December
        AppealRow("litigation_direct", D(2026, 7, 1), "pending", None),
        AppealRow("litigation_after_review", D(2026, 8, 1), "other", D(2026, 12, 31)),
        AppealRow("review", D(2025, 12, 1), "upheld", D(2026, 1, 10)),  # filed in 2025
    ]
    t = tables.appeals_table(appeals, 2026)
    assert t["review"] == {"upheld": 1, "corrected": 1, "other": 0, "pending": 1, "total": 3}
    assert t["litigation_direct"] == {"upheld": 0, "corrected": 0, "other": 0, "pending": 1, "total": 1}
    assert t["litigation_after_review"]["other"] == 1
    assert all(c.ok for c in tables.appeal_checks(t))
