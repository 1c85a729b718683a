"""``build``: a ``LetterContext`` in, a worded ``Letter`` out, or ``ValueError`` naming what is missing.

The articles cited are those of the 条例 (国务院令第711号) and of the 信息处理费管理办法
(国办函〔2020〕109号), as read (REGULATIONS §1–§2); each builder says which rule it words.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields, replace
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from gongkai.foi.letters.model import (
    DEFAULT_COURT,
    KINDS,
    FeeTable,
    Letter,
    LetterContext,
    format_date,
    format_yuan,
    yuan_in_words,
)
from gongkai.foi.letters.outcomes import stated
from gongkai.foi.letters.remedies import remedies_paragraph

_BASE = ("organ", "issued_on")
_APPLICATION = ("applicant_name", "received_on", "description")

# What each kind cannot do without. The review organ is required wherever a remedies paragraph
# is printed: 行政复议法 Art. 20 para 3 lets the review period run late if it is not named.
REQUIRED: dict[str, tuple[str, ...]] = {
    "reply": (*_BASE, *_APPLICATION, "outcome", "review_organ"),
    "correction": (*_BASE, *_APPLICATION, "correction_items", "correction_due_on"),
    "extension": (*_BASE, *_APPLICATION, "extension_days", "extension_reason", "new_due_on"),
    "long_period": (*_BASE, *_APPLICATION, "extension_reason", "new_due_on", "review_organ"),
    # No applicant fields: the third party is told what information is concerned, never who asked.
    "consultation": (*_BASE, "received_on", "party", "information"),
    # Letters to other organs (Art. 34, Art. 17): the information, never who asked.
    "co_maker": (*_BASE, "received_on", "party", "information"),
    "secrecy_review": (*_BASE, "received_on", "party", "information"),
    "fee": (*_BASE, *_APPLICATION, "fee_method", "fee_lines", "fee_yuan", "review_organ"),
}
# The other side's period: its last day where the day of receipt is known, else the rule ("within
# N working days of receiving this letter") — a letter never states a presumed date (送达).
EITHER: dict[str, tuple[str, str]] = {
    "consultation": ("party_reply_due_on", "party_reply_days"),
    "co_maker": ("party_reply_due_on", "party_reply_days"),
    "secrecy_review": ("party_reply_due_on", "party_reply_days"),
    "fee": ("pay_by", "pay_days"),
}
# 条例 Art. 32: the third party answers within 15 working days of receiving the request.
PARTY_REPLY_DAYS = 15

# Dates the letter sets for the addressee: a deadline on or before the letter's own date
# cannot be met and is a data error upstream.
_DEADLINES = ("correction_due_on", "new_due_on", "party_reply_due_on", "pay_by")

# 条例 Art. 33 para 2: an extension is at most 20 working days.
MAX_EXTENSION_DAYS = 20


@dataclass(frozen=True)
class FeeMethod:
    name: str  # as worded in the decision sentence
    article: str  # of the 信息处理费管理办法
    unit: str


# 管理办法 Art. 3: one method per application; Art. 4 按件, Art. 5 按量.
FEE_METHODS: dict[str, FeeMethod] = {
    "per_piece": FeeMethod(N_("按件计收"), N_("第四条"), N_("件")),
    "per_volume": FeeMethod(N_("按量计收"), N_("第五条"), N_("页")),
}

# C0/C1 control characters other than tab and newline: python-docx refuses them (XML 1.0) and
# they have no business in a letter; the applicant's text is pasted from anywhere.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def build(ctx: LetterContext) -> Letter:
    builder = _BUILDERS.get(ctx.kind)
    if builder is None:
        raise ValueError(f"unknown letter kind {ctx.kind!r}; expected one of: {', '.join(KINDS)}")
    ctx = _cleaned(ctx)
    missing = [name for name in REQUIRED[ctx.kind] if not getattr(ctx, name)]
    if ctx.kind in EITHER and not any(getattr(ctx, name) for name in EITHER[ctx.kind]):
        missing.append(" or ".join(EITHER[ctx.kind]))
    if missing:
        raise ValueError(f"{ctx.kind} letter needs: {', '.join(missing)}")
    _check_dates(ctx)
    return builder(ctx)


def _clean(text: str) -> str:
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n")).strip()


def _cleaned(ctx: LetterContext) -> LetterContext:
    changes: dict[str, Any] = {
        f.name: _clean(value) for f in fields(ctx) if isinstance(value := getattr(ctx, f.name), str)
    }
    changes["fee_lines"] = tuple((_clean(label), *rest) for label, *rest in ctx.fee_lines)
    return replace(ctx, **changes)


def _check_dates(ctx: LetterContext) -> None:
    issued = ctx.issued_on
    assert issued is not None  # checked by REQUIRED
    if ctx.received_on and ctx.received_on > issued:
        raise ValueError("received_on is after issued_on")
    for name in _DEADLINES:
        value: dt.date | None = getattr(ctx, name)
        if value is not None and value <= issued:
            raise ValueError(f"{name} must be after issued_on")


def _day(value: dt.date | None) -> str:
    assert value is not None  # checked by REQUIRED
    return format_date(value)


def _lines(text: str) -> list[str]:
    """The handler's free text, one paragraph for each non-empty line."""
    return [line.strip() for line in text.split("\n") if line.strip()]


def _sentence(text: str) -> str:
    return text if text.endswith(("。", "！", "？", "”", "）")) else text + "。"


def _court(ctx: LetterContext) -> str:
    return _(DEFAULT_COURT) if ctx.court in ("", DEFAULT_COURT) else ctx.court


def _contact(ctx: LetterContext) -> str:
    parts = [
        template % {"value": value}
        for template, value in (
            (_("联系地址：%(value)s"), ctx.organ_address),
            (_("邮政编码：%(value)s"), ctx.organ_postcode),
            (_("联系电话：%(value)s"), ctx.organ_phone),
        )
        if value
    ]
    return _("（%(contact)s）") % {"contact": _("；").join(parts)} if parts else ""


# Marks that end the applicant's own sentence, dropped where their words are quoted in ours;
# the quote marks a quotation may end with (single ones once inner “” are made ‘’).
_QUOTE_END = re.compile(r"[。．.！!？?；;，,、：:\s]+([’」』]*)$")
_INNER_QUOTES = str.maketrans({"“": "‘", "”": "’"})


def _quoted(text: str) -> str:
    """The application's words as they stand inside our “…” mid-sentence (GB/T 15834-2011): a
    quotation used as part of the sentence drops its own end mark (申请获取“…依据”。, never
    “…依据。”。), and quotation marks inside a quotation are single (‘…’)."""
    inner = text.translate(_INNER_QUOTES)
    while (stripped := _QUOTE_END.sub(r"\1", inner)) != inner:
        inner = stripped
    return inner


def _intro(ctx: LetterContext) -> str:
    code = _("（申请编号：%(code)s）") % {"code": ctx.tracking_code} if ctx.tracking_code else ""
    doc_number = _("（文号：%(doc_number)s）") % {"doc_number": ctx.doc_number} if ctx.doc_number else ""
    return _("本机关于%(received)s收到您提出的政府信息公开申请%(code)s，申请获取“%(description)s”%(doc_number)s。") % {
        "received": _day(ctx.received_on),
        "code": code,
        "description": _quoted(" ".join(_lines(ctx.description))),
        "doc_number": doc_number,
    }


def _letter(
    ctx: LetterContext,
    addressee: str,
    paragraphs: Iterable[str],
    closing: str,
    *,
    remedies: str = "",
    fee_table: FeeTable | None = None,
    fee_table_at: int = 0,
) -> Letter:
    return Letter(
        kind=ctx.kind,
        title=_(KINDS[ctx.kind]),
        number=ctx.number,
        addressee=_("%(name)s：") % {"name": addressee},
        paragraphs=tuple(paragraphs),
        closing=closing,
        signature=ctx.organ,
        date=_day(ctx.issued_on),
        seal=_("（印章）"),
        contact=_contact(ctx),
        remedies=remedies,
        outcome=ctx.outcome if ctx.kind == "reply" else "",
        fee_table=fee_table,
        fee_table_at=fee_table_at,
    )


def _reply(ctx: LetterContext) -> Letter:
    """条例 Art. 36–39: the outcome and its ground decide the wording (see ``outcomes.stated``)."""
    said = stated(ctx.outcome, vars(ctx))
    paragraphs = [_intro(ctx), said.text, *_lines(ctx.reasons), *_lines(ctx.provided)]
    paragraph = remedies_paragraph(
        review_first=said.review_first, document=_("告知书"), review_organ=ctx.review_organ, court=_court(ctx)
    )
    return _letter(ctx, ctx.applicant_name, paragraphs, _("特此告知。"), remedies=paragraph)


def _correction(ctx: LetterContext) -> Letter:
    """条例 Art. 30: one notice listing every item, with a period; the reply period restarts on
    receipt of the corrected application; missing the period without good reason = withdrawn."""
    paragraphs = [
        _intro(ctx),
        _(
            "经审查，您的申请内容不明确。根据《中华人民共和国政府信息公开条例》第二十九条第二款、第三十条的规定，"
            "现一次性告知您对以下事项作出补正："
        ),
        *_lines(ctx.correction_items),
        _(
            "请您于%(due)s前向本机关提交补正后的申请。答复期限自本机关收到补正的申请之日起计算。您无正当理由"
            "逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。"
        )
        % {"due": _day(ctx.correction_due_on)},
    ]
    return _letter(ctx, ctx.applicant_name, paragraphs, _("特此告知。"))


def _extension(ctx: LetterContext) -> Letter:
    """条例 Art. 33 para 2: approved by the head of the disclosure office, at most 20 working days."""
    if not 0 < ctx.extension_days <= MAX_EXTENSION_DAYS:
        raise ValueError(f"extension_days must be 1 to {MAX_EXTENSION_DAYS} (条例 Art. 33), got {ctx.extension_days}")
    paragraphs = [
        _intro(ctx),
        _("经审查，本机关不能在法定期限内作出答复，延期理由如下：%(reason)s")
        % {"reason": _sentence(" ".join(_lines(ctx.extension_reason)))},
        _(
            "根据《中华人民共和国政府信息公开条例》第三十三条第二款的规定，经本机关政府信息公开工作机构负责人同意，"
            "答复期限延长%(days)d个工作日，本机关将于%(due)s前作出答复。"
        )
        % {"days": ctx.extension_days, "due": _day(ctx.new_due_on)},
    ]
    return _letter(ctx, ctx.applicant_name, paragraphs, _("特此告知。"))


def _long_period(ctx: LetterContext) -> Letter:
    """条例 Art. 35: the applicant's requests are clearly beyond a reasonable number or frequency;
    the organ found the reasons the applicant gave reasonable but cannot answer within Art. 33's
    periods, so it sets a reasonable longer period and tells the applicant (this letter). A decision
    about the applicant's request, so the ordinary remedies are stated (行政复议法 Art. 20 para 3)."""
    paragraphs = [
        _intro(ctx),
        _(
            "经审查，您申请公开政府信息的数量、频次明显超过合理范围。本机关认为您说明的申请理由合理，但无法在"
            "《中华人民共和国政府信息公开条例》第三十三条规定的期限内答复，理由如下：%(reason)s"
        )
        % {"reason": _sentence(" ".join(_lines(ctx.extension_reason)))},
        _(
            "根据《中华人民共和国政府信息公开条例》第三十五条的规定，本机关确定延迟答复的合理期限，将于%(due)s前"
            "作出答复。"
        )
        % {"due": _day(ctx.new_due_on)},
    ]
    paragraph = remedies_paragraph(
        review_first=False, document=_("告知书"), review_organ=ctx.review_organ, court=_court(ctx)
    )
    return _letter(ctx, ctx.applicant_name, paragraphs, _("特此告知。"), remedies=paragraph)


def _consultation(ctx: LetterContext) -> Letter:
    """条例 Art. 32 (and Art. 15 for what may harm the party). Addressed to the third party; it
    names the information only — the applicant's identity is none of the party's business."""
    paragraphs = [
        _("本机关于%(received)s收到一份政府信息公开申请，申请公开的政府信息为：%(information)s")
        % {"received": _day(ctx.received_on), "information": _sentence(" ".join(_lines(ctx.information)))},
        _(
            "经审查，该政府信息可能涉及贵方的商业秘密、个人隐私等，公开可能损害贵方的合法权益。根据"
            "《中华人民共和国政府信息公开条例》第十五条、第三十二条的规定，现书面征求贵方意见。"
        ),
        _("请贵方自收到本函之日起%(period)s，以书面形式向本机关提出是否同意公开的意见；不同意公开的，请说明理由。")
        % {"period": _period(ctx.party_reply_days or PARTY_REPLY_DAYS, ctx.party_reply_due_on)},
        _(
            "贵方逾期未提出意见的，由本机关依照《中华人民共和国政府信息公开条例》的规定决定是否公开。贵方不同意"
            "公开且有合理理由的，本机关不予公开；本机关认为不公开可能对公共利益造成重大影响的，可以决定予以公开，"
            "并将决定公开的政府信息内容和理由书面告知贵方。"
        ),
    ]
    return _letter(ctx, ctx.party, paragraphs, _("特此函告。"))


def _asked_for(ctx: LetterContext) -> str:
    return _("本机关于%(received)s收到一份政府信息公开申请，申请公开的政府信息为：%(information)s") % {
        "received": _day(ctx.received_on),
        "information": _sentence(" ".join(_lines(ctx.information))),
    }


def _co_maker(ctx: LetterContext) -> Letter:
    """条例 Art. 34: information made jointly with another organ; the co-maker answers within 15
    working days of receiving the request, and its silence is consent. Addressed to that organ;
    the time is not counted in the reply period (Art. 33 para 3)."""
    paragraphs = [
        _asked_for(ctx),
        _(
            "经审查，该政府信息由本机关与贵机关共同制作。根据《中华人民共和国政府信息公开条例》第三十四条的规定，"
            "现征求贵机关意见。"
        ),
        _("请贵机关自收到本函之日起%(period)s，以书面形式向本机关提出是否同意公开的意见；不同意公开的，请说明理由。")
        % {"period": _period(ctx.party_reply_days or PARTY_REPLY_DAYS, ctx.party_reply_due_on)},
        _("贵机关逾期未提出意见的，视为同意公开。"),
    ]
    return _letter(ctx, ctx.party, paragraphs, _("特此函告。"))


def _secrecy_review(ctx: LetterContext) -> Letter:
    """条例 Art. 17: information the organ cannot decide may be disclosed goes to the competent
    department or the secrecy administration (保密行政管理部门) to decide. No statutory period: the
    reply date asked for is the office's setting; the time is not counted (Art. 33 para 3)."""
    paragraphs = [
        _asked_for(ctx),
        _(
            "本机关依照《中华人民共和国保守国家秘密法》以及其他法律、法规和国家有关规定，对拟公开的上述政府信息进行了"
            "保密审查，不能确定其是否可以公开。根据《中华人民共和国政府信息公开条例》第十七条的规定，现报请贵单位确定。"
        ),
        _("请贵单位自收到本函之日起%(period)s，书面函复该政府信息是否可以公开的确定意见。")
        % {"period": _period(ctx.party_reply_days, ctx.party_reply_due_on)},
    ]
    return _letter(ctx, ctx.party, paragraphs, _("特此函告。"))


def _fee_table(ctx: LetterContext, method: FeeMethod) -> FeeTable:
    unit = {"unit": _(method.unit)}
    return FeeTable(
        header=(_("计费档次"), _("数量（%(unit)s）") % unit, _("收费标准（元/%(unit)s）") % unit, _("金额（元）")),
        rows=tuple(
            (label, format_yuan(quantity), format_yuan(rate), format_yuan(amount))
            for label, quantity, rate, amount in ctx.fee_lines
        ),
        total=(_("合计"), format_yuan(sum(line[1] for line in ctx.fee_lines)), "", format_yuan(ctx.fee_yuan)),
    )


def _check_fee(ctx: LetterContext) -> FeeMethod:
    method = FEE_METHODS.get(ctx.fee_method)
    if method is None:
        raise ValueError(f"unknown fee_method {ctx.fee_method!r}; expected one of: {', '.join(FEE_METHODS)}")
    # The notice shows its arithmetic, so the arithmetic must hold: an applicant who multiplies
    # the lines out and gets another total has a point.
    for label, quantity, rate, amount in ctx.fee_lines:
        if quantity * rate != amount:
            raise ValueError(f"fee line {label!r}: {quantity} × {rate} is not {amount}")
    if sum(line[3] for line in ctx.fee_lines) != ctx.fee_yuan:
        raise ValueError(f"fee_lines do not add up to fee_yuan {ctx.fee_yuan}")
    return method


def _period(days: int, last_day: dt.date | None) -> str:
    """The period as the letter words it: with its last day when known (15个工作日内，即于…前)."""
    if not days:
        return _("于%(due)s前") % {"due": _day(last_day)}
    within = _("%(days)d个工作日内") % {"days": days}
    return _("%(within)s，即于%(due)s前") % {"within": within, "due": _day(last_day)} if last_day else within


def _pay_deadline(ctx: LetterContext) -> str:
    """109号: the payment period runs from the notice's receipt (送达)."""
    if ctx.pay_by:
        return _("请您于%(pay_by)s前缴纳。") % {"pay_by": _day(ctx.pay_by)}
    return _("请您自收到本通知书之日起%(days)d个工作日内缴纳。") % {"days": ctx.pay_days}


def _fee(ctx: LetterContext) -> Letter:
    """条例 Art. 42 and 管理办法 (国办函〔2020〕109号): method, computation, total, deadline, fiscal
    receipts into the treasury, and deemed withdrawal on non-payment."""
    method = _check_fee(ctx)
    paragraphs = [
        _intro(ctx),
        _(
            "经审查，您申请公开政府信息的数量、频次明显超过合理范围。根据《中华人民共和国政府信息公开条例》"
            "第四十二条第一款和《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）第三条、%(article)s的规定，"
            "本机关决定对您的申请%(method)s信息处理费，按照超额累进方式计算如下："
        )
        % {"article": _(method.article), "method": _(method.name)},
        _("应缴纳信息处理费共计人民币%(amount)s元（大写：%(words)s）。%(deadline)s")
        % {"amount": format_yuan(ctx.fee_yuan), "words": yuan_in_words(ctx.fee_yuan), "deadline": _pay_deadline(ctx)},
        *_lines(ctx.payment_method),
        _("本机关收取信息处理费时向您开具财政票据，所收费用全额缴入国库。"),
        _(
            "根据《政府信息公开信息处理费管理办法》的规定，您逾期未缴纳信息处理费的，视为放弃申请，本机关不再处理"
            "该政府信息公开申请。"
        ),
    ]
    # A fee notice imposes a payment, an act the applicant may contest (行政复议法 Art. 11 (十四)
    # "在政府信息公开工作中侵犯其合法权益"); it is not a refusal to disclose, so the ordinary
    # remedies apply, not review first. Stating them costs nothing, while leaving them out would
    # let the review period run up to a year (Art. 20 para 3).
    paragraph = remedies_paragraph(
        review_first=False, document=_("通知书"), review_organ=ctx.review_organ, court=_court(ctx)
    )
    table = _fee_table(ctx, method)
    return _letter(
        ctx, ctx.applicant_name, paragraphs, _("特此通知。"), remedies=paragraph, fee_table=table, fee_table_at=2
    )


_BUILDERS: dict[str, Callable[[LetterContext], Letter]] = {
    "correction": _correction,
    "consultation": _consultation,
    "co_maker": _co_maker,
    "secrecy_review": _secrecy_review,
    "extension": _extension,
    "long_period": _long_period,
    "fee": _fee,
    "reply": _reply,
}
