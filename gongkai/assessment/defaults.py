"""The default indicator tree of a new scheme, as data (100 points). The office changes points,
parameters and descriptions on the scheme page; this is only where a new year starts.

Each row: (code, name, kind, points, rule, params, description, children). Automatic indicators
with an empty description take their rule's description.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

Row = tuple[str, Any, str, str, str, dict[str, str], Any, list[Any]]

DEFAULT_TREE: list[Row] = [
    ("A", _("主动公开"), "group", "30", "", {}, "", [
        ("A1", _("主动公开及时率"), "auto", "15", "timeliness", {}, "", []),
        ("A2", _("标准目录完整率"), "auto", "10", "catalogue_completeness", {}, "", []),
        ("A3", _("空白和未更新栏目"), "auto", "5", "stale_columns", {"months": "6", "per": "1"}, "", []),
    ]),
    ("B", _("依申请公开"), "group", "25", "", {}, "", [
        ("B1", _("按期答复率"), "auto", "15", "reply_on_time", {}, "", []),
        ("B2", _("复议诉讼纠错"), "auto", "10", "appeal_corrections", {"per": "5"}, "", []),
    ]),
    ("C", _("政策解读"), "group", "15", "", {}, "", [
        ("C1", _("政策解读率"), "auto", "15", "interpretation", {}, "", []),
    ]),
    ("D", _("平台与监督"), "group", "15", "", {}, "", [
        ("D1", _("平台建设与管理"), "manual", "8", "", {},
         _("政府网站信息公开专栏、政务新媒体、公开查阅点运行规范；检查中未发现单项否决问题"
           "（国办秘函〔2019〕19号）。由公开办评分，未得满分须写明扣分理由。"), []),
        ("D2", _("工作要点落实与监督保障"), "manual", "7", "", {},
         _("本年度政务公开工作要点任务台账落实情况、上一年度任务“回头看”整改、培训参加、"
           "年度报告按时公布等。由公开办评分，未得满分须写明扣分理由。"), []),
    ]),
    ("E", _("工作创新"), "manual", "15", "", {},
     _("政务公开工作创新举措、经验做法被上级推广或通报表扬等，由公开办评定并写明依据。"), []),
]  # fmt: skip
