"""What goes into a letter (``LetterContext``) and what comes out (``Letter``).

Both are plain frozen dataclasses: the workbench fills a context from a request row, ``build``
turns it into a ``Letter`` (every sentence already worded and translated), and the renderers
only lay the ``Letter`` out. Nothing here touches the database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

# The letter kinds and their titles. The titles are the names used by disclosure offices for
# these documents; they stay Chinese in the data and are translated when a letter is built.
KINDS: dict[str, str] = {
    "correction": N_("政府信息公开申请补正告知书"),
    "consultation": N_("政府信息公开征求第三方意见函"),
    "co_maker": N_("政府信息公开征求共同制作机关意见函"),
    "secrecy_review": N_("拟公开政府信息保密审查报请确定函"),
    "extension": N_("延期答复告知书"),
    "long_period": N_("政府信息公开延迟答复告知书"),
    "fee": N_("政府信息公开信息处理费缴费通知书"),
    "reply": N_("政府信息公开申请答复告知书"),
}

DEFAULT_COURT = N_("有管辖权的人民法院")

# One computation line of a fee notice: (band label, quantity, rate in yuan, amount in yuan).
FeeLine = tuple[str, int, int, int]


@dataclass(frozen=True, kw_only=True)
class LetterContext:
    """Everything a letter may say. Which fields a kind needs is checked by ``build``."""

    kind: str
    organ: str = ""
    organ_address: str = ""
    organ_phone: str = ""
    organ_postcode: str = ""
    number: str = ""
    issued_on: dt.date | None = None
    # The application.
    applicant_name: str = ""
    received_on: dt.date | None = None
    tracking_code: str = ""
    description: str = ""
    doc_number: str = ""
    # reply
    outcome: str = ""
    reasons: str = ""
    provided: str = ""
    responsible_organ: str = ""  # its name, when known (条例 Art. 36(5))
    responsible_organ_contact: str = ""  # and its contact details, due with the name (Art. 36(5))
    not_held_ground: str = ""  # （四）1: "not_found" (Art. 36(4)) or "other_organ" (Art. 36(5))
    outcome_wording: str = ""  # the office's own wording of an editable outcome, frozen when issued
    # correction
    correction_items: str = ""
    correction_due_on: dt.date | None = None
    # extension (Art. 33) and delayed reply (Art. 35: its reason and the date the organ set)
    extension_days: int = 0
    extension_reason: str = ""
    new_due_on: dt.date | None = None
    # consultation
    party: str = ""
    party_reply_due_on: dt.date | None = None  # stated when the day of receipt is known
    party_reply_days: int = 0  # else the rule: within N working days of receiving the letter
    information: str = ""
    # fee
    fee_method: str = ""
    fee_lines: tuple[FeeLine, ...] = ()
    fee_yuan: int = 0
    pay_by: dt.date | None = None  # stated when known (the handler's date, or receipt known)
    pay_days: int = 0  # else the rule: within N working days of receiving the notice
    payment_method: str = ""  # where and how to pay; a 收费通知 states 缴纳方式
    # remedies
    review_organ: str = ""
    court: str = DEFAULT_COURT


@dataclass(frozen=True)
class FeeTable:
    """The computation of a fee notice, as formatted cells."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    total: tuple[str, ...]


@dataclass(frozen=True)
class Letter:
    """A letter ready to lay out: every string is final text (escaping is the renderer's job)."""

    kind: str
    title: str
    number: str
    addressee: str
    paragraphs: tuple[str, ...]
    closing: str
    signature: str
    date: str
    seal: str
    contact: str = ""
    remedies: str = ""
    outcome: str = ""
    fee_table: FeeTable | None = None
    fee_table_at: int = 0  # the table stands before paragraphs[fee_table_at]

    def blocks(self) -> Iterator[tuple[str, str | FeeTable]]:
        """The body in reading order: ("p", text) and ("table", FeeTable), remedies and closing
        included, so that both renderers lay out the same sequence."""
        for index, text in enumerate(self.paragraphs):
            if self.fee_table is not None and index == self.fee_table_at:
                yield "table", self.fee_table
            yield "p", text
        if self.fee_table is not None and self.fee_table_at >= len(self.paragraphs):
            yield "table", self.fee_table
        if self.remedies:
            yield "p", self.remedies
        yield "p", self.closing

    def text(self) -> str:
        """All visible text, one block a line (for search, previews and tests)."""
        lines = [self.title, self.number, self.addressee]
        for _kind, block in self.blocks():
            if isinstance(block, FeeTable):
                lines.extend(" ".join(row) for row in (block.header, *block.rows, block.total))
            else:
                lines.append(block)
        lines.extend([self.seal, self.signature, self.date, self.contact])
        return "\n".join(line for line in lines if line)


def format_date(day: dt.date) -> str:
    """2026年9月25日: the way dates are written in the text and under the signature."""
    return _("%(year)d年%(month)d月%(day)d日") % {"year": day.year, "month": day.month, "day": day.day}


def format_yuan(amount: int) -> str:
    """83,460: thousands separated, so a five-digit sum is read right at a glance."""
    return f"{amount:,}"


_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_GROUP_UNITS = ("", "万", "亿")


def _words_below_10000(number: int) -> str:
    out: list[str] = []
    pending_zero = False
    for power, unit in ((3, "仟"), (2, "佰"), (1, "拾"), (0, "")):
        digit = number // 10**power % 10
        if digit == 0:
            pending_zero = bool(out)
            continue
        if pending_zero:
            out.append("零")
            pending_zero = False
        out.append(_DIGITS[digit] + unit)
    return "".join(out)


def yuan_in_words(amount: int) -> str:
    """捌万叁仟肆佰陆拾元整: the amount in capital numerals, as fiscal documents write it next to
    the figures so that neither can be altered alone. Whole yuan only (the fee rates are whole)."""
    if amount < 0 or amount >= 10**12:
        raise ValueError(f"amount out of range: {amount}")
    if amount == 0:
        return "零元整"
    groups: list[int] = []
    while amount:
        groups.append(amount % 10000)
        amount //= 10000
    out = ""
    gap = False  # a zero group or a short group lies between two written parts
    for index in reversed(range(len(groups))):
        group = groups[index]
        if group == 0:
            gap = bool(out)
            continue
        if out and (gap or group < 1000):
            out += "零"
        out += _words_below_10000(group) + _GROUP_UNITS[index]
        gap = False
    return out + "元整"
