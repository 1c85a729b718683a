"""Personal data in free text: the one detector (RULINGS.md 6; issue 15, point 3).

条例 Art. 15 keeps personal privacy out of what is disclosed, and PIPL Arts. 6 and 28 treat ID
numbers and financial accounts as sensitive. People type their own data into every box the
public can write in — comments, inquiries, application descriptions, searches — and they type it
every way a keyboard allows: ``139 0478 0001``, ``139-0478-0002``, ``+8613904780003``, full-width
digits, ``＠`` for ``@``, an ID number in groups of six, eight and four. So the text is
normalised first (NFKC: full-width forms to ASCII; every dash to ``-``), numbers are read as
runs of digits with single spaces, dashes, dots or line breaks between them (a table cell in a
PDF wraps a long number), and each run is classified by what it can be:

- a resident ID number (GB 11643): 18 characters whose last is the check character, with a
  province code and a real birth date; or an old 15-digit one with a province code and a date;
  or one a spreadsheet stored as a number (its last three digits lost to 000);
- a mainland mobile number (11 digits, 1[3-9]…), with or without 86 / +86 / 0086;
- a landline with its area code (``0477-8581239``, ``(0477)8581239``), or seven or eight digits
  right after a word such as 电话;
- a bank card: 16 to 19 digits that pass the Luhn check and start as card numbers do;
- an e-mail address, and a house number with 号/室 after a street or estate word (what citizens
  type only: a unit's publication names its own address).

The context decides what counts (RULINGS.md 6): in what citizens type every finding is personal
(``CITIZEN``); in what a unit publishes, office landlines and e-mail addresses are public and
only ID, mobile and card numbers are personal (``PUBLICATION``). The government's own published
numbers (the office's phone, fax and e-mail) are never personal: callers pass them as ``public``.

Plain Python (Django only to translate the labels): the publishing guard,
the participation domains and the search counters all call it. Masking follows RULINGS.md 7: an
ID number keeps its region and last four, the birth date hidden (``150627********1234``); a
mobile its first three and last four; a card number nothing.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class Kind(StrEnum):
    ID_NUMBER = "id_number"
    MOBILE = "mobile"
    LANDLINE = "landline"
    EMAIL = "email"
    BANK_CARD = "bank_card"
    ADDRESS = "address"


LABELS = {
    Kind.ID_NUMBER: gettext_lazy("身份证号"),
    Kind.MOBILE: gettext_lazy("手机号码"),
    Kind.LANDLINE: gettext_lazy("固定电话"),
    Kind.EMAIL: gettext_lazy("电子邮箱"),
    Kind.BANK_CARD: gettext_lazy("银行卡号"),
    Kind.ADDRESS: gettext_lazy("门牌地址"),
}

CITIZEN = frozenset(Kind)
PUBLICATION = frozenset({Kind.ID_NUMBER, Kind.MOBILE, Kind.BANK_CARD})


@dataclass(frozen=True)
class Finding:
    kind: Kind
    start: int  # offsets into the text as given (not the normalised one)
    end: int
    value: str  # the compact form: digits (and X) only, or the lower-cased e-mail address


# GB/T 2260 province-level codes: the first two digits of a resident ID number; 18-character
# numbers also begin 81-83 (Hong Kong, Macao and Taiwan residents' permits) and 9 (foreigners'
# permanent residence card, 2023), which the check character covers (foi.idcard validates them).
PROVINCES = frozenset(
    {"11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41", "42"}
    | {"43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71", "81", "82"}
)
_WEIGHTS = tuple(pow(2, 17 - i, 11) for i in range(17))  # 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2
_DASHES = str.maketrans({c: "-" for c in "‐‑‒–—―−﹣"})

# A separator inside a number: one space, dash or dot (156.9063.6148), or a line break (a PDF table
# cell wraps a long number onto the next line: "1506271960\n09258116").
_SEP = r"(?:[ .-]|[ \t]*\n[ \t]*)?"
# A number starts after anything but a letter or digit, or right after one capital letter that
# follows none (全国学籍号 is G + the pupil's ID number).
_RUN = re.compile(
    rf"(?:(?<![0-9A-Za-z])|(?<=^[A-Z])|(?<=[^0-9A-Za-z][A-Z]))\+?\d(?:{_SEP}\d)*(?:{_SEP}[Xx])?(?![0-9A-Za-z])"
)
_GROUP = re.compile(r"\d+[Xx]?|[Xx]")
_BRACKETED_LANDLINE = re.compile(r"\(0\d{2,3}\)[ -]?\d{7,8}(?!\d)")
_PHONE_WORD = re.compile(r"(?:电话|座机|固话|手机|热线|联系方式|tel|TEL|Tel)[:：]?\s*$")
_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")
_PLACE = "路街巷弄道村里苑园院庄屯社区小区花园家园公寓大厦"
_ADDRESS = re.compile(
    rf"(?<=[{_PLACE}])\d+(?:-\d+)?号(?:院|楼)?(?:\d+(?:号楼|栋|幢|座|楼|单元|层))*(?:\d+(?:室|户))?"
    r"|\d+(?:号楼|栋|幢|座)\d+单元\d+(?:室|号)?|\d+(?:单元|号楼|栋|幢)\d+室"
)


def normalise(text: str) -> tuple[str, list[int]]:
    """The text with full-width forms and dashes folded (NFKC, per character), and for each
    character of the result the offset of the character it came from."""
    out: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        folded = unicodedata.normalize("NFKC", ch).translate(_DASHES) if not ch.isascii() else ch
        out.append(folded)
        origin.extend([i] * len(folded))
    return "".join(out), origin


def _birth_date(year: str, month: str, day: str) -> bool:
    """A real date between 1900 and today (a code whose digits read 2140-03-24 is no ID)."""
    try:
        born = dt.date(int(year), int(month), int(day))
    except ValueError:
        return False
    return dt.date(1900, 1, 1) <= born <= dt.datetime.now(dt.UTC).date()  # a day either way changes nothing


def check_character(first17: str) -> str:
    """GB 11643's check character for the first 17 digits (ISO 7064 MOD 11-2)."""
    return "10X98765432"[sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True)) % 11]


def excel_id_number(value: str) -> bool:
    """An 18-digit ID typed into a spreadsheet as a number: the float keeps 15 significant digits,
    so the last three read 000 and the check character is lost; the region and date remain."""
    return (
        len(value) == 18
        and value.isdigit()
        and value.endswith("000")
        and value[:2] in PROVINCES
        and _birth_date(value[6:10], value[10:12], value[12:14])
    )


def valid_id_number(value: str) -> bool:
    value = value.upper()
    if len(value) == 18:
        return (
            value[:17].isdigit()
            and value[0] != "0"
            and _birth_date(value[6:10], value[10:12], value[12:14])
            and check_character(value[:17]) == value[17]
        )
    if len(value) == 15:
        return value.isdigit() and value[:2] in PROVINCES and _birth_date("19" + value[6:8], value[8:10], value[10:12])
    return False


def luhn(digits: str) -> bool:
    total = 0
    for i, d in enumerate(reversed(digits)):
        n = int(d) * (2 if i % 2 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


def _mobile(digits: str) -> bool:
    return len(digits) == 11 and digits[0] == "1" and digits[1] in "3456789"


def classify(value: str) -> Kind | None:
    """What a compact run of digits (an ID number may end in X) can be, or None."""
    if valid_id_number(value) or excel_id_number(value):
        return Kind.ID_NUMBER
    if not value.isdigit():
        return None
    for prefix in ("", "86", "0086"):
        if value.startswith(prefix) and _mobile(value[len(prefix) :]):
            return Kind.MOBILE
    if 10 <= len(value) <= 12 and value[0] == "0" and value[1] != "0":
        return Kind.LANDLINE
    if len(value) in (11, 12) and value.startswith("86") and value[2] != "0":  # +86 477 8581239
        return Kind.LANDLINE
    if 16 <= len(value) <= 19 and _CARD_PREFIX.match(value) and luhn(value):
        return Kind.BANK_CARD
    return None


# How people group the digits when they space them (a statistics table's counts, one space apart,
# are not one number): a mobile 3-4-4; an ID 6-8-4 or 4-4-4-4-2; a card in fours; a landline
# area code and number. A line break (a wrapped table cell) may split a group anywhere.
_SHAPES = {
    Kind.MOBILE: {(3, 4, 4), (3, 8), (7, 4)},
    Kind.ID_NUMBER: {
        (6, 8, 4),
        (6, 8, 3, 1),
        (6, 4, 4, 4),
        (4, 4, 4, 4, 2),
        (3, 3, 4, 4, 4),
        (6, 12),
        (6, 6, 3),
        (6, 9),
    },
    Kind.LANDLINE: {(3, 7), (3, 8), (4, 7), (4, 8), (4, 3, 4), (3, 4, 4), (4, 4, 4), (3, 3, 4)},
}
_CARD_PREFIX = re.compile(r"62|60|4|5[1-5]|9[59]|3[457]")  # UnionPay, Visa, Mastercard, the banks' own


def _lengths(folded: str, groups: list[tuple[int, int, str]]) -> tuple[int, ...]:
    """The lengths of the groups as written: a group continued after a line break (a wrapped
    table cell) counts as one with the part before the break."""
    lengths: list[int] = []
    for k, (start, _end, digits) in enumerate(groups):
        if k and "\n" in folded[groups[k - 1][1] : start]:
            lengths[-1] += len(digits)
        else:
            lengths.append(len(digits))
    return tuple(lengths)


def _wrapped(kind: Kind, value: str, first: int) -> bool:
    """Whether two groups may be one long number a table cell wrapped, which a PDF's text gives
    with a space: an ID number with its check character, or a mobile or card whose first part
    is nothing by itself (a complete card beside an amount stays a card)."""
    if kind == Kind.ID_NUMBER:
        return len(value) == 18 and not excel_id_number(value)
    return kind in (Kind.MOBILE, Kind.BANK_CARD) and classify(value[:first]) is None


def _shape_fits(kind: Kind, value: str, lengths: tuple[int, ...]) -> bool:
    if len(lengths) == 1:
        return True
    if len(lengths) == 2 and (lengths[0] >= 7 or min(lengths) >= 5) and _wrapped(kind, value, lengths[0]):
        return True
    if kind in (Kind.MOBILE, Kind.LANDLINE) and value[: lengths[0]] in ("86", "0086"):
        lengths = lengths[1:]  # the country code is a group of its own
    if kind == Kind.BANK_CARD:
        return all(n == 4 for n in lengths[:-1]) and 1 <= lengths[-1] <= 4
    return len(lengths) == 1 or lengths in _SHAPES[kind]


Match = tuple[int, int, int, int, str, Kind]  # first group, last group, start, end, value, kind


def _run_matches(folded: str, groups: list[tuple[int, int, str]], plus: bool) -> list[Match]:
    """In one run of digit groups, the longest stretch of whole groups from each starting group
    that is something (two numbers one space apart are two numbers)."""
    found: list[Match] = []
    i = 0
    while i < len(groups):
        best: Match | None = None
        value = ""
        for j in range(i, len(groups)):
            value += groups[j][2]
            if len(value) > 19:
                break
            kind = classify(value)
            if kind is not None and _shape_fits(kind, value, _lengths(folded, groups[i : j + 1])):
                start = groups[i][0] - 1 if i == 0 and plus else groups[i][0]
                best = (i, j, start, groups[j][1], value, kind)
        if best is None:
            if len(groups[i][2]) in (7, 8) and _PHONE_WORD.search(folded[max(0, groups[i][0] - 8) : groups[i][0]]):
                found.append((i, i, groups[i][0], groups[i][1], groups[i][2], Kind.LANDLINE))
            i += 1
            continue
        found.append(best)
        i = best[1] + 1
    return found


def _in_a_table(match: Match, groups: list[tuple[int, int, str]], taken: set[int]) -> bool:
    """A spaced card or mobile amid a row of counts (5246 960 4218 3996 3909 3513 21842): groups
    of 3 to 5 digits that are no numbers of their own on both sides. A subsidy list's card has its
    amount on one side only (…18917006319 6227 0065 2374 5612 547 2800 滨河社区): it stays a card."""
    first, last, kind = match[0], match[1], match[5]
    if first == last or kind not in (Kind.BANK_CARD, Kind.MOBILE):
        return False
    if any(len(groups[k][2]) > 5 for k in range(first, last + 1)):
        return False  # long parts: a number a cell wrapped, not short counts
    beside = [k for k in (first - 1, last + 1) if 0 <= k < len(groups) and k not in taken]
    return len(beside) == 2 and all(3 <= len(groups[k][2]) <= 5 for k in beside)


def _runs(folded: str) -> Iterable[tuple[int, int, str, Kind]]:
    """Classified numbers in the folded text, run by run (``_run_matches``), less the look-alikes
    in statistics tables."""
    for run in _RUN.finditer(folded):
        groups = [(run.start() + g.start(), run.start() + g.end(), g.group()) for g in _GROUP.finditer(run.group())]
        matches = _run_matches(folded, groups, folded[run.start()] == "+")
        taken = {k for m in matches for k in range(m[0], m[1] + 1)}
        for match in matches:
            if not _in_a_table(match, groups, taken):
                yield match[2], match[3], match[4], match[5]


def _candidates(folded: str) -> Iterable[tuple[int, int, str, Kind]]:
    yield from _runs(folded)
    for m in _BRACKETED_LANDLINE.finditer(folded):
        yield m.start(), m.end(), re.sub(r"\D", "", m.group()), Kind.LANDLINE
    for m in _EMAIL.finditer(folded):
        yield m.start(), m.end(), m.group().lower(), Kind.EMAIL
    for m in _ADDRESS.finditer(folded):
        yield m.start(), m.end(), m.group(), Kind.ADDRESS


def find(text: str, kinds: frozenset[Kind] = CITIZEN, public: Iterable[str] = ()) -> list[Finding]:
    """The personal data in ``text``, in order, none overlapping (the longest wins where two
    would: an e-mail address made of a mobile number is an e-mail address). ``public``: compact
    values that are the government's own published numbers and addresses."""
    folded, origin = normalise(text or "")
    allowed = {_compact(p) for p in public}
    found = sorted(_candidates(folded), key=lambda c: (c[0], -(c[1] - c[0])))
    kept: list[Finding] = []
    taken_until = -1
    for start, end, value, kind in found:
        if start < taken_until:
            continue
        taken_until = end
        if kind in kinds and _compact(value) not in allowed:
            kept.append(Finding(kind, origin[start], origin[end - 1] + 1, value))
    return kept


def _compact(value: str) -> str:
    value = unicodedata.normalize("NFKC", value).strip().lower()
    return value if "@" in value else re.sub(r"[^0-9x]", "", value)


def public_values(texts: Iterable[str]) -> frozenset[str]:
    """Every number and e-mail address in texts the government publishes (its contact data):
    the ``public`` argument of ``find`` and ``mask``."""
    return frozenset(f.value for text in texts if text for f in find(text, CITIZEN))


def masked(finding: Finding) -> str:
    """RULINGS.md 7: the masked form of one finding."""
    v = finding.value
    if finding.kind == Kind.ID_NUMBER:
        return v[:6] + "*" * (len(v) - 10) + v[-4:] if len(v) == 18 else v[:6] + "******" + v[-3:]
    if finding.kind == Kind.MOBILE:
        prefix = {"86": "+86 ", "0086": "0086 "}.get(v[:-11], "")
        return prefix + v[-11:-8] + "****" + v[-4:]
    if finding.kind == Kind.LANDLINE:
        return "*" * (len(v) - 4) + v[-4:]
    if finding.kind == Kind.EMAIL:
        return v[:1] + "***@" + v.split("@", 1)[1]
    if finding.kind == Kind.ADDRESS:
        return re.sub(r"\d", "*", v)
    return "*" * len(v)


def mask(text: str, kinds: frozenset[Kind] = CITIZEN, public: Iterable[str] = ()) -> str:
    """``text`` with every finding replaced by its masked form."""
    parts: list[str] = []
    at = 0
    for finding in find(text, kinds, public):
        parts.append(text[at : finding.start])
        parts.append(masked(finding))
        at = finding.end
    parts.append(text[at:])
    return "".join(parts)


def summary(findings: Iterable[Finding]) -> str:
    """身份证号1处、手机号码2处: for a moderator or reviewer (never the values)."""
    counts = Counter(f.kind for f in findings)
    return "、".join(_("%(what)s%(n)s处") % {"what": LABELS[kind], "n": counts[kind]} for kind in Kind if counts[kind])
