"""A tiny PDF writer for the demo and the tests: pages of ASCII lines in Helvetica. Plain Python.

Real issues come from the printer as PDF files; this only makes small valid files whose text
pypdf can extract (and, with no lines, a page without a text layer, like a scan).
"""

from __future__ import annotations

from collections.abc import Sequence

_PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "


def _escape(line: str) -> bytes:
    text = line.encode("ascii", errors="replace")
    return text.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _content(lines: Sequence[str]) -> bytes:
    """The page's content stream: one text object, or a drawn frame when there is no text."""
    if not lines:
        return b"0.5 w 72 72 451 698 re S"
    shown = b" T* ".join(b"(" + _escape(line) + b") Tj" for line in lines)
    return b"BT /F1 12 Tf 14 TL 72 770 Td " + shown + b" ET"


def make_pdf(pages: Sequence[Sequence[str]], title: str = "") -> bytes:
    """A PDF 1.4 file with one page per entry of ``pages`` (each a list of ASCII lines)."""
    count = max(len(pages), 1)
    kids = b" ".join(b"%d 0 R" % (5 + 2 * i) for i in range(count))
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % count,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Title (" + _escape(title) + b") /Producer (gongkai) >>",
    ]
    for index in range(count):
        stream = _content(pages[index] if index < len(pages) else [])
        objects.append(_PAGE + b"/Contents %d 0 R >>" % (6 + 2 * index))
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 4 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
