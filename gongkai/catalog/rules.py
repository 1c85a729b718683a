"""Plain rules of the standard catalogue: time limits and the spellings of its coded columns.

No Django here, so the rules are tested without a database.
"""

from __future__ import annotations

import re

# 条例 Art. 26: proactive information is disclosed within 20 working days of being formed or
# changed, unless a law or regulation sets another period.
STATUTORY_WORKING_DAYS = 20
DEFAULT_TIME_LIMIT = "信息形成或者变更之日起20个工作日内"

_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
# "N个工作日内" is a deadline; "不少于N个工作日" (how long a notice stays up) is not matched.
_WITHIN = re.compile(r"([0-9０-９]+|[零一二两三四五六七八九十]+)\s*个工作日内")


def chinese_number(text: str) -> int | None:
    """1–99 written as 七, 十五, 二十, 二十三; None for anything else."""
    if not text or any(ch not in _DIGITS and ch != "十" for ch in text):
        return None
    if "十" not in text:
        return _DIGITS[text] if len(text) == 1 else None
    tens, _sep, units = text.partition("十")
    if len(tens) > 1 or len(units) > 1 or "十" in units:
        return None
    value = (_DIGITS[tens] if tens else 1) * 10 + (_DIGITS[units] if units else 0)
    return value or None


def _number(text: str) -> int | None:
    if text.isdigit():  # also full-width digits
        return int(text)
    return chinese_number(text)


def stricter_working_days(time_limit: str) -> int | None:
    """The working-day deadline a 公开时限 text states, when it is stricter than 条例 Art. 26.

    "作出行政处罚决定之日起7个工作日内" → 7; "…之日起十五个工作日内" → 15; the statutory
    "20个工作日内", calendar days ("批准后20日内") and durations ("公告时间不少于30日") → None.
    """
    found = [n for n in (_number(m.group(1)) for m in _WITHIN.finditer(time_limit or "")) if n]
    days = min(found, default=None)
    return days if days is not None and days < STATUTORY_WORKING_DAYS else None


# "批准后20日内", "收到评标报告之日起3日内": calendar days (not 工作日, not 不少于N日).
_CALENDAR_WITHIN = re.compile(
    r"(?<!不少于)(?<![0-9０-９零一二两三四五六七八九十])([0-9０-９]+|[零一二两三四五六七八九十]+)\s*(?:个)?(?:自然)?日内"
)
_IMMEDIATE = re.compile(r"即时|立即|实时")


def calendar_days(time_limit: str) -> int | None:
    """The shortest period in calendar days a 公开时限 text states ("20日内" → 20), or None.
    ("N个工作日内" is not matched: 工 comes before 日.)"""
    found = [n for n in (_number(m.group(1)) for m in _CALENDAR_WITHIN.finditer(time_limit or "")) if n]
    return min(found, default=None)


def immediate(time_limit: str) -> bool:
    """ "即时公开" and the like: the information is due the day it is formed."""
    return bool(_IMMEDIATE.search(time_limit or ""))


def _key(text: str) -> str:
    """Compare spellings without spaces and with ASCII brackets made full-width."""
    return re.sub(r"\s+", "", text or "").replace("(", "（").replace(")", "）")


# The spellings accepted in an imported sheet for each coded column; the first is the one an
# export writes, the first two are the ones an error message suggests.
Spellings = dict[str, tuple[str, ...]]

LEVEL_SPELLINGS: Spellings = {
    "county": ("区（县）级", "县级", "区级", "县（区）级", "区县级", "县（市、区）级"),
    "township": ("街道（乡镇）级", "乡级", "街道级", "乡镇（街道）级", "乡（镇）级", "乡镇级"),
}
AUDIENCE_SPELLINGS: Spellings = {"public": ("全社会", "社会公众"), "specific": ("特定群众", "特定对象")}
MODE_SPELLINGS: Spellings = {"proactive": ("主动公开", "主动"), "on_request": ("依申请公开", "依申请")}


def parse_choice(text: str, spellings: Spellings) -> str | None:
    """The stored value for a spelling from ``spellings``, or None."""
    wanted = _key(text)
    for value, names in spellings.items():
        if wanted in {_key(name) for name in names}:
            return value
    return None
