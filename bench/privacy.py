"""Privacy guard benchmark (issue 24, Measure; not a test): does the one personal-data detector
(``gongkai.personaldata``, publication context: what ``publishing.privacy.places_in`` counts) find
every unmasked ID, mobile and card number in what the attachment readers
(``gongkai.publishing.reading.read``) make of a file, and does it stay silent on masked lists,
clean policy texts, the real law corpus and the demo district's documents? And how fast are the
readers per format, OCR per page?

Run: .venv/bin/python -m bench.privacy [--files 300] [--office 12] [--ocr-images 24] [--no-demo]
Numbers go to docs/benchmarks.md (machine, date, command).

The generated set (seeded; nothing is written to disk), three groups:

- unmasked: subsidy lists (序号, 姓名, 身份证号码, 联系电话, 银行卡号, 金额, 社区) of 12-60 rows with
  ID numbers with a valid check character (about 6% old 15-digit ones; some with a lower-case x,
  grouped 6-8-4 or in full-width digits), mobiles (plain, ``139 0478 0001``, ``139-0478-0001``,
  ``+86 …``, ``+86-139-…``, ``0086 …``, full-width) and Luhn-valid card numbers of 16-19 digits
  (62… UnionPay-like prefixes, some 4… and 5…; plain, in groups of four with spaces or dashes);
  the list's notice carries the office's landline, dates and amounts, as real ones do;
- masked: the same lists masked per RULINGS.md 7 (ID ``150627********1234``, old ID
  ``150627******123``, mobile ``139****5678`` in the style it was written, card all ``*``);
- clean: notices made of paragraphs of the law corpus with 文号 (``国办发〔2019〕12号``), dates,
  amounts, 统一社会信用代码 (valid check characters), index numbers, office landlines in five
  writings, postcodes, web addresses and statistics; some carry a table of enterprises (credit
  code, legal representative, landline, amount) or a statistics table of counts by month.

Formats: xlsx (openpyxl; some mobiles typed as numbers), csv (GB18030 or UTF-8 with BOM; some ID
cells prefixed by a tab or an apostrophe as exports do), docx (python-docx; a table, or one line
of prose per person), pdf (HTML rendered by WeasyPrint in Noto Sans/Serif CJK: a real CJK text
layer; a tenth of the lists with narrow columns so that numbers wrap inside their cell, counted
as their own row), ofd (the tests' OFD builder, a line per row, cells apart), doc and xls
(LibreOffice conversions of a few docx and xlsx files, a .doc by way of .odt: LibreOffice 7.4
drops python-docx's tables going straight from .docx to .doc; each conversion and each read is
one LibreOffice run of seconds, so only ``--office`` files), and pictures for OCR (png, jpeg
and one-page scanned PDFs at 200 dpi, drawn with Pillow in Noto Sans CJK: clean renders, not
photographs of paper, so real scans will do worse).

What is counted: every file is read and each place (cell, paragraph, page) screened as the guard
screens it. A planted value is found when a finding's digits contain it (a finding that swallowed
a neighbouring number still stops the file, and is listed). Everything else found is a false
positive. On the law corpus (every one of the 3,458 texts, title and body) and the demo
district's documents (every item's title, 文号 and body whatever its state, every attachment's
text layer, the gazette PDFs' text, the annual reports, the office's published answers to
inquiries and the consultations' adoption reports), every finding is printed with its context.
A page is 1,000 characters. Finally a handful of look-alike lines (numbers that are not personal data, and
personal numbers written oddly) are run through the detector and printed with what it says.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import difflib
import gzip
import io
import json
import os
import platform
import random
import re
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.reading import FONT, GIVEN, SURNAMES, soffice_convert
from gongkai import personaldata
from gongkai.orgs import creditcode

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "laws.jsonl.gz"
SERIF = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"
UNMASKED, MASKED, CLEAN = "unmasked", "masked", "clean"
GROUPS = (UNMASKED, MASKED, CLEAN)
FAST = ("xlsx", "csv", "docx", "pdf", "ofd")
ID, MOBILE, CARD = personaldata.Kind.ID_NUMBER.value, personaldata.Kind.MOBILE.value, personaldata.Kind.BANK_CARD.value
KINDS = (ID, MOBILE, CARD)
PAGE = 1000  # characters: the issue's page

# County-level codes (GB/T 2260): 鄂尔多斯's (1506xx) first, then a few from elsewhere.
REGIONS = (
    "150602", "150603", "150603", "150603", "150621", "150622", "150623", "150624", "150625", "150626",
    "150627", "152801", "150102", "110105", "130104", "140107", "210102", "320106", "370102", "410105",
    "440304", "510107", "610113", "620102", "640104", "652801",
)  # fmt: skip
MOBILE_PREFIXES = (
    "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "147", "150", "151", "152", "153",
    "155", "156", "157", "158", "159", "166", "172", "173", "175", "176", "177", "178", "180", "181", "182",
    "183", "184", "185", "186", "187", "188", "189", "191", "193", "195", "198", "199",
)  # fmt: skip
CARD_PREFIXES = (
    ("622202", 19), ("621226", 19), ("622848", 19), ("621700", 19), ("622700", 19), ("621661", 19),
    ("623052", 19), ("621483", 16), ("622588", 16), ("625965", 16), ("436742", 16), ("518710", 16),
    ("622630", 17), ("622908", 18), ("623668", 18),
)  # fmt: skip
PLACES = (
    "青春山社区", "滨河社区", "康和社区", "乌兰木伦社区", "图古日格嘎查", "巴音孟克社区", "敖包梁村",
    "兴胜社区", "吉日嘎郎图社区", "哈巴格希村",
)  # fmt: skip
LIST_TITLES = (
    "康巴什区{y}年第{q}季度城乡最低生活保障资金发放名单",
    "{y}年度临时救助对象公示名单",
    "康巴什区{y}年高龄津贴发放花名册",
    "{y}年耕地地力保护补贴发放清册",
    "{y}年困难残疾人生活补贴和重度残疾人护理补贴发放名单",
    "{y}年秋季学期家庭经济困难学生资助名单",
)
HEADER = ("序号", "姓名", "身份证号码", "联系电话", "银行卡号", "发放金额（元）", "所在社区（嘎查村）")
OFFICES = (
    ("康巴什区人民政府办公室", "康政办发"), ("康巴什区人民政府", "康政发"), ("康巴什区民政局", "康民发"),
    ("鄂尔多斯市人民政府办公室", "鄂府办发"), ("内蒙古自治区人民政府办公厅", "内政办发"),
    ("康巴什区财政局", "康财社"), ("康巴什区住房和城乡建设局", "康住建发"),
)  # fmt: skip
CITED = ("国办发", "国发", "国办函", "财社", "民发", "内政发", "内政办发", "鄂府发", "人社部发")
COMPANIES = (
    "鄂尔多斯市康泰建筑安装有限责任公司", "内蒙古青城物业服务有限公司", "康巴什区惠民养老服务中心",
    "鄂尔多斯市绿源农牧业专业合作社", "内蒙古恒信工程咨询有限公司", "康巴什区阳光社会工作服务社",
    "鄂尔多斯市金桥供热有限责任公司", "内蒙古北疆数据科技有限公司",
)  # fmt: skip
TOWNS = ("青春山街道", "滨河街道", "哈巴格希街道", "康新街道", "兴胜街道", "乌兰木伦镇", "全区合计")
SUBJECTS = ("社会救助资金管理办法", "城乡居民养老服务补贴实施细则", "老旧小区改造实施方案", "政务公开工作要点")
FULL_WIDTH = str.maketrans("0123456789Xx-", "０１２３４５６７８９Ｘｘ－")


# ---------------------------------------------------------------------------------------------
# Values: what is planted, as written and as masked


@dataclass(frozen=True)
class Value:
    kind: str  # a personaldata.Kind value
    digits: str  # compact: digits, an ID number's X upper-case
    shown: str  # as printed in the unmasked list
    masked: str  # as printed in the masked list (RULINGS.md 7)


def hide(shown: str, keep_first: int, keep_last: int) -> str:
    """``shown`` with its digits (and X) from the ``keep_first``-th to the ``keep_last``-th from
    the end replaced by ``*``: the separators stay where they were."""
    places = [i for i, ch in enumerate(shown) if unicodedata.normalize("NFKC", ch) in "0123456789Xx"]
    hidden = set(places[keep_first : len(places) - keep_last])
    return "".join("*" if i in hidden else ch for i, ch in enumerate(shown))


def id_number(rng: random.Random) -> Value:
    region = rng.choice(REGIONS)
    if rng.random() < 0.06:  # the old 15-digit number: no century, no check character
        born = dt.date(1935, 1, 1) + dt.timedelta(days=rng.randrange(50 * 365))
        digits = f"{region}{born:%y%m%d}{rng.randrange(1000):03d}"
        return Value(ID, digits, digits, hide(digits, 6, 3))
    born = dt.date(1935, 1, 1) + dt.timedelta(days=rng.randrange(74 * 365))
    first17 = f"{region}{born:%Y%m%d}{rng.randrange(1000):03d}"
    digits = first17 + personaldata.check_character(first17)
    style = rng.random()
    if digits.endswith("X") and rng.random() < 0.5:
        shown = digits[:-1] + "x"
    elif style < 0.06:
        shown = f"{digits[:6]} {digits[6:14]} {digits[14:]}"
    elif style < 0.12:
        shown = digits.translate(FULL_WIDTH)
    else:
        shown = digits
    return Value(ID, digits, shown, hide(shown, 6, 4))


def mobile(rng: random.Random) -> Value:
    digits = rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"
    a, b, c = digits[:3], digits[3:7], digits[7:]
    style = rng.choices(range(7), weights=(50, 14, 14, 6, 4, 4, 8))[0]
    prefix, shown = [
        (0, digits),
        (0, f"{a} {b} {c}"),
        (0, f"{a}-{b}-{c}"),
        (2, f"+86 {digits}"),
        (2, f"+86-{a}-{b}-{c}"),
        (4, f"0086 {digits}"),
        (0, digits.translate(FULL_WIDTH)),
    ][style]
    return Value(MOBILE, digits, shown, hide(shown, prefix + 3, 4))


def card_number(rng: random.Random) -> Value:
    prefix, length = rng.choice(CARD_PREFIXES)
    body = prefix + "".join(rng.choice("0123456789") for _ in range(length - len(prefix) - 1))
    digits = next(body + d for d in "0123456789" if personaldata.luhn(body + d))
    style = rng.choices(range(3), weights=(60, 30, 10))[0]
    groups = [digits[i : i + 4] for i in range(0, len(digits), 4)]
    shown = (digits, " ".join(groups), "-".join(groups))[style]
    return Value(CARD, digits, shown, hide(shown, 0, 0))


@dataclass(frozen=True)
class Person:
    serial: int
    name: str
    id: Value
    mobile: Value
    card: Value
    amount: str
    place: str

    def values(self) -> list[Value]:
        return [self.id, self.mobile, self.card]

    def cells(self, masked: bool) -> list[str]:
        shown = [v.masked if masked else v.shown for v in self.values()]
        return [str(self.serial), self.name, *shown, self.amount, self.place]


def people(rng: random.Random, rows: int) -> list[Person]:
    decimals = rng.random() < 0.5
    out = []
    for n in range(1, rows + 1):
        amount = rng.randrange(30, 400) * 10
        out.append(
            Person(
                n,
                rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(("", rng.choice(GIVEN))),
                id_number(rng),
                mobile(rng),
                card_number(rng),
                f"{amount:,}.00" if decimals else str(amount),
                rng.choice(PLACES),
            )
        )
    return out


# ---------------------------------------------------------------------------------------------
# Clean texts: what a unit publishes that holds numbers but no personal data


def a_date(rng: random.Random) -> str:
    day = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(12 * 365))
    return rng.choice(
        (
            f"{day.year}年{day.month}月{day.day}日",
            f"{day:%Y-%m-%d}",
            f"{day:%Y.%m.%d}",
            f"{day.year}/{day.month}/{day.day}",
        )
    )


def doc_number(rng: random.Random, prefix: str | None = None) -> str:
    year, number = rng.randint(2012, 2026), rng.randint(1, 160)
    left, right = rng.choice((("〔", "〕"), ("〔", "〕"), ("[", "]"), ("（", "）")))
    return f"{prefix or rng.choice(CITED)}{left}{year}{right}{number}号"


def amount(rng: random.Random) -> str:
    value = rng.randrange(1000, 10**9)
    return rng.choice(
        (f"{value:,}.{rng.randrange(100):02d}元", f"{value}元", f"{value / 10**4:.2f}万元", f"¥{value:,}.00")
    )


def landline(rng: random.Random) -> str:
    area, local = rng.choice(("0477", "0477", "0471", "010", "0472")), f"{rng.randint(2, 8)}{rng.randrange(10**6):06d}"
    if area == "010":
        local += str(rng.randrange(10))
    return rng.choice(
        (f"{area}-{local}", f"({area}){local}", f"（{area}）{local}", f"{area} {local}", f"{area}—{local}")
    )


def credit_code(rng: random.Random) -> str:
    if rng.random() < 0.5:  # a government body: 11 + division + an organisation code of digits
        return creditcode.make("11", rng.choice(REGIONS[:12]), f"{rng.randrange(10**8):08d}")
    body = "MA" + "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(6))
    return creditcode.make(rng.choice(("91", "92", "52", "12")), rng.choice(REGIONS[:12]), body)


def fact(r: random.Random) -> str:
    """One sentence of the kind notices carry: 文号, amounts, codes, landlines, dates, addresses."""
    year = r.randint(2019, 2026)
    page = f"{year}{r.randint(1, 12):02d}/t{year}{r.randint(1, 12):02d}{r.randint(1, 28):02d}_{r.randrange(10**7)}"
    return r.choice(
        [
            f"根据《国务院办公厅关于进一步加强社会救助工作的通知》（{doc_number(r)}）精神，结合我区实际，制定本方案。",
            f"本项目总投资{amount(r)}，其中中央财政补助资金{amount(r)}，自治区配套{amount(r)}。",
            f"项目实施单位：{r.choice(COMPANIES)}（统一社会信用代码：{credit_code(r)}），"
            f"邮政编码：0170{r.randint(0, 99):02d}。",
            f"咨询电话：{landline(r)}；传真：{landline(r)}；监督举报电话：12345。",
            f"索引号：{credit_code(r)}/{year}-{r.randrange(1, 99999):05d}",
            f"截至{a_date(r)}，全区共发放补贴资金{amount(r)}，惠及{r.randint(50, 9000)}户{r.randint(100, 20000)}人，"
            f"同比增长{r.randint(1, 40)}.{r.randint(0, 9)}%。",
            f"项目编号：KBS-{year}-ZFCG-{r.randint(1, 999):04d}，合同金额{amount(r)}，工期{r.randint(30, 365)}日历天。",
            f"本通知自{a_date(r)}起施行，有效期至{a_date(r)}。{doc_number(r)}同时废止。",
            f"详见康巴什区人民政府网站（https://www.kbs.example.gov.cn/xxgk/{page}.html）。",
            f"地址：康巴什区市民中心{r.randint(1, 9)}楼，邮编0170{r.randint(0, 99):02d}，电话{landline(r)}，"
            "办公时间为工作日9:00-12:00、14:30-17:30。",
            f"申报截止日期为{a_date(r)}，逾期不予受理。联系人：区财政局社保股，联系电话：{landline(r)}。",
        ]
    )


def law_paragraphs(limit: int | None = None) -> list[str]:
    """Paragraphs of 40-400 characters from the law corpus (headings and notes left out)."""
    out: list[str] = []
    with gzip.open(CORPUS, "rt", encoding="utf-8") as lines:
        for line in lines:
            body = json.loads(line)["body"].split("<!-- INFO END -->", 1)[-1]
            out += [p.strip() for p in body.split("\n") if 40 <= len(p.strip()) <= 400 and p[:1] not in "#<|"]
            if limit and len(out) >= limit:
                break
    return out


@dataclass(frozen=True)
class Notice:
    title: str
    number: str
    paragraphs: list[str]
    table: tuple[str, list[str], list[list[str]]] | None  # title, header, rows


def notice(rng: random.Random, paragraphs: list[str], table: bool) -> Notice:
    office, prefix = rng.choice(OFFICES)
    subject = rng.choice(SUBJECTS)
    body = ["各镇人民政府、街道办事处，区直各部门："]
    for _ in range(rng.randint(4, 10)):
        body.append(rng.choice(paragraphs))
        if rng.random() < 0.7:
            body.append(fact(rng))
    body += [fact(rng), office, a_date(rng), f"（联系电话：{landline(rng)}）"]
    made = (enterprise_table if rng.random() < 0.5 else statistics_table)(rng) if table else None
    return Notice(f"{office}关于印发《康巴什区{subject}》的通知", doc_number(rng, prefix), body, made)


def enterprise_table(rng: random.Random) -> tuple[str, list[str], list[list[str]]]:
    header = ["序号", "单位名称", "统一社会信用代码", "法定代表人", "办公电话", "补助金额（元）", "批复文号"]
    rows = [
        [
            str(n),
            rng.choice(COMPANIES),
            credit_code(rng),
            rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN),
            landline(rng),
            f"{rng.randrange(10**4, 10**7):,}",
            doc_number(rng, "康财社"),
        ]
        for n in range(1, rng.randint(6, 25))
    ]
    return f"{rng.randint(2019, 2026)}年度专项资金补助单位名单", header, rows


def statistics_table(rng: random.Random) -> tuple[str, list[str], list[list[str]]]:
    """Counts by month: a row of numbers of 2-4 digits, as statistics annexes are."""
    months = rng.randint(5, 7)
    header = ["镇（街道）", *(f"{m}月" for m in range(1, months + 1)), "合计"]
    rows = []
    for town in TOWNS:
        counts = [rng.randint(20, 6000) for _ in range(months)]
        rows.append([town, *map(str, counts), str(sum(counts))])
    return f"{rng.randint(2019, 2026)}年1-{months}月各镇（街道）救助人次统计表", header, rows


# ---------------------------------------------------------------------------------------------
# Files


@dataclass
class Sample:
    name: str
    kind: str  # what gongkai.publishing.reading.read is told
    label: str  # the row of the report
    group: str
    data: bytes
    planted: list[Value] = field(default_factory=list)


@dataclass(frozen=True)
class RosterList:
    title: str
    intro: str
    people: list[Person]


def roster_list(rng: random.Random, rows: int) -> RosterList:
    year = rng.randint(2019, 2026)
    title = rng.choice(LIST_TITLES).format(y=year, q=rng.randint(1, 4))
    intro = (
        f"经个人申请、社区（嘎查村）评议、街道（镇）审核、区民政局审批，以下{rows}户符合条件，现予公示。"
        f"公示期为{year}年9月1日至{year}年9月7日，如有异议，请在公示期内向区民政局反映。监督电话：{landline(rng)}。"
    )
    return RosterList(title, intro, people(rng, rows))


def xlsx_file(rng: random.Random, roster: RosterList | None, masked: bool, notice_: Notice | None) -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    if roster is not None:
        sheet.title = "名单"
        sheet.append([roster.title])
        sheet.append([roster.intro])
        sheet.append(list(HEADER))
        as_number = rng.random() < 0.35  # a clerk typed the mobiles as numbers
        for person in roster.people:
            cells: list[Any] = person.cells(masked)
            cells[0] = person.serial
            if as_number and not masked and person.mobile.shown.isascii() and person.mobile.shown.isdigit():
                cells[3] = int(person.mobile.shown)
            sheet.append(cells)
        workbook.create_sheet("填表说明")["A1"] = "身份证号码、银行卡号请以文本格式填写，金额保留两位小数。"
    else:
        assert notice_ is not None and notice_.table is not None
        title, header, rows = notice_.table
        sheet.title = "汇总表"
        sheet.append([title])
        sheet.append(header)
        for row in rows:
            sheet.append([int(c) if c.isdigit() else c for c in row])
        notes = workbook.create_sheet("政策依据")
        for paragraph in [notice_.title, notice_.number, *notice_.paragraphs]:
            notes.append([paragraph])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_file(rng: random.Random, roster: RosterList | None, masked: bool, notice_: Notice | None) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if roster is not None:
        writer.writerow(HEADER)
        mark = rng.choice(("", "", "\t", "'"))  # exports put a tab or an apostrophe before long numbers
        for person in roster.people:
            cells = person.cells(masked)
            writer.writerow([*cells[:2], mark + cells[2], cells[3], mark + cells[4], *cells[5:]])
    else:
        assert notice_ is not None and notice_.table is not None
        writer.writerow(notice_.table[1])
        writer.writerows(notice_.table[2])
    return buffer.getvalue().encode(rng.choice(("gb18030", "utf-8-sig")))


def docx_file(rng: random.Random, roster: RosterList | None, masked: bool, notice_: Notice | None) -> bytes:
    from docx import Document

    document = Document()
    if roster is not None:
        document.add_heading(roster.title, level=1)
        document.add_paragraph(roster.intro)
        if rng.random() < 0.5:
            _docx_table(document, HEADER, [p.cells(masked) for p in roster.people])
        else:  # one line of prose per person, as many 公示 are typed
            for person in roster.people:
                n, name, id_, phone, card, money, place = person.cells(masked)
                document.add_paragraph(
                    f"{n}. {name}，身份证号码：{id_}，联系电话：{phone}，银行卡号：{card}，发放金额{money}元，{place}。"
                )
    else:
        assert notice_ is not None
        document.add_heading(notice_.title, level=1)
        for paragraph in [notice_.number, *notice_.paragraphs]:
            document.add_paragraph(paragraph)
        if notice_.table is not None:
            document.add_paragraph(notice_.table[0])
            _docx_table(document, notice_.table[1], notice_.table[2])
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _docx_table(document: Any, header: Iterable[str], rows: Iterable[list[str]]) -> None:
    header = list(header)
    table = document.add_table(rows=1, cols=len(header))
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    for row in rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text


def _html_table(header: Iterable[str], rows: Iterable[Iterable[str]]) -> str:
    from html import escape

    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


PDF_CSS = """
@page { size: A4 %(orientation)s; margin: 18mm 15mm; }
body { font-family: '%(font)s'; font-size: 10.5pt; line-height: 1.5; }
h1 { font-size: 16pt; text-align: center; }
table { border-collapse: collapse; width: 100%%; }
th, td { border: 0.6pt solid #000; padding: 1.5pt 3pt; %(cells)s }
"""
NARROW = "table { table-layout: fixed; } th:nth-child(3), th:nth-child(4), th:nth-child(5) { width: 22mm; }"


def pdf_file(
    rng: random.Random, roster: RosterList | None, masked: bool, notice_: Notice | None, narrow: bool
) -> bytes:
    from html import escape

    from weasyprint import HTML

    font = rng.choice(("Noto Sans CJK SC", "Noto Serif CJK SC"))
    if roster is not None:
        cells = "word-break: break-all;" if narrow else "white-space: nowrap;"
        css = PDF_CSS % {"orientation": "landscape", "font": font, "cells": cells} + (NARROW if narrow else "")
        rows = [p.cells(masked) for p in roster.people]
        content = f"<h1>{escape(roster.title)}</h1><p>{escape(roster.intro)}</p>{_html_table(HEADER, rows)}"
    else:
        assert notice_ is not None
        css = PDF_CSS % {"orientation": "portrait", "font": font, "cells": ""}
        content = f"<h1>{escape(notice_.title)}</h1><p style='text-align:center'>{escape(notice_.number)}</p>"
        content += "".join(f"<p>{escape(p)}</p>" for p in notice_.paragraphs)
        if notice_.table is not None:
            title, header, table_rows = notice_.table
            content += f"<h2>{escape(title)}</h2>{_html_table(header, table_rows)}"
    html = f"<html><head><meta charset='utf-8'><style>{css}</style></head><body>{content}</body></html>"
    return HTML(string=html).write_pdf()


def ofd_file(rng: random.Random, roster: RosterList | None, masked: bool, notice_: Notice | None) -> bytes:
    from tests.publishing.fixtures.builders import ofd_with_text

    def wrapped(text: str, width: int = 34) -> list[str]:
        return [text[i : i + width] for i in range(0, len(text), width)]

    if roster is not None:
        lines = [roster.title, *wrapped(roster.intro, 44), "　".join(HEADER)]
        lines += ["　".join(p.cells(masked)) for p in roster.people]
    else:
        assert notice_ is not None
        lines = [notice_.title, notice_.number]
        for paragraph in notice_.paragraphs:
            lines += wrapped(paragraph)
        if notice_.table is not None:
            title, header, rows = notice_.table
            lines += [title, "　".join(header), *("　".join(row) for row in rows)]
    return ofd_with_text(["\n".join(lines[i : i + 30]) for i in range(0, len(lines), 30)])


def generate(
    rng: random.Random,
    files: int,
    paragraphs: list[str],
    formats: Iterable[str] = FAST,
    rows: tuple[int, int] = (12, 60),
) -> list[Sample]:
    """``files`` files spread over the formats and the three groups; masked lists are the unmasked
    ones masked (the same people), so a format has as many of each."""
    formats = list(formats)
    per_group = max(1, files // (len(formats) * 3))
    samples: list[Sample] = []
    for kind in formats:
        for n in range(per_group):
            roster = roster_list(rng, rng.randint(*rows))
            narrow = kind == "pdf" and n % 10 == 9
            label = "pdf, numbers wrapped in narrow cells" if narrow else kind
            for group in (UNMASKED, MASKED):
                data = _build(kind, rng, roster, group == MASKED, None, narrow)
                planted = [v for p in roster.people for v in p.values()] if group == UNMASKED else []
                samples.append(Sample(f"{group}-{n + 1:03d}.{kind}", kind, label, group, data, planted))
            notice_ = notice(rng, paragraphs, table=kind in ("xlsx", "csv") or rng.random() < 0.5)
            data = _build(kind, rng, None, False, notice_, False)
            samples.append(Sample(f"{CLEAN}-{n + 1:03d}.{kind}", kind, kind, CLEAN, data))
    return samples


def _build(
    kind: str, rng: random.Random, roster: RosterList | None, masked: bool, notice_: Notice | None, narrow: bool
) -> bytes:
    if kind == "pdf":
        return pdf_file(rng, roster, masked, notice_, narrow)
    build = {"xlsx": xlsx_file, "csv": csv_file, "docx": docx_file, "ofd": ofd_file}[kind]
    return build(rng, roster, masked, notice_)


def legacy(samples: list[Sample], count: int) -> list[Sample]:
    """``count`` .doc and .xls files: docx and xlsx files of the set converted by LibreOffice,
    the three groups in turn (unmasked first)."""
    out: list[Sample] = []
    for target, source in (("doc", "docx"), ("xls", "xlsx")):
        pool = {g: [s for s in samples if s.kind == source and s.group == g and s.label == source] for g in GROUPS}
        for n in range(count // 2):
            group = GROUPS[n % 3]
            if not pool[group]:
                continue
            original = pool[group].pop(0)
            if target == "doc":  # LibreOffice 7.4 drops python-docx's tables going straight to .doc
                data = soffice_convert(soffice_convert(original.data, "list.docx", "odt"), "list.odt", "doc")
            else:
                data = soffice_convert(original.data, f"list.{source}", target)
            name = f"{group}-{n + 1:03d}.{target}"
            out.append(Sample(name, target, f"{target} (LibreOffice)", group, data, original.planted))
    return out


def picture(rng: random.Random, roster: RosterList | None, masked: bool, notice_: Notice | None) -> Any:
    """An A4 page at 200 dpi: 12 rows of a list (landscape), or a notice's first lines (portrait)."""
    from PIL import Image, ImageDraw, ImageFont

    title = ImageFont.truetype(FONT, 44)
    if roster is not None:
        image = Image.new("L", (2339, 1654), 255)
        draw = ImageDraw.Draw(image)
        draw.text((300, 90), roster.title, font=title, fill=0)
        rows = [list(HEADER[:6]), *(p.cells(masked)[:6] for p in roster.people)]
        size = 32  # smaller when full-width digits or grouped card numbers make the row too wide
        while True:
            font = ImageFont.truetype(FONT, size)
            widths = [max(font.getlength(row[c]) for row in rows) + 50 for c in range(6)]
            if sum(widths) <= 2180 or size <= 24:
                break
            size -= 2
        columns = [90 + sum(widths[:c]) for c in range(6)]
        y = 220
        for row in rows:
            for x, text in zip(columns, row, strict=True):
                draw.text((x, y), text, font=font, fill=0)
            draw.line((80, y + 50, 2260, y + 50), fill=0, width=2)
            y += 88
        return image
    font = ImageFont.truetype(FONT, 32)
    assert notice_ is not None
    image = Image.new("L", (1654, 2339), 255)
    draw = ImageDraw.Draw(image)
    draw.text((150, 130), notice_.title[:30], font=title, fill=0)
    draw.text((600, 220), notice_.number, font=font, fill=0)
    lines = [p[i : i + 38] for p in notice_.paragraphs for i in range(0, len(p), 38)]
    for n, line in enumerate(lines[:34]):
        draw.text((130, 320 + n * 56), line, font=font, fill=0)
    return image


def pictures(rng: random.Random, count: int, paragraphs: list[str]) -> list[Sample]:
    """``count`` pictures for OCR: png, jpeg and one-page scanned PDFs in turn, groups in turn."""
    out: list[Sample] = []
    formats = (("png", "PNG", "png (OCR)"), ("jpeg", "JPEG", "jpeg (OCR)"), ("pdf", "PDF", "pdf, scanned (OCR)"))
    roster = roster_list(rng, 12)
    for n in range(count):
        kind, pil_format, label = formats[n % 3]
        group = GROUPS[(n // 3) % 3]
        if group == UNMASKED:
            roster = roster_list(rng, 12)
        if group == CLEAN:
            image = picture(rng, None, False, notice(rng, paragraphs, table=False))
        else:
            image = picture(rng, roster, group == MASKED, None)
        buffer = io.BytesIO()
        image.save(buffer, pil_format, **({"resolution": 200} if pil_format == "PDF" else {}))
        planted = [v for p in roster.people for v in p.values()] if group == UNMASKED else []
        out.append(Sample(f"{group}-{n + 1:03d}.{kind}", kind, label, group, buffer.getvalue(), planted))
    return out


# ---------------------------------------------------------------------------------------------
# Reading and screening


@dataclass(frozen=True)
class Hit:
    kind: str
    value: str  # compact, upper-case X
    where: str
    context: str


@dataclass
class Outcome:
    sample: Sample
    pages: int
    chars: int
    seconds: float
    text: str
    hits: list[Hit]
    unreadable: str = ""
    found: list[tuple[Value, Hit]] = field(default_factory=list)
    missed: list[Value] = field(default_factory=list)
    extra: list[Hit] = field(default_factory=list)


def context(text: str, start: int, end: int, width: int = 30) -> str:
    before, after = text[max(0, start - width) : start], text[end : end + width]
    return f"{before}【{text[start:end]}】{after}".replace("\n", "⏎")


def screen(text: str, where: str = "") -> list[Hit]:
    """The detector in the publication context, as the guard runs it on one place."""
    return [
        Hit(f.kind.value, f.value.upper(), where, context(text, f.start, f.end))
        for f in personaldata.find(text, personaldata.PUBLICATION)
    ]


def read_and_screen(sample: Sample) -> Outcome:
    from gongkai.publishing.reading import Unreadable, read

    started = time.perf_counter()
    try:
        reading = read(sample.kind, sample.data)
    except Unreadable as error:
        outcome = Outcome(sample, 0, 0, time.perf_counter() - started, "", [], unreadable=error.message)
        outcome.missed = list(sample.planted)
        return outcome
    seconds = time.perf_counter() - started
    hits = [hit for segment in reading.segments for hit in screen(segment.text, segment.where)]
    outcome = Outcome(sample, reading.pages, len(reading.text), seconds, reading.text, hits)
    for value in sample.planted:
        match = next((hit for hit in hits if value.digits in hit.value), None)
        if match is None:
            outcome.missed.append(value)
        else:
            outcome.found.append((value, match))
    planted = [v.digits for v in sample.planted]
    outcome.extra = [hit for hit in hits if not any(d in hit.value for d in planted)]
    return outcome


def read_as(outcome: Outcome, value: Value) -> str:
    """The line of the read text most like the missed value: what the reader (or OCR) made of it."""
    lines = outcome.text.splitlines() or [""]
    exact = [line for line in lines if value.digits in re.sub(r"[^0-9Xx]", "", unicodedata.normalize("NFKC", line))]
    if exact:
        lines = exact

    def likeness(line: str) -> float:
        digits = re.sub(r"[^0-9Xx*]", "", unicodedata.normalize("NFKC", line))
        return max(
            (difflib.SequenceMatcher(None, value.digits, digits[i : i + 30]).ratio() for i in range(0, len(digits), 6)),
            default=0.0,
        )

    best = max(lines, key=likeness)
    return best if len(best) <= 160 else best[:160] + "…"


# ---------------------------------------------------------------------------------------------
# Figures


@dataclass
class Row:
    label: str
    files: Counter[str] = field(default_factory=Counter)
    size: int = 0
    pages: int = 0
    chars: int = 0
    seconds: float = 0.0
    planted: Counter[str] = field(default_factory=Counter)
    found: Counter[str] = field(default_factory=Counter)
    false: Counter[str] = field(default_factory=Counter)  # findings that are no planted value, by group
    false_chars: Counter[str] = field(default_factory=Counter)  # characters read, by group
    unreadable: int = 0

    def add(self, o: Outcome) -> None:
        self.files[o.sample.group] += 1
        self.size += len(o.sample.data)
        self.pages += o.pages
        self.chars += o.chars
        self.seconds += o.seconds
        self.unreadable += bool(o.unreadable)
        for value in o.sample.planted:
            self.planted[value.kind] += 1
        for value, _hit in o.found:
            self.found[value.kind] += 1
        self.false[o.sample.group] += len(o.extra)
        self.false_chars[o.sample.group] += o.chars

    def recall(self, kind: str | None = None) -> str:
        planted = self.planted[kind] if kind else sum(self.planted.values())
        found = self.found[kind] if kind else sum(self.found.values())
        return f"{found}/{planted} ({100 * found / planted:.1f}%)" if planted else "–"


def tally(outcomes: list[Outcome]) -> dict[str, Row]:
    rows: dict[str, Row] = {}
    for o in outcomes:
        rows.setdefault(o.sample.label, Row(o.sample.label)).add(o)
    return rows


def per_thousand_pages(findings: int, chars: int) -> float:
    return findings / (chars / PAGE) * 1000 if chars else 0.0


def format_rows(rows: dict[str, Row]) -> list[str]:
    lines = [
        "| format | files (unmasked/masked/clean) | MB | pages (reader) | pages (1,000 chars) | read s | files/s | "
        "s/file | recall ID | recall mobile | recall card | false findings masked / clean |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in rows.values():
        files = sum(row.files.values())
        lines.append(
            f"| {row.label} | {files} ({row.files[UNMASKED]}/{row.files[MASKED]}/{row.files[CLEAN]}) | "
            f"{row.size / 1e6:.2f} | {row.pages} | {row.chars / PAGE:.0f} | {row.seconds:.1f} | "
            f"{files / row.seconds:.2f} | {row.seconds / files:.3f} | {row.recall(ID)} | {row.recall(MOBILE)} | "
            f"{row.recall(CARD)} | {row.false[MASKED]} / {row.false[CLEAN]} |"
        )
    return lines


def overlap(value: Value, hit: Hit) -> str:
    """How a finding that contains a planted value differs from it."""
    if hit.kind != value.kind:
        return f"{value.kind} found inside a longer {hit.kind}"
    if hit.value.startswith(value.digits):
        return f"{value.kind} with {len(hit.value) - len(value.digits)} digit(s) of the next number"
    return f"{value.kind} with digit(s) of the number before it"


def print_misses(outcomes: list[Outcome]) -> None:
    misses = [(o, v) for o in outcomes for v in o.missed]
    print(f"\nMissed planted values: {len(misses)}")
    for o, value in misses:
        why = f"unreadable: {o.unreadable}" if o.unreadable else f"read as: {read_as(o, value)!r}"
        where = f"{o.sample.label:<36} {o.sample.name:<18}"
        print(f"  MISS {where} {value.kind:<9} {value.shown!r} ({value.digits}); {why}")
    swallowed = [
        (o, v, h)
        for o in outcomes
        for v, h in o.found
        if h.kind != v.kind or h.value not in (v.digits, "86" + v.digits, "0086" + v.digits)
    ]
    print(f"\nFound, but inside a longer finding or as another kind: {len(swallowed)}")
    for (label, how), n in Counter((o.sample.label, overlap(v, h)) for o, v, h in swallowed).most_common():
        print(f"  {n:>4} × {label}: {how}")
    for o, value, hit in swallowed[:40]:
        where = f"{o.sample.label:<36} {o.sample.name:<18}"
        print(f"  {where} {value.kind} {value.digits} → {hit.kind} {hit.value}  {hit.context}")
    if len(swallowed) > 40:
        print(f"  … and {len(swallowed) - 40} more")
    extra = [(o, h) for o in outcomes for h in o.extra]
    print(f"\nFindings that are no planted value (false positives), all groups: {len(extra)}")
    for o, hit in extra:
        print(f"  FALSE {o.sample.label:<36} {o.sample.name:<18} {hit.kind} {hit.value} at {hit.where}: {hit.context}")


# ---------------------------------------------------------------------------------------------
# The law corpus, the demo district, look-alikes


@dataclass
class Corpus:
    name: str
    texts: int = 0
    chars: int = 0
    seconds: float = 0.0
    hits: list[tuple[str, Hit]] = field(default_factory=list)

    def screen(self, label: str, text: str) -> None:
        started = time.perf_counter()
        self.hits += [(label, hit) for hit in screen(text)]
        self.seconds += time.perf_counter() - started
        self.texts += 1
        self.chars += len(text)

    def line(self) -> str:
        rate = per_thousand_pages(len(self.hits), self.chars)
        kinds = ", ".join(f"{k} {n}" for k, n in Counter(h.kind for _l, h in self.hits).items()) or "none"
        return (
            f"| {self.name} | {self.texts:,} | {self.chars:,} | {self.chars / PAGE:,.0f} | {len(self.hits)} ({kinds}) "
            f"| {rate:.2f} | {self.seconds:.1f} s ({self.chars / max(self.seconds, 1e-9) / 1e6:.2f} M chars/s) |"
        )

    def show(self, limit: int = 20) -> None:
        print(f"\n{self.name}: {len(self.hits)} findings in {self.texts:,} texts, {self.chars:,} characters")
        for label, hit in self.hits[:limit]:
            print(f"  {hit.kind} {hit.value} in {label}: {hit.context}")


def law_corpus() -> Corpus:
    corpus = Corpus("law corpus (all 3,458 texts, title + body)")
    with gzip.open(CORPUS, "rt", encoding="utf-8") as lines:
        for line in lines:
            doc = json.loads(line)
            corpus.screen(f"《{doc['title']}》", f"{doc['title']}\n{doc['body']}")
    return corpus


def demo_district() -> tuple[Corpus, float]:
    """A fresh demo district (SQLite in a temporary directory, demo mode) and its documents."""
    from bench.probes import common

    corpus = Corpus("demo district (items, file text layers, gazette PDFs, reports, answers)")
    with tempfile.TemporaryDirectory(prefix="gongkai-privacy-") as tmp:
        seconds = common.start_demo(tmp)
        from gongkai.gazette.models import GazetteIssue
        from gongkai.participation.models.consultations import AdoptionDecision, AdoptionReport
        from gongkai.participation.models.inquiries import Inquiry
        from gongkai.publishing.models import AttachmentText, Item
        from gongkai.publishing.sanitize import plain_text
        from gongkai.reports.models import AnnualReport

        for item in Item.objects.order_by("pk"):
            text = "\n".join([item.title, item.doc_number, plain_text(item.body_html)])
            corpus.screen(f"item {item.pk} “{item.title[:24]}” ({item.state})", text)
        for layer in AttachmentText.objects.select_related("attachment").order_by("pk"):
            corpus.screen(f"file “{layer.attachment.name}”", layer.text)
        for issue in GazetteIssue.objects.order_by("pk"):
            corpus.screen(f"gazette {issue} PDF", issue.extracted_text)
        for report in AnnualReport.objects.order_by("pk"):
            corpus.screen(f"annual report {report.pk}", "\n".join([report.overview, report.problems, report.other]))
        for inquiry in Inquiry.objects.exclude(answer_html="").order_by("pk"):
            corpus.screen(f"inquiry {inquiry.pk}: the office's answer", plain_text(inquiry.answer_html))
        for adoption in AdoptionReport.objects.order_by("pk"):
            reasons = [d.reason for d in AdoptionDecision.objects.filter(report=adoption)]
            corpus.screen(f"consultation adoption report {adoption.pk}", "\n".join([adoption.summary, *reasons]))
    return corpus, seconds


def _id(first17: str) -> str:
    return first17 + personaldata.check_character(first17)


def _card(body: str) -> str:
    return next(body + d for d in "0123456789" if personaldata.luhn(body + d))


# (text, the personal numbers in it as the detector should report them: kind and digits). The
# last six are cases the generated set met (see the misses and false positives it prints).
LOOK_ALIKES: list[tuple[str, list[tuple[str, str]]]] = [
    ("营业执照注册号：150602600123456（个体工商户，2014年前核发）", []),
    ("注册号：150621000012345", []),
    ("收款单位：康巴什区财政局，开户行：中国工商银行康巴什支行，账号：0604020109300123456", []),
    ("账号：1505 0170 3621 0000 0123", []),
    ("组织机构代码：01152012-3；ISBN 978-7-5097-1234-5；发票代码：150022612345，发票号码：01234567", []),
    ("不动产权证号：蒙（2026）康巴什区不动产权第0012345号；行政区划代码：150603001001", []),
    ("服务热线：400-810-1234；政务服务便民热线12345；监督电话：0477-8581239转8001", []),
    ("2024 1235 2025 1432 2026 1630", []),
    (f"学籍号：G{_id('15062720080101123')}", [(ID, _id("15062720080101123"))]),
    (
        f"身份证号{_id('15062719900101123')}，电话139.0478.0001",
        [(ID, _id("15062719900101123")), (MOBILE, "13904780001")],
    ),
    ("联系电话：13904780001/13904780002", [(MOBILE, "13904780001"), (MOBILE, "13904780002")]),
    (f"卡号{_card('622202123456789012')} 金额 500", [(CARD, _card("622202123456789012"))]),
    ("统一社会信用代码：111506214003247339", []),
    ("青春山街道 9323 6818 2482 8485 4469 7234", []),
    ("兴胜街道 3767 1474 656 4593 2479", []),
    ("15545757031 6227 0065 2374 5612 547 2,290.00", [(MOBILE, "15545757031"), (CARD, "6227006523745612547")]),
    ("440304471208078 195 9750 5666", [(ID, "440304471208078"), (MOBILE, "19597505666")]),
    ("6225 8848 2043 4663 950 哈巴格希村", [(CARD, "6225884820434663")]),
]


def look_alikes() -> list[str]:
    """Each look-alike line: what it should give and what the detector gives."""
    out = []
    for text, expected in LOOK_ALIKES:
        got = [(hit.kind, hit.value) for hit in screen(text)]
        verdict = "ok" if sorted(got) == sorted(expected) else "DIFFERS"
        out.append(f"  {verdict:<7} {text!r}\n          expected {expected or 'nothing'}; got {got or 'nothing'}")
    return out


# ---------------------------------------------------------------------------------------------


def machine() -> str:
    cpuinfo, meminfo = Path("/proc/cpuinfo").read_text().splitlines(), Path("/proc/meminfo").read_text().splitlines()
    model = next((line.split(":", 1)[1].strip() for line in cpuinfo if "model name" in line), "?")
    memory = next((int(line.split()[1]) for line in meminfo if line.startswith("MemTotal")), 0)
    debian = Path("/etc/debian_version").read_text().strip() if Path("/etc/debian_version").exists() else "?"
    return (
        f"Debian {debian}, CPython {platform.python_version()}, {os.cpu_count()} cores {model}, "
        f"{memory / 2**20:.0f} GiB; load average at start {os.getloadavg()[0]:.1f}"
    )


def code_version() -> str:
    """The commit, and whether the detector or the readers differ from it in the working tree."""
    git = ["git", "-C", str(Path(__file__).resolve().parents[1])]
    try:
        commit = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True)  # noqa: S603
        changed = subprocess.run(  # noqa: S603
            [*git, "status", "--porcelain", "gongkai/personaldata.py", "gongkai/publishing/reading"],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
    except (OSError, subprocess.CalledProcessError):
        return "commit unknown"
    state = "with local changes to " + ", ".join(changed.stdout.split()[1::2]) if changed.stdout.strip() else "clean"
    return f"commit {commit.stdout.strip()} (detector and readers {state})"


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--files", type=int, default=300, help="files of the fast formats (xlsx, csv, docx, pdf, ofd)")
    parser.add_argument("--office", type=int, default=12, help=".doc and .xls files (LibreOffice), half each")
    parser.add_argument("--ocr-images", type=int, default=24, help="pictures and scanned PDF pages for OCR")
    parser.add_argument("--seed", type=int, default=24)
    parser.add_argument("--no-demo", action="store_true", help="skip the demo district")
    args = parser.parse_args()
    command = ".venv/bin/python -m bench.privacy " + " ".join(sys.argv[1:])
    started = time.perf_counter()
    rng = random.Random(args.seed)
    print(f"machine: {machine()}; {code_version()}")

    paragraphs = law_paragraphs(limit=20_000)
    samples = generate(rng, args.files, paragraphs)
    fast_generated = time.perf_counter() - started
    samples += legacy(samples, args.office)
    samples += pictures(rng, args.ocr_images, paragraphs)
    generated = time.perf_counter() - started
    print(f"generated {len(samples)} files in {generated:.0f} s ({fast_generated:.0f} s without LibreOffice or OCR)")

    outcomes = [read_and_screen(sample) for sample in samples]
    rows = tally(outcomes)
    read_seconds = sum(o.seconds for o in outcomes)
    print_misses(outcomes)

    laws = law_corpus()
    laws.show()
    corpora = [laws]
    demo_seconds = 0.0
    if not args.no_demo:
        demo, demo_seconds = demo_district()
        demo.show()
        corpora.append(demo)
    print("\nLook-alikes (the detector, publication context):")
    print("\n".join(look_alikes()))
    total = time.perf_counter() - started
    summary(args, command, outcomes, rows, corpora, (generated, read_seconds, demo_seconds, total))


def summary(
    args: argparse.Namespace,
    command: str,
    outcomes: list[Outcome],
    rows: dict[str, Row],
    corpora: list[Corpus],
    seconds: tuple[float, float, float, float],
) -> None:
    generated, read_seconds, demo_seconds, total = seconds
    planted = sum(len(o.sample.planted) for o in outcomes)
    found = sum(len(o.found) for o in outcomes)
    ocr_rows = [r for r in rows.values() if "OCR" in r.label]
    false = {g: sum(r.false[g] for r in rows.values()) for g in GROUPS}
    chars = {g: sum(r.false_chars[g] for r in rows.values()) for g in GROUPS}
    print("\n---- Markdown for docs/benchmarks.md ----\n")
    print(f"Machine: {machine()}. Date: {dt.datetime.now(dt.UTC).date()}. Code: {code_version()}. "
          f"Command: `{command.strip()}` "
          f"(seed {args.seed}; {total:.0f} s in all: {generated:.0f} s generating, {read_seconds:.0f} s reading and "
          f"screening, {demo_seconds:.0f} s setting up the demo district).\n")  # fmt: skip
    print(f"Generated set: **{len(outcomes)} files**, {planted} planted unmasked values; recall "
          f"**{found}/{planted} ({100 * found / max(planted, 1):.2f}%)**", end="")  # fmt: skip
    for name, part in (("text layers", [r for r in rows.values() if r not in ocr_rows]), ("OCR", ocr_rows)):
        got, of = sum(sum(r.found.values()) for r in part), sum(sum(r.planted.values()) for r in part)
        print(f"; {name} {got}/{of} ({100 * got / max(of, 1):.2f}%)", end="")
    print(".\n")
    print("\n".join(format_rows(rows)))
    print("\npages (reader): what the reader counts (PDF, OFD and Word pages; a workbook's sheets; 1 for a CSV")
    print("file or a picture); pages (1,000 chars): the issue's page. read s: `read()` alone, one file at a time.")
    for row in ocr_rows:
        print(f"\nOCR, {row.label}: {row.seconds / max(row.pages, 1):.2f} s per page ({row.pages} pages)", end="")
    print("\n\nFalse positives (findings that are no planted value), per 1,000 pages of 1,000 characters:\n")
    print("| text | texts | characters | pages | findings | per 1,000 pages | detector time |")
    print("|---|---|---|---|---|---|---|")
    for group in (MASKED, CLEAN, UNMASKED):
        files = sum(r.files[group] for r in rows.values())
        print(f"| generated, {group} | {files} files | {chars[group]:,} | {chars[group] / PAGE:,.0f} | {false[group]} "
              f"| {per_thousand_pages(false[group], chars[group]):.2f} | – |")  # fmt: skip
    for corpus in corpora:
        print(corpus.line())


if __name__ == "__main__":
    main()
