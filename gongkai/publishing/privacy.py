"""A screen for personal data in text about to be published (条例 Art. 15: personal privacy is
not disclosed without consent). Plain Python; it warns the reviewer, it does not decide."""

from __future__ import annotations

import re

from gongkai.publishing.sanitize import plain_text

# 18-digit resident ID (GB 11643, last character a digit or X) and mainland mobile numbers.
ID_NUMBER = re.compile(r"(?<!\d)[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?!\d)")
MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


def personal_data_findings(html: str) -> dict[str, int]:
    """How many resident ID numbers and mobile numbers the text contains (by pattern)."""
    text = plain_text(html)
    return {"id_numbers": len(ID_NUMBER.findall(text)), "mobiles": len(MOBILE.findall(text))}
