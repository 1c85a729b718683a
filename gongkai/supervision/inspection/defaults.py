"""The default column rules and dictionary entries, as data. The data migration and
``demo.seed_inspection`` load them where missing; the office edits them on the workbench.

Column ages follow 国办秘函〔2019〕19号 (REGULATIONS.md §5, veto item 4): 动态/要闻 2 weeks,
通知公告 and 政策文件 6 months (183 days, so that no 6-month span is shorter). Points per stale
column are UNCONFIRMED except 政策文件 (−5, a department's self-check applying 19号).
"""

from __future__ import annotations

from typing import Any

# (name, kinds, genres, max_age_days, counts_for_veto, points, url, note)
COLUMN_RULES: list[tuple[str, list[str], list[str], int | None, bool, int, str, str]] = [
    ("动态要闻", [], ["news"], 14, True, 2, "/xxgk/statutory/",
     "19号：动态要闻类栏目监测时间点前2周内无更新（扣分分值待确认）"),
    ("通知公告", [], ["notice", "announcement", "circular"], 183, True, 2, "/xxgk/statutory/",
     "19号：通知公告类一级栏目6个月内无更新（扣分分值待确认）"),
    ("政策文件", ["policy"], [], 183, True, 5, "/xxgk/policies/",
     "19号：政策文件类一级栏目6个月内无更新；自查口径扣5分"),
    ("政策解读", ["interpretation"], [], 183, False, 2, "/xxgk/policies/",
     "应设发布解读栏目；更新周期和扣分分值待确认（UNCONFIRMED）"),
    ("规划计划", [], ["plan", "programme"], 365, False, 2, "/xxgk/plans/",
     "规划类栏目1年内无更新（待确认，UNCONFIRMED）"),
]  # fmt: skip

# (kind, word, correct, veto, note)
WORDS: list[tuple[str, str, str, bool, str]] = [
    ("wrong", "国务院总埋", "国务院总理", True, "领导人职务写错属严重表述错误（示例词条）"),
    ("wrong", "国务院付总理", "国务院副总理", True, "领导人职务写错属严重表述错误（示例词条）"),
    ("wrong", "人大常委会付主任", "人大常委会副主任", True, "领导人职务写错属严重表述错误（示例词条）"),
    ("wrong", "截止目前", "截至目前", False, "常见错别字（示例词条）"),
    ("wrong", "既使", "即使", False, "常见错别字（示例词条）"),
    ("sensitive", "代开发票", "", True, "违法广告信息（示例词条）"),
    ("sensitive", "网络赌博", "", True, "有害信息（示例词条）"),
]


def seed(column_rule: Any, word_entry: Any, settings_model: Any) -> int:
    """Create what is missing, with the given model classes (real or historical); returns how many."""
    created = 0
    if not column_rule.objects.exists():
        for position, (name, kinds, genres, days, veto, points, url, note) in enumerate(COLUMN_RULES):
            column_rule.objects.create(
                name=name, kinds=kinds, genres=genres, max_age_days=days, counts_for_veto=veto, points=points,
                url=url, note=note, position=position,
            )  # fmt: skip
            created += 1
    if not word_entry.objects.exists():
        for kind, word, correct, veto, note in WORDS:
            word_entry.objects.create(kind=kind, word=word, correct=correct, veto=veto, note=note)
            created += 1
    if not settings_model.objects.exists():
        settings_model.objects.create()
        created += 1
    return created
