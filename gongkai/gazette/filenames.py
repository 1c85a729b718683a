"""Year and number of a gazette issue from the name of its archived file. Plain Python.

Accepted: ``2019年第4期.pdf``, ``公报2019第4期.pdf``, ``2019年第四期.pdf``, ``2019-04.pdf``,
``2019_4.pdf``, full-width digits; a 总第N期 in the name is not taken for the number.
"""

from __future__ import annotations

import re
import unicodedata

MIN_YEAR, MAX_YEAR = 1949, 2100
MAX_NUMBER = 366

_NUMERALS = "零一二三四五六七八九"
_NUMBER = r"[0-9]{1,3}|[零〇一二两三四五六七八九十百]{1,5}"
_WITH_QI = re.compile(rf"(?<![0-9])((?:19|20|21)[0-9]{{2}})\s*年?\s*(?:度\s*)?第\s*({_NUMBER})\s*期")
_DASHED = re.compile(r"^(?:.*?[^0-9])?((?:19|20|21)[0-9]{2})\s*[-_.—－]\s*([0-9]{1,3})$")


def chinese_number(text: str) -> int | None:
    """一 … 九十九 (and 一百 … 三百六十六) as an int; plain digits pass through."""
    if text.isdigit():
        return int(text)
    text = text.replace("〇", "零").replace("两", "二")
    total, current = 0, 0
    for ch in text:
        if ch in _NUMERALS:
            current = _NUMERALS.index(ch)
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    return total + current or None


def parse_issue_name(name: str) -> tuple[int, int] | None:
    """(year, number) carried by a file name, or None."""
    stem = unicodedata.normalize("NFKC", name).rsplit("/", 1)[-1]
    stem = re.sub(r"\.pdf$", "", stem, flags=re.IGNORECASE).strip()
    match = _WITH_QI.search(stem) or _DASHED.match(stem)
    if match is None:
        return None
    year, number = int(match.group(1)), chinese_number(match.group(2))
    if number is None or not (MIN_YEAR <= year <= MAX_YEAR and 1 <= number <= MAX_NUMBER):
        return None
    return year, number
