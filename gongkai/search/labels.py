"""What a search result is, in the words a reader scans for (issue 17, point 6): its kind
(法律, 行政法规, 地方性法规, 本级规范性文件, 政策解读, 答问 …) and its validity (有效, 已修改,
已废止). Read from what the result's item already holds: no query of its own."""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from gongkai.publishing.vocab import VALIDITY

# The law corpus files a law (法律) under its branch of law; the other categories name the kind
# of document itself.
LAW_BRANCHES = frozenset(
    {"法律", "宪法相关法", "行政法", "经济法", "社会法", "民法商法", "刑法", "诉讼与非诉讼程序法", "民法典"}
)
CATEGORIES: dict[str, Promise] = {
    "宪法": _("宪法"),
    "行政法规": _("行政法规"),
    "地方性法规": _("地方性法规"),
    "司法解释": _("司法解释"),
    "部门规章": _("部门规章"),
    "地方政府规章": _("地方政府规章"),
    "自治条例": _("自治条例"),
    "单行条例": _("单行条例"),
}
KINDS: dict[str, Promise] = {
    "item": _("政府信息"),
    "interpretation": _("政策解读"),
    "gazette": _("政府公报"),
    "consultation": _("征求意见"),
    "annual_report": _("年度报告"),
    "answer": _("答问"),
}
VALIDITY_LABELS = dict(VALIDITY)


def _policy_label(category: str, carried: bool) -> str:
    if category in LAW_BRANCHES:
        return str(_("法律"))
    if category in CATEGORIES:
        return str(CATEGORIES[category])
    if not carried:
        return str(_("本级规范性文件")) if not category or "规范性文件" in category else category
    return category or str(_("上级文件"))


def kind_label(kind: str, policy: Any, carried: bool) -> str:
    """The label of a result: a policy by its category (a law by its branch, the district's own
    as 本级规范性文件), anything else by its kind."""
    if kind == "policy":
        return _policy_label(str(getattr(policy, "category", "") or ""), carried)
    return str(KINDS.get(kind, kind))


def validity_label(validity: str) -> str:
    return str(VALIDITY_LABELS.get(validity, ""))
