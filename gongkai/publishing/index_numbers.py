"""索引号 (index numbers): ``<unit credit code>/<year>-<5-digit serial>``. Plain Python.

The observed convention of local catalogues (REGULATIONS §6): the issuing unit's 18-character
统一社会信用代码, the year of publication, and a serial unique and gap-free per unit and year.
"""

from __future__ import annotations

import re

PATTERN = re.compile(r"^(?P<code>[0-9A-Z]{18})/(?P<year>\d{4})-(?P<serial>\d{5,})$")


def format_index_number(credit_code: str, year: int, serial: int) -> str:
    if serial < 1:
        raise ValueError("serial starts at 1")
    return f"{credit_code}/{year}-{serial:05d}"


def parse_index_number(value: str) -> tuple[str, int, int]:
    match = PATTERN.match(value)
    if match is None:
        raise ValueError(f"not an index number: {value!r}")
    return match["code"], int(match["year"]), int(match["serial"])
