"""The annual report laid out in the national format (国办公开办函〔2021〕30号, REGULATIONS.md §3), as data
that the four renderings (published HTML, PDF, Word, spreadsheet) all read.

``build(document)`` turns the report's plain dict (services.document) into a ``Report``: the six
sections in order, each with its heading, paragraphs and, for 二–四, a ``Grid``. A grid is the
table as HTML thinks of it: header rows and body row groups of cells that carry their own
``colspan``/``rowspan``; ``placed`` gives every cell its (row, column) for Word and Excel, which
merge ranges instead. The header structure of each table exists here once.

Plain Python apart from gettext: no models, no database, no templates. Labels of the Table 三 rows
come from ``gongkai.foi.letters.OUTCOMES`` (the reply letters read the same table), applicant
columns from ``gongkai.foi.vocab.ApplicantType``; everything else printed is defined below.

Widths are millimetres of the A4 type area of GB/T 9704 (210 − 28 − 26 = 156 mm), all tables
portrait: Table 三's eight number columns and Table 四's fifteen fit at 9 pt, as printed in the
national reports, so no renderer needs a landscape page.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from itertools import groupby
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from gongkai.foi.letters.outcomes import OUTCOMES
from gongkai.foi.vocab import AppealResult, ApplicantType
from gongkai.reports.tables import APPEAL_KINDS, APPEAL_RESULTS, COLUMNS, OUTCOME_ROWS, TOTAL

Number = int | Decimal


@dataclass(frozen=True)
class Cell:
    text: str
    value: Number | None = None  # set on figures, so a spreadsheet stores a number
    colspan: int = 1
    rowspan: int = 1
    header: bool = False  # <th> (labels), else <td> (figures)
    scope: str = ""  # HTML scope of a header: col, row or rowgroup
    strong: bool = False  # set in bold (PDF, Word, spreadsheet); the published HTML leaves it to the site


Row = tuple[Cell, ...]


@dataclass(frozen=True)
class Grid:
    key: str  # proactive, applications, appeals
    sheet: str  # the spreadsheet tab
    widths: tuple[float, ...]  # mm per column, summing to the 156 mm type area
    head: tuple[Row, ...]
    bodies: tuple[tuple[Row, ...], ...]  # row groups (<tbody>); Table 二 has one per article

    @property
    def columns(self) -> int:
        return len(self.widths)

    @property
    def rows(self) -> tuple[Row, ...]:
        return self.head + tuple(row for body in self.bodies for row in body)

    def placed(self) -> Iterator[tuple[int, int, Cell]]:
        """Each cell with its top-left (row, column): the HTML table model, where a cell takes
        the first column not covered by a row-spanning cell from a row above."""
        taken: set[tuple[int, int]] = set()
        for r, row in enumerate(self.rows):
            c = 0
            for cell in row:
                while (r, c) in taken:
                    c += 1
                yield r, c, cell
                taken.update((r + dr, c + dc) for dr in range(cell.rowspan) for dc in range(cell.colspan))
                c += cell.colspan


@dataclass(frozen=True)
class Section:
    key: str
    heading: str
    paragraphs: tuple[str, ...] = ()  # "\n" inside a paragraph is a line break
    table: Grid | None = None


@dataclass(frozen=True)
class Check:
    rule: str
    ok: bool
    detail: str


@dataclass(frozen=True)
class Report:
    title: str
    unit: str
    notes: tuple[str, ...]  # under the title of a PDF or Word file: draft marker, correction note
    sections: tuple[Section, ...]
    checks: tuple[Check, ...]  # the workbench shows them; the published report does not

    @property
    def grids(self) -> tuple[Grid, ...]:
        return tuple(s.table for s in self.sections if s.table is not None)


HEADINGS = {
    "overview": N_("一、总体情况"),
    "proactive": N_("二、主动公开政府信息情况"),
    "applications": N_("三、收到和处理政府信息公开申请情况"),
    "appeals": N_("四、政府信息公开行政复议、行政诉讼情况"),
    "problems": N_("五、存在的主要问题及改进情况"),
    "other": N_("六、其他需要报告的事项"),
}
SHEETS = {"proactive": N_("表二 主动公开"), "applications": N_("表三 依申请公开"), "appeals": N_("表四 复议诉讼")}


# --- Table 二: one block per article of 条例 Art. 20, each a header row, a column-header row and
# its lines; blocks with one figure span it over the three number columns, as the format prints it.
@dataclass(frozen=True)
class Line:
    key: str  # in document["proactive"]
    label: str
    fields: tuple[str, ...]


@dataclass(frozen=True)
class Block:
    article: str
    columns: tuple[str, ...]
    lines: tuple[Line, ...]


_COUNTS = ("made", "repealed", "in_force")
_DECISIONS = (N_("本年处理决定数量"),)
PROACTIVE = (
    Block(
        N_("第二十条第（一）项"),
        (N_("本年制发件数"), N_("本年废止件数"), N_("现行有效件数")),
        (Line("rules", N_("规章"), _COUNTS), Line("normative", N_("行政规范性文件"), _COUNTS)),
    ),
    Block(N_("第二十条第（五）项"), _DECISIONS, (Line("licensing", N_("行政许可"), ("decisions",)),)),
    Block(
        N_("第二十条第（六）项"),
        _DECISIONS,
        (Line("penalty", N_("行政处罚"), ("decisions",)), Line("enforcement", N_("行政强制"), ("decisions",))),
    ),
    Block(
        N_("第二十条第（八）项"),
        (N_("本年收费金额（单位：万元）"),),
        (Line("admin_fees", N_("行政事业性收费"), ("amount_wan_yuan",)),),
    ),
)
PROACTIVE_CONTENT = N_("信息内容")
PROACTIVE_WIDTHS = (60.0, 32.0, 32.0, 32.0)
AMOUNT_FIELDS = frozenset({"amount_wan_yuan"})

# --- Table 三
APPLICATIONS_NOTE = N_("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）")
APPLICANTS = N_("申请人情况")
ORGANISATIONS = N_("法人或其他组织")
TOTAL_LABEL = N_("总计")
LEAD_ROWS = (("new", N_("一、本年新收政府信息公开申请数量")), ("carried_in", N_("二、上年结转政府信息公开申请数量")))
RESULTS = N_("三、本年度办理结果")
RESULTS_TOTAL = N_("（七）总计")
CARRIED_OVER = ("carried_over", N_("四、结转下年度继续办理"))
# The format prints this rule inside the label of （二）; OUTCOMES keeps the short group name.
ROW_NOTES = {"partly_disclosed": N_("（区分处理的，只计这一情形，不计其他情形）")}
# Section, group and sub-row labels, then 自然人, five organisation kinds and 总计 (measured on the
# PDF at 9 pt: the longest sub-rows wrap to three lines; a number column holds two characters a line,
# so 商业企业 and 社会公益组织 break evenly, as in printed reports; 12 mm would give "商业企/业").
APPLICATIONS_WIDTHS = (18.0, 18.0, 43.0, *([11.0] * 7))

# --- Table 四
REVIEW = N_("行政复议")
LITIGATION = N_("行政诉讼")
LITIGATION_KINDS = {"litigation_direct": N_("未经复议直接起诉"), "litigation_after_review": N_("复议后起诉")}
APPEALS_WIDTHS = (10.4,) * 15


TITLE_SUFFIX = N_("政府信息公开工作年度报告")


def title_parts(title: str) -> tuple[str, ...]:
    """The title cut before 政府信息公开工作年度报告, where a long title should wrap (a 22 pt title
    line holds 20 characters; "…工作年 / 度报告" is the break to avoid)."""
    suffix = _(TITLE_SUFFIX)
    head = title.removesuffix(suffix)
    return (head, suffix) if head and head != title else (title,)


def clean_text(text: str) -> str:
    """Officials' text as paragraphs can carry it: line ends unified, control characters (which
    lxml and openpyxl refuse, and nobody means to publish) removed, tabs made spaces."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return "".join(
        ch for ch in text if ch == "\n" or (unicodedata.category(ch) not in {"Cc", "Cs"} and ch not in "\ufffe\uffff")
    )


_BLANK_LINE = re.compile(r"\n[^\S\n]*\n\s*")


def paragraphs(text: str) -> tuple[str, ...]:
    """Blank lines separate paragraphs; a single line end stays a line break inside one. Leading
    full-width spaces are dropped: every rendering indents first lines itself."""
    result = []
    for block in _BLANK_LINE.split(clean_text(text or "").strip()):
        lines = [line.strip() for line in block.split("\n")]
        if joined := "\n".join(line for line in lines if line):
            result.append(joined)
    return tuple(result)


def _integer(value: Any) -> Cell:
    number = int(value or 0)
    return Cell(str(number), number)


def _amount(value: Any) -> Cell:
    try:
        number = Decimal(str(value if value not in (None, "") else "0")).quantize(Decimal("0.01"))
    except InvalidOperation:
        number = Decimal("0.00")
    return Cell(f"{number:.2f}", number)


def _figure(raw: Any, key: str, span: int) -> Cell:
    cell = _amount(raw) if key in AMOUNT_FIELDS else _integer(raw)
    return Cell(cell.text, cell.value, colspan=span)


def _head(text: str, scope: str, colspan: int = 1, rowspan: int = 1, *, strong: bool | None = None) -> Cell:
    """A header cell; column headers and article rows are set in bold unless ``strong`` says not."""
    strong = scope != "row" if strong is None else strong
    return Cell(text, colspan=colspan, rowspan=rowspan, header=True, scope=scope, strong=strong)


def _th(message: str, scope: str, colspan: int = 1, rowspan: int = 1, *, strong: bool | None = None) -> Cell:
    return _head(_(message), scope, colspan, rowspan, strong=strong)


def proactive_grid(figures: dict[str, Any]) -> Grid:
    """Table 二: four row groups, one per article of 条例 Art. 20."""
    width = len(PROACTIVE_WIDTHS) - 1
    bodies = []
    for block in PROACTIVE:
        span = width // len(block.columns)  # 3 columns, or 1 spanning all 3
        rows: list[Row] = [
            (_th(block.article, "rowgroup", colspan=width + 1),),
            (_th(PROACTIVE_CONTENT, "col"), *(_th(c, "col", colspan=span) for c in block.columns)),
        ]
        for line in block.lines:
            values = figures.get(line.key) or {}
            cells = (_figure(values.get(f), f, span) for f in line.fields)
            rows.append((_th(line.label, "row"), *cells))
        bodies.append(tuple(rows))
    return Grid("proactive", _(SHEETS["proactive"]), PROACTIVE_WIDTHS, (), tuple(bodies))


def _counts(table: dict[str, Any], row: str) -> tuple[Cell, ...]:
    values = table.get(row) or {}
    return tuple(_integer(values.get(column)) for column in (*COLUMNS, TOTAL))


def _applications_head() -> tuple[Row, ...]:
    organisations = [str(t.label) for t in ApplicantType if t != ApplicantType.NATURAL_PERSON]
    return (
        (_th(APPLICATIONS_NOTE, "col", colspan=3, rowspan=3, strong=False), _th(APPLICANTS, "col", colspan=7)),
        (
            _head(str(ApplicantType.NATURAL_PERSON.label), "col", rowspan=2),
            _th(ORGANISATIONS, "col", colspan=5),
            _th(TOTAL_LABEL, "col", rowspan=2),
        ),
        tuple(_head(label, "col") for label in organisations),
    )


def _outcome_rows(table: dict[str, Any]) -> list[Row]:
    """三、本年度办理结果: （一）–（六） by the groups of OUTCOMES (in Table 三's order), then （七）."""
    rows: list[list[Cell]] = []
    for group, codes in groupby(OUTCOME_ROWS, key=lambda code: OUTCOMES[code].group):
        members = list(codes)
        for index, code in enumerate(members):
            outcome = OUTCOMES[code]
            if not outcome.row:  # （一）, （二）: no sub-rows, the label spans both label columns
                label = _(group) + (_(ROW_NOTES[code]) if code in ROW_NOTES else "")
                rows.append([_head(label, "row", colspan=2)])
                continue
            labels = [_th(group, "row", rowspan=len(members))] if index == 0 else []
            rows.append([*labels, _th(outcome.row, "row")])
    rows.append([_th(RESULTS_TOTAL, "row", colspan=2)])
    rows[0].insert(0, _th(RESULTS, "row", rowspan=len(rows)))
    return [(*labels, *_counts(table, code)) for labels, code in zip(rows, [*OUTCOME_ROWS, TOTAL], strict=True)]


def applications_grid(table: dict[str, Any]) -> Grid:
    """Table 三: the 勾稽关系 note over the three label columns, 申请人情况 over the figures."""
    lead = [(_th(label, "row", colspan=3), *_counts(table, code)) for code, label in LEAD_ROWS]
    code, label = CARRIED_OVER
    tail = (_th(label, "row", colspan=3), *_counts(table, code))
    body = (*lead, *_outcome_rows(table), tail)
    sheet = _(SHEETS["applications"])
    return Grid("applications", sheet, APPLICATIONS_WIDTHS, _applications_head(), (body,))


def appeals_grid(table: dict[str, Any]) -> Grid:
    """Table 四: 行政复议 | 行政诉讼 (未经复议直接起诉, 复议后起诉), five results each, one row."""
    results = [*(str(AppealResult(r).label) for r in APPEAL_RESULTS), _(TOTAL_LABEL)]
    per_group = len(results)
    head = (
        (_th(REVIEW, "col", colspan=per_group), _th(LITIGATION, "col", colspan=per_group * 2)),
        (
            *(_head(label, "col", rowspan=2) for label in results),
            *(_th(LITIGATION_KINDS[kind], "col", colspan=per_group) for kind in APPEAL_KINDS[1:]),
        ),
        tuple(_head(label, "col") for _kind in APPEAL_KINDS[1:] for label in results),
    )
    figures: list[Cell] = []
    for kind in APPEAL_KINDS:
        values = table.get(kind) or {}
        figures.extend(_integer(values.get(result)) for result in (*APPEAL_RESULTS, TOTAL))
    return Grid("appeals", _(SHEETS["appeals"]), APPEALS_WIDTHS, head, ((tuple(figures),),))


def fee_statement(document: dict[str, Any]) -> str:
    """Section 六's fee sentence (REGULATIONS §3: reports state the fees collected; data.py
    computes them). With the notices issued beside what was collected unless the office's setting
    left them out (UNCONFIRMED: ``fee_notices`` is None then, as in reports cleared before it)."""
    collected = int(document.get("processing_fees_yuan") or 0)
    notices = document.get("fee_notices")
    if not isinstance(notices, dict):
        return _("本年度共收取信息处理费%(amount)s元。") % {"amount": collected}
    return _(
        "本年度共发出信息处理费收费通知%(count)s件，通知金额合计%(notified)s元；实际收取信息处理费%(amount)s元。"
    ) % {
        "count": int(notices.get("count") or 0),
        "notified": int(notices.get("amount_yuan") or 0),
        "amount": collected,
    }


def _other_paragraphs(document: dict[str, Any], text: str) -> tuple[str, ...]:
    return (fee_statement(document), *paragraphs(text))


def _notes(document: dict[str, Any]) -> tuple[str, ...]:
    notes = []
    if not document.get("cleared_on"):
        notes.append(_("（草稿，尚未经政务公开办公室审核）"))
    if int(document.get("revision") or 1) > 1 and (note := clean_text(document.get("change_note") or "").strip()):
        notes.append(_("（第%(revision)s版）更正说明：%(note)s") % {"revision": document["revision"], "note": note})
    return tuple(notes)


def build(document: dict[str, Any]) -> Report:
    """The report ``document`` (services.document, or a cleared snapshot) laid out. Missing figures
    read as 0 so that snapshots frozen before a row existed still render."""
    texts = document.get("sections") or {}
    doc_checks = document.get("checks") or ()
    grids = {
        "proactive": proactive_grid(document.get("proactive") or {}),
        "applications": applications_grid(document.get("applications") or {}),
        "appeals": appeals_grid(document.get("appeals") or {}),
    }
    sections = []
    for key, heading in HEADINGS.items():
        if key in grids:
            sections.append(Section(key, _(heading), table=grids[key]))
            continue
        text = texts.get(key) or ""
        body = _other_paragraphs(document, text) if key == "other" else paragraphs(text)
        sections.append(Section(key, _(heading), body or (_("无。"),)))
    checks = tuple(Check(str(c.get("rule")), bool(c.get("ok")), str(c.get("detail") or "")) for c in doc_checks)
    unit = (document.get("unit") or {}).get("name") or ""
    return Report(clean_text(document.get("title") or ""), unit, _notes(document), tuple(sections), checks)
