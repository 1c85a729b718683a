"""Attachment reading benchmark (issue 24, point 1; not a test): throughput of
``gongkai.publishing.reading.read`` per format over generated files, and OCR seconds per page.

Run: .venv/bin/python -m bench.reading [--files 6] [--rows 400]
Numbers go to docs/benchmarks.md (machine, date, command).

The files are what attachments are made of: a subsidy roster (序号, 姓名, 身份证号 with a valid
check character, 手机号码, 金额) of ``--rows`` rows, and a policy text of the same length. Per
format, ``--files`` different files are generated and each read once, one after the other (a job
reads one file at a time):

- docx: the policy text as paragraphs and the roster as a table (python-docx);
- xlsx: the roster, one sheet, plus a sheet of notes (openpyxl); csv: the roster in GB18030;
- pdf: the .docx printed to PDF by LibreOffice once per file (Chinese text layer, Noto fonts);
- ofd: the policy text and the roster as pages of text (tests' OFD builder, 36 lines a page);
- doc, xls: the .docx and .xlsx converted by LibreOffice (each read is one LibreOffice run);
- scanned pdf, png, jpeg: A4 pages of the roster drawn at 200 dpi (Noto Sans CJK), read by
  pdftoppm + Tesseract and Tesseract alone; OCR seconds per page, and how many of the printed
  ID and mobile numbers came back exactly.
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import random
import re
import resource
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

CHECK_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARACTERS = "10X98765432"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀英华"
FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
POLICY = (
    "为深入贯彻《中华人民共和国政府信息公开条例》，进一步做好社会救助资金发放公示工作，"
    "现就有关事项通知如下。各镇人民政府、区直各部门要坚持公开为常态、不公开为例外，"
    "依法保护个人信息，公示名单不得公开身份证号码、银行账号等个人敏感信息。"
)


def id_number(rng: random.Random) -> str:
    body = f"150627{rng.randint(1950, 2005)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(0, 999):03d}"
    return body + CHECK_CHARACTERS[sum(int(d) * w for d, w in zip(body, CHECK_WEIGHTS, strict=True)) % 11]


def roster(rng: random.Random, rows: int) -> list[tuple[str, str, str, str, str]]:
    return [
        (
            str(n),
            rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(("", rng.choice(GIVEN))),
            id_number(rng),
            "1" + rng.choice("3578") + "".join(rng.choice("0123456789") for _ in range(9)),
            str(rng.randint(5, 40) * 100),
        )
        for n in range(1, rows + 1)
    ]


HEADER = ("序号", "姓名", "身份证号", "手机号码", "金额")


def make_docx(rng: random.Random, rows: int) -> bytes:
    from docx import Document

    document = Document()
    document.add_heading("关于2026年第三季度临时救助资金发放情况的公示", level=1)
    for _ in range(rows // 10):
        document.add_paragraph(POLICY)
    table = document.add_table(rows=1, cols=5)
    for cell, value in zip(table.rows[0].cells, HEADER, strict=True):
        cell.text = value
    for row in roster(rng, rows):
        for cell, value in zip(table.add_row().cells, row, strict=True):
            cell.text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def make_xlsx(rng: random.Random, rows: int) -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "名单"
    sheet.append(HEADER)
    for row in roster(rng, rows):
        sheet.append([int(row[0]), row[1], row[2], row[3], int(row[4])])
    workbook.create_sheet("说明")["A1"] = POLICY
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def make_csv(rng: random.Random, rows: int) -> bytes:
    lines = [",".join(HEADER), *(",".join(row) for row in roster(rng, rows))]
    return ("\r\n".join(lines) + "\r\n").encode("gb18030")


def make_ofd(rng: random.Random, rows: int) -> bytes:
    from tests.publishing.fixtures.builders import ofd_with_text

    lines = [POLICY[i : i + 28] for i in range(0, len(POLICY), 28)] * (rows // 10)
    lines += ["　".join(HEADER), *("　".join(row) for row in roster(rng, rows))]
    return ofd_with_text(["\n".join(lines[i : i + 36]) for i in range(0, len(lines), 36)])


def page_pictures(rng: random.Random, pages: int) -> tuple[list[object], list[str]]:
    """A4 pages at 200 dpi, 25 roster rows each, and the numbers printed on them."""
    from PIL import Image, ImageDraw, ImageFont

    font, title = ImageFont.truetype(FONT, 34), ImageFont.truetype(FONT, 46)
    images, numbers = [], []
    for _ in range(pages):
        image = Image.new("L", (1654, 2339), 255)
        draw = ImageDraw.Draw(image)
        draw.text((330, 130), "2026年临时救助资金发放名单公示", font=title, fill=0)
        y = 260
        for row in [HEADER, *roster(rng, 25)]:
            for x, value in zip((110, 210, 400, 880, 1250), row, strict=True):
                draw.text((x, y), value, font=font, fill=0)
            if row is not HEADER:
                numbers += [row[2], row[3]]
            draw.line((100, y + 52, 1550, y + 52), fill=0, width=2)
            y += 76
        images.append(image)
    return images, numbers


def soffice_convert(data: bytes, source: str, target: str) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        Path(folder, source).write_bytes(data)
        subprocess.run(  # noqa: S603
            ["soffice", f"-env:UserInstallation=file://{folder}/profile", "--headless", "--norestore",  # noqa: S607
             "--convert-to", target, "--outdir", folder, str(Path(folder, source))],
            check=True, capture_output=True, timeout=300,
        )  # fmt: skip
        return Path(folder, Path(source).stem + "." + target).read_bytes()


@dataclass
class Result:
    label: str
    files: int
    size: int
    pages: int
    seconds: float
    cpu: float  # user + system seconds of this process and the programs it ran

    def line(self) -> str:
        s = self.seconds
        return (
            f"{self.label:<22} {self.files:>3} files {self.size / 1e6:7.2f} MB {self.pages:>4} pages  "
            f"{self.files / s:7.2f} files/s {self.size / 1e6 / s:7.2f} MB/s {self.pages / s:8.1f} pages/s  "
            f"{s / self.files:6.3f} s/file (CPU {self.cpu / self.files:6.3f} s)"
        )


def _cpu() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def measure(label: str, kind: str, files: list[bytes]) -> tuple[Result, list[object]]:
    from gongkai.publishing.reading import read

    readings = []
    cpu, started = _cpu(), time.perf_counter()
    for data in files:
        readings.append(read(kind, data))
    seconds, cpu = time.perf_counter() - started, _cpu() - cpu
    pages = sum(r.pages for r in readings)
    return Result(label, len(files), sum(map(len, files)), pages, seconds, cpu), readings


def exact(readings: list[object], numbers: list[str]) -> str:
    text = re.sub(r"\s", "", "\n".join(r.text for r in readings))  # type: ignore[attr-defined]
    found = sum(number in text for number in numbers)
    return f"numbers read exactly: {found}/{len(numbers)}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--files", type=int, default=6, help="files per format")
    parser.add_argument("--rows", type=int, default=400, help="roster rows per file")
    parser.add_argument("--ocr-pages", type=int, default=6, help="scanned pages (and pictures) to OCR")
    args = parser.parse_args()
    rng = random.Random(24)

    print(f"machine: {platform.node()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"load average {os.getloadavg()[0]:.1f}")  # fmt: skip
    started = time.perf_counter()
    docx_files = [make_docx(rng, args.rows) for _ in range(args.files)]
    xlsx_files = [make_xlsx(rng, args.rows) for _ in range(args.files)]
    csv_files = [make_csv(rng, args.rows) for _ in range(args.files)]
    ofd_files = [make_ofd(rng, args.rows) for _ in range(args.files)]
    pdf_files = [soffice_convert(data, "roster.docx", "pdf") for data in docx_files]
    doc_files = [soffice_convert(data, "roster.docx", "doc") for data in docx_files]
    xls_files = [soffice_convert(data, "roster.xlsx", "xls") for data in xlsx_files]
    pictures, numbers = page_pictures(rng, args.ocr_pages)
    scanned = io.BytesIO()
    pictures[0].save(scanned, "PDF", resolution=200, save_all=True, append_images=pictures[1:])  # type: ignore[attr-defined]
    pngs, jpegs = [], []
    for image in pictures:
        for fmt, out in (("PNG", pngs), ("JPEG", jpegs)):
            buffer = io.BytesIO()
            image.save(buffer, fmt)  # type: ignore[attr-defined]
            out.append(buffer.getvalue())
    print(f"generated in {time.perf_counter() - started:.1f} s; {args.rows} roster rows a file\n")

    for label, kind, files in (
        ("docx", "docx", docx_files),
        ("xlsx", "xlsx", xlsx_files),
        ("csv", "csv", csv_files),
        ("pdf (text layer)", "pdf", pdf_files),
        ("ofd", "ofd", ofd_files),
        ("doc (LibreOffice)", "doc", doc_files),
        ("xls (LibreOffice)", "xls", xls_files),
    ):
        result, _readings = measure(label, kind, files)
        print(result.line())
    print()
    for label, kind, files in (
        ("pdf scanned (OCR)", "pdf", [scanned.getvalue()]),
        ("png page (OCR)", "png", pngs),
        ("jpeg page (OCR)", "jpeg", jpegs),
    ):
        result, readings = measure(label, kind, files)
        print(result.line())
        print(f"{'':<22} OCR {result.seconds / result.pages:.2f} s/page (CPU {result.cpu / result.pages:.2f} s), "
              + exact(readings, numbers))  # fmt: skip


if __name__ == "__main__":
    main()
