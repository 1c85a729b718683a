"""An editor imports the signed Word file of a 通知: the body becomes safe HTML, and the
文号, title and 成文日期 are suggested from the GB/T 9704 layout."""

from __future__ import annotations

import datetime as dt
import io

import lxml.html
import pytest
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from gongkai.publishing.sanitize import clean_html
from gongkai.publishing.wordimport import (
    IMAGES_DROPPED,
    PARTLY_READ,
    UNREADABLE,
    WordImportError,
    docx_metadata,
    docx_to_html,
    find_doc_number,
    parse_date_line,
)
from tests.publishing.fixtures import builders

D = dt.date


def saved(document: object) -> io.BytesIO:
    buffer = io.BytesIO()
    document.save(buffer)  # type: ignore[attr-defined]
    buffer.seek(0)
    return buffer


def test_the_notice_becomes_sanitised_html_without_its_picture() -> None:
    html, warnings = docx_to_html(io.BytesIO(builders.notice_docx()))
    assert warnings == [IMAGES_DROPPED]
    assert clean_html(html) == html
    assert "<h2>一、工作目标</h2>" in html
    assert "<h3>（一）公开内容</h3>" in html
    assert "<strong>公开为常态、不公开为例外</strong>" in html
    assert '<td colspan="2"><p>决算公开（含“三公”经费）</p></td>' in html
    assert "<img" not in html and "data:" not in html
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    assert [td.text_content() for td in root.iter("td")][:3] == ["序号", "任务", "责任单位"]
    assert root.xpath("string(p[1])") == "康巴什区人民政府办公室文件"


def test_a_document_without_pictures_has_no_warnings() -> None:
    html, warnings = docx_to_html(io.BytesIO(builders.lines_docx(["各单位：", "　　特此通知。"])))
    assert (html, warnings) == ("<p>各单位：</p><p>\u3000\u3000特此通知。</p>", [])


def test_english_and_chinese_heading_styles_map_one_level_down() -> None:
    document = Document()
    document.add_heading("关于做好政务公开工作的通知", level=0)  # style "Title"
    document.add_heading("一级", level=1)
    document.add_heading("三级", level=3)
    for name in ("标题 1", "标题2", "公文正文"):
        document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        document.add_paragraph(f"样式{name}", style=name)
    html, warnings = docx_to_html(saved(document))
    assert html == (
        "<h2>关于做好政务公开工作的通知</h2><h2>一级</h2><h4>三级</h4>"
        "<h2>样式标题 1</h2><h3>样式标题2</h3><p>样式公文正文</p>"
    )
    assert warnings == []  # a custom style is normal, its text is simply a paragraph


def _hyperlink(document: object, paragraph: object, url: str, text: str) -> None:
    rel_id = document.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)  # type: ignore[attr-defined]
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel_id)
    run = OxmlElement("w:r")
    run_text = OxmlElement("w:t")
    run_text.text = text
    run.append(run_text)
    link.append(run)
    paragraph._p.append(link)  # type: ignore[attr-defined]


def test_hostile_content_in_the_document_comes_out_inert() -> None:
    document = Document()
    document.add_paragraph("<script>alert(1)</script>")
    paragraph = document.add_paragraph("见")
    _hyperlink(document, paragraph, "javascript:alert(1)", "此处")
    _hyperlink(document, paragraph, "https://www.gov.cn/zhengce/", "国务院政策")
    html, _warnings = docx_to_html(saved(document))
    assert html == (
        "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"
        '<p>见<a rel="noopener noreferrer">此处</a>'
        '<a href="https://www.gov.cn/zhengce/" rel="noopener noreferrer">国务院政策</a></p>'
    )


def test_content_mammoth_cannot_read_is_reported() -> None:
    document = Document()
    paragraph = document.add_paragraph("正文")
    paragraph.runs[0]._r.append(OxmlElement("w:ruby"))
    html, warnings = docx_to_html(saved(document))
    assert html == "<p>正文</p>"
    assert warnings == [PARTLY_READ]


@pytest.mark.parametrize(
    "data",
    [b"", b"not a document", builders.PDF, builders.zip_of({"readme.txt": "x"}), builders.notice_docx()[:5000]],
)
def test_unreadable_files_raise_a_chinese_error(data: bytes) -> None:
    for read in (docx_to_html, docx_metadata):
        with pytest.raises(WordImportError) as caught:
            read(io.BytesIO(data))
        assert caught.value.message == UNREADABLE == "无法读取该文件，请上传 Word（.docx）格式的文档"


def test_metadata_of_the_notice() -> None:
    assert docx_metadata(io.BytesIO(builders.notice_docx())) == {
        "doc_number": "康政办发〔2026〕12号",
        "title": "康巴什区人民政府办公室关于做好2026年政务公开工作的通知",
        "written_on": D(2026, 3, 5),  # not the attachment's 3月1日 nor the 印发 date 3月6日
    }


@pytest.mark.parametrize(
    ("number_line", "expected"),
    [
        ("康政发[2026]3号", "康政发〔2026〕3号"),
        ("康政发(2026)3号", "康政发〔2026〕3号"),
        ("康政发（２０２６）００３号", "康政发〔2026〕3号"),
        ("内政办发【2025】12号", "内政办发〔2025〕12号"),
        ("康政字 〔 2026 〕 第 5 号", "康政字〔2026〕5号"),
        ("康政发〔2026〕12号　　　　签发人：张  明", "康政发〔2026〕12号"),
        ("文号：鄂尔多斯政办发〔2026〕7号", "鄂尔多斯政办发〔2026〕7号"),
    ],
)
def test_doc_number_variants_are_normalised(number_line: str, expected: str) -> None:
    metadata = docx_metadata(io.BytesIO(builders.notice_docx(number_line=number_line)))
    assert metadata["doc_number"] == expected
    assert metadata["title"] == "康巴什区人民政府办公室关于做好2026年政务公开工作的通知"


@pytest.mark.parametrize(
    ("date_line", "expected"),
    [
        ("二〇二六年三月五日", D(2026, 3, 5)),
        ("二○二六年十二月三十一日", D(2026, 12, 31)),
        ("二O二六年十月二十日", D(2026, 10, 20)),
        ("二零二六年一月十日", D(2026, 1, 10)),
        ("２０２６年３月５日", D(2026, 3, 5)),
        ("2026 年 3 月 15 日", D(2026, 3, 15)),
        ("（盖章）", None),
    ],
)
def test_written_on_in_arabic_or_chinese_numerals(date_line: str, expected: dt.date | None) -> None:
    metadata = docx_metadata(io.BytesIO(builders.notice_docx(date_line=date_line)))
    assert metadata["written_on"] == expected


def test_without_doc_number_the_organ_mark_is_not_the_title() -> None:
    metadata = docx_metadata(io.BytesIO(builders.notice_docx(number_line=None)))
    assert metadata == {
        "doc_number": None,
        "title": "康巴什区人民政府办公室关于做好2026年政务公开工作的通知",
        "written_on": D(2026, 3, 5),
    }


def test_a_one_line_title_in_title_style() -> None:
    document = Document()
    document.add_paragraph("康巴什区人民政府文件")
    document.add_paragraph("康政发〔2026〕1号")
    document.add_paragraph("")
    document.add_heading("康巴什区人民政府关于印发政务公开工作要点的通知", level=0)
    document.add_paragraph("各镇人民政府：")
    document.add_paragraph("2026年1月8日")
    assert docx_metadata(saved(document)) == {
        "doc_number": "康政发〔2026〕1号",
        "title": "康巴什区人民政府关于印发政务公开工作要点的通知",
        "written_on": D(2026, 1, 8),
    }


def test_a_document_without_any_formatting() -> None:
    lines = [
        "关于开展安全生产大检查的通知",
        "各单位：",
        "　　现将有关事项通知如下。",
        "　　特此通知。",
        "二〇二六年三月五日",
    ]
    assert docx_metadata(io.BytesIO(builders.lines_docx(lines))) == {
        "doc_number": None,
        "title": "关于开展安全生产大检查的通知",
        "written_on": D(2026, 3, 5),
    }


def test_a_date_in_a_signature_table_is_found() -> None:
    document = Document()
    document.add_paragraph("关于调整办公时间的公告")
    document.add_paragraph("　　自2026年4月1日起，办公时间调整如下。")
    table = document.add_table(rows=2, cols=1)
    table.cell(0, 0).text = "康巴什区人民政府办公室"
    table.cell(1, 0).text = "2026年3月20日"
    assert docx_metadata(saved(document))["written_on"] == D(2026, 3, 20)


def test_an_empty_document_has_no_metadata() -> None:
    assert docx_metadata(io.BytesIO(builders.lines_docx([]))) == {"doc_number": None, "title": None, "written_on": None}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026年3月5日", D(2026, 3, 5)),
        ("（2026年3月5日）", D(2026, 3, 5)),
        ("(二〇二六年三月五日)", D(2026, 3, 5)),
        ("\u3000\u30002026年3月5日  ", D(2026, 3, 5)),
        ("2026年2月30日", None),
        ("二〇二六年十三月一日", None),
        ("2026年3月6日印发", None),
        ("自2026年4月1日起施行", None),
        ("2026年3月", None),
        ("", None),
    ],
)
def test_parse_date_line(text: str, expected: dt.date | None) -> None:
    assert parse_date_line(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("根据《关于做好政务公开工作的通知》（内政办发〔2025〕3号）要求", "内政办发〔2025〕3号"),
        ("康政办发〔２０２６〕０１２号", "康政办发〔2026〕12号"),
        ("2026年政务公开工作要点", None),
        ("〔2026〕12号", None),
    ],
)
def test_find_doc_number(text: str, expected: str | None) -> None:
    assert find_doc_number(text) == expected
