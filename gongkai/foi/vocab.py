"""The words of disclosure by application: applicant types, channels, states, outcomes, events.

Codes are the API.md contract; labels are what people read. Outcome codes are the rows of the
national annual report, Table 三 (国办公开办函〔2021〕30号, REGULATIONS.md §3).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ApplicantType(models.TextChoices):
    """The applicant columns of Table 三: 自然人, then 法人或其他组织 by subtype."""

    NATURAL_PERSON = "natural_person", _("自然人")
    COMMERCIAL = "commercial", _("商业企业")
    RESEARCH = "research", _("科研机构")
    PUBLIC_INTEREST = "public_interest", _("社会公益组织")
    LEGAL_SERVICE = "legal_service", _("法律服务机构")
    OTHER_ORG = "other_org", _("其他")


ORGANISATION_TYPES = [t for t in ApplicantType if t != ApplicantType.NATURAL_PERSON]


class Channel(models.TextChoices):
    """How the application arrived; decides its receipt date (条例 Art. 31)."""

    ONLINE = "online", _("网上申请")
    LETTER = "letter", _("信函申请")
    COUNTER = "counter", _("当面申请")
    FAX = "fax", _("传真申请")


class Form(models.TextChoices):
    """The form the applicant asks for (条例 Art. 29 (三), Art. 40)."""

    PAPER = "paper", _("纸质")
    ELECTRONIC = "electronic", _("电子")
    INSPECTION = "inspection", _("现场查阅")


class Delivery(models.TextChoices):
    POST = "post", _("邮寄")
    EMAIL = "email", _("电子邮件")
    PICKUP = "pickup", _("自行领取")
    ONLINE = "online", _("网上获取")


class State(models.TextChoices):
    REGISTERED = "registered", _("已登记")
    IN_PROGRESS = "in_progress", _("办理中")
    AWAITING_CORRECTION = "awaiting_correction", _("待补正")
    CONSULTING = "consulting", _("征求意见中")
    EXTENDED = "extended", _("已延期")
    AWAITING_FEE = "awaiting_fee", _("待缴费")
    REPLIED = "replied", _("已答复")
    ARCHIVED = "archived", _("已归档")
    WITHDRAWN = "withdrawn", _("已撤回")
    LAPSED = "lapsed", _("已终止")


# The clock runs in these states; a request in them can be due soon or overdue.
RUNNING_STATES = frozenset({State.REGISTERED, State.IN_PROGRESS, State.EXTENDED})
# The clock is stopped: awaiting correction (条例 Art. 30), consulting (Art. 33 para 3: the time
# is not counted) and awaiting a fee (国办函〔2020〕109号). Never overdue.
STOPPED_STATES = frozenset({State.AWAITING_CORRECTION, State.CONSULTING, State.AWAITING_FEE})
OPEN_STATES = RUNNING_STATES | STOPPED_STATES
CLOSED_STATES = frozenset({State.REPLIED, State.ARCHIVED, State.WITHDRAWN, State.LAPSED})


class Outcome(models.TextChoices):
    DISCLOSED = "disclosed", _("予以公开")
    PARTLY_DISCLOSED = "partly_disclosed", _("部分公开")
    WITHHELD_STATE_SECRET = "withheld_state_secret", _("不予公开：属于国家秘密")
    WITHHELD_LAW = "withheld_law", _("不予公开：其他法律行政法规禁止公开")
    WITHHELD_SECURITY = "withheld_security", _("不予公开：危及“三安全一稳定”")
    WITHHELD_THIRD_PARTY = "withheld_third_party", _("不予公开：保护第三方合法权益")
    WITHHELD_INTERNAL = "withheld_internal", _("不予公开：属于三类内部事务信息")
    WITHHELD_PROCESS = "withheld_process", _("不予公开：属于四类过程性信息")
    WITHHELD_ENFORCEMENT = "withheld_enforcement", _("不予公开：属于行政执法案卷")
    WITHHELD_INQUIRY = "withheld_inquiry", _("不予公开：属于行政查询事项")
    UNAVAILABLE_NOT_HELD = "unavailable_not_held", _("无法提供：本机关不掌握相关政府信息")
    UNAVAILABLE_NEEDS_CREATION = "unavailable_needs_creation", _("无法提供：没有现成信息需要另行制作")
    UNAVAILABLE_UNCLEAR = "unavailable_unclear", _("无法提供：补正后申请内容仍不明确")
    NOT_PROCESSED_PETITION = "not_processed_petition", _("不予处理：信访举报投诉类申请")
    NOT_PROCESSED_REPEAT = "not_processed_repeat", _("不予处理：重复申请")
    NOT_PROCESSED_PUBLICATION = "not_processed_publication", _("不予处理：要求提供公开出版物")
    NOT_PROCESSED_EXCESSIVE = "not_processed_excessive", _("不予处理：无正当理由大量反复申请")
    NOT_PROCESSED_CONFIRMATION = "not_processed_confirmation", _("不予处理：要求行政机关确认或重新出具已获取信息")
    OTHER_CORRECTION_LAPSED = "other_correction_lapsed", _("其他处理：申请人无正当理由逾期不补正")
    OTHER_FEE_LAPSED = "other_fee_lapsed", _("其他处理：申请人逾期未按收费通知要求缴纳费用")
    OTHER = "other", _("其他处理：其他")


# Outcomes that only an event sets: a missed correction period or fee deadline.
LAPSE_OUTCOMES = frozenset({Outcome.OTHER_CORRECTION_LAPSED, Outcome.OTHER_FEE_LAPSED})
# 行政复议法 (2023) Art. 23 para 1 (四): against a refusal to disclose, administrative review comes
# first (复议前置); a partial disclosure refuses the rest. 行政查询事项 is a referral under 条例
# Art. 36(七), not a refusal, though Table 三 counts it under （三）.
REVIEW_FIRST_OUTCOMES = frozenset(
    {o for o in Outcome if o.value.startswith("withheld_") and o != Outcome.WITHHELD_INQUIRY}
    | {Outcome.PARTLY_DISCLOSED}
)


class EventKind(models.TextChoices):
    """What happens to an application; API.md lists the codes (plus accepted, archived)."""

    ACCEPTED = "accepted", _("受理并开始办理")
    CORRECTION_REQUESTED = "correction_requested", _("发出补正通知")
    CORRECTION_RECEIVED = "correction_received", _("收到补正材料")
    CORRECTION_LAPSED = "correction_lapsed", _("逾期未补正")
    CONSULTATION_STARTED = "consultation_started", _("征求第三方或其他机关意见")
    CONSULTATION_ENDED = "consultation_ended", _("征求意见结束")
    EXTENSION_APPROVED = "extension_approved", _("批准延期答复")
    LONG_PERIOD_SET = "long_period_set", _("确定延迟答复期限（条例第三十五条）")
    FEE_NOTIFIED = "fee_notified", _("发出收费通知")
    FEE_PAID = "fee_paid", _("缴纳信息处理费")
    FEE_LAPSED = "fee_lapsed", _("逾期未缴费")
    REPLIED = "replied", _("作出答复")
    WITHDRAWN = "withdrawn", _("申请人撤回申请")
    ARCHIVED = "archived", _("归档")


class DueReason(models.TextChoices):
    """Why the reply due date took a value (``due_history``)."""

    RECEIVED = "received", _("收到申请，自次日起20个工作日")
    CORRECTION_REQUESTED = "correction_requested", _("发出补正通知，期限中止")
    CORRECTION_RECEIVED = "correction_received", _("收到补正材料，自次日起重新计算20个工作日")
    CORRECTION_LAPSED = "correction_lapsed", _("逾期未补正，不再处理")
    CONSULTATION_ENDED = "consultation_ended", _("征求意见所需时间不计入答复期限")
    CONSULTATION_PERIOD_PASSED = "consultation_period_passed", _("征求意见期限届满，不计入的时间至期限届满日止")
    EXTENSION_APPROVED = "extension_approved", _("经批准延长答复期限")
    LONG_PERIOD_SET = "long_period_set", _("确定延迟答复的合理期限（条例第三十五条）")
    FEE_NOTIFIED = "fee_notified", _("发出收费通知，期限中止")
    FEE_PAID = "fee_paid", _("缴费期间不计入答复期限")
    FEE_LAPSED = "fee_lapsed", _("逾期未缴费，不再处理")
    WITHDRAWN = "withdrawn", _("申请人撤回申请")
    CALENDAR_CHANGED = "calendar_changed", _("工作日历调整后重新计算")
    LETTER_DELIVERED = "letter_delivered", _("文书送达日期登记后重新计算")


class ConsultationBasis(models.TextChoices):
    """Whom the organ consults, and under which article; the time is not counted (条例 Art. 33
    para 3: "征求第三方和其他机关意见所需时间不计算在前款规定的期限内")."""

    THIRD_PARTY = "third_party", _("征求第三方意见（条例第三十二条）")
    CO_MAKER = "co_maker", _("征求共同制作机关意见（条例第三十四条）")
    SECRECY_REVIEW = "secrecy_review", _("报请保密审查（条例第十七条）")


# The other side answers within 15 working days of receiving the request; then the pause ends by
# itself: a third party's silence leaves the decision to the organ (Art. 32), a co-maker's silence
# is consent (Art. 34). A secrecy review has no statutory period (Art. 17): its pause lasts until
# the competent department answers.
SELF_ENDING_BASES = frozenset({ConsultationBasis.THIRD_PARTY, ConsultationBasis.CO_MAKER})


class LetterDelivery(models.TextChoices):
    """送达: how a letter reaches its addressee, which decides the day the other side's period
    starts (条例 Art. 32 "自收到征求意见书之日起"; 109号: the payment period from receipt)."""

    ELECTRONIC = "electronic", _("电子送达（发出当日送达）")
    POST = "post", _("邮寄送达（以回执所载日期为准）")
    IN_PERSON = "in_person", _("直接送达（以签收日期为准）")


# What clerks have typed as a delivery method (the field was free text): read as the codes above.
DELIVERY_WORDS = {
    "邮寄": LetterDelivery.POST,
    "邮寄送达": LetterDelivery.POST,
    "挂号信": LetterDelivery.POST,
    "快递": LetterDelivery.POST,
    "EMS": LetterDelivery.POST,
    "电子送达": LetterDelivery.ELECTRONIC,
    "电子邮件": LetterDelivery.ELECTRONIC,
    "网上": LetterDelivery.ELECTRONIC,
    "传真": LetterDelivery.ELECTRONIC,
    "直接送达": LetterDelivery.IN_PERSON,
    "当面": LetterDelivery.IN_PERSON,
    "当面领取": LetterDelivery.IN_PERSON,
    "当面送达": LetterDelivery.IN_PERSON,
    "自行领取": LetterDelivery.IN_PERSON,
}


def delivery_code(text: str) -> str | None:
    """The ``LetterDelivery`` code for a code, its label or a word clerks use; None if none."""
    value = text.strip()
    for code, label in LetterDelivery.choices:
        if value.casefold() == code or value == str(label) or value == str(label).split("（")[0]:
            return str(code)
    word = DELIVERY_WORDS.get(value) or DELIVERY_WORDS.get(value.upper())
    return str(word) if word else None


# The applicant's chosen way to get the information (Art. 29 (三)) is the default way its letters
# reach it: by e-mail or online, the day they are sent.
APPLICANT_LETTERS: dict[str, str] = {
    Delivery.POST: LetterDelivery.POST,
    Delivery.EMAIL: LetterDelivery.ELECTRONIC,
    Delivery.ONLINE: LetterDelivery.ELECTRONIC,
    Delivery.PICKUP: LetterDelivery.IN_PERSON,
}


class AppealKind(models.TextChoices):
    """The three column groups of Table 四."""

    REVIEW = "review", _("行政复议")
    LITIGATION_DIRECT = "litigation_direct", _("行政诉讼（未经复议直接起诉）")
    LITIGATION_AFTER_REVIEW = "litigation_after_review", _("行政诉讼（复议后起诉）")


class AppealResult(models.TextChoices):
    UPHELD = "upheld", _("结果维持")
    CORRECTED = "corrected", _("结果纠正")
    OTHER = "other", _("其他结果")
    PENDING = "pending", _("尚未审结")


class FeeMethod(models.TextChoices):
    """国办函〔2020〕109号 Art. 3: one method per application, never both."""

    PER_PIECE = "per_piece", _("按件计收")
    PER_VOLUME = "per_volume", _("按量计收")
