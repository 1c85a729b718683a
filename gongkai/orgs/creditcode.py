"""统一社会信用代码 (unified social credit code), GB 32100-2015.

18 characters: 1 registration authority, 1 organisation type, 6 administrative division
digits (GB/T 2260), 9 characters of organisation code (GB 11714, its own check character
last), and 1 check character computed here. The alphabet has 31 symbols: digits and the
capital letters without I, O, Z, S, V.
"""

from __future__ import annotations

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}
# GB 32100-2015 §5: weight of position i (1-based) is 3**(i-1) mod 31.
WEIGHTS = [pow(3, i, 31) for i in range(17)]
LENGTH = 18

# GB 11714-1997: organisation code body weights and its own check character.
_ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]


def _(message: str) -> str:
    """Marks a message for translation (makemessages) without importing Django here; the
    Django layer translates ``CreditCodeError.template`` and fills in ``params``."""
    return message


class CreditCodeError(ValueError):
    """The code is malformed. ``template % params`` is a Chinese sentence for the user."""

    def __init__(self, template: str, **params: object) -> None:
        self.template = template
        self.params = params
        super().__init__(self.reason)

    @property
    def reason(self) -> str:
        return self.template % self.params


def check_character(first17: str) -> str:
    """The 18th character for the given first 17 (GB 32100-2015 §5)."""
    total = sum(_VALUE[ch] * weight for ch, weight in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def org_code_check(first8: str) -> str:
    """The 9th character of a GB 11714 organisation code for its first 8 characters."""
    total = sum(int(ch, 36) * w for ch, w in zip(first8, _ORG_WEIGHTS, strict=True))
    value = 11 - total % 11
    return {10: "X", 11: "0"}.get(value, str(value))


def normalise(code: str) -> str:
    """Upper-case, strip spaces and convert full-width characters people paste from Word."""
    converted = "".join(chr(ord(ch) - 0xFEE0) if "\uff01" <= ch <= "\uff5e" else ch for ch in code.strip())
    return converted.replace(" ", "").upper()


def validate(code: str) -> str:
    """Return the normalised code, or raise CreditCodeError saying what is wrong."""
    code = normalise(code)
    if len(code) != LENGTH:
        raise CreditCodeError(_("应为18位，实际为%(length)s位"), length=len(code))
    bad = sorted({ch for ch in code if ch not in _VALUE})
    if bad:
        raise CreditCodeError(_("含有不允许的字符：%(chars)s（不使用I、O、Z、S、V）"), chars="、".join(bad))
    if not code[2:8].isdigit():
        raise CreditCodeError(_("第3至8位应为行政区划代码（数字）"))
    expected = check_character(code[:17])
    if code[17] != expected:
        raise CreditCodeError(
            _("校验码错误：第18位应为%(expected)s，实际为%(actual)s"), expected=expected, actual=code[17]
        )
    return code


def is_valid(code: str) -> bool:
    try:
        validate(code)
    except CreditCodeError:
        return False
    return True


def make(prefix: str, division: str, org_body: str) -> str:
    """Build a valid code: ``prefix`` (2 chars), ``division`` (6 digits), ``org_body`` (8 chars).

    Used by the demo seed to produce plausible codes with correct check characters.
    """
    org = org_body + org_code_check(org_body)
    first17 = prefix + division + org
    return first17 + check_character(first17)
