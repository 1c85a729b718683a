"""信息处理费 (条例 Art. 42) by 《政府信息公开信息处理费管理办法》(国办函〔2020〕109号). Plain Python.

Both methods are 超额累进 (excess-progressive): each band's rate applies to the part that falls
in the band. One method per application (Art. 3). The tiers are data (``PER_PIECE``,
``PER_VOLUME``), not branches, so a new national schedule is a table change.

- 按件 (Art. 4): per applicant per 自然月, counted cumulatively in order of receipt: the 1st–10th
  are free, the 11th–30th cost 100 yuan each, then every further band of 10 costs 100 yuan more
  (31st–40th 200, 41st–50th 300 …). The count is each organ's: a fee is the act of the organ the
  application is made to (条例 Art. 42), so only that applicant's applications to the same
  answering organ count (``foi.handling.month_position``), never those to other units of the
  platform.
- 按量 (Art. 5): pages of one application: ≤30 free, 31–100 at 10, 101–200 at 20, above 200 at
  40 yuan a page. Cross-check from a reported bill: 2,219 pages = 70×10 + 100×20 + 2,019×40 =
  83,460 yuan.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Band:
    """Units ``first``..``last`` (inclusive; ``last`` None = no upper end) at ``rate`` yuan each."""

    first: int
    last: int | None
    rate: int


@dataclass(frozen=True)
class OpenBands:
    """After ``after`` units, bands of ``size`` units, each ``step`` yuan dearer than the one before,
    starting from ``start`` yuan (按件 above 30: 31–40 at 200, 41–50 at 300 …)."""

    after: int
    size: int
    start: int
    step: int


PER_PIECE_BANDS = (Band(1, 10, 0), Band(11, 30, 100))
PER_PIECE_OPEN = OpenBands(after=30, size=10, start=200, step=100)
PER_VOLUME_BANDS = (Band(1, 30, 0), Band(31, 100, 10), Band(101, 200, 20), Band(201, None, 40))


@dataclass(frozen=True)
class FeeLine:
    """One row of the fee notice: ``quantity`` units in a band at ``rate`` yuan."""

    label: str
    quantity: int
    rate: int

    @property
    def amount(self) -> int:
        return self.quantity * self.rate


def _piece_band(position: int) -> Band:
    for band in PER_PIECE_BANDS:
        if band.last is not None and band.first <= position <= band.last:
            return band
    extra = PER_PIECE_OPEN
    index = (position - extra.after - 1) // extra.size
    first = extra.after + 1 + index * extra.size
    return Band(first, first + extra.size - 1, extra.start + index * extra.step)


def per_piece(first_position: int, pieces: int = 1) -> list[FeeLine]:
    """The lines for ``pieces`` applications that are the ``first_position``-th onward of this
    applicant in the month (an application split under 一事一申请 counts as several pieces)."""
    if first_position < 1 or pieces < 1:
        raise ValueError("positions start at 1 and an application is at least one piece")
    lines: dict[Band, int] = {}
    for position in range(first_position, first_position + pieces):
        band = _piece_band(position)
        lines[band] = lines.get(band, 0) + 1
    return [FeeLine(_band_label(band, _("件")), count, band.rate) for band, count in lines.items() if band.rate]


def per_volume(pages: int) -> list[FeeLine]:
    """The lines for one application of ``pages`` pages."""
    if pages < 0:
        raise ValueError("pages must not be negative")
    lines = []
    for band in PER_VOLUME_BANDS:
        upper = pages if band.last is None else min(pages, band.last)
        quantity = upper - band.first + 1
        if quantity > 0 and band.rate:
            lines.append(FeeLine(_band_label(band, _("页")), quantity, band.rate))
    return lines


def total(lines: list[FeeLine]) -> int:
    return sum(line.amount for line in lines)


def _band_label(band: Band, unit: str) -> str:
    if band.last is None:
        return _("第%(first)s%(unit)s及以上") % {"first": band.first, "unit": unit}
    return _("第%(first)s—%(last)s%(unit)s") % {"first": band.first, "last": band.last, "unit": unit}
