"""Attachments are judged by their bytes, never by their names. Plain Python: no Django.

An attachment is published for anyone to download, so only the formats citizens can open
safely are accepted: PDF, Word, Excel, CSV, WPS Office's .wps and .et, OFD (GB/T 33190, the
national layout format) and pictures. ``inspect`` reads the file once (hash, size), recognises
the format from magic bytes and container structure, and refuses what it cannot vouch for with
a Chinese message.
"""

from __future__ import annotations

import hashlib
import io
import re
import struct
import unicodedata
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO


def _(message: str) -> str:
    """Marks a message for translation without importing Django; the Django layer translates
    ``UploadRejected.template`` and fills in ``params``."""
    return message


class UploadRejected(Exception):
    """The file is refused. ``code`` says why for programs (empty, too_large, unsupported,
    corrupt, mismatch, archive, macros, encrypted); ``message`` says it in Chinese."""

    def __init__(self, code: str, template: str, **params: object) -> None:
        self.code = code
        self.template = template
        self.params = params
        super().__init__(self.message)

    @property
    def message(self) -> str:
        return self.template % self.params


@dataclass(frozen=True)
class Format:
    label: str
    extensions: tuple[str, ...]  # the first is the one added to a name that has none
    content_type: str


FORMATS: dict[str, Format] = {
    "pdf": Format("PDF", ("pdf",), "application/pdf"),
    "doc": Format("Word（.doc）", ("doc",), "application/msword"),
    "docx": Format(
        "Word（.docx）", ("docx",), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    ),
    "xls": Format("Excel（.xls）", ("xls",), "application/vnd.ms-excel"),
    "xlsx": Format("Excel（.xlsx）", ("xlsx",), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "ofd": Format("OFD", ("ofd",), "application/ofd"),
    "csv": Format("CSV 表格", ("csv",), "text/csv"),
    # Kingsoft WPS Office's own names: Word and Excel binary formats inside (see _ole_kind); the
    # MIME types are those WPS Office registers.
    "wps": Format("WPS 文字（.wps）", ("wps",), "application/wps-office.wps"),
    "et": Format("WPS 表格（.et）", ("et",), "application/wps-office.et"),
    "png": Format("PNG 图片", ("png",), "image/png"),
    "jpeg": Format("JPEG 图片", ("jpg", "jpeg", "jpe"), "image/jpeg"),
    "gif": Format("GIF 图片", ("gif",), "image/gif"),
    "webp": Format("WebP 图片", ("webp",), "image/webp"),
}


@dataclass(frozen=True)
class FileInfo:
    kind: str  # a key of FORMATS
    extension: str  # without the dot, e.g. "jpg" for kind "jpeg"
    content_type: str
    size: int
    sha256: str
    name: str  # the display name, cleaned, with an extension that fits the content


UNSUPPORTED = _("文件类型不支持：只接受 PDF、Word、Excel、OFD 和图片")
CORRUPT = _("文件已损坏，无法识别其内容")
MAX_NAME_LENGTH = 120
MAX_ZIP_ENTRIES = 5000
ZIP_EXPANSION = 50  # uncompressed content may be at most 50 × the upload limit
_CHUNK = 1 << 20

_OLE_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")
_IMAGE_SIGNATURES = ((b"\x89PNG\r\n\x1a\n", "png"), (b"\xff\xd8\xff", "jpeg"), (b"GIF87a", "gif"), (b"GIF89a", "gif"))


def inspect(name: str, data_or_fileobj: bytes | IO[bytes], max_bytes: int) -> FileInfo:
    """Recognise the upload or raise UploadRejected. A file object is read from its start and
    left rewound, ready to be saved."""
    stream = _as_stream(data_or_fileobj, max_bytes)
    try:
        size, sha256 = _measure(stream, max_bytes)
        shown = display_name(name)
        kind = _detect(stream, max_bytes, _extension(shown))
    finally:
        stream.seek(0)
    _check_extension(_extension(shown), kind)
    fmt = FORMATS[kind]
    extension = _extension(shown) or fmt.extensions[0]
    return FileInfo(kind, extension.lower(), fmt.content_type, size, sha256, _with_extension(shown, extension))


def _as_stream(data_or_fileobj: bytes | IO[bytes], max_bytes: int) -> IO[bytes]:
    if isinstance(data_or_fileobj, bytes | bytearray | memoryview):
        return io.BytesIO(bytes(data_or_fileobj))
    if data_or_fileobj.seekable():
        data_or_fileobj.seek(0)
        return data_or_fileobj
    # One byte past the limit is enough to know the file is too large.
    return io.BytesIO(data_or_fileobj.read(max_bytes + 1))


def _measure(stream: IO[bytes], max_bytes: int) -> tuple[int, str]:
    digest = hashlib.sha256()
    size = 0
    while chunk := stream.read(_CHUNK):
        size += len(chunk)
        if size > max_bytes:
            raise UploadRejected("too_large", _("文件超过大小上限 %(limit)s MB"), limit=_megabytes(max_bytes))
        digest.update(chunk)
    if size == 0:
        raise UploadRejected("empty", _("文件是空的（0 字节），请重新选择"))
    return size, digest.hexdigest()


def _megabytes(count: int) -> str:
    return f"{count / (1 << 20):g}"


def _detect(stream: IO[bytes], max_bytes: int, extension: str) -> str:
    stream.seek(0)
    head = stream.read(16)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(_OLE_SIGNATURE):
        return _ole_kind(stream, extension)
    # A ZIP must start with a local header: zipfile alone would also open an executable with
    # a ZIP appended (a self-extracting archive), because it reads the directory from the end.
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(stream, max_bytes)
    for signature, kind in _IMAGE_SIGNATURES:
        if head.startswith(signature):
            return kind
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if extension.lower() == "csv" and _is_text(stream, max_bytes):
        return "csv"
    raise UploadRejected("unsupported", UNSUPPORTED)


def _is_text(stream: IO[bytes], max_bytes: int) -> bool:
    """Plain text, as a CSV file is: no NUL byte, decodes as UTF-8 (with or without BOM) or
    GB18030 (which covers GBK and GB2312, what Chinese Excel writes), and is no web page. Text
    has no magic bytes, so only a name ending in .csv is looked at this way."""
    stream.seek(0)
    data = stream.read(max_bytes + 1)
    if b"\0" in data or _HTML.search(data[:4096]):
        return False
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return True
    return False


def _check_extension(extension: str, kind: str) -> None:
    fmt = FORMATS[kind]
    if extension and extension.lower() not in fmt.extensions:
        raise UploadRejected(
            "mismatch", _("文件扩展名 .%(extension)s 与文件内容（%(kind)s）不符"), extension=extension, kind=fmt.label
        )


# --- ZIP containers: docx, xlsx, OFD ---------------------------------------------------------

_EOCD = struct.Struct("<4s4H2LH")  # end of central directory record (APPNOTE 4.3.16)
_AVERAGE_ENTRY = 512  # bytes of central directory per entry, generous for Office file names


def _zip_kind(stream: IO[bytes], max_bytes: int) -> str:
    _check_zip_directory(stream)
    try:
        with zipfile.ZipFile(stream) as archive:
            return _zip_contents_kind(archive, max_bytes)
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error, RuntimeError, NotImplementedError) as error:
        # RuntimeError: an encrypted entry; NotImplementedError: an unknown compression method.
        raise UploadRejected("corrupt", CORRUPT) from error


def _zip_contents_kind(archive: zipfile.ZipFile, max_bytes: int) -> str:
    # Declared sizes bound what zipfile (and so mammoth and openpyxl) will ever inflate.
    entries = archive.infolist()
    if len(entries) > MAX_ZIP_ENTRIES or sum(e.file_size for e in entries) > ZIP_EXPANSION * max_bytes:
        raise _archive_refused()
    names = {entry.filename for entry in entries}
    if "word/document.xml" in names:
        kind = "docx"
    elif "xl/workbook.xml" in names:
        kind = "xlsx"
    elif "OFD.xml" in names:  # GB/T 33190-2016 §7.2: the entry file at the package root
        return "ofd"
    else:
        raise UploadRejected("unsupported", UNSUPPORTED)
    if _has_macros(archive, names):
        raise _macros_refused()
    return kind


def _check_zip_directory(stream: IO[bytes]) -> None:
    """Count entries from the end record before zipfile builds an object per entry: a small
    upload can list hundreds of thousands of empty entries."""
    stream.seek(0, io.SEEK_END)
    length = stream.tell()
    stream.seek(max(0, length - _EOCD.size - 0xFFFF))  # the record ends with a comment of ≤ 64 KiB
    tail = stream.read()
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < _EOCD.size:
        raise UploadRejected("corrupt", CORRUPT)
    fields = _EOCD.unpack_from(tail, at)
    entries, directory_size = fields[4], fields[5]
    # ZIP64 (0xFFFF entries) is never needed by an Office or OFD file of an acceptable size.
    if entries > MAX_ZIP_ENTRIES or directory_size > MAX_ZIP_ENTRIES * _AVERAGE_ENTRY:
        raise _archive_refused()


def _has_macros(archive: zipfile.ZipFile, names: set[str]) -> bool:
    """VBA lives in vbaProject.bin; a .docm/.xlsm also declares a macroEnabled main part."""
    if any(name.rsplit("/", 1)[-1].lower() == "vbaproject.bin" for name in names):
        return True
    if "[Content_Types].xml" not in names:
        return False
    with archive.open("[Content_Types].xml") as part:
        return b"macroenabled" in part.read(_CHUNK).lower()


def _archive_refused() -> UploadRejected:
    return UploadRejected("archive", _("文件内部结构异常（压缩条目过多或解压后过大），已拒绝"))


def _macros_refused() -> UploadRejected:
    return UploadRejected("macros", _("文件含有宏，请另存为不含宏的文档后再上传"))


# --- OLE2 compound files (MS-CFB): doc, xls, wps, et --------------------------------------------

_ENTRY = 128
_STORAGE, _STREAM, _ROOT = 1, 2, 5
_MAX_REGULAR_SECTOR = 0xFFFFFFFA
_MACRO_STORAGES = frozenset({"macros", "_vba_project_cur", "vba"})  # Word, Excel, any


def _ole_kind(stream: IO[bytes], extension: str) -> str:
    """doc or xls by the streams inside; the name decides only if a file has both. Kingsoft WPS
    Office writes its .wps and .et in the Word and Excel binary formats (a WordDocument or a
    Workbook stream), so those streams and the name make a wps or an et; a Microsoft Works .wps
    (CONTENTS and MatOST streams, no WordDocument) is not accepted."""
    names = {name.casefold() for name in _ole_names(stream)}
    if "encryptedpackage" in names:  # a password-protected docx/xlsx is wrapped in OLE2
        raise UploadRejected("encrypted", _("文件设有密码，请取消密码后再上传"))
    is_word = "worddocument" in names
    is_excel = "workbook" in names or "book" in names
    if not (is_word or is_excel):
        raise UploadRejected("unsupported", UNSUPPORTED)  # PowerPoint, Outlook, MSI installers …
    if names & _MACRO_STORAGES:
        raise _macros_refused()
    extension = extension.lower()
    if is_excel and (extension in ("xls", "et") or not is_word):
        return "et" if extension == "et" else "xls"
    return "wps" if extension == "wps" else "doc"


def _ole_names(stream: IO[bytes]) -> Iterator[str]:
    """Names of the storages and streams in the directory (MS-CFB §2.6)."""
    stream.seek(0)
    header = stream.read(512)
    if len(header) < 512:
        raise UploadRejected("corrupt", CORRUPT)
    (shift,) = struct.unpack_from("<H", header, 0x1E)
    if shift not in (9, 12):  # version 3 uses 512-byte sectors, version 4 4096-byte sectors
        raise UploadRejected("corrupt", CORRUPT)
    sector_size = 1 << shift
    stream.seek(0, io.SEEK_END)
    sectors = stream.tell() // sector_size
    fat = _ole_fat(stream, header, sector_size, sectors)
    (first_directory,) = struct.unpack_from("<L", header, 0x30)
    for sector in _ole_chain(fat, first_directory):
        block = _ole_sector(stream, sector, sector_size)
        for offset in range(0, sector_size, _ENTRY):
            length, kind = struct.unpack_from("<HB", block, offset + 0x40)
            if kind in (_STORAGE, _STREAM, _ROOT) and 2 <= length <= 64:
                yield block[offset : offset + length - 2].decode("utf-16-le", errors="replace")


def _ole_fat(stream: IO[bytes], header: bytes, sector_size: int, sectors: int) -> list[int]:
    """The sector allocation table: the header lists its first 109 sectors, a DIFAT chain
    the rest. Counts in the header are capped by the file's real number of sectors, so a
    forged count cannot keep the loop going."""
    fat_count, first_difat, difat_count = struct.unpack_from("<L16xLL", header, 0x2C)
    locations = list(struct.unpack_from("<109L", header, 0x4C))
    per_sector = sector_size // 4
    difat = first_difat
    for _index in range(min(difat_count, sectors)):
        if difat > _MAX_REGULAR_SECTOR:
            break
        values = struct.unpack(f"<{per_sector}L", _ole_sector(stream, difat, sector_size))
        locations.extend(values[:-1])
        difat = values[-1]
    fat: list[int] = []
    for location in locations[: min(fat_count, sectors)]:
        fat.extend(struct.unpack(f"<{per_sector}L", _ole_sector(stream, location, sector_size)))
    return fat


def _ole_chain(fat: list[int], start: int) -> Iterator[int]:
    seen: set[int] = set()
    sector = start
    while sector <= _MAX_REGULAR_SECTOR:
        if sector in seen or sector >= len(fat):  # a loop or a pointer past the table
            raise UploadRejected("corrupt", CORRUPT)
        seen.add(sector)
        yield sector
        sector = fat[sector]


def _ole_sector(stream: IO[bytes], sector: int, sector_size: int) -> bytes:
    stream.seek((sector + 1) * sector_size)  # sector 0 follows the header's sector
    block = stream.read(sector_size)
    if len(block) < sector_size:
        raise UploadRejected("corrupt", CORRUPT)
    return block


# --- Display names ----------------------------------------------------------------------------

# Control and format characters go: a right-to-left override turns "fdp.exe" into "exe.pdf" on
# screen, and zero-width characters make two names look alike.
_INVISIBLE = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
_RESERVED = str.maketrans(dict.fromkeys('<>:"|?*', "_"))  # not allowed in Windows file names
_EXTENSION = re.compile(r"\.([A-Za-z0-9]{1,10})$")
DEFAULT_STEM = _("附件")


def display_name(name: str) -> str:
    """The file name to show and to offer on download: no directories, no invisible or
    reserved characters, single spaces, at most 120 characters with the extension kept."""
    name = re.split(r"[/\\]", unicodedata.normalize("NFC", name))[-1]
    name = "".join(_visible(ch) for ch in name)
    name = " ".join(name.translate(_RESERVED).split()).strip(" .")
    extension = _extension(name)
    if extension:
        return _with_extension(name, extension)
    return _shorten(name, MAX_NAME_LENGTH) or DEFAULT_STEM


def _visible(ch: str) -> str:
    if unicodedata.category(ch) not in _INVISIBLE:
        return ch
    return " " if ch.isspace() else ""  # a tab or line break separated words


def _extension(name: str) -> str:
    match = _EXTENSION.search(name)
    return match.group(1) if match and match.start() > 0 else ""


def _with_extension(name: str, extension: str) -> str:
    """``name`` ending in ``.extension`` (appended unless already there), within the limit."""
    if _extension(name) == extension:
        name = name[: -len(extension) - 1]
    stem = _shorten(name, MAX_NAME_LENGTH - len(extension) - 1) or DEFAULT_STEM
    return f"{stem}.{extension}"


def _shorten(text: str, limit: int) -> str:
    return text[:limit].rstrip(" .")


# Active content in a PDF: script, launching programs, files carried inside, and an action run on
# opening (an /OpenAction that is an action dictionary; a destination array only sets the first
# view, as Word's PDFs do). Name tokens may hide behind #xx escapes (/J#61vaScript); the keys may
# also sit in compressed object streams, which are inflated (each up to _PDF_INFLATE bytes).
_PDF_ACTIVE = {b"/javascript", b"/js", b"/launch", b"/embeddedfile"}
_PDF_OPEN_ACTION = re.compile(rb"/openaction\s*<<")
_PDF_NAME = re.compile(rb"/[^\s/<>\[\]()%{}]+")
_PDF_STREAM = re.compile(rb"stream\r?\n(.*?)endstream", re.S)
_PDF_INFLATE = 4 << 20
_HTML = re.compile(rb"<\s*(html|script|svg|body|iframe|object)\b", re.I)


def _unescaped(data: bytes) -> bytes:
    return re.sub(rb"#([0-9a-fA-F]{2})", lambda m: bytes([int(m.group(1), 16)]), data).lower()


def _active(data: bytes) -> set[bytes]:
    names = {_unescaped(token) for token in _PDF_NAME.findall(data)} & _PDF_ACTIVE
    if _PDF_OPEN_ACTION.search(_unescaped(data)):
        names.add(b"/openaction")
    return names


def _object_streams(data: bytes) -> Iterator[bytes]:
    """The inflated object streams (/Type /ObjStm), where dictionaries may hide compressed."""
    for match in _PDF_STREAM.finditer(data):
        if b"/ObjStm" not in data[max(0, match.start() - 300) : match.start()]:
            continue  # page content and pictures: their bytes are not dictionaries
        try:
            yield zlib.decompressobj().decompress(match.group(1), _PDF_INFLATE)
        except zlib.error:
            continue


def refuse_active_pdf(data: bytes) -> None:
    """Refuse a PDF that runs something when opened (JavaScript, an OpenAction, a Launch) or carries
    files, and a "PDF" that is also a web page (a polyglot starting with %PDF): a citizen's upload
    is opened by staff, who must not run what a stranger put in it. Other files pass."""
    if not data.startswith(b"%PDF-"):
        return
    if _HTML.search(data[:4096]):
        raise UploadRejected("active", _("文件以PDF开头却含有网页代码，不予接收：请上传普通的PDF文件"))
    # Outside the streams: compressed bytes could spell a short name such as /JS by chance.
    found = _active(_PDF_STREAM.sub(b"stream\nendstream", data))
    for inflated in _object_streams(data) if not found else ():
        found |= _active(inflated)
        if found:
            break
    if found:
        raise UploadRejected(
            "active", _("PDF文件含有脚本或自动执行的操作（%(what)s），不予接收：请另存为或打印为普通PDF后再上传"),
            what="、".join(sorted(name.decode("ascii", "replace").lstrip("/") for name in found)),
        )  # fmt: skip
