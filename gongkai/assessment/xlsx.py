"""The assessment as a workbook: sheet 1 the ranking (rank, unit, total, each first-level
indicator), sheet 2 every unit × indicator with score, points, the evidence and the comment, so
anyone reading the ranking can see how each number was reached. Scores are numbers; an unscored
manual indicator is an empty score cell with 未评分 in the evidence."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from gongkai.assessment.cards import Card, Line
from gongkai.assessment.models import Scheme
from gongkai.assessment.rules import fmt

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")


def _branch(line: Line) -> object:
    """A first-level score: a number, 不适用 or 0 when not scored yet."""
    return _("不适用") if not line.applicable else float(line.score or 0)


def _ranking_rows(cards: list[Card]) -> list[list[object]]:
    header: list[object] = [_("名次"), _("单位"), _("总分"), _("满分")]
    header += [_("%(code)s %(name)s（%(points)s分）") % {"code": b.code, "name": b.name, "points": fmt(b.points)}
               for b in cards[0].branches] if cards else []  # fmt: skip
    header += [_("未评分指标数"), _("不适用的指标数")]
    rows = [header]
    for card in cards:
        rank: object = f"{card.rank}{_('（并列）')}" if card.tied else card.rank
        if not card.ranked:
            rank = _("不参加排名（活动太少）")
        rows.append(
            [
                rank,
                card.unit,
                float(card.total),
                float(card.max),
                *(_branch(b) for b in card.branches),
                card.unscored,
                card.uncounted,
            ]
        )
    return rows


def _detail_rows(cards: list[Card]) -> list[list[object]]:
    rows: list[list[object]] = [
        [_("单位"), _("编码"), _("指标"), _("类型"), _("得分"), _("分值"), _("计分依据"), _("评分意见"), _("评分人")]
    ]
    kinds = {"group": _("指标分组"), "auto": _("自动计分"), "manual": _("人工评分")}
    for card in cards:
        for line in card.lines:
            score: object = None if line.score is None else float(line.score)
            if not line.applicable:
                score = _("不适用")
            name = "　" * line.depth + line.name
            evidence = "\n".join(line.evidence)
            rows.append(
                [
                    card.unit,
                    line.code,
                    name,
                    kinds.get(line.kind, line.kind),
                    score,
                    float(line.points),
                    evidence,
                    line.comment,
                    line.scored_by,
                ]
            )
        rows.append([card.unit, "", _("合计"), "", float(card.total), float(card.max), "", "", ""])
    return rows


def render(scheme: Scheme, cards: list[Card]) -> bytes:
    book = Workbook()
    ranking = book.active
    assert ranking is not None  # a new workbook has one sheet
    ranking.title = _("排名")
    for row in _ranking_rows(cards):
        ranking.append(row)
    detail = book.create_sheet(_("明细"))
    for row in _detail_rows(cards):
        detail.append(row)
    for sheet, widths in ((ranking, [10, 36, 10, 10]), (detail, [30, 8, 30, 10, 8, 8, 80, 40, 12])):
        for cell in sheet[1]:
            cell.font = BOLD
        for index, width in enumerate(widths):
            sheet.column_dimensions[chr(ord("A") + index)].width = width
        sheet.freeze_panes = "A2"
    for row in detail.iter_rows(min_row=2, min_col=7, max_col=8):
        for cell in row:
            cell.alignment = WRAP
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def filename(scheme: Scheme) -> str:
    return f"{scheme.name}.xlsx"
