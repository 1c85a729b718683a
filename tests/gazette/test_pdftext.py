"""Text of issue PDFs (pypdf) and issue numbers from file names: plain Python, PDFs made here."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader, PdfWriter

from gongkai.gazette.filenames import chinese_number, parse_issue_name
from gongkai.gazette.pdfgen import make_pdf
from gongkai.gazette.pdftext import PAGE_BREAK, PdfUnreadable, clean_text, excerpt, find_issue_date, read_pdf


def test_text_of_every_page_is_extracted_in_order() -> None:
    data = make_pdf([["Kangbashi Gazette", "2019 No. 4"], ["Contents", "Notice (No. 6) on heating"]])
    content = read_pdf(data)
    assert content.page_count == 2
    first, second = content.text.split(PAGE_BREAK)
    assert first == "Kangbashi Gazette\n2019 No. 4"
    assert second == "Contents\nNotice (No. 6) on heating"
    assert content.has_text


def test_a_page_without_text_layer_gives_empty_text() -> None:
    content = read_pdf(make_pdf([[], []]))
    assert content.page_count == 2
    assert not content.has_text


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.4\nnot really a pdf",
        make_pdf([["Kangbashi"]])[:180],  # cut off in the middle
        b"",
    ],
    ids=["garbage", "truncated", "empty"],
)
def test_damaged_files_are_refused(data: bytes) -> None:
    with pytest.raises(PdfUnreadable) as caught:
        read_pdf(data)
    assert "PDF" in str(caught.value)


def test_a_password_protected_pdf_is_refused() -> None:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf([["secret"]]))))
    writer.encrypt("pw", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(PdfUnreadable, match="密码"):
        read_pdf(out.getvalue())


def test_clean_text_drops_nul_and_normalises_radicals() -> None:
    # U+2F08 (Kangxi radical) is what many Chinese PDF fonts map 人 to; NUL breaks PostgreSQL.
    assert clean_text("\u2f08民\x00政府  公报\n\n  第4期 ") == "人民政府 公报\n第4期"


def test_issue_date_is_read_from_the_first_page_for_the_right_year() -> None:
    text = f"2019年第4期\n2018年12月1日 印发\n2019年4月15日出版{PAGE_BREAK}2019年5月1日"
    assert find_issue_date(text, 2019) == dt.date(2019, 4, 15)
    assert find_issue_date("Issued 2019-04-15", 2019) == dt.date(2019, 4, 15)
    assert find_issue_date("2019年2月30日", 2019) is None
    assert find_issue_date(f"nothing{PAGE_BREAK}2019年4月15日", 2019) is None


def test_excerpt_is_one_paragraph_and_shortened() -> None:
    assert excerpt(f"a\nb{PAGE_BREAK}c") == "a b c"
    assert excerpt("x" * 50, 10) == "x" * 10 + "…"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("2019年第4期.pdf", (2019, 4)),
        ("2019-04.pdf", (2019, 4)),
        ("公报2019第4期.pdf", (2019, 4)),
        ("康巴什区人民政府公报2019年第4期（总第52期）.pdf", (2019, 4)),
        ("２０１９年第４期.PDF", (2019, 4)),
        ("2019年第十二期.pdf", (2019, 12)),
        ("2019_7.pdf", (2019, 7)),
        ("gazette 2020-11.pdf", (2020, 11)),
        ("总第52期.pdf", None),
        ("2019-04-15.pdf", None),
        ("scan0001.pdf", None),
        ("2019.pdf", None),
        ("1800年第1期.pdf", None),
        ("2019年第0期.pdf", None),
    ],
)
def test_issue_numbers_from_file_names(name: str, expected: tuple[int, int] | None) -> None:
    assert parse_issue_name(name) == expected


def test_chinese_numbers() -> None:
    assert [chinese_number(t) for t in ["四", "十", "十二", "二十四", "一百零五", "两"]] == [4, 10, 12, 24, 105, 2]
    assert chinese_number("期") is None
