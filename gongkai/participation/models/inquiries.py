"""Inquiries (政务咨询): a question from the public to one unit, its answer, and what happened between.

The asker's name and phone live in their own table (``InquiryAsker``), as an FOI applicant's do:
queries for lists and public pages never load them, and staff read them only through
``participation.inquiries.access.reveal_asker`` (audited).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.officesettings import OfficeSettings

__all__ = [
    "Inquiry",
    "InquiryAsker",
    "InquiryReassignment",
    "InquirySettings",
    "InquiryUnitSettings",
    "InvalidReason",
]


class InquirySettings(OfficeSettings):
    """The office's values for inquiries. One row; a change applies to inquiries received after it
    (a stored due date is never moved by a later change of the period)."""

    answer_period_days = models.PositiveSmallIntegerField(
        _("答复期限（工作日）"),
        default=5,
        help_text=_("自收到咨询之日起计算，收到当日不计入。默认5个工作日。"),
    )
    due_soon_days = models.PositiveSmallIntegerField(_("临近到期提醒（日）"), default=2)

    class Meta(OfficeSettings.Meta):
        verbose_name = _("政务咨询设置")
        verbose_name_plural = _("政务咨询设置")

    def __str__(self) -> str:
        return "inquiry settings"


class InquiryUnitSettings(models.Model):
    """Per unit: whether its answers are reviewed (审核) before the asker sees them."""

    unit = models.OneToOneField("orgs.Unit", on_delete=models.CASCADE, related_name="inquiry_settings")
    review_required = models.BooleanField(_("答复需经审核"), default=False)

    class Meta:
        verbose_name = _("单位政务咨询设置")
        verbose_name_plural = _("单位政务咨询设置")

    def __str__(self) -> str:
        return f"inquiry settings of unit {self.unit_id}"


class InvalidReason(models.TextChoices):
    SPAM = "spam", _("广告或垃圾信息")
    DUPLICATE = "duplicate", _("重复留言")
    ABUSIVE = "abusive", _("含有辱骂、攻击等不文明内容")
    UNCLEAR = "unclear", _("内容不明确，无法答复")
    NOT_INQUIRY = "not_inquiry", _("不属于政务咨询（信访、举报等请按相应渠道办理）")


class Inquiry(models.Model):
    class State(models.TextChoices):
        RECEIVED = "received", _("待答复")
        AWAITING_REVIEW = "awaiting_review", _("答复待审核")
        ANSWERED = "answered", _("已答复")
        INVALID = "invalid", _("无效留言")

    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="inquiries")
    tracking_code = models.CharField(_("查询码"), max_length=24, unique=True)
    subject = models.CharField(_("标题"), max_length=100)
    body = models.TextField(_("咨询内容"), max_length=2000)
    public = models.BooleanField(_("同意公开"), default=False)
    received_at = models.DateTimeField(_("收到时间"))
    received_on = models.DateField(_("收到日期"))
    due_on = models.DateField(_("答复期限"), null=True, blank=True)
    due_problem = models.CharField(max_length=200, blank=True)
    state = models.CharField(max_length=20, choices=State.choices, default=State.RECEIVED)
    answer_html = models.TextField(_("答复内容"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_on = models.DateField(_("答复日期"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    return_note = models.CharField(_("退回意见"), max_length=500, blank=True)
    invalid_reason = models.CharField(max_length=20, choices=InvalidReason.choices, blank=True)
    invalid_note = models.CharField(_("说明"), max_length=500, blank=True)
    invalid_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["unit", "state", "due_on"], name="inquiry_unit_state_due"),
            models.Index(fields=["state", "public", "answered_at"], name="inquiry_public_answered"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(state="answered") | models.Q(answered_on__isnull=False),
                name="inquiry_answered_has_date",
            ),
            models.CheckConstraint(
                condition=~models.Q(state="invalid") | ~models.Q(invalid_reason=""),
                name="inquiry_invalid_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.tracking_code

    @property
    def open(self) -> bool:
        return self.state in (self.State.RECEIVED, self.State.AWAITING_REVIEW)


class InquiryAsker(models.Model):
    """Personal data of the asker: never on a public page, feed, search index or log."""

    inquiry = models.OneToOneField(Inquiry, on_delete=models.CASCADE, related_name="asker")
    name = models.CharField(_("姓名"), max_length=50)
    phone = models.CharField(_("联系电话"), max_length=30)

    def __str__(self) -> str:
        return f"asker of inquiry {self.inquiry_id}"


class InquiryReassignment(models.Model):
    """转办 by the office: the history of which unit held the inquiry (append-only)."""

    inquiry = models.ForeignKey(Inquiry, on_delete=models.CASCADE, related_name="reassignments")
    from_unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+")
    to_unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("转办理由"), max_length=500)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"inquiry {self.inquiry_id}: {self.from_unit_id} → {self.to_unit_id}"
