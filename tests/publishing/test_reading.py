"""Every attachment's text, place by place (issue 24, point 1): each format read from real files,
built here or kept as tiny fixtures, and every way a file can fail to be read said in Chinese.

The legacy fixtures (tests/publishing/fixtures/legacy.doc, 19 KB, and legacy.xls, 6 KB) were
written by LibreOffice 7.4 from the .docx and .xlsx that ``legacy_sources`` builds:
``python -c "from tests.publishing.test_reading import write_legacy_fixtures as w; w()"``.
The four LibreOffice conversions run once per module, two at a time (one per core).
"""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import tempfile
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import openpyxl
import pytest
from docx import Document
from lxml import etree
from PIL import Image, ImageDraw, ImageFont
from pypdf import PdfReader, PdfWriter

from gongkai.gazette.pdfgen import make_pdf
from gongkai.publishing.reading import Limits, Reading, Segment, Unreadable, read, tools
from gongkai.publishing.reading.core import Budget
from gongkai.publishing.reading.office import cell_text, column_letter
from tests.publishing.fixtures import builders

FIXTURES = Path(__file__).parent / "fixtures"
FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
ID = "150627199003071231"  # a valid check character
ID_LINE = f"姓名 张三 身份证号 {ID}"


def places(reading: Reading) -> dict[str, str]:
    return {segment.where: segment.text for segment in reading.segments}


def unreadable(kind: str, data: bytes, limits: Limits = Limits()) -> Unreadable:  # noqa: B008
    with pytest.raises(Unreadable) as caught:
        read(kind, data, limits)
    return caught.value


# --- Pictures and PDF pages that are pictures --------------------------------------------------


def picture(lines: list[str], size: int = 40, width: int = 1400) -> Image.Image:
    """Black text on white at about 200 dpi for a 小四 line: what a scan of a printed list gives."""
    font = ImageFont.truetype(FONT, size)
    image = Image.new("RGB", (width, 60 + len(lines) * size * 2), "white")
    draw = ImageDraw.Draw(image)
    for number, line in enumerate(lines):
        draw.text((40, 30 + number * size * 2), line, font=font, fill="black")
    return image


def encoded(image: Image.Image, fmt: str) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt)
    return buffer.getvalue()


def scanned_pdf(*pages: Image.Image) -> bytes:
    """A PDF of pictures only, no text layer: what a scanner writes."""
    buffer = io.BytesIO()
    pages[0].save(buffer, "PDF", resolution=200, save_all=True, append_images=list(pages[1:]))
    return buffer.getvalue()


@pytest.mark.parametrize(("kind", "fmt"), [("png", "PNG"), ("jpeg", "JPEG"), ("gif", "GIF"), ("webp", "WEBP")])
def test_an_id_number_printed_in_a_picture_is_read_back_digit_for_digit(kind: str, fmt: str) -> None:
    reading = read(kind, encoded(picture([ID_LINE, "联系电话 13912345678"]), fmt))
    assert (reading.method, reading.pages) == ("ocr", 1)
    [segment] = reading.segments
    assert segment.where == "图片（文字识别）"
    assert ID in segment.text.replace(" ", "")
    assert "13912345678" in segment.text.replace(" ", "")
    assert "张三" in segment.text


def test_a_picture_without_text_gives_no_segments() -> None:
    blank = Image.new("RGB", (800, 600), (200, 220, 240))
    assert read("png", encoded(blank, "PNG")) == Reading((), 1, "ocr")
    assert read("png", builders.png(12, 12)) == Reading((), 1, "ocr")  # too small to hold text: not OCR'd


def test_a_damaged_picture_says_so() -> None:
    png = encoded(picture(["x"]), "PNG")
    assert "图片已损坏" in unreadable("png", png[:200]).message
    assert "图片已损坏" in unreadable("jpeg", b"\xff\xd8\xff\xe0" + bytes(50)).message


def test_with_ocr_off_a_picture_is_unreadable() -> None:
    error = unreadable("png", encoded(picture([ID_LINE]), "PNG"), Limits(ocr=False))
    assert error.message == "未开启文字识别，无法读取图片中的文字"


def test_a_scanned_pdf_page_is_read_by_ocr_beside_the_typed_pages() -> None:
    writer = PdfWriter()
    for data in (make_pdf([["Kangbashi District notice", "No. 12"]]), scanned_pdf(picture([ID_LINE]))):
        writer.append(PdfReader(io.BytesIO(data)))
    buffer = io.BytesIO()
    writer.write(buffer)

    reading = read("pdf", buffer.getvalue())

    assert (reading.pages, reading.method) == (2, "pdf+ocr")
    found = places(reading)
    assert found["第1页"] == "Kangbashi District notice\nNo. 12"
    assert "第2页" not in found  # no text layer
    assert ID in found["第2页（文字识别）"].replace(" ", "")


def test_with_ocr_off_a_scanned_page_is_unreadable_naming_the_page() -> None:
    error = unreadable("pdf", scanned_pdf(picture([ID_LINE])), Limits(ocr=False))
    assert error.message == "未开启文字识别，无法读取第1页（扫描页，没有文字层）"


def test_a_blank_page_needs_no_ocr() -> None:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    buffer = io.BytesIO()
    writer.write(buffer)
    assert read("pdf", buffer.getvalue(), Limits(ocr=False)) == Reading((), 1, "pdf")


def test_reading_stops_at_the_deadline_and_kills_what_it_started(tmp_path: Path) -> None:
    pages = [picture([ID_LINE] * 8, width=1600) for _ in range(6)]
    started = time.monotonic()
    error = unreadable("pdf", scanned_pdf(*pages), Limits(timeout_seconds=1))
    assert error.message == "读取文件超时（超过1秒），请拆分文件或另存为PDF后再上传"
    assert time.monotonic() - started < 3

    # A program that leaves a child behind: the whole process group goes at the deadline.
    pid_file = tmp_path / "pid"
    with pytest.raises(Unreadable):
        tools.run(["sh", "-c", f"sleep 30 & echo $! > {pid_file}; wait"], Budget(Limits(timeout_seconds=1)))
    left = int(pid_file.read_text())
    time.sleep(0.1)
    assert not _running(left)


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"  # a zombie is dead, waiting for init to collect it


def test_a_missing_program_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    error = unreadable("png", encoded(picture(["x"]), "PNG"))
    legacy_error = unreadable("doc", (FIXTURES / "legacy.doc").read_bytes())
    assert error.message == "服务器未安装文字识别程序（tesseract-ocr），无法读取PNG 图片文件，请联系系统管理员"
    assert "LibreOffice" in legacy_error.message and "Word（.doc）" in legacy_error.message


# --- PDF text layer ----------------------------------------------------------------------------


def test_a_pdf_is_read_page_by_page() -> None:
    reading = read("pdf", make_pdf([["Notice", f"ID {ID}"], ["Contents"]]))
    assert reading == Reading((Segment("第1页", f"Notice\nID {ID}"), Segment("第2页", "Contents")), 2, "pdf")


def test_pdf_limits_and_damage() -> None:
    three = make_pdf([["a"], ["b"], ["c"]])
    assert unreadable("pdf", three, Limits(max_pages=2)).message == ("PDF文件页数过多（3页，上限2页），请拆分后上传")
    assert unreadable("pdf", three, Limits(max_chars=2)).message == "文件文字过多（超过2字），请拆分后上传"
    assert unreadable("pdf", b"%PDF-1.4\nnot really").message == "PDF文件已损坏，无法读取其内容，请检查后重新保存上传"

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(three)))
    writer.encrypt("pw", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    assert unreadable("pdf", buffer.getvalue()).message == "PDF文件设有密码，请取消密码后再上传"


# --- Word --------------------------------------------------------------------------------------

NAMESPACES = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)
# A content control, a tracked deletion, and a text box as Word writes it (drawing and VML fallback).
RAW_BLOCKS = f"""<root {NAMESPACES}>
<w:sdt><w:sdtContent><w:p><w:r><w:t>控件里的申请人：李四</w:t></w:r></w:p></w:sdtContent></w:sdt>
<w:p><w:r><w:t>已删除身份证号：</w:t></w:r><w:del w:id="1" w:author="editor">
  <w:r><w:delText>{ID}</w:delText></w:r></w:del></w:p>
<w:p><w:r><mc:AlternateContent>
  <mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent>
    <w:p><w:r><w:t>文本框：联系电话13912345678</w:t></w:r></w:p></w:txbxContent></wps:txbx></w:drawing></mc:Choice>
  <mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>
    <w:p><w:r><w:t>文本框：联系电话13912345678</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict>
  </mc:Fallback></mc:AlternateContent></w:r></w:p>
</root>"""


def rich_docx() -> bytes:
    document = Document(io.BytesIO(builders.notice_docx()))
    section = document.sections[0]
    section.header.paragraphs[0].text = "康巴什区民政局"
    section.footer.paragraphs[0].text = "第1页"
    outer = document.add_table(rows=1, cols=2)
    outer.cell(0, 0).text = "名单"
    inner = outer.cell(0, 1).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "王五"
    inner.cell(0, 1).text = "15062719851112004X"
    commented = document.add_paragraph("请核对")
    document.add_comment(commented.runs, text="申请人电话13912345678", author="审核人")
    body = document.element.body
    for block in etree.fromstring(RAW_BLOCKS):
        body.insert(len(body) - 1, block)  # before the section properties
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_docx_is_read_by_paragraph_and_table_cell() -> None:
    reading = read("docx", rich_docx())
    found = places(reading)
    assert reading.method == "docx"
    assert found["第1段"] == "康巴什区人民政府办公室文件"
    assert found["第2段"] == "康政办发〔２０２６〕１２号"  # typed text keeps its full-width forms
    assert found["表格1第1行第3列"] == "责任单位"
    assert found["表格1第3行第2列"] == "决算公开（含“三公”经费）"  # merged over columns 2 and 3
    assert "表格1第3行第3列" not in found
    assert found["表格2第1行第1列"] == "名单"
    assert found["表格3第1行第2列"] == "15062719851112004X"  # the table inside a cell
    assert found["页眉第1段"] == "康巴什区民政局"
    assert found["页脚第1段"] == "第1页"
    assert found["批注1"] == "申请人电话13912345678"
    texts = list(found.values())
    assert "控件里的申请人：李四" in texts
    deleted = [where for where, text in found.items() if text == ID]
    assert len(deleted) == 1 and deleted[0].endswith("段（修订删除的文字）")
    assert found["文本框1"] == "文本框：联系电话13912345678"
    assert "文本框2" not in found  # the VML fallback is the same box


def test_a_picture_pasted_into_a_document_is_read_by_ocr() -> None:
    document = Document()
    document.add_paragraph("申请材料如下：")
    document.add_picture(io.BytesIO(encoded(picture([ID_LINE]), "PNG")))
    buffer = io.BytesIO()
    document.save(buffer)

    reading = read("docx", buffer.getvalue())
    assert reading.method == "docx+ocr"
    found = places(reading)
    assert found["第1段"] == "申请材料如下："
    assert ID in found["第1张图片（文字识别）"].replace(" ", "")
    # OCR off: the text is read and the picture is not …
    assert places(read("docx", buffer.getvalue(), Limits(ocr=False))) == {"第1段": "申请材料如下："}


def test_with_ocr_off_a_workbook_of_pictures_only_is_unreadable() -> None:
    from openpyxl.drawing.image import Image as SheetImage

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.add_image(SheetImage(io.BytesIO(encoded(picture([ID_LINE]), "PNG"))), "A1")
    buffer = io.BytesIO()
    workbook.save(buffer)
    error = unreadable("xlsx", buffer.getvalue(), Limits(ocr=False))
    assert error.message == "未开启文字识别，无法读取文件中的图片（文件中没有文字，只有图片）"


def test_an_encrypted_or_damaged_docx_says_so() -> None:
    encrypted = builders.ole([("EncryptionInfo", builders.STREAM), ("EncryptedPackage", builders.STREAM)])
    assert unreadable("docx", encrypted).message == "Word（.docx）文件设有密码，请取消密码后再上传"
    docx = builders.notice_docx()
    assert unreadable("docx", docx[: len(docx) // 2]).message.startswith("Word（.docx）文件已损坏")
    assert unreadable("docx", builders.zip_of({"word/document.xml": "<w:document"})).template == (
        "%(kind)s文件已损坏，无法读取其内容，请检查后重新保存上传"
    )


# --- Excel and CSV -----------------------------------------------------------------------------


def roster_xlsx() -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "名单"
    sheet.append(["序号", "姓名", "身份证号", "金额", "发放日期"])
    sheet.append([1, "张三", ID, 1200.5, None])
    sheet.append([2, "李四", 0, 800.0, None])  # C3: typed as a number, written as an integer below
    sheet.append([3, "王五", 1.50627199003071e17, 600, None])  # … or as a float, with the 15 digits Excel keeps
    sheet["E2"] = dt.date(2026, 3, 5)
    hidden = workbook.create_sheet("备用")
    hidden.sheet_state = "hidden"
    hidden["AB30"] = "13912345678"
    buffer = io.BytesIO()
    workbook.save(buffer)
    # openpyxl writes a large int as a float; other programs write the integer itself.
    with zipfile.ZipFile(buffer) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml")
    integer = sheet_xml.replace(b'<c r="C3" t="n"><v>0</v>', f'<c r="C3" t="n"><v>{ID}</v>'.encode())
    assert integer != sheet_xml
    return builders.with_entries(buffer.getvalue(), {}, replace={"xl/worksheets/sheet1.xml": integer})


def test_every_cell_of_every_sheet_is_read_with_its_address() -> None:
    reading = read("xlsx", roster_xlsx())
    found = places(reading)
    assert (reading.pages, reading.method) == (2, "xlsx")
    assert found["工作表“名单”单元格C2"] == ID
    assert found["工作表“名单”单元格C3"] == ID  # an integer: every digit
    assert found["工作表“名单”单元格C4"] == "150627199003071000"  # a float: what Excel shows
    assert found["工作表“名单”单元格D2"] == "1200.5"
    assert found["工作表“名单”单元格D3"] == "800"
    assert found["工作表“名单”单元格E2"] == "2026-03-05"
    assert found["工作表“备用”单元格AB30"] == "13912345678"  # a hidden sheet is published too
    assert "工作表“名单”单元格E3" not in found


def test_a_sheet_that_declares_a_wrong_size_is_still_read_whole() -> None:
    data = roster_xlsx()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml")
    lying = sheet.replace(b'<dimension ref="A1:E4"/>', b'<dimension ref="A1"/>')
    assert lying != sheet
    found = places(read("xlsx", builders.with_entries(data, {}, replace={"xl/worksheets/sheet1.xml": lying})))
    assert found["工作表“名单”单元格C4"] == "150627199003071000"


def test_cell_values_as_people_see_them() -> None:
    assert [cell_text(v) for v in (7, 7.0, 0.1, 1e-7, 1.5e17, True, "x")] == [
        "7", "7", "0.1", "0.0000001", "150000000000000000", "TRUE", "x",
    ]  # fmt: skip
    assert [column_letter(n) for n in (1, 26, 27, 702, 703)] == ["A", "Z", "AA", "ZZ", "AAA"]


def test_xlsx_limits_and_damage() -> None:
    assert unreadable("xlsx", roster_xlsx(), Limits(max_chars=30)).message == "文件文字过多（超过30字），请拆分后上传"
    assert unreadable("xlsx", b"PK\x03\x04" + bytes(100)).message.startswith("Excel（.xlsx）文件已损坏")


@pytest.mark.parametrize(
    "data",
    [
        f"\ufeff序号,姓名,身份证号\r\n1,张三,{ID}\r\n".encode(),
        f"序号,姓名,身份证号\n1,张三,{ID}\n".encode("gb18030"),
        f"序号\t姓名\t身份证号\n1\t张三\t{ID}\n".encode(),
        f"\ufeff序号;姓名;身份证号\n1;张三;{ID}\n".encode("utf-16"),
    ],
    ids=["utf-8 with BOM", "gb18030", "tabs", "utf-16"],
)
def test_a_csv_is_read_cell_by_cell(data: bytes) -> None:
    reading = read("csv", data)
    assert (reading.pages, reading.method) == (1, "csv")
    assert places(reading) == {
        "单元格A1": "序号", "单元格B1": "姓名", "单元格C1": "身份证号",
        "单元格A2": "1", "单元格B2": "张三", "单元格C2": ID,
    }  # fmt: skip


def test_a_csv_in_no_known_encoding_says_so() -> None:
    assert unreadable("csv", b"\x81\x30\xff\xfe\x80").message == (
        "CSV文件的编码无法识别，请另存为UTF-8或GBK编码的CSV文件后再上传"
    )


# --- OFD ---------------------------------------------------------------------------------------


def test_an_ofd_is_read_page_by_page() -> None:
    data = builders.ofd_with_text(["关于做好政务公开工作的通知\n各镇人民政府", ID_LINE])
    assert read("ofd", data) == Reading(
        (Segment("第1页", "关于做好政务公开工作的通知\n各镇人民政府"), Segment("第2页", ID_LINE)), 2, "ofd"
    )


def _ofd_page(objects: str) -> dict[str, bytes | str]:
    return {
        "Doc_0/Pages/Page_0/Content.xml": (
            '<ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Template TemplateID="90"/>'
            f'<ofd:Content><ofd:Layer ID="80">{objects}</ofd:Layer></ofd:Content></ofd:Page>'
        )
    }


def test_ofd_codes_written_a_character_at_a_time_are_joined_into_lines() -> None:
    # Right to left in the file, one TextObject per digit, as some producers write numbers;
    # a heading from the page's template; the page listed by an absolute location.
    digits = "".join(
        f'<ofd:TextObject ID="{100 + i}" Boundary="{46 + 2.5 * i} 40 3 5" Size="4.2">'
        f'<ofd:TextCode X="0" Y="4">{ch}</ofd:TextCode></ofd:TextObject>'
        for i, ch in reversed(list(enumerate(ID)))
    )
    label = '<ofd:TextObject ID="99" Boundary="25 40 30 5" Size="4.2"><ofd:TextCode X="0" Y="4" DeltaX="4.2 4.2 4.2 4.2">身份证号：</ofd:TextCode></ofd:TextObject>'  # noqa: E501
    template = (
        '<ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Content><ofd:Layer ID="91">'
        '<ofd:TextObject ID="92" Boundary="25 20 100 6" Size="5">'
        '<ofd:TextCode X="0" Y="5">康巴什区民政局</ofd:TextCode></ofd:TextObject>'
        "</ofd:Layer></ofd:Content></ofd:Page>"
    )
    base = builders.ofd_with_text(["x"])
    with zipfile.ZipFile(io.BytesIO(base)) as archive:
        document = archive.read("Doc_0/Document.xml").decode()
    document = document.replace(
        "</ofd:CommonData>", '<ofd:TemplatePage ID="90" BaseLoc="Tpls/Tpl_0/Content.xml"/></ofd:CommonData>'
    ).replace('BaseLoc="Pages/Page_0/Content.xml"', 'BaseLoc="/Doc_0/Pages/Page_0/Content.xml"')
    data = builders.with_entries(
        base,
        {"Doc_0/Tpls/Tpl_0/Content.xml": template},
        replace={**_ofd_page(label + digits), "Doc_0/Document.xml": document},
    )
    assert places(read("ofd", data)) == {"第1页": f"康巴什区民政局\n身份证号:{ID}"}  # NFKC: ：→ :


def test_a_scanned_ofd_page_is_read_by_ocr() -> None:
    base = builders.ofd_with_text(["x"])
    with zipfile.ZipFile(io.BytesIO(base)) as archive:
        document = archive.read("Doc_0/Document.xml").decode()
    document = document.replace(
        "</ofd:CommonData>", "<ofd:DocumentRes>DocumentRes.xml</ofd:DocumentRes></ofd:CommonData>"
    )
    resources = (
        '<ofd:Res xmlns:ofd="http://www.ofdspec.org/2016" BaseLoc="Res"><ofd:MultiMedias>'
        '<ofd:MultiMedia ID="70" Type="Image"><ofd:MediaFile>scan_0.png</ofd:MediaFile></ofd:MultiMedia>'
        "</ofd:MultiMedias></ofd:Res>"
    )
    page = _ofd_page('<ofd:ImageObject ID="71" Boundary="0 0 210 60" CTM="210 0 0 60 0 0" ResourceID="70"/>')
    data = builders.with_entries(
        base,
        {"Doc_0/DocumentRes.xml": resources, "Doc_0/Res/scan_0.png": encoded(picture([ID_LINE]), "PNG")},
        replace={**page, "Doc_0/Document.xml": document},
    )
    reading = read("ofd", data)
    assert reading.method == "ofd+ocr"
    assert ID in places(reading)["第1页（文字识别）"].replace(" ", "")
    assert unreadable("ofd", data, Limits(ocr=False)).message == "未开启文字识别，无法读取第1页（扫描页，没有文字层）"


def test_ofd_limits_and_damage() -> None:
    data = builders.ofd_with_text(["一", "二", "三"])
    assert unreadable("ofd", data, Limits(max_pages=2)).message == "OFD文件页数过多（3页，上限2页），请拆分后上传"
    damaged = "OFD文件已损坏，无法读取其内容，请检查后重新保存上传"
    assert unreadable("ofd", builders.ofd()).message == damaged  # a document without pages
    missing_page = builders.zip_of({name: content for name, content in _entries(data).items() if "Page_1" not in name})
    assert unreadable("ofd", missing_page).message == damaged
    assert unreadable("ofd", b"PK\x03\x04" + bytes(60)).message == damaged
    entity = builders.with_entries(
        data,
        {},
        replace={
            "OFD.xml": '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
            '<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016"><ofd:DocBody><ofd:DocRoot>&e;</ofd:DocRoot>'
            "</ofd:DocBody></ofd:OFD>"
        },
    )
    assert unreadable("ofd", entity).message == damaged  # the entity is not resolved


def _entries(data: bytes) -> dict[str, bytes | str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


# --- Legacy formats through LibreOffice --------------------------------------------------------


@pytest.fixture(scope="module")
def legacy() -> dict[str, Reading | Unreadable]:
    """The four legacy kinds and a damaged compound file, read two at a time."""
    doc, xls = (FIXTURES / "legacy.doc").read_bytes(), (FIXTURES / "legacy.xls").read_bytes()
    jobs = {"doc": doc, "xls": xls, "wps": doc, "et": xls, "damaged": builders.ole(builders.WORD_STREAMS)}

    def one(kind: str) -> Reading | Unreadable:
        try:
            return read("doc" if kind == "damaged" else kind, jobs[kind])
        except Unreadable as error:
            return error

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(jobs, pool.map(one, jobs), strict=True))


@pytest.mark.parametrize("kind", ["doc", "wps"])
def test_a_legacy_word_file_is_converted_and_read(legacy: dict[str, Reading | Unreadable], kind: str) -> None:
    reading = legacy[kind]
    assert isinstance(reading, Reading)
    assert reading.method == "libreoffice→docx"
    assert places(reading) == {
        "第1段": "关于2026年临时救助对象的公示",
        "第2段": f"申请人张三，身份证号{ID}，联系电话13912345678。",
        "表格1第1行第1列": "序号", "表格1第1行第2列": "姓名", "表格1第1行第3列": "身份证号",
        "表格1第2行第1列": "1", "表格1第2行第2列": "李四", "表格1第2行第3列": "15062719851112004X",
        "页眉第1段": "康巴什区民政局",
    }  # fmt: skip


@pytest.mark.parametrize("kind", ["xls", "et"])
def test_a_legacy_excel_file_is_converted_and_read(legacy: dict[str, Reading | Unreadable], kind: str) -> None:
    reading = legacy[kind]
    assert isinstance(reading, Reading)
    assert (reading.method, reading.pages) == ("libreoffice→xlsx", 2)
    found = places(reading)
    assert found["工作表“名单”单元格C2"] == ID
    assert found["工作表“名单”单元格C3"] == "150627200105231000"  # typed as a number: 15 digits survive
    assert found["工作表“说明”单元格B2"] == "公示期7天"


def test_a_damaged_legacy_file_says_so(legacy: dict[str, Reading | Unreadable]) -> None:
    error = legacy["damaged"]
    assert isinstance(error, Unreadable)
    assert error.message == "Word（.doc）文件无法打开：文件已损坏或设有密码，请取消密码、用原软件另存后再上传"
    # Bytes that are no compound file never reach LibreOffice, which would import them as text.
    assert unreadable("xls", b"plain text, not a workbook").message.startswith("Excel（.xls）文件已损坏")


def test_an_unknown_kind_is_unreadable() -> None:
    assert unreadable("pptx", b"PK").message == "不支持读取此类文件（pptx）"


# --- Regenerating the legacy fixtures ----------------------------------------------------------


def legacy_sources() -> tuple[bytes, bytes]:
    """The .docx and .xlsx that legacy.doc and legacy.xls were converted from."""
    document = Document()
    document.sections[0].header.paragraphs[0].text = "康巴什区民政局"
    document.add_paragraph("关于2026年临时救助对象的公示")
    document.add_paragraph(f"申请人张三，身份证号{ID}，联系电话13912345678。")
    table = document.add_table(rows=2, cols=3)
    for r, row in enumerate([("序号", "姓名", "身份证号"), ("1", "李四", "15062719851112004X")]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    docx = io.BytesIO()
    document.save(docx)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "名单"
    for row in (["序号", "姓名", "身份证号", "金额"], [1, "张三", ID, 1200.5], [2, "王五", 150627200105230518, 800]):
        sheet.append(row)
    workbook.create_sheet("说明")["B2"] = "公示期7天"
    xlsx = io.BytesIO()
    workbook.save(xlsx)
    return docx.getvalue(), xlsx.getvalue()


def write_legacy_fixtures() -> None:
    for data, source, target in zip(legacy_sources(), ("legacy.docx", "legacy.xlsx"), ("doc", "xls"), strict=True):
        with tempfile.TemporaryDirectory() as folder:
            Path(folder, source).write_bytes(data)
            subprocess.run(  # noqa: S603
                ["soffice", f"-env:UserInstallation=file://{folder}/profile", "--headless", "--norestore",  # noqa: S607
                 "--convert-to", target, "--outdir", str(FIXTURES), str(Path(folder, source))],
                check=True, capture_output=True, timeout=120,
            )  # fmt: skip


def test_a_damaged_picture_says_so_even_after_weasyprint_was_imported() -> None:
    """WeasyPrint turns Pillow's LOAD_TRUNCATED_IMAGES on for the whole process when imported (the
    letters do): a truncated scan must still be damaged, and the setting is left as it was."""
    from PIL import ImageFile

    previous = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = True
    try:
        assert "图片已损坏" in unreadable("png", encoded(picture(["x"]), "PNG")[:200]).message
        assert ImageFile.LOAD_TRUNCATED_IMAGES is True
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = previous
