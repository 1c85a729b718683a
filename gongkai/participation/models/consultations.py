"""Consultations (征求意见): the extra data of an Item of kind ``consultation``.

The draft itself is an ``publishing.Item`` reviewed, signed and published by the one pipeline;
``Consultation`` shares its primary key (so the consultation's id is the item's id, as API.md
says "a consultation is an item"). Comments keep the commenter's phone in this table only: it
never reaches a public page, feed, search index, API response or log. The adoption report
(采纳情况) is its own Item (kind consultation, genre report) published through the same pipeline,
so the draft text stays the consultation page's revision and the report has its own 索引号.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.officesettings import OfficeSettings

__all__ = ["AdoptionDecision", "AdoptionReport", "Comment", "Consultation", "ConsultationSettings"]


class ConsultationSettings(OfficeSettings):
    """The office's values (one row), edited on the workbench."""

    min_period_days = models.PositiveSmallIntegerField(
        _("征求意见最短期限（日）"),
        default=30,
        help_text=_("征求意见期限一般不少于30日；记录历史征求意见时不受此限制。"),
    )
    report_due_working_days = models.PositiveSmallIntegerField(
        _("采纳情况提醒（截止后工作日）"),
        default=10,
        help_text=_("征求意见截止后超过该工作日数仍未发布采纳情况的，在待办中提醒。"),
    )
    sensitive_words = models.TextField(
        _("敏感词"),
        blank=True,
        help_text=_("每行一个；含有敏感词的意见先待审核，审核放行后才公开。"),
    )

    class PersonalData(models.TextChoices):
        HOLD = "hold", _("先待审核，审核放行后公开（公开时仍隐去）")
        MASK = "mask", _("直接公开，隐去其中的个人信息")

    personal_data = models.CharField(
        _("意见中含个人信息时"),
        max_length=8,
        choices=PersonalData.choices,
        default=PersonalData.HOLD,
        help_text=_(
            "身份证号、手机号码、固定电话、电子邮箱、银行卡号和门牌地址（本机关公布的电话和邮箱除外）。"
            "无论哪种处理，公开页面上一律隐去。"
        ),
    )

    class Meta(OfficeSettings.Meta):
        verbose_name = _("征求意见设置")
        verbose_name_plural = _("征求意见设置")

    def __str__(self) -> str:
        return "consultation settings"

    def words(self) -> list[str]:
        return [w.strip() for w in self.sensitive_words.splitlines() if w.strip()]


class Consultation(models.Model):
    item = models.OneToOneField(
        "publishing.Item", primary_key=True, on_delete=models.CASCADE, related_name="consultation"
    )
    opens_on = models.DateField(_("开始日期"))
    closes_on = models.DateField(_("截止日期"))
    historical = models.BooleanField(
        _("历史记录"), default=False, help_text=_("补录已经结束的征求意见，不受最短期限限制，不再接收意见。")
    )
    final_policy = models.ForeignKey(
        "publishing.Item",
        verbose_name=_("最终政策文件"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    next_comment_number = models.PositiveIntegerField(default=1)

    class Meta:
        ordering: ClassVar = ["-opens_on", "-item_id"]
        verbose_name = _("征求意见")
        verbose_name_plural = _("征求意见")
        constraints: ClassVar = [
            models.CheckConstraint(condition=models.Q(closes_on__gte=models.F("opens_on")), name="consultation_dates"),
        ]

    def __str__(self) -> str:
        return f"consultation {self.pk}"


class Comment(models.Model):
    class Status(models.TextChoices):
        VISIBLE = "visible", _("已公开")
        HELD = "held", _("待审核")
        HIDDEN = "hidden", _("已屏蔽")

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="comments")
    number = models.PositiveIntegerField(_("编号"))
    name = models.CharField(_("姓名"), max_length=50)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    body = models.TextField(_("意见内容"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.VISIBLE)
    held_for = models.CharField(_("待审核原因"), max_length=200, blank=True)
    hidden_reason = models.CharField(_("屏蔽原因"), max_length=300, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["consultation", "number"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["consultation", "number"], name="comment_number_unique"),
        ]

    def __str__(self) -> str:
        return f"comment {self.consultation_id}#{self.number}"

    @property
    def masked_phone(self) -> str:
        """For staff pages: the number masked (moderating needs the text, not the number)."""
        from gongkai.foi.masking import mask_phone

        return mask_phone(self.phone) if self.phone else ""


class AdoptionReport(models.Model):
    """采纳情况: the summary and the decisions; ``item`` is what the pipeline publishes."""

    consultation = models.OneToOneField(Consultation, on_delete=models.CASCADE, related_name="adoption")
    item = models.OneToOneField("publishing.Item", on_delete=models.PROTECT, related_name="adoption_report")
    summary = models.TextField(_("总体情况"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField()

    class Meta:
        verbose_name = _("采纳情况")
        verbose_name_plural = _("采纳情况")

    def __str__(self) -> str:
        return f"adoption {self.consultation_id}"


class AdoptionDecision(models.Model):
    class Decision(models.TextChoices):
        ADOPTED = "adopted", _("采纳")
        PARTLY_ADOPTED = "partly_adopted", _("部分采纳")
        NOT_ADOPTED = "not_adopted", _("未采纳")

    report = models.ForeignKey(AdoptionReport, on_delete=models.CASCADE, related_name="decisions")
    comments = models.ManyToManyField(Comment, related_name="decisions")
    decision = models.CharField(_("采纳情况"), max_length=20, choices=Decision.choices)
    reason = models.TextField(_("理由"))
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering: ClassVar = ["report", "position", "id"]

    def __str__(self) -> str:
        return f"{self.report_id}: {self.decision}"
