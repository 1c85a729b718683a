"""Applications for disclosure (依申请公开): the application, its applicant, events, due history,
letters, attachments, appeals, reminders, and the office's settings for the unconfirmed rules.

The applicant's personal data lives in its own table (``Applicant``) so that the code that lists,
counts and reports applications never touches it; only ``foi.access`` hands it out, audited.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.foi.lettertexts import LetterTexts  # noqa: F401 (its own module; registered with the app here)
from gongkai.foi.vocab import (
    AppealKind,
    AppealResult,
    ApplicantType,
    Channel,
    ConsultationBasis,
    Delivery,
    DueReason,
    EventKind,
    FeeMethod,
    Form,
    LetterDelivery,
    Outcome,
    State,
)
from gongkai.officesettings import OfficeSettings
from gongkai.orgs.models import Unit


class Request(models.Model):
    """One application, addressed to ``unit`` (the organ that replies)."""

    unit = models.ForeignKey(Unit, verbose_name=_("答复机关"), on_delete=models.PROTECT, related_name="foi_requests")
    year = models.PositiveIntegerField(_("年度"))
    serial = models.PositiveIntegerField(_("登记序号"))
    # 登记号: the unit's short name, the year and the serial, e.g. 区民政局-2026-00012; unique across
    # units (serials are counted per unit and year). Set once when the request is first saved.
    number = models.CharField(_("登记号"), max_length=120, unique=True, editable=False)
    tracking_code = models.CharField(_("查询码"), max_length=24, unique=True)
    channel = models.CharField(_("申请方式"), max_length=10, choices=Channel.choices)
    applicant_type = models.CharField(_("申请人类型"), max_length=20, choices=ApplicantType.choices)
    description = models.TextField(_("所需信息的描述"))
    doc_number = models.CharField(_("文号"), max_length=100, blank=True)
    form = models.CharField(_("获取信息的形式"), max_length=12, choices=Form.choices)
    delivery = models.CharField(_("获取信息的途径"), max_length=10, choices=Delivery.choices)
    received_on = models.DateField(_("收到申请日期"))
    registered_at = models.DateTimeField(_("登记时间"))
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    pieces = models.PositiveSmallIntegerField(_("按件计算的件数"), default=1)
    fee_method = models.CharField(_("计收方式"), max_length=12, choices=FeeMethod.choices, blank=True)
    fee_pages = models.PositiveIntegerField(_("按量计算的页数"), null=True, blank=True)
    # What the clock says (foi.clock.replay of the events), stored for lists and reports.
    state = models.CharField(_("状态"), max_length=20, choices=State.choices, default=State.REGISTERED)
    due_on = models.DateField(_("答复期限"), null=True, blank=True)
    due_problem = models.CharField(_("期限问题"), max_length=200, blank=True)
    # The consultation whose answer is awaited (条例 Art. 32, 34, 17): its basis and the other
    # side's last day; blank when none is open. The inbox tells the handler when it has passed.
    consultation_basis = models.CharField(
        _("征求意见依据"), max_length=20, choices=ConsultationBasis.choices, blank=True
    )
    consultation_reply_due_on = models.DateField(_("对方答复期限"), null=True, blank=True)
    # RULINGS.md 2: the due date lies in a year the calendar does not hold yet, counted on
    # weekends only; recomputed when the year is entered (foi.handling.recompute_due_dates).
    due_provisional = models.BooleanField(_("答复期限暂按双休日计算"), default=False)
    correction_due_on = models.DateField(_("补正期限"), null=True, blank=True)
    late_correction_notice = models.BooleanField(_("补正通知超过7个工作日"), default=False)
    extension_days = models.PositiveSmallIntegerField(_("已延长工作日"), default=0)
    fee_yuan = models.PositiveIntegerField(_("信息处理费（元）"), null=True, blank=True)
    fee_pay_by = models.DateField(_("缴费期限"), null=True, blank=True)
    fee_paid_on = models.DateField(_("缴费日期"), null=True, blank=True)
    outcome = models.CharField(_("处理结果"), max_length=30, choices=Outcome.choices, blank=True)
    outcome_on = models.DateField(_("办结日期"), null=True, blank=True)
    replied_on = models.DateField(_("答复日期"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering: ClassVar = ["-received_on", "-id"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["unit", "year", "serial"], name="foi_request_serial_unique"),
        ]
        indexes: ClassVar = [models.Index(fields=["state", "due_on"]), models.Index(fields=["outcome_on"])]
        verbose_name = _("政府信息公开申请")
        verbose_name_plural = _("政府信息公开申请")

    def __str__(self) -> str:
        return self.number

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.number:
            self.number = registration_number(self.unit, self.year, self.serial)
        super().save(*args, **kwargs)


def number_prefix(unit: Unit) -> str:
    """The unit's short name in registration numbers; its full name when another unit has the
    same short name (full names are unique), so that numbers never repeat across units."""
    short = unit.short_name.strip()
    if short and not Unit.objects.filter(short_name=short).exclude(pk=unit.pk).exists():
        return short
    return unit.name


def registration_number(unit: Unit, year: int, serial: int) -> str:
    """登记号, e.g. 区民政局-2026-00012: readable, and unique across units and years (should a unit
    since renamed have used the short name, the full name is used)."""
    number = f"{number_prefix(unit)}-{year}-{serial:05d}"
    if Request.objects.filter(number=number).exists():
        number = f"{unit.name}-{year}-{serial:05d}"
    return number


class Applicant(models.Model):
    """The applicant's identity and contact (条例 Art. 29 (一)). Personal data: see foi.access."""

    request = models.OneToOneField(Request, on_delete=models.CASCADE, related_name="applicant")
    name = models.CharField(_("姓名或名称"), max_length=100)
    id_number = models.CharField(_("身份证号码或统一社会信用代码"), max_length=18, db_index=True)
    contact_person = models.CharField(_("联系人"), max_length=50, blank=True)
    phone = models.CharField(_("联系电话"), max_length=30)
    address = models.CharField(_("通信地址"), max_length=200, blank=True)
    postcode = models.CharField(_("邮政编码"), max_length=6, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)

    class Meta:
        verbose_name = _("申请人")
        verbose_name_plural = _("申请人")

    def __str__(self) -> str:
        return f"applicant of {self.request_id}"  # never the name: this may reach a log


class Event(models.Model):
    """What happened, on which date: the clock is replayed from these (append-only)."""

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("办理环节"), max_length=30, choices=EventKind.choices)
    on = models.DateField(_("日期"))
    data = models.JSONField(_("内容"), default=dict, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    recorded_at = models.DateTimeField(_("登记时间"))

    class Meta:
        ordering: ClassVar = ["on", "id"]
        verbose_name = _("办理环节")
        verbose_name_plural = _("办理环节")

    def __str__(self) -> str:
        return f"{self.kind} {self.on}"


class DueChange(models.Model):
    """Every value the due date ever took, with why (``due_history``); append-only."""

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="due_changes")
    due_on = models.DateField(_("答复期限"), null=True, blank=True)
    because = models.CharField(_("原因"), max_length=30, choices=DueReason.choices)
    on = models.DateField(_("日期"))
    recorded_at = models.DateTimeField(_("登记时间"))

    class Meta:
        ordering: ClassVar = ["recorded_at", "id"]
        verbose_name = _("答复期限变化")
        verbose_name_plural = _("答复期限变化")

    def __str__(self) -> str:
        return f"{self.because}: {self.due_on}"


class Letter(models.Model):
    """A letter the organ issued (补正、征求意见、延期、收费、答复). Its content is frozen when
    issued; the .docx and PDF are rendered from it on first download and kept."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", _("补正告知书")
        CONSULTATION = "consultation", _("征求第三方意见函")
        CO_MAKER = "co_maker", _("征求共同制作机关意见函")
        SECRECY_REVIEW = "secrecy_review", _("保密审查报请确定函")
        EXTENSION = "extension", _("延期答复告知书")
        LONG_PERIOD = "long_period", _("延迟答复告知书")
        FEE = "fee", _("收费通知书")
        REPLY = "reply", _("答复告知书")

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="letters")
    event = models.OneToOneField(Event, null=True, blank=True, on_delete=models.SET_NULL, related_name="letter")
    kind = models.CharField(_("文书"), max_length=20, choices=Kind.choices)
    number = models.CharField(_("文书编号"), max_length=100)
    issued_on = models.DateField(_("日期"))
    content = models.JSONField(_("内容"))
    docx = models.FileField(upload_to="foi/letters/", blank=True)
    pdf = models.FileField(upload_to="foi/letters/", blank=True)
    delivered_on = models.DateField(_("送达日期"), null=True, blank=True)
    # 送达 (LetterDelivery; free text recorded before the codes stays as typed): the other side's
    # periods run from ``delivered_on`` (条例 Art. 32; 109号), see foi.clock.received.
    delivery_method = models.CharField(_("送达方式"), max_length=20, choices=LetterDelivery.choices, blank=True)
    delivery_note = models.CharField(_("送达说明"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["issued_on", "id"]
        verbose_name = _("文书")
        verbose_name_plural = _("文书")

    def __str__(self) -> str:
        return self.number


class Attachment(models.Model):
    """A file of the application: one that came with it (proof of identity, a scan of the
    letter; staff-only), or — ``released`` — the government information the reply provides,
    which the applicant who chose to receive it online downloads from the tracking page after
    the second check (issue 17, point 13; foi.access.released_for_applicant)."""

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="foi/attachments/")
    name = models.CharField(_("文件名"), max_length=200)
    format = models.CharField(_("格式"), max_length=10)
    size = models.PositiveIntegerField(_("大小"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    released = models.BooleanField(_("随答复提供的政府信息"), default=False)

    class Meta:
        verbose_name = _("申请附件")
        verbose_name_plural = _("申请附件")

    def __str__(self) -> str:
        return f"attachment {self.pk} of {self.request_id}"


class Appeal(models.Model):
    """An administrative review or lawsuit about an application (annual report Table 四)."""

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="appeals")
    kind = models.CharField(_("类型"), max_length=30, choices=AppealKind.choices)
    filed_on = models.DateField(_("申请或起诉日期"))
    body = models.CharField(_("复议机关或法院"), max_length=100)
    case_number = models.CharField(_("案号"), max_length=100, blank=True)
    result = models.CharField(_("结果"), max_length=20, choices=AppealResult.choices, default=AppealResult.PENDING)
    decided_on = models.DateField(_("审结日期"), null=True, blank=True)
    note = models.TextField(_("说明"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering: ClassVar = ["filed_on", "id"]
        verbose_name = _("复议诉讼")
        verbose_name_plural = _("复议诉讼")

    def __str__(self) -> str:
        return f"{self.kind} {self.filed_on}"


class Settings(OfficeSettings):
    """The office's values for rules the texts leave open (REGULATIONS.md marks them UNCONFIRMED).

    One row. Changing a value applies to events recorded afterwards; a letter already sent keeps
    the deadline it stated.
    """

    correction_period_days = models.PositiveSmallIntegerField(
        _("补正期限（工作日）"),
        default=15,
        help_text=_("条例第三十条只要求“合理的补正期限”，未规定天数；默认15个工作日。"),
    )
    fee_payment_days = models.PositiveSmallIntegerField(
        _("缴费期限（工作日）"),
        default=20,
        help_text=_("国办函〔2020〕109号的缴费期限未经核实（UNCONFIRMED），默认20个工作日。"),
    )
    fee_suspends_clock = models.BooleanField(
        _("收费通知后暂停答复期限"),
        default=True,
        help_text=_(
            "未经核实（UNCONFIRMED）：缴费期间是否不计入答复期限。默认暂停，自发出通知次日至缴费之日的工作日不计入。"
        ),
    )
    secrecy_review_days = models.PositiveSmallIntegerField(
        _("保密审查请求回复期限（工作日）"),
        default=15,
        help_text=_(
            "未经核实（UNCONFIRMED）：条例第十七条规定不能确定是否可以公开的，报有关主管部门或者保密行政管理部门确定，"
            "未规定其回复期限。本值是报请函中请求回复的期限（自对方收到函之日起），默认15个工作日；期满未复的提醒承办人"
            "催办，答复期限仍中止至收到意见（条例第三十三条第三款）。"
        ),
    )
    due_soon_days = models.PositiveSmallIntegerField(_("临近到期提醒（工作日）"), default=3)
    post_delivery_days = models.PositiveSmallIntegerField(
        _("邮寄送达的推定天数（自然日）"),
        default=15,
        help_text=_(
            "未经核实（UNCONFIRMED）：条例和国办函〔2020〕109号均未规定邮寄送达的推定日期。第三方15个工作日的答复期限"
            "（条例第三十二条）和申请人的缴费期限自收到文书之日起计算：电子送达以发出当日为送达日；邮寄送达以回执"
            "所载日期为准，登记回执前按寄出之日起满本天数推定送达。默认15日。"
        ),
    )

    class Meta(OfficeSettings.Meta):
        verbose_name = _("依申请公开规则设置")
        verbose_name_plural = _("依申请公开规则设置")

    def __str__(self) -> str:
        return "foi settings"
