"""An editor attaches files to an item: each format is recognised by its content, and every
kind of refusal comes with its own Chinese message."""

from __future__ import annotations

import hashlib
import io
import struct
import zipfile
import zlib

import pytest

from gongkai.publishing.uploads import (
    MAX_NAME_LENGTH,
    FileInfo,
    UploadRejected,
    display_name,
    inspect,
    refuse_active_pdf,
)
from tests.publishing.fixtures import builders

MB = 1 << 20
LIMIT = 10 * MB
DOCX = builders.docx()
DOC = builders.ole(builders.WORD_STREAMS)
XLS = builders.ole(builders.EXCEL_STREAMS)
CSV_UTF8 = "\ufeff序号,姓名,金额\r\n1,张三,1200\r\n".encode()
CSV_GBK = "序号,姓名,金额\n1,张三,1200\n".encode("gb18030")


def rejected(name: str, data: bytes, max_bytes: int = LIMIT) -> UploadRejected:
    with pytest.raises(UploadRejected) as caught:
        inspect(name, data, max_bytes)
    return caught.value


@pytest.mark.parametrize(
    ("name", "data", "kind", "extension", "content_type"),
    [
        ("2026年预算公开.pdf", builders.PDF, "pdf", "pdf", "application/pdf"),
        ("通知.doc", DOC, "doc", "doc", "application/msword"),
        ("通知.docx", DOCX, "docx", "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("任务表.xls", XLS, "xls", "xls", "application/vnd.ms-excel"),
        (
            "任务表.xlsx",
            builders.xlsx(),
            "xlsx",
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        ("通知.ofd", builders.ofd(), "ofd", "ofd", "application/ofd"),
        ("图1.png", builders.png(), "png", "png", "image/png"),
        ("照片.jpg", builders.JPEG, "jpeg", "jpg", "image/jpeg"),
        ("照片.JPEG", builders.JPEG, "jpeg", "jpeg", "image/jpeg"),
        ("动图.gif", builders.GIF, "gif", "gif", "image/gif"),
        ("图.webp", builders.WEBP, "webp", "webp", "image/webp"),
        ("名单.csv", CSV_UTF8, "csv", "csv", "text/csv"),
        ("名单.CSV", CSV_GBK, "csv", "csv", "text/csv"),
        ("通知.wps", DOC, "wps", "wps", "application/wps-office.wps"),
        ("任务表.et", XLS, "et", "et", "application/wps-office.et"),
    ],
)
def test_each_accepted_format_is_recognised(
    name: str, data: bytes, kind: str, extension: str, content_type: str
) -> None:
    info = inspect(name, data, LIMIT)
    assert info == FileInfo(kind, extension, content_type, len(data), hashlib.sha256(data).hexdigest(), name)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (builders.PDF, "扫描件.pdf"),
        (DOCX, "扫描件.docx"),
        (DOC, "扫描件.doc"),
        (builders.JPEG, "扫描件.jpg"),
    ],
)
def test_a_name_without_extension_gets_the_one_of_its_content(data: bytes, expected: str) -> None:
    assert inspect("扫描件", data, LIMIT).name == expected


def test_version_4_compound_file_with_a_long_directory() -> None:
    many = builders.WORD_STREAMS + [(f"ObjectPool{n}", builders.STORAGE) for n in range(60)]
    assert inspect("a.doc", builders.ole(many, shift=12), LIMIT).kind == "doc"
    assert inspect("a.doc", builders.ole(many), LIMIT).kind == "doc"  # 16 directory sectors of 512 bytes


def test_excel_5_workbook_stream_is_called_book() -> None:
    assert inspect("旧表.xls", builders.ole([("Book", builders.STREAM)]), LIMIT).kind == "xls"


@pytest.mark.parametrize(("name", "kind"), [("a.xls", "xls"), ("a.doc", "doc"), ("a", "doc")])
def test_a_compound_file_with_both_streams_follows_its_name(name: str, kind: str) -> None:
    both = builders.ole([("WordDocument", builders.STREAM), ("Workbook", builders.STREAM)])
    assert inspect(name, both, LIMIT).kind == kind


def test_file_objects_are_read_from_the_start_and_rewound() -> None:
    upload = io.BytesIO(builders.PDF)
    upload.seek(0, io.SEEK_END)
    info = inspect("a.pdf", upload, LIMIT)
    assert (info.size, upload.tell()) == (len(builders.PDF), 0)


class _Pipe(io.RawIOBase):
    """A stream that can only be read forward, like a request body."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        chunk = self._data.read(len(buffer))
        buffer[: len(chunk)] = chunk
        return len(chunk)


def test_a_stream_that_cannot_seek_is_accepted() -> None:
    assert inspect("a.docx", io.BufferedReader(_Pipe(DOCX)), LIMIT).kind == "docx"
    assert rejected_from_pipe(b"x" * (2 * MB + 1)).code == "too_large"


def rejected_from_pipe(data: bytes) -> UploadRejected:
    with pytest.raises(UploadRejected) as caught:
        inspect("a.pdf", io.BufferedReader(_Pipe(data)), 2 * MB)
    return caught.value


@pytest.mark.parametrize("empty", [b"", io.BytesIO()])
def test_an_empty_file_is_refused(empty: bytes | io.BytesIO) -> None:
    with pytest.raises(UploadRejected) as caught:
        inspect("空.pdf", empty, LIMIT)
    assert caught.value.code == "empty"
    assert caught.value.message == "文件是空的（0 字节），请重新选择"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("名单", CSV_UTF8),  # text has no magic bytes: only a .csv name makes it a table
        ("名单.txt", CSV_UTF8),
        ("名单.csv", CSV_UTF8.replace(b"1200", b"12\x0000")),  # a NUL byte: binary, or UTF-16
        ("名单.csv", "序号,姓名\n1,张三\n".encode("utf-16")),
        ("名单.csv", b"\x81\x30\xff\xfe,\x80"),  # neither UTF-8 nor GB18030
        ("名单.csv", b"name,amount\n<script>alert(1)</script>,1\n"),
        ("a.wps", builders.ole([("CONTENTS", builders.STREAM), ("MatOST", builders.STREAM)])),  # Microsoft Works
    ],
)
def test_text_that_is_no_csv_and_works_files_are_refused(name: str, data: bytes) -> None:
    assert rejected(name, data).code == "unsupported"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("通知.wps", XLS, "文件扩展名 .wps 与文件内容（Excel（.xls））不符"),
        ("任务表.et", DOC, "文件扩展名 .et 与文件内容（Word（.doc））不符"),
        ("名单.csv", builders.xlsx(), "文件扩展名 .csv 与文件内容（Excel（.xlsx））不符"),
    ],
)
def test_wps_et_and_csv_names_must_fit_the_content(name: str, data: bytes, message: str) -> None:
    error = rejected(name, data)
    assert (error.code, error.message) == ("mismatch", message)


@pytest.mark.parametrize(("name", "kind"), [("a.et", "et"), ("a.wps", "wps")])
def test_a_compound_file_with_both_streams_may_be_a_wps_or_an_et(name: str, kind: str) -> None:
    both = builders.ole([("WordDocument", builders.STREAM), ("Workbook", builders.STREAM)])
    assert inspect(name, both, LIMIT).kind == kind


def test_a_file_over_the_limit_is_refused_naming_the_limit() -> None:
    exactly = builders.PDF.ljust(2 * MB, b"\n")
    assert inspect("a.pdf", exactly, 2 * MB).size == 2 * MB
    error = rejected("a.pdf", exactly + b"\n", 2 * MB)
    assert (error.code, error.message) == ("too_large", "文件超过大小上限 2 MB")
    assert rejected("a.pdf", builders.PDF, 100).message == f"文件超过大小上限 {100 / MB:g} MB"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("setup.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + bytes(200)),
        ("通知.docx", b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"),
        ("通知.txt", "各镇人民政府：现将有关事项通知如下。".encode()),
        ("a.docx", builders.zip_of({"readme.txt": "not an office file"})),
        ("a.pptx", builders.zip_of({"ppt/presentation.xml": "<p:presentation/>"})),
        ("a.ppt", builders.ole([("PowerPoint Document", builders.STREAM), ("Current User", builders.STREAM)])),
        ("a.msi", builders.ole([("\u4840\u3b3f\u4577", builders.STREAM)])),
        ("a.docx", b"MZ\x90\x00" + bytes(100) + DOCX),  # an executable with a document appended
        ("a.wav", b"RIFF\x24\x00\x00\x00WAVEfmt " + bytes(32)),
        ("a.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
        ("a.rtf", b"{\\rtf1\\ansi hello}"),
    ],
)
def test_unknown_content_is_refused(name: str, data: bytes) -> None:
    error = rejected(name, data)
    assert (error.code, error.message) == ("unsupported", "文件类型不支持：只接受 PDF、Word、Excel、OFD 和图片")


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("通知.docx", builders.PDF, "文件扩展名 .docx 与文件内容（PDF）不符"),
        ("报表.xlsx", DOCX, "文件扩展名 .xlsx 与文件内容（Word（.docx））不符"),
        ("报表.xls", DOC, "文件扩展名 .xls 与文件内容（Word（.doc））不符"),
        ("通知.doc", DOCX, "文件扩展名 .doc 与文件内容（Word（.docx））不符"),
        ("截图.jpg", builders.png(), "文件扩展名 .jpg 与文件内容（PNG 图片）不符"),
        ("invoice.pdf.exe", builders.PDF, "文件扩展名 .exe 与文件内容（PDF）不符"),
        ("invoice\u202efdp.exe", builders.PDF, "文件扩展名 .exe 与文件内容（PDF）不符"),
    ],
)
def test_an_extension_that_contradicts_the_content_is_refused(name: str, data: bytes, message: str) -> None:
    error = rejected(name, data)
    assert (error.code, error.message) == ("mismatch", message)


def test_a_document_that_inflates_past_50_times_the_limit_is_refused() -> None:
    bomb = builders.with_entries(DOCX, {"word/media/padding.bin": bytes(3 * MB)})
    assert len(bomb) < 100_000
    assert inspect("a.docx", bomb, 100_000).kind == "docx"  # 3 MB ≤ 50 × 100 kB
    error = rejected("a.docx", bomb, 60_000)
    assert (error.code, error.message) == ("archive", "文件内部结构异常（压缩条目过多或解压后过大），已拒绝")


def test_a_document_with_more_than_5000_entries_is_refused() -> None:
    entries: dict[str, bytes | str] = {f"word/x{n}.xml": b"" for n in range(5000)}
    assert inspect("a.docx", builders.with_entries(DOCX, dict(list(entries.items())[:4900])), LIMIT).kind == "docx"
    assert rejected("a.docx", builders.with_entries(DOCX, entries)).code == "archive"


def test_a_forged_entry_count_is_refused_before_the_directory_is_read() -> None:
    end = DOCX.rindex(b"PK\x05\x06")
    forged = DOCX[: end + 8] + struct.pack("<HH", 0xFFFF, 0xFFFF) + DOCX[end + 12 :]
    assert rejected("a.docx", forged).code == "archive"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("a.docx", builders.with_entries(DOCX, {"word/vbaProject.bin": b"\xcc\x61" + bytes(64)})),
        ("a.xlsx", builders.with_entries(builders.xlsx(), {"xl/vbaProject.bin": b"\xcc\x61" + bytes(64)})),
        ("a.doc", builders.ole([*builders.WORD_STREAMS, ("Macros", builders.STORAGE), ("VBA", builders.STORAGE)])),
        ("a.xls", builders.ole([*builders.EXCEL_STREAMS, ("_VBA_PROJECT_CUR", builders.STORAGE)])),
    ],
)
def test_documents_with_macros_are_refused(name: str, data: bytes) -> None:
    error = rejected(name, data)
    assert (error.code, error.message) == ("macros", "文件含有宏，请另存为不含宏的文档后再上传")


def test_a_docm_declared_as_macro_enabled_is_refused() -> None:
    with zipfile.ZipFile(io.BytesIO(DOCX)) as archive:
        types = archive.read("[Content_Types].xml")
    macro_types = types.replace(b"document.main+xml", b"document.macroEnabled.main+xml")
    assert macro_types != types
    docm = builders.with_entries(DOCX, {}, replace={"[Content_Types].xml": macro_types})
    assert rejected("a.docx", docm).code == "macros"


def test_a_password_protected_document_is_refused() -> None:
    encrypted = builders.ole([("EncryptionInfo", builders.STREAM), ("EncryptedPackage", builders.STREAM)])
    error = rejected("a.docx", encrypted)
    assert (error.code, error.message) == ("encrypted", "文件设有密码，请取消密码后再上传")


@pytest.mark.parametrize(
    "data",
    [
        DOCX[: len(DOCX) // 2],
        b"PK\x03\x04" + bytes(100),
        DOC[:512],
        DOC[:700],
        builders.OLE_SIGNATURE + bytes(100),
    ],
)
def test_damaged_containers_are_refused(data: bytes) -> None:
    error = rejected("a", data)
    assert (error.code, error.message) == ("corrupt", "文件已损坏，无法识别其内容")


def test_a_directory_chain_that_loops_is_refused() -> None:
    looping = bytearray(DOC)
    struct.pack_into("<L", looping, 512 + 4, 1)  # FAT: directory sector 1 continues with itself
    assert rejected("a.doc", bytes(looping)).code == "corrupt"


def test_forged_allocation_table_counts_end_quickly() -> None:
    forged = bytearray(DOC)
    struct.pack_into("<LL", forged, 0x44, 0, 0xFFFFFFFF)  # a DIFAT chain of four billion sectors …
    struct.pack_into("<L", forged, 512 + 508, 0)  # … whose sector names itself as the next one
    assert inspect("a.doc", bytes(forged), LIMIT).kind == "doc"
    struct.pack_into("<L", forged, 0x2C, 0xFFFFFFFF)  # and as many FAT sectors
    assert rejected("a.doc", bytes(forged)).code == "corrupt"


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        ("C:\\Users\\科员\\Desktop\\关于做好政务公开工作的通知.docx", "关于做好政务公开工作的通知.docx"),
        ("../../etc/passwd", "passwd"),
        ("  2026年　预算\t公开.pdf  ", "2026年 预算 公开.pdf"),
        ("报告\x00\x07.pdf", "报告.pdf"),
        ("第一行\r\n第二行.pdf", "第一行 第二行.pdf"),
        ("a\u202egpj.exe", "agpj.exe"),
        ("零\u200b宽.pdf", "零宽.pdf"),
        ('a<b>:c"d|e?f*.pdf', "a_b__c_d_e_f_.pdf"),
        ("...", "附件"),
        ("", "附件"),
        (".pdf", "pdf"),
        ("成文.", "成文"),
        ("v1.2 方案", "v1.2 方案"),
        ("e\u0301.pdf", "\u00e9.pdf"),  # NFC: one character, as a Mac and Windows would both show
    ],
)
def test_display_names_are_cleaned(given: str, shown: str) -> None:
    assert display_name(given) == shown


def test_long_names_keep_their_extension() -> None:
    long_name = "关于" + "政务公开" * 60 + "的通知.docx"
    shown = display_name(long_name)
    assert len(shown) == MAX_NAME_LENGTH
    assert shown.startswith("关于政务公开") and shown.endswith(".docx")
    info = inspect("关于" + "政务公开" * 60, DOCX, LIMIT)
    assert len(info.name) == MAX_NAME_LENGTH and info.name.endswith(".docx")


def test_the_message_template_is_kept_for_translation() -> None:
    error = rejected("a.pdf", b"x" * 11, 10)
    assert error.template == "文件超过大小上限 %(limit)s MB"
    assert str(error) == error.message


# Active content in a PDF (issue 15, point 6): refused from the public application form.
PLAIN_PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R /OpenAction [3 0 R /Fit] >> endobj\n%%EOF\n"
ACTIVE_PDFS = {
    "script": b"%PDF-1.7\n1 0 obj << /Type /Catalog /Names << /JavaScript 5 0 R >> >> endobj\n%%EOF\n",
    "escaped name": b"%PDF-1.7\n1 0 obj << /S /J#61vaScript /J#53 (app.alert(1)) >> endobj\n%%EOF\n",
    "open action": b"%PDF-1.7\n1 0 obj << /Type /Catalog /OpenAction << /S /Launch /F (cmd.exe) >> >> endobj\n",
    "embedded file": b"%PDF-1.7\n1 0 obj << /Type /Filespec /EF << /F 7 0 R >> /EmbeddedFile 7 0 R >> endobj\n",
    "compressed": b"%PDF-1.7\n4 0 obj << /Type /ObjStm /Filter /FlateDecode >>\nstream\n"
    + zlib.compress(b"<< /S /JavaScript /JS (this.exportDataObject()) >>")
    + b"\nendstream\nendobj\n%%EOF\n",
    "html polyglot": b"%PDF-1.4\n<html><body><script>alert(document.cookie)</script></body></html>\n",
}


def test_a_plain_pdf_passes_even_with_an_open_view() -> None:
    refuse_active_pdf(PLAIN_PDF)  # an /OpenAction destination array only sets the first view
    refuse_active_pdf(builders.PDF)
    refuse_active_pdf(b"PK\x03\x04 not a pdf at all")
    # A picture's bytes may spell a short name such as /JS by chance: streams other than object
    # streams are not read as dictionaries.
    picture = b"%PDF-1.7\n5 0 obj << /Type /XObject /Subtype /Image /Length 9 >>\nstream\n\x01/JS \x02\x03\nendstream\n"
    refuse_active_pdf(picture)


@pytest.mark.parametrize("kind", list(ACTIVE_PDFS))
def test_a_pdf_that_runs_something_is_refused_saying_what(kind: str) -> None:
    with pytest.raises(UploadRejected) as refused:
        refuse_active_pdf(ACTIVE_PDFS[kind])
    assert refused.value.code == "active"
    assert "不予接收" in refused.value.message
