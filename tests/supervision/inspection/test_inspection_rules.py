"""The indicators of 国办秘函〔2019〕19号 as plain rules, on real dates: home page, stale and empty
columns, unanswered inquiries, caps and the score."""

from __future__ import annotations

import datetime as dt

from gongkai.supervision.inspection import rules
from gongkai.supervision.inspection.rules import Column, Hit

TODAY = dt.date(2026, 6, 10)


def days_ago(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


def test_home_page_updated_within_two_weeks_passes() -> None:
    assert rules.home_page(days_ago(14), TODAY) == []
    assert rules.home_page(TODAY, TODAY) == []


def test_home_page_not_updated_for_fifteen_days_is_a_veto() -> None:
    [hit] = rules.home_page(days_ago(15), TODAY)
    assert hit.rule == rules.HOME and hit.veto and hit.points == 0
    assert "2026-05-26" in hit.detail and "2026-06-10" in hit.detail


def test_a_site_without_any_dated_information_counts_as_not_updated() -> None:
    [hit] = rules.home_page(None, TODAY)
    assert hit.veto and "没有任何已发布的信息" in hit.detail


def test_home_page_window_is_the_offices_number() -> None:
    assert rules.home_page(days_ago(20), TODAY, max_age_days=30) == []


def _column(name: str, age: int | None, max_age: int | None = 14, veto: bool = True, points: int = 2) -> Column:
    latest = days_ago(age) if age is not None else None
    return Column(name, latest, max_age_days=max_age, counts_for_veto=veto, points=points, url=f"/{name}/")


def test_a_column_is_stale_only_past_its_age() -> None:
    assert not rules.is_stale(_column("动态要闻", 14), TODAY)
    assert rules.is_stale(_column("动态要闻", 15), TODAY)
    assert not rules.is_stale(_column("通知公告", 183, max_age=183), TODAY)
    assert rules.is_stale(_column("通知公告", 184, max_age=183), TODAY)
    assert not rules.is_stale(_column("空白", None), TODAY)  # empty, not stale
    assert not rules.is_stale(_column("只查空白", 400, max_age=None), TODAY)


def test_fewer_than_five_stale_columns_are_deductions() -> None:
    columns = [_column(f"栏目{i}", 30, points=3) for i in range(4)] + [_column("新", 1)]
    hits = rules.stale_columns(columns, TODAY)
    assert len(hits) == 4
    assert all(not h.veto and h.points == 3 and h.rule == rules.STALE for h in hits)
    assert "栏目0" in hits[0].detail and "14日" in hits[0].detail and hits[0].url == "/栏目0/"


def test_five_stale_counted_columns_are_a_veto() -> None:
    hits = rules.stale_columns([_column(f"栏目{i}", 30) for i in range(5)], TODAY)
    assert len(hits) == 5 and all(h.veto and h.points == 0 for h in hits)


def test_columns_not_counted_for_the_veto_stay_deductions() -> None:
    columns = [_column(f"栏目{i}", 30) for i in range(4)] + [_column("政策解读", 300, max_age=183, veto=False)]
    hits = rules.stale_columns(columns, TODAY)
    assert len(hits) == 5 and not any(h.veto for h in hits)


def test_empty_columns_each_a_finding_and_five_a_veto() -> None:
    four = rules.empty_columns([_column(f"空{i}", None) for i in range(4)] + [_column("有", 1)], points=1)
    assert [h.points for h in four] == [1, 1, 1, 1] and not any(h.veto for h in four)
    assert "空0" in four[0].detail and "空白栏目" in four[0].detail
    five = rules.empty_columns([_column(f"空{i}", None) for i in range(5)])
    assert len(five) == 5 and all(h.veto for h in five)


def test_unanswered_inquiries_are_veto_findings() -> None:
    found = [
        rules.Unanswered("低保申请", "AB12", dt.date(2026, 1, 5), None, unit_id=7, url="/hudong/inquiries/"),
        rules.Unanswered("入学", "CD34", dt.date(2026, 1, 5), dt.date(2026, 5, 1), unit_id=8),
    ]
    first, second = rules.unanswered_inquiries(found)
    assert first.veto and first.unit_id == 7 and first.target == "AB12" and "至今未答复" in first.detail
    assert "2026-05-01才答复" in second.detail


def test_deductions_are_capped_per_indicator() -> None:
    hits = [Hit(rules.BROKEN_LINK, f"链接{i}", points=2) for i in range(4)] + [Hit(rules.WRONG_WORD, "错字", points=1)]
    capped = rules.apply_caps(hits, {rules.BROKEN_LINK: 5, rules.WRONG_WORD: 5})
    assert [h.points for h in capped] == [2, 2, 1, 0, 1]
    assert "上限5分" in capped[2].detail and "上限" not in capped[0].detail


def test_capping_twice_changes_nothing() -> None:
    hits = [Hit(rules.BROKEN_LINK, f"链接{i}", points=2) for i in range(4)]
    once = rules.apply_caps(hits, {rules.BROKEN_LINK: 5})
    assert rules.apply_caps(once, {rules.BROKEN_LINK: 5}) == once


def test_score_is_100_minus_the_capped_deductions() -> None:
    hits = [
        Hit(rules.STALE, "s", points=5),
        Hit(rules.BROKEN_LINK, "a", points=3),
        Hit(rules.BROKEN_LINK, "b", points=3),
    ]
    result = rules.score(hits, {rules.BROKEN_LINK: 4})
    assert result.score == 100 - 5 - 4 and result.passed and result.veto == []
    assert result.deductions[rules.BROKEN_LINK] == {"points": 4, "count": 2, "cap": 4}


def test_sixty_passes_and_fifty_nine_fails() -> None:
    assert rules.score([Hit(rules.STALE, "s", points=40)], {}).passed
    result = rules.score([Hit(rules.STALE, "s", points=41)], {})
    assert result.score == 59 and not result.passed


def test_any_veto_fails_whatever_the_score() -> None:
    result = rules.score(rules.home_page(None, TODAY), {})
    assert result.score == 100 and not result.passed
    assert result.veto == [{"rule": rules.HOME, "detail": result.hits[0].detail}]


def test_several_vetoes_of_one_indicator_are_one_veto_item() -> None:
    hits = rules.empty_columns([_column(f"空{i}", None) for i in range(6)])
    [item] = rules.score(hits, {}).veto
    assert item["rule"] == rules.EMPTY and "共6项" in item["detail"]


def test_a_stale_new_media_account_fails_itself_not_the_site() -> None:
    result = rules.score([Hit(rules.NEWMEDIA, "账号", veto=True)], {})
    assert result.passed and result.veto == [] and not result.newmedia_passed
    assert rules.score([], {}).newmedia_passed
