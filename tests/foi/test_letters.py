"""The standard letters of disclosure by application: wording by outcome, remedies, required
fields, and the .docx and PDF renderings.

The case: 张三 applied to 康巴什区民政局 on 2026-09-25 (中秋, received through the portal) for the
district's 2025 minimum-living-allowance payment details; the office replies on 2026-10-29.
PDFs are slow (≈0.3 s each once fonts are loaded), so the module renders two, once.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import replace
from typing import Any

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm
from pypdf import PdfReader

from gongkai.foi.letters import (
    KINDS,
    OUTCOMES,
    Letter,
    LetterContext,
    build,
    format_date,
    render_docx,
    render_html,
    render_pdf,
    yuan_in_words,
)

APPLICANT = "张三"
APPLICANT_PHONE = "13800000000"
DESCRIPTION = "2025年度康巴什区城乡最低生活保障资金发放明细"
SCRIPT = "<script>alert(1)</script>"
ISSUED = dt.date(2026, 10, 29)

# 109号 Art. 5, per volume, 2,219 pages: 30 free + 70×10 + 100×20 + 2,019×40 = 83,460 yuan.
FEE_LINES = (
    ("30页以下（含30页）", 30, 0, 0),
    ("31—100页（含100页）的部分", 70, 10, 700),
    ("101—200页（含200页）的部分", 100, 20, 2000),
    ("201页以上的部分", 2019, 40, 80760),
)


def context(kind: str = "reply", **changes: Any) -> LetterContext:
    """The 张三 case with what every kind needs; ``changes`` override or blank fields."""
    base = LetterContext(
        kind=kind,
        organ="康巴什区民政局",
        organ_address="鄂尔多斯市康巴什区市民服务中心A座",
        organ_phone="0477-8581234",
        organ_postcode="017010",
        number="康民依申请〔2026〕第3号",
        issued_on=ISSUED,
        applicant_name=APPLICANT,
        received_on=dt.date(2026, 9, 25),
        tracking_code="YSQ-2026-7KQ3-M9XD",
        description=DESCRIPTION,
        outcome="disclosed",
        reasons="该信息已于2026年3月1日在康巴什区人民政府门户网站“政府信息公开”专栏主动公开。",
        review_organ="康巴什区人民政府",
        correction_items="请写明所需资金发放明细的所属年度及具体项目名称。",
        correction_due_on=dt.date(2026, 11, 12),
        extension_days=15,
        extension_reason="所申请信息数量较多，需要调阅档案逐件审查",
        new_due_on=dt.date(2026, 11, 19),
        party="鄂尔多斯市某某物业服务有限公司",
        party_reply_due_on=dt.date(2026, 11, 19),
        information="2025年度康巴什区物业服务企业信用评价结果及扣分明细",
        fee_method="per_volume",
        fee_lines=FEE_LINES,
        fee_yuan=83460,
        pay_by=dt.date(2026, 11, 26),
    )
    return replace(base, **changes)


def text_of(kind: str = "reply", **changes: Any) -> str:
    return build(context(kind, **changes)).text()


# Independent of OUTCOMES: what the letter must say for each outcome, and the article it cites.
EXPECTED: dict[str, tuple[str, str]] = {
    "disclosed": ("予以公开", "第三十六条第（一）项、第（二）项"),
    "partly_disclosed": ("区分处理", "第三十七条"),
    "withheld_state_secret": ("国家秘密", "第十四条"),
    "withheld_law": ("法律、行政法规禁止公开", "第十四条"),
    "withheld_security": ("国家安全、公共安全、经济安全、社会稳定", "第十四条"),
    "withheld_third_party": ("第三方合法权益", "第十五条"),
    "withheld_internal": ("内部事务信息", "第十六条第一款"),
    "withheld_process": ("过程性信息", "第十六条第二款"),
    "withheld_enforcement": ("行政执法案卷", "第十六条第二款"),
    "withheld_inquiry": ("工商、不动产登记资料", "第三十六条第（七）项"),
    "unavailable_not_held": ("该政府信息不存在", "第三十六条第（四）项"),
    "unavailable_needs_creation": ("加工、分析", "第三十八条"),
    "unavailable_unclear": ("补正后的申请", "第三十条"),
    "not_processed_petition": ("信访、投诉、举报", "第三十九条第一款"),
    "not_processed_repeat": ("不予重复处理", "第三十六条第（六）项"),
    "not_processed_publication": ("公开出版物", "第三十九条第二款"),
    "not_processed_excessive": ("数量、频次明显超过合理范围", "第三十五条"),
    "not_processed_confirmation": ("确认或者重新出具", "第三十八条"),  # not Art. 39: test_letters_outcomes.py
    "other_correction_lapsed": ("逾期未补正", "第三十条"),
    "other_fee_lapsed": ("逾期未按收费通知要求缴纳费用", "国办函〔2020〕109号"),
    "other": ("处理情况如下", ""),
}
# Art. 36(七) refers to the special procedure: no refusal, no review first (test_letters_outcomes.py).
REVIEW_FIRST = sorted(
    {code for code in EXPECTED if code.startswith("withheld_")} - {"withheld_inquiry"} | {"partly_disclosed"}
)
ORDINARY = sorted(set(EXPECTED) - set(REVIEW_FIRST))
# The ground where one row of Table 三 covers two articles (the handler's choice).
GROUNDS: dict[str, dict[str, str]] = {"unavailable_not_held": {"not_held_ground": "not_found"}}


def test_every_outcome_of_table_three_is_covered() -> None:
    assert set(OUTCOMES) == set(EXPECTED)


@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_reply_words_each_outcome_and_cites_its_article(code: str) -> None:
    wording, article = EXPECTED[code]
    text = text_of(outcome=code, **GROUNDS.get(code, {}))
    assert wording in text
    assert article in text
    assert OUTCOMES[code].grounds or all(cited in text for cited in OUTCOMES[code].articles)
    if code.startswith("withheld_") and code != "withheld_inquiry":
        assert "第三十六条第（三）项的规定，本机关决定不予公开" in text


def test_row_labels_are_those_of_the_annual_report() -> None:
    assert OUTCOMES["disclosed"].label == "（一）予以公开"
    assert OUTCOMES["withheld_security"].label == "（三）不予公开 3.危及“三安全一稳定”"
    assert OUTCOMES["unavailable_unclear"].label == "（四）无法提供 3.补正后申请内容仍不明确"
    assert OUTCOMES["other_fee_lapsed"].row.startswith("2.申请人逾期未按收费通知要求缴纳费用")


@pytest.mark.parametrize("code", REVIEW_FIRST)
def test_refusals_tell_the_applicant_to_seek_review_first(code: str) -> None:
    letter = build(context(outcome=code, reasons="该信息载有低保对象的身份证号码和家庭住址。"))
    assert "《中华人民共和国行政复议法》第二十三条第一款第（四）项" in letter.remedies
    assert "应当先向行政复议机关申请行政复议" in letter.remedies
    assert "六十日内向康巴什区人民政府申请行政复议" in letter.remedies
    assert "收到行政复议决定书之日起十五日内" in letter.remedies
    assert "《中华人民共和国行政诉讼法》第四十五条" in letter.remedies
    assert "六个月" not in letter.remedies


@pytest.mark.parametrize("code", ORDINARY)
def test_other_replies_offer_review_or_lawsuit(code: str) -> None:
    letter = build(context(outcome=code, **GROUNDS.get(code, {})))
    assert "六十日内向康巴什区人民政府申请行政复议" in letter.remedies
    assert "第二十条第一款" in letter.remedies
    assert "六个月内向有管辖权的人民法院提起行政诉讼" in letter.remedies
    assert "第四十六条第一款" in letter.remedies
    assert "第二十三条" not in letter.remedies


def test_not_held_names_the_responsible_organ_when_known() -> None:
    text = text_of(
        outcome="unavailable_not_held", responsible_organ="鄂尔多斯市民政局", responsible_organ_contact="0477-8388001"
    )
    assert "第三十六条第（五）项" in text
    assert "负责公开该政府信息的行政机关为鄂尔多斯市民政局，联系方式：0477-8388001" in text
    assert "不存在" not in text


def test_reply_letter_is_addressed_numbered_signed_and_dated() -> None:
    letter = build(context(court="鄂尔多斯市康巴什区人民法院"))
    assert letter.title == "政府信息公开申请答复告知书"
    assert letter.addressee == "张三："
    assert letter.number == "康民依申请〔2026〕第3号"
    assert (letter.signature, letter.date, letter.seal) == ("康巴什区民政局", "2026年10月29日", "（印章）")
    assert "2026年9月25日收到您提出的政府信息公开申请（申请编号：YSQ-2026-7KQ3-M9XD）" in letter.paragraphs[0]
    assert letter.contact == "（联系地址：鄂尔多斯市康巴什区市民服务中心A座；邮政编码：017010；联系电话：0477-8581234）"
    assert "鄂尔多斯市康巴什区人民法院" in letter.remedies
    assert letter.text().endswith(letter.contact)


def test_reply_names_the_document_number_the_applicant_gave() -> None:
    assert "（文号：康民发〔2025〕12号）" in text_of(doc_number="康民发〔2025〕12号")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"outcome": ""}, "outcome"),
        ({"review_organ": ""}, "review_organ"),
        ({"applicant_name": ""}, "applicant_name"),
        ({"issued_on": None}, "issued_on"),
        ({"outcome": "withheld_third_party", "reasons": ""}, "reasons"),
        ({"outcome": "disclosed", "reasons": "", "provided": ""}, "provided or reasons"),
        ({"outcome": "refused"}, "unknown outcome 'refused'"),
    ],
)
def test_reply_refuses_to_build_without_what_it_needs(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        build(context(**changes))


NEEDS = {
    "correction": ("correction_items", "correction_due_on"),
    "extension": ("extension_days", "extension_reason", "new_due_on"),
    "consultation": ("party", "party_reply_due_on", "information"),
    "fee": ("fee_method", "fee_lines", "fee_yuan", "pay_by"),
}


@pytest.mark.parametrize(("kind", "field"), [(kind, field) for kind, names in NEEDS.items() for field in names])
def test_each_kind_names_the_missing_field(kind: str, field: str) -> None:
    blank = getattr(LetterContext(kind=kind), field)  # the defaults are the blanks
    with pytest.raises(ValueError, match=f"{kind} letter needs: .*{field}"):
        build(context(kind, **{field: blank}))


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_each_kind_builds_with_its_title(kind: str) -> None:
    letter = build(context(kind))
    assert letter.title == KINDS[kind]
    assert letter.kind == kind


def test_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown letter kind 'notice'"):
        build(context("notice"))


def test_correction_notice_lists_items_and_the_period() -> None:
    letter = build(context("correction", correction_items="1.请写明所属年度；\n2.请写明具体项目名称。"))
    text = letter.text()
    assert "一次性告知您对以下事项作出补正" in text
    assert "1.请写明所属年度；" in letter.paragraphs and "2.请写明具体项目名称。" in letter.paragraphs
    assert "请您于2026年11月12日前向本机关提交补正后的申请" in text
    assert "答复期限自本机关收到补正的申请之日起计算" in text
    assert "视为放弃申请" in text and "第三十条" in text
    assert letter.remedies == "" and "行政复议" not in text


def test_extension_states_days_reason_and_new_due_date() -> None:
    letter = build(context("extension"))
    text = letter.text()
    assert "延期理由如下：所申请信息数量较多，需要调阅档案逐件审查。" in text
    assert "第三十三条第二款" in text and "政府信息公开工作机构负责人同意" in text
    assert "答复期限延长15个工作日，本机关将于2026年11月19日前作出答复" in text
    assert letter.remedies == ""


def test_extension_is_at_most_twenty_working_days() -> None:
    assert "延长20个工作日" in text_of("extension", extension_days=20)
    with pytest.raises(ValueError, match="extension_days must be 1 to 20"):
        build(context("extension", extension_days=21))


def test_consultation_goes_to_the_third_party_and_hides_the_applicant() -> None:
    letter = build(context("consultation", description=f"{DESCRIPTION}，联系电话{APPLICANT_PHONE}"))
    text = letter.text()
    assert letter.addressee == "鄂尔多斯市某某物业服务有限公司："
    assert "2025年度康巴什区物业服务企业信用评价结果及扣分明细" in text
    assert "第三十二条" in text and "第十五条" in text
    assert "15个工作日内，即于2026年11月19日前" in text
    assert "逾期未提出意见的，由本机关依照《中华人民共和国政府信息公开条例》的规定决定是否公开" in text
    for secret in (APPLICANT, APPLICANT_PHONE, DESCRIPTION, "YSQ-2026-7KQ3-M9XD"):
        assert secret not in text
    assert letter.remedies == ""


def test_fee_notice_shows_computation_total_deadline_and_consequence() -> None:
    letter = build(context("fee", payment_method="请持本通知书到康巴什区政务服务中心财政窗口缴纳。"))
    text = letter.text()
    assert letter.fee_table is not None
    assert letter.fee_table.rows[-1] == ("201页以上的部分", "2,019", "40", "80,760")
    assert letter.fee_table.total == ("合计", "2,219", "", "83,460")
    assert "按量计收" in text and "第五条" in text and "第四十二条" in text and "超额累进" in text
    assert "共计人民币83,460元（大写：捌万叁仟肆佰陆拾元整）" in text
    assert "请您于2026年11月26日前缴纳" in text
    assert "财政票据" in text and "国库" in text
    assert "逾期未缴纳信息处理费的，视为放弃申请，本机关不再处理" in text
    assert "财政窗口" in text
    assert "六个月" in letter.remedies and "第二十三条" not in letter.remedies


def test_fee_notice_per_piece_cites_article_four() -> None:
    lines = (("10件以下（含10件）", 10, 0, 0), ("11—30件（含30件）的部分", 5, 100, 500))
    letter = build(context("fee", fee_method="per_piece", fee_lines=lines, fee_yuan=500))
    assert "按件计收" in letter.text() and "第四条" in letter.text()
    assert letter.fee_table is not None and letter.fee_table.header[1] == "数量（件）"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"fee_yuan": 83000}, "do not add up"),
        ({"fee_lines": (("201页以上的部分", 2019, 40, 80000),), "fee_yuan": 80000}, "is not 80000"),
        ({"fee_method": "per_hour"}, "unknown fee_method"),
        ({"pay_by": ISSUED}, "pay_by must be after issued_on"),
    ],
)
def test_fee_notice_refuses_inconsistent_data(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        build(context("fee", **changes))


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (83460, "捌万叁仟肆佰陆拾元整"),
        (700, "柒佰元整"),
        (10, "壹拾元整"),
        (1010, "壹仟零壹拾元整"),
        (100100, "壹拾万零壹佰元整"),
        (1000001, "壹佰万零壹元整"),
        (100010000, "壹亿零壹万元整"),
    ],
)
def test_amount_in_capital_numerals(amount: int, words: str) -> None:
    assert yuan_in_words(amount) == words


def test_dates_are_written_in_chinese() -> None:
    assert format_date(dt.date(2026, 9, 25)) == "2026年9月25日"


def test_control_characters_from_pasted_text_are_dropped() -> None:
    letter = build(context(description="低保\x0b资金\x00明细\r\n2025年"))
    assert "“低保资金明细 2025年”" in letter.paragraphs[0]
    assert Document(io.BytesIO(render_docx(letter)))  # lxml refuses control characters


# --- .docx -------------------------------------------------------------------------------


def docx_of(letter: Letter) -> Any:
    return Document(io.BytesIO(render_docx(letter)))


def test_docx_holds_title_addressee_number_and_every_paragraph() -> None:
    letter = build(context(outcome="withheld_third_party", reasons="第三方书面表示不同意公开。"))
    document = docx_of(letter)
    texts = [paragraph.text for paragraph in document.paragraphs]
    assert texts[:3] == [letter.title, letter.number, "张三："]
    for block in (*letter.paragraphs, letter.remedies, letter.signature, letter.date, letter.seal, letter.contact):
        assert block in texts
    title = document.paragraphs[0]
    assert title.runs[0].bold and title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    normal = document.styles["Normal"].element.rPr.rFonts
    assert normal.get(qn("w:eastAsia")) == "仿宋_GB2312"
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert abs(section.top_margin - Cm(3.7)) < Cm(0.01) and abs(section.left_margin - Cm(2.8)) < Cm(0.01)
    assert not document.tables


def test_docx_fee_notice_has_the_computation_as_a_table() -> None:
    document = docx_of(build(context("fee")))
    (table,) = document.tables
    cells = [[cell.text for cell in row.cells] for row in table.rows]
    assert cells[0] == ["计费档次", "数量（页）", "收费标准（元/页）", "金额（元）"]
    assert cells[2] == ["31—100页（含100页）的部分", "70", "10", "700"]
    assert cells[-1] == ["合计", "2,219", "", "83,460"]
    # The table sits after the sentence that announces it and before the total.
    body = [child.tag.rsplit("}", 1)[1] for child in document.element.body]
    paragraphs_before = body[: body.index("tbl")].count("p")
    assert "计算如下" in document.paragraphs[paragraphs_before - 1].text
    assert "共计人民币83,460元" in document.paragraphs[paragraphs_before].text


# --- PDF ---------------------------------------------------------------------------------


def squeeze(text: str) -> str:
    """PDF text extraction breaks lines where the layout did; compare without whitespace."""
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def reply_pdf() -> PdfReader:
    letter = build(context(outcome="partly_disclosed", reasons="其中低保对象的身份证号码和家庭住址属于个人隐私。"))
    data = render_pdf(letter)
    assert data.startswith(b"%PDF-")
    return PdfReader(io.BytesIO(data))


@pytest.fixture(scope="module")
def fee_pdf() -> PdfReader:
    return PdfReader(io.BytesIO(render_pdf(build(context("fee", description=f"{DESCRIPTION}{SCRIPT}")))))


def test_pdf_text_is_chinese_not_tofu(reply_pdf: PdfReader) -> None:
    text = squeeze("".join(page.extract_text() for page in reply_pdf.pages))
    for expected in (
        "政府信息公开申请答复告知书",
        "张三：",
        "康民依申请〔2026〕第3号",
        "第三十七条",
        "行政复议法》第二十三条",
    ):
        assert expected in text
    assert "2026年10月29日" in text and "（印章）" in text


def test_pdf_embeds_a_cjk_font(reply_pdf: PdfReader) -> None:
    fonts = {
        str(font.get_object()["/BaseFont"]) for page in reply_pdf.pages for font in page["/Resources"]["/Font"].values()
    }
    assert fonts and all(re.search(r"CJK|WenQuanYi", name) for name in fonts), fonts


def test_pdf_pages_are_numbered(reply_pdf: PdfReader) -> None:
    total = len(reply_pdf.pages)
    for number, page in enumerate(reply_pdf.pages, start=1):
        assert f"第{number}页共{total}页" in squeeze(page.extract_text())


def test_pdf_fee_notice_prints_the_table(fee_pdf: PdfReader) -> None:
    text = squeeze(fee_pdf.pages[0].extract_text())
    assert "201页以上的部分2,0194080,760" in text
    assert "合计2,21983,460" in text


def test_pdf_shows_untrusted_markup_as_text(fee_pdf: PdfReader) -> None:
    text = squeeze("".join(page.extract_text() for page in fee_pdf.pages))
    assert SCRIPT in text


def test_html_escapes_untrusted_text() -> None:
    html = render_html(build(context(description=f"{DESCRIPTION}{SCRIPT}<img src=x onerror=alert(2)>")))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script" not in html and "<img" not in html
