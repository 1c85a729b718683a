"""公民身份号码 (resident identity number), GB 11643-1999. Plain Python.

18 characters: 6-digit address code (GB/T 2260), 8-digit date of birth (YYYYMMDD), 3-digit
sequence, and a check character (``personaldata.check_character``, the one implementation the
personal-data detector shares). The same rule holds
for the residence permits of Hong Kong, Macao and Taiwan residents (address codes 81, 82, 83)
and the 2023 foreigners' permanent residence card (beginning with 9).
"""

from __future__ import annotations

import datetime as dt

from gongkai.personaldata import check_character

LENGTH = 18
# First digit of the address code: 1–6 the mainland regions, 7 Taiwan, 8 the HK/Macao/Taiwan
# permits, 9 foreigners' permanent residence; never 0.
REGION_FIRST_DIGITS = frozenset("123456789")


def _(message: str) -> str:
    """Marks a message for translation without importing Django here (see creditcode.py)."""
    return message


class IdNumberError(ValueError):
    """``template % params`` is a Chinese sentence for the applicant."""

    def __init__(self, template: str, **params: object) -> None:
        self.template = template
        self.params = params
        super().__init__(template % params)


def normalise(number: str) -> str:
    """Strip spaces, convert full-width digits and a lower-case x, as people type them."""
    converted = "".join(chr(ord(ch) - 0xFEE0) if "\uff01" <= ch <= "\uff5e" else ch for ch in number.strip())
    return converted.replace(" ", "").upper()


def validate(number: str, today: dt.date | None = None) -> str:
    """Return the normalised number, or raise IdNumberError saying what is wrong."""
    number = normalise(number)
    if len(number) != LENGTH:
        raise IdNumberError(_("应为18位，实际为%(length)s位"), length=len(number))
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise IdNumberError(_("前17位应为数字，第18位应为数字或X"))
    if number[0] not in REGION_FIRST_DIGITS:
        raise IdNumberError(_("前6位不是有效的行政区划代码"))
    try:
        born = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError as exc:
        raise IdNumberError(_("第7至14位的出生日期%(text)s无效"), text=number[6:14]) from exc
    if born.year < 1900 or (today is not None and born > today):
        raise IdNumberError(_("第7至14位的出生日期%(text)s无效"), text=number[6:14])
    expected = check_character(number[:17])
    if number[17] != expected:
        raise IdNumberError(
            _("校验码错误：第18位应为%(expected)s，实际为%(actual)s"), expected=expected, actual=number[17]
        )
    return number


def make(first17: str) -> str:
    """A valid number from its first 17 digits (tests and demo data)."""
    return first17 + check_character(first17)
