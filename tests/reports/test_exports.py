"""The annual report laid out in the national format (国办公开办函〔2021〕30号): the published HTML
body, the workbench preview, Word, PDF and the spreadsheet.

The case: 康巴什区民政局's 2026 report as cleared on 2027-01-20 (8 new applications, 3 answered, 5
carried over; one review pending; 7,500 yuan of processing fees). Placement is checked on a
second document whose every figure is different, so a number in the wrong cell shows.
The PDF is slow (~0.8 s: ~300 table cells), so the module renders one, once.
"""

from __future__ import annotations

import copy
import io
import re
from typing import Any

import lxml.html
import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook
from pypdf import PdfReader

from gongkai.foi.letters import OUTCOMES
from gongkai.publishing.sanitize import clean_html
from gongkai.reports import layout
from gongkai.reports.pdf import render_pdf
from gongkai.reports.render import preview_html, report_html
from gongkai.reports.sheets import render_xlsx
from gongkai.reports.word import render_docx

TITLE = "康巴什区民政局2026年政府信息公开工作年度报告"
SCRIPT = "<script>alert(1)</script>"
NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
HEADINGS = (
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
)
# Table 三, spelled out here in the national order rather than read from the code under test.
COLUMNS = ("natural_person", "commercial", "research", "public_interest", "legal_service", "other_org", "total")
OUTCOME_ROWS = (
    "disclosed",
    "partly_disclosed",
    *(f"withheld_{k}" for k in ("state_secret", "law", "security", "third_party", "internal", "process")),
    "withheld_enforcement",
    "withheld_inquiry",
    "unavailable_not_held",
    "unavailable_needs_creation",
    "unavailable_unclear",
    *(f"not_processed_{k}" for k in ("petition", "repeat", "publication", "excessive", "confirmation")),
    "other_correction_lapsed",
    "other_fee_lapsed",
    "other",
)
ROWS = ("new", "carried_in", *OUTCOME_ROWS, "total", "carried_over")
APPEAL_KINDS = ("review", "litigation_direct", "litigation_after_review")
RESULTS = ("upheld", "corrected", "other", "pending", "total")
CHECK_RULES = (
    "一、本年新收 + 二、上年结转 = 三、（七）总计 + 四、结转下年度继续办理",
    "三、（七）总计 = （一）至（六）各项之和",
    "每行“总计”列 = 自然人与法人或其他组织各列之和",
    "行政复议、行政诉讼各类“总计” = 结果维持 + 结果纠正 + 其他结果 + 尚未审结",
)


def counts(*values: int) -> dict[str, int]:
    return dict(zip(COLUMNS, values, strict=True))


def sample_report(**changes: Any) -> dict[str, Any]:
    """The cleared 2026 report of 康巴什区民政局 (as services.document freezes it)."""
    applications = {row: counts(0, 0, 0, 0, 0, 0, 0) for row in ROWS}
    applications |= {
        "new": counts(6, 1, 0, 0, 1, 0, 8),
        "disclosed": counts(1, 0, 0, 0, 0, 0, 1),
        "withheld_third_party": counts(1, 0, 0, 0, 0, 0, 1),
        "other_correction_lapsed": counts(1, 0, 0, 0, 0, 0, 1),
        "total": counts(3, 0, 0, 0, 0, 0, 3),
        "carried_over": counts(3, 1, 0, 0, 1, 0, 5),
    }
    appeals = {kind: dict.fromkeys(RESULTS, 0) for kind in APPEAL_KINDS}
    appeals["review"] |= {"pending": 1, "total": 1}
    document = {
        "year": 2026,
        "unit": {"id": 6, "name": "康巴什区民政局", "scope": "unit"},
        "proactive": {
            "rules": {"made": 0, "repealed": 0, "in_force": 0},
            "normative": {"made": 2, "repealed": 0, "in_force": 2},
            "licensing": {"decisions": 0},
            "penalty": {"decisions": 0},
            "enforcement": {"decisions": 0},
            "admin_fees": {"amount_wan_yuan": "0.00"},
        },
        "applications": applications,
        "appeals": appeals,
        "processing_fees_yuan": 7500,
        "checks": [{"rule": rule, "ok": True, "detail": ""} for rule in CHECK_RULES],
        "title": TITLE,
        "sections": {
            "overview": "2026年，我局认真贯彻落实《中华人民共和国政府信息公开条例》……\n\n（一）主动公开……",
            "problems": "一是……二是……",
            "other": "本年度收取信息处理费0元。",
        },
        "revision": 1,
        "change_note": "",
        "cleared_on": "2027-01-20",
    }
    return copy.deepcopy(document) | changes


def numbered_report() -> dict[str, Any]:
    """Every figure different: Table 三 row i, column j holds 100·i + j; Table 四 group g, result r
    holds 10·g + r; Table 二 has its own and an amount of 12.34 万元."""
    document = sample_report()
    document["applications"] = {row: counts(*(100 * i + j for j in range(7))) for i, row in enumerate(ROWS)}
    document["appeals"] = {kind: {r: 10 * g + k for k, r in enumerate(RESULTS)} for g, kind in enumerate(APPEAL_KINDS)}
    document["proactive"] |= {
        "rules": {"made": 1, "repealed": 2, "in_force": 3},
        "normative": {"made": 4, "repealed": 5, "in_force": 6},
        "licensing": {"decisions": 7},
        "penalty": {"decisions": 8},
        "enforcement": {"decisions": 9},
        "admin_fees": {"amount_wan_yuan": "12.34"},
    }
    return document


def squeeze(text: str) -> str:
    """PDF text extraction breaks lines where the layout did; compare without whitespace."""
    return re.sub(r"\s+", "", text)


def matrix(table: Any) -> list[list[Any]]:
    """An HTML table as a full grid: each spanned cell repeated over the positions it covers."""
    grid: dict[tuple[int, int], Any] = {}
    for r, tr in enumerate(table.iter("tr")):
        c = 0
        for cell in tr:
            while (r, c) in grid:
                c += 1
            for dr in range(int(cell.get("rowspan", 1))):
                for dc in range(int(cell.get("colspan", 1))):
                    grid[r + dr, c + dc] = cell
            c += int(cell.get("colspan", 1))
    rows, columns = max(r for r, _ in grid) + 1, max(c for _, c in grid) + 1
    assert len(grid) == rows * columns, "the table is not rectangular"
    return [[grid[r, c] for c in range(columns)] for r in range(rows)]


def tables(html: str) -> list[Any]:
    return lxml.html.fragment_fromstring(html, create_parent="div").findall(".//table")


def text(cell: Any) -> str:
    return cell.text_content().strip()


def structure(html: str) -> list[tuple[str, dict[str, str], str]]:
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    return [(el.tag, dict(el.attrib), (el.text or "").strip()) for el in root.iter()]


# --- layout


@pytest.mark.parametrize("grid", layout.build(sample_report()).grids, ids=lambda g: g.key)
def test_every_table_fills_its_grid_exactly_and_fits_the_type_area(grid: layout.Grid) -> None:
    covered: list[tuple[int, int]] = []
    for r, c, cell in grid.placed():
        covered += [(r + dr, c + dc) for dr in range(cell.rowspan) for dc in range(cell.colspan)]
    assert sorted(covered) == [(r, c) for r in range(len(grid.rows)) for c in range(grid.columns)]
    assert sum(grid.widths) == pytest.approx(156)  # GB/T 9704: 210 mm − 28 mm − 26 mm


def test_paragraphs_split_on_blank_lines_and_keep_line_breaks() -> None:
    assert layout.paragraphs("\u3000\u3000第一段\r\n续行\n\n \n第二段\x00\x0b\n") == ("第一段\n续行", "第二段")


def test_drafts_and_corrections_are_noted_under_the_title() -> None:
    assert layout.build(sample_report()).notes == ()
    assert layout.build(sample_report(cleared_on=None)).notes == ("（草稿，尚未经政务公开办公室审核）",)
    corrected = layout.build(sample_report(revision=2, change_note="更正表三“自然人”列数据。"))
    assert corrected.notes == ("（第2版）更正说明：更正表三“自然人”列数据。",)


# --- published HTML


def test_html_table_three_has_every_row_label_and_figure_in_its_cell() -> None:
    document = numbered_report()
    grid = matrix(tables(report_html(document))[1])
    assert len(grid) == 3 + len(ROWS) and len(grid[0]) == 10
    body = grid[3:]
    assert text(body[0][0]) == "一、本年新收政府信息公开申请数量"
    assert text(body[1][0]) == "二、上年结转政府信息公开申请数量"
    assert text(body[-2][1]) == "（七）总计" and text(body[-1][0]) == "四、结转下年度继续办理"
    for index, code in enumerate(OUTCOME_ROWS, start=2):
        outcome = OUTCOMES[code]
        assert text(body[index][0]) == "三、本年度办理结果"
        assert text(body[index][1]).startswith(outcome.group)
        assert text(body[index][2]) == (outcome.row or text(body[index][1]))
    assert text(body[3][1]) == "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
    assert text(body[4][2]) == "1.属于国家秘密" and text(body[-3][2]) == "3.其他"
    for index, code in enumerate(ROWS):
        assert [int(text(cell)) for cell in body[index][3:]] == [document["applications"][code][c] for c in COLUMNS]


def test_html_table_three_header_is_merged_like_the_national_format() -> None:
    table = tables(report_html(sample_report()))[1]
    head = [[(text(c), c.get("colspan"), c.get("rowspan"), c.get("scope")) for c in tr] for tr in table.find("thead")]
    assert head == [
        [(NOTE, "3", "3", "col"), ("申请人情况", "7", None, "col")],
        [("自然人", None, "2", "col"), ("法人或其他组织", "5", None, "col"), ("总计", None, "2", "col")],
        [(label, None, None, "col") for label in ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")],
    ]
    results = table.xpath(".//th[text()='三、本年度办理结果']")
    assert [(th.get("rowspan"), th.get("scope")) for th in results] == [("22", "row")]
    groups = {text(th): th.get("rowspan") for th in table.xpath(".//tbody//th[@rowspan]")}
    assert groups == {
        "三、本年度办理结果": "22",
        "（三）不予公开": "8",
        "（四）无法提供": "3",
        "（五）不予处理": "5",
        "（六）其他处理": "3",
    }


def test_html_tables_two_and_four() -> None:
    proactive, _applications, appeals = tables(report_html(numbered_report()))
    grid = matrix(proactive)
    assert [text(row[0]) for row in grid if row[0].get("scope") == "rowgroup"] == [
        "第二十条第（一）项",
        "第二十条第（五）项",
        "第二十条第（六）项",
        "第二十条第（八）项",
    ]
    assert [text(c) for c in grid[3]] == ["行政规范性文件", "4", "5", "6"]
    assert [text(c) for c in grid[-2]] == ["信息内容", *["本年收费金额（单位：万元）"] * 3]
    assert text(grid[-1][0]) == "行政事业性收费" and grid[-1][1].get("colspan") == "3" and text(grid[-1][1]) == "12.34"
    grid = matrix(appeals)
    assert [text(c) for c in grid[0]] == ["行政复议"] * 5 + ["行政诉讼"] * 10
    assert [text(c) for c in grid[1][5:]] == ["未经复议直接起诉"] * 5 + ["复议后起诉"] * 5
    assert [text(c) for c in grid[2]] == ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 3
    assert [int(text(c)) for c in grid[3]] == [10 * g + r for g in range(3) for r in range(5)]


def test_html_sections_in_order_with_the_fee_in_section_six_and_no_checks_or_title() -> None:
    html = report_html(sample_report(sections={"overview": "总体情况。", "problems": "", "other": "其他事项。"}))
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    assert [h.text for h in root.findall("h2")] == list(HEADINGS)
    after_six = [p.text for p in root.xpath("//h2[text()='六、其他需要报告的事项']/following-sibling::p")]
    assert after_six == ["本年度共收取信息处理费7500元。", "其他事项。"]
    assert root.xpath("//h2[text()='五、存在的主要问题及改进情况']/following-sibling::*[1]")[0].text == "无。"
    assert TITLE not in html and "勾稽关系校验" not in html and CHECK_RULES[0] not in html


def test_html_escapes_officials_text() -> None:
    html = report_html(
        sample_report(sections={"overview": f"第一段{SCRIPT}\n第二行\n\n第二段 & “引号”", "problems": "", "other": ""})
    )
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script" not in html
    assert "<p>第一段&lt;script&gt;alert(1)&lt;/script&gt;<br>第二行</p>" in html
    assert "<p>第二段 &amp; “引号”</p>" in html


def test_html_survives_the_sanitiser_with_every_cell_and_span() -> None:
    html = report_html(numbered_report())
    assert clean_html(html) == html
    odd = report_html(sample_report(sections={"overview": f"\"{SCRIPT}\" 'x' <b>", "problems": "", "other": ""}))
    assert structure(clean_html(odd)) == structure(odd)  # the text's quotes are re-escaped, nothing else
    tags = [el.tag for el in lxml.html.fragment_fromstring(clean_html(odd), create_parent="div").iter("th", "td")]
    # Table 二: 20 labels, 10 figures; 三: 10 + 30 labels, 24 rows of 7 figures; 四: 19 labels, 15 figures.
    assert (tags.count("th"), tags.count("td")) == (20 + 40 + 19, 10 + len(ROWS) * 7 + 15)


def test_preview_shows_the_checks_then_the_published_body() -> None:
    document = sample_report(cleared_on=None)
    document["checks"][0] |= {"ok": False, "detail": "自然人、总计"}
    html = preview_html(document)
    assert f"<strong>未通过：{CHECK_RULES[0]}（自然人、总计）</strong>" in html
    assert f"<li>通过：{CHECK_RULES[1]}</li>" in html
    assert "（草稿，尚未经政务公开办公室审核）" in html
    assert html.endswith(report_html(document))


# --- Word


@pytest.fixture(scope="module")
def docx() -> Any:
    document = numbered_report()
    document["sections"]["problems"] = f"问题{SCRIPT}\x00\x0b末尾"  # lxml refuses control characters
    return Document(io.BytesIO(render_docx(document)))


def test_docx_has_the_title_headings_and_page(docx: Any) -> None:
    texts = [p.text for p in docx.paragraphs]
    assert texts[0].replace("\n", "") == TITLE
    assert [t for t in texts if t in HEADINGS] == list(HEADINGS)
    assert "本年度共收取信息处理费7500元。" in texts and f"问题{SCRIPT}末尾" in texts
    section = docx.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert docx.core_properties.title == TITLE


def test_docx_sets_east_asian_fonts(docx: Any) -> None:
    def east_asia(element: Any) -> str:
        return element.rPr.rFonts.get(qn("w:eastAsia"))

    assert east_asia(docx.styles["Normal"].element) == "仿宋_GB2312"
    heading = next(p for p in docx.paragraphs if p.text == HEADINGS[0])
    assert east_asia(heading.runs[0]._r) == "黑体"
    cell_style = docx.tables[1].cell(3, 3).paragraphs[0].style
    assert east_asia(cell_style.element) == "宋体" and cell_style.font.size.pt == 9


def test_docx_tables_have_the_national_shape_and_merged_headers(docx: Any) -> None:
    proactive, applications, appeals = docx.tables
    assert [(len(t.rows), len(t.columns)) for t in docx.tables] == [(14, 4), (3 + len(ROWS), 10), (4, 15)]
    assert applications.cell(0, 0).text == NOTE
    assert applications.cell(0, 0)._tc is applications.cell(2, 2)._tc  # 3 × 3
    assert applications.cell(0, 3)._tc is applications.cell(0, 9)._tc  # 申请人情况
    assert applications.cell(1, 3)._tc is applications.cell(2, 3)._tc  # 自然人
    assert applications.cell(5, 0).text == "三、本年度办理结果"
    assert applications.cell(5, 0)._tc is applications.cell(26, 0)._tc
    assert [c.text for c in applications.rows[5].cells[3:]] == [str(n) for n in range(200, 207)]  # disclosed
    assert appeals.cell(0, 5)._tc is appeals.cell(0, 14)._tc and appeals.cell(0, 5).text == "行政诉讼"
    assert [c.text for c in appeals.rows[3].cells] == [str(10 * g + r) for g in range(3) for r in range(5)]
    assert proactive.cell(13, 1)._tc is proactive.cell(13, 3)._tc and proactive.cell(13, 1).text == "12.34"
    assert all(row._tr.trPr.find(qn("w:tblHeader")) is not None for row in applications.rows[:3])
    assert sum(tc.width for tc in applications.rows[3]._tr.tc_lst) == pytest.approx(Mm(156), rel=0.01)


# --- PDF


@pytest.fixture(scope="module")
def pdf() -> PdfReader:
    document = sample_report()
    document["sections"]["problems"] = f"一是……{SCRIPT}"
    data = render_pdf(document)
    assert data.startswith(b"%PDF-")
    return PdfReader(io.BytesIO(data))


def test_pdf_prints_the_title_and_the_tables_in_chinese(pdf: PdfReader) -> None:
    text = squeeze("".join(page.extract_text() for page in pdf.pages))
    for expected in (TITLE, *HEADINGS, NOTE, "申请人情况", "法人或其他组织", "1.属于国家秘密", "（七）总计"):
        assert squeeze(expected) in text
    assert "一、本年新收政府信息公开申请数量61001" in text and "四、结转下年度继续办理3100105" in text
    assert "本年度共收取信息处理费7500元。" in text and SCRIPT in text
    assert squeeze(CHECK_RULES[0]) not in text


def test_pdf_embeds_a_cjk_font_and_numbers_its_pages(pdf: PdfReader) -> None:
    fonts = {str(font.get_object()["/BaseFont"]) for page in pdf.pages for font in page["/Resources"]["/Font"].values()}
    assert fonts and all(re.search(r"CJK|WenQuanYi", name) for name in fonts), fonts
    for number, page in enumerate(pdf.pages, start=1):
        assert f"第{number}页共{len(pdf.pages)}页" in squeeze(page.extract_text())
    assert pdf.metadata is not None and pdf.metadata.title == TITLE


# --- spreadsheet


@pytest.fixture(scope="module")
def workbook() -> Workbook:
    return load_workbook(io.BytesIO(render_xlsx(numbered_report())))


def test_xlsx_has_one_sheet_per_table_with_merged_national_headers(workbook: Workbook) -> None:
    assert workbook.sheetnames == ["表二 主动公开", "表三 依申请公开", "表四 复议诉讼"]
    merged = {name: {str(r) for r in workbook[name].merged_cells.ranges} for name in workbook.sheetnames}
    assert {"A1:D1", "A3:D3", "B16:D16"} <= merged["表二 主动公开"]
    assert {"A1:J1", "A3:C5", "D3:J3", "D4:D5", "E4:I4", "J4:J5", "A8:A29", "B10:B17", "B29:C29"} <= merged[
        "表三 依申请公开"
    ]
    assert {"A3:E3", "F3:O3", "A4:A5", "F4:J4", "K4:O4"} <= merged["表四 复议诉讼"]
    sheet = workbook["表三 依申请公开"]
    assert sheet["A1"].value == TITLE and sheet["A2"].value == HEADINGS[2] and sheet["A3"].value == NOTE
    assert sheet.column_dimensions["C"].width > sheet.column_dimensions["D"].width > 5


def test_xlsx_cells_are_the_documents_numbers(workbook: Workbook) -> None:
    document = numbered_report()
    sheet = workbook["表三 依申请公开"]
    for code, row in (("new", 6), ("disclosed", 8), ("total", 29), ("carried_over", 30)):
        values = [cell.value for cell in sheet[row][3:10]]
        assert values == [document["applications"][code][c] for c in COLUMNS]
        assert all(type(v) is int for v in values)
    assert sheet["A6"].value == "一、本年新收政府信息公开申请数量" and sheet["B29"].value == "（七）总计"
    fee = workbook["表二 主动公开"]["B16"]
    assert fee.value == pytest.approx(12.34) and fee.number_format == "0.00"
    assert [c.value for c in workbook["表四 复议诉讼"][6]] == [10 * g + r for g in range(3) for r in range(5)]


def test_old_snapshots_missing_rows_render_as_zero() -> None:
    document = sample_report()
    del document["applications"]["withheld_inquiry"], document["proactive"]["admin_fees"]
    grid = matrix(tables(report_html(document))[1])
    assert [text(c) for c in grid[3 + ROWS.index("withheld_inquiry")][3:]] == ["0"] * 7
    assert load_workbook(io.BytesIO(render_xlsx(document)))["表二 主动公开"]["B16"].value == 0
