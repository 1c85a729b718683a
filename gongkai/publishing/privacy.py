"""A screen for personal data in text about to be published (条例 Art. 15: personal privacy is
not disclosed without consent). It warns the reviewer, it does not decide. The text is read as a
unit's publication (gongkai.personaldata.PUBLICATION): ID, mobile and bank card numbers are
personal; the office's landlines and e-mail addresses are not (RULINGS.md 6)."""

from __future__ import annotations

from gongkai import personaldata
from gongkai.publishing.sanitize import plain_text


def personal_data_findings(html: str) -> str:
    """What the text contains, for the reviewer ("身份证号1处、手机号码2处"), or ""."""
    return personaldata.summary(personaldata.find(plain_text(html), personaldata.PUBLICATION))
