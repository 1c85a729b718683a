"""New-media registry models (政务新媒体备案): platforms as data, accounts, their append-only
lifecycle history, the office's settings and the annual review (年度审核)."""

from __future__ import annotations

from typing import Any, ClassVar, NoReturn

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.officesettings import OfficeSettings
from gongkai.supervision.newmedia import lifecycle as lc
from gongkai.supervision.newmedia.rules import DEFAULT_STALE_AFTER_DAYS


class Platform(models.Model):
    """A platform accounts run on (微信公众号, 微博 …); seeded by migration 0002, the office adds more."""

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("平台名称"), max_length=40, unique=True)
    offers_feed = models.BooleanField(
        _("提供订阅源"), default=False, help_text=_("平台为账号提供RSS或Atom订阅地址时，可自动读取最近更新日期。")
    )
    position = models.PositiveSmallIntegerField(_("排序"), default=0)
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        ordering: ClassVar = ["position", "id"]
        verbose_name = _("政务新媒体平台")
        verbose_name_plural = _("政务新媒体平台")

    def __str__(self) -> str:
        return self.name


class NewMediaSettings(OfficeSettings):
    """The office's values. One row; without it the defaults apply."""

    stale_after_days = models.PositiveSmallIntegerField(
        _("未更新提示天数"),
        default=DEFAULT_STALE_AFTER_DAYS,
        help_text=_(
            "最近更新日期早于检查日前这一天数的运营账号标为“更新不及时”。默认14天（检查指标：监测时间点前2周内无更新）。"
        ),
    )

    class Meta(OfficeSettings.Meta):
        verbose_name = _("政务新媒体设置")
        verbose_name_plural = _("政务新媒体设置")

    def __str__(self) -> str:
        return "new-media settings"


class Account(models.Model):
    """One government new-media account (政务新媒体账号) of a unit."""

    class State(models.TextChoices):
        APPLICATION = lc.APPLICATION, _("申请开设")
        APPROVED = lc.APPROVED, _("已批准")
        FILED = lc.FILED, _("已备案")
        OPERATING = lc.OPERATING, _("运营中")
        RECTIFICATION = lc.RECTIFICATION, _("整改中")
        CLOSED = lc.CLOSED, _("已关停")
        CANCELLED = lc.CANCELLED, _("已注销")
        REJECTED = lc.REJECTED, _("未予批准")

    class Source(models.TextChoices):
        ENTERED = "entered", _("单位填报")
        FEED = "feed", _("订阅源读取")

    platform = models.ForeignKey(Platform, verbose_name=_("平台"), on_delete=models.PROTECT, related_name="accounts")
    name = models.CharField(_("账号名称"), max_length=100)
    account_id = models.CharField(_("账号ID"), max_length=100, blank=True)
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("主办单位"), on_delete=models.PROTECT, related_name="newmedia_accounts"
    )
    filing_number = models.CharField(_("全国政务新媒体报送系统备案编号"), max_length=64, blank=True)
    home_url = models.URLField(_("账号主页"), max_length=500, blank=True)
    feed_url = models.URLField(_("订阅源地址"), max_length=500, blank=True)
    purpose = models.TextField(_("开设理由"), blank=True)
    state = models.CharField(_("状态"), max_length=20, choices=State.choices, default=State.APPLICATION)
    last_content_on = models.DateField(_("最近更新日期"), null=True, blank=True)
    content_source = models.CharField(_("更新日期来源"), max_length=10, choices=Source.choices, blank=True)
    feed_checked_at = models.DateTimeField(_("最近读取订阅源时间"), null=True, blank=True)
    feed_error = models.CharField(_("订阅源读取错误"), max_length=500, blank=True)
    interaction_available = models.BooleanField(_("提供有效互动功能"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering: ClassVar = ["unit__position", "unit_id", "name", "id"]
        verbose_name = _("政务新媒体账号")
        verbose_name_plural = _("政务新媒体账号")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=~Q(state__in=lc.NEEDS_FILING_NUMBER) | ~Q(filing_number=""),
                name="newmedia_filed_has_number",
            ),
            models.UniqueConstraint(
                fields=["filing_number"], condition=~Q(filing_number=""), name="newmedia_unique_filing_number"
            ),
            models.UniqueConstraint(
                fields=["platform", "account_id"], condition=~Q(account_id=""), name="newmedia_unique_account_id"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.platform.name}：{self.name}" if self.platform_id else self.name

    @property
    def live(self) -> bool:
        return self.state in lc.LIVE


class AppendOnly(Exception):
    """Raised when code tries to change or remove a lifecycle event."""


class EventQuerySet(models.QuerySet["AccountEvent"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnly("account events are append-only")

    def delete(self) -> NoReturn:
        raise AppendOnly("account events are append-only")


class AccountEvent(models.Model):
    """One lifecycle step of an account: who, when, from → to, and why. Never changed."""

    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="events")
    action = models.CharField(_("操作"), max_length=30)
    from_state = models.CharField(_("原状态"), max_length=20, choices=Account.State.choices, blank=True)
    to_state = models.CharField(_("新状态"), max_length=20, choices=Account.State.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    by_name = models.CharField(_("操作人姓名"), max_length=150, blank=True)
    at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    reason = models.TextField(_("理由"), blank=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["at", "id"]
        verbose_name = _("政务新媒体账号记录")
        verbose_name_plural = _("政务新媒体账号记录")

    def __str__(self) -> str:
        return f"{self.account_id} {self.from_state}→{self.to_state}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnly("account events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnly("account events are append-only")


class AnnualReview(models.Model):
    """The office's annual review (年度审核) of one account for one year."""

    class Result(models.TextChoices):
        PASSED = "passed", _("合格")
        RECTIFY = "rectify", _("需整改")
        CLOSE = "close", _("建议关停")

    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="reviews")
    year = models.PositiveSmallIntegerField(_("年度"))
    reviewed_on = models.DateField(_("审核日期"))
    result = models.CharField(_("审核结果"), max_length=10, choices=Result.choices)
    note = models.TextField(_("审核意见"), blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("审核人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering: ClassVar = ["year", "account_id"]
        verbose_name = _("政务新媒体年度审核")
        verbose_name_plural = _("政务新媒体年度审核")
        constraints: ClassVar = [models.UniqueConstraint(fields=["account", "year"], name="newmedia_one_review_a_year")]

    def __str__(self) -> str:
        return f"{self.account_id} {self.year} {self.result}"
