"""The annual report (政府信息公开工作年度报告) of a unit or of the whole government, the figures of
Table 二 that units (and, for documents made before the platform, the office) enter where the
platform does not hold the source, the reviews and lawsuits of Table 四 that are not about an
application handled on the platform, and the office's settings for the report."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.foi.vocab import AppealKind, AppealResult
from gongkai.officesettings import OfficeSettings
from gongkai.orgs.models import Unit


class Scope(models.TextChoices):
    UNIT = "unit", _("本机关")
    GOVERNMENT = "government", _("本级政府")


class ReportState(models.TextChoices):
    DRAFT = "draft", _("编制中")
    SUBMITTED = "submitted", _("已报送公开办")
    RETURNED = "returned", _("退回修改")
    CLEARED = "cleared", _("公开办审核通过")


class AnnualReport(models.Model):
    """One year's report. Draft tables are computed live; clearing freezes them (``snapshot``) and
    puts the report into the publishing pipeline as an item of kind ``annual_report``."""

    unit = models.ForeignKey(Unit, verbose_name=_("报告机关"), on_delete=models.PROTECT, related_name="annual_reports")
    scope = models.CharField(_("范围"), max_length=12, choices=Scope.choices, default=Scope.UNIT)
    year = models.PositiveIntegerField(_("报告年度"))
    state = models.CharField(_("状态"), max_length=12, choices=ReportState.choices, default=ReportState.DRAFT)
    overview = models.TextField(_("一、总体情况"), blank=True)
    problems = models.TextField(_("五、存在的主要问题及改进情况"), blank=True)
    other = models.TextField(_("六、其他需要报告的事项"), blank=True)
    return_note = models.CharField(_("退回意见"), max_length=500, blank=True)
    change_note = models.CharField(_("更正说明"), max_length=300, blank=True)
    snapshot = models.JSONField(_("审核通过时的报告内容"), null=True, blank=True)
    # What the public saw at the last publication (set when the item is published; a correction
    # in progress never changes it until it is published in turn).
    published_snapshot = models.JSONField(_("已发布的报告内容"), null=True, blank=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    revision = models.PositiveSmallIntegerField(_("版本"), default=1)
    item = models.OneToOneField(
        "publishing.Item", null=True, blank=True, on_delete=models.PROTECT, related_name="annual_report"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    cleared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering: ClassVar = ["-year", "scope", "unit__position"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["unit", "scope", "year"], name="annual_report_unique"),
        ]
        verbose_name = _("年度报告")
        verbose_name_plural = _("年度报告")

    def __str__(self) -> str:
        return f"{self.unit} {self.year} ({self.scope})"


class Figure(models.Model):
    """A Table 二 figure entered by a unit (licensing, penalty, enforcement decisions, fee revenue,
    rules): the platform does not hold these sources. Every change is audited."""

    class Key(models.TextChoices):
        RULES_MADE = "rules_made", _("规章：本年制发件数")
        RULES_REPEALED = "rules_repealed", _("规章：本年废止件数")
        RULES_IN_FORCE = "rules_in_force", _("规章：现行有效件数")
        LICENSING = "licensing", _("行政许可：本年处理决定数量")
        PENALTY = "penalty", _("行政处罚：本年处理决定数量")
        ENFORCEMENT = "enforcement", _("行政强制：本年处理决定数量")
        ADMIN_FEES = "admin_fees", _("行政事业性收费：本年收费金额（万元）")
        # Normative documents made before the platform and not recorded on it (entered by the
        # office, per year): Table 二 counts them with the platform's own (reports.data).
        PRIOR_IN_FORCE = "prior_in_force", _("行政规范性文件：平台启用前制发、平台未收录的现行有效件数（公开办填报）")
        PRIOR_REPEALED = "prior_repealed", _("行政规范性文件：平台启用前制发、平台未收录的本年废止件数（公开办填报）")

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="report_figures")
    year = models.PositiveIntegerField(_("年度"))
    key = models.CharField(_("项目"), max_length=20, choices=Key.choices)
    value = models.DecimalField(_("数值"), max_digits=14, decimal_places=2)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints: ClassVar = [models.UniqueConstraint(fields=["unit", "year", "key"], name="report_figure_unique")]
        verbose_name = _("年度报告填报数据")
        verbose_name_plural = _("年度报告填报数据")

    def __str__(self) -> str:
        return f"{self.unit_id} {self.year} {self.key}={self.value}"


class AppealMatter(models.TextChoices):
    """What a review or lawsuit recorded here is about: never an application handled on the
    platform (that one is recorded on the application, foi.Appeal)."""

    PROACTIVE = "proactive", _("主动公开（未依申请）")
    EARLIER_APPLICATION = "earlier_application", _("平台启用前受理的申请")
    OTHER = "other", _("其他未在平台办理的事项")


class AppealCase(models.Model):
    """An administrative review or lawsuit about government information disclosure that the
    platform cannot tie to an application it handled — a dispute about proactive disclosure, an
    application received before the platform — recorded by the office so that Table 四
    (国办公开办函〔2021〕30号) counts every case of the year. Every change is audited."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("被申请人（被告）机关"), on_delete=models.PROTECT, related_name="appeal_cases"
    )
    matter = models.CharField(_("争议事项"), max_length=30, choices=AppealMatter.choices)
    kind = models.CharField(_("类型"), max_length=30, choices=AppealKind.choices)
    filed_on = models.DateField(_("申请或起诉日期"))
    body = models.CharField(_("复议机关或法院"), max_length=100)
    case_number = models.CharField(_("案号"), max_length=100, blank=True)
    result = models.CharField(_("结果"), max_length=20, choices=AppealResult.choices, default=AppealResult.PENDING)
    decided_on = models.DateField(_("审结日期"), null=True, blank=True)
    note = models.TextField(_("说明"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering: ClassVar = ["-filed_on", "-id"]
        verbose_name = _("平台外复议诉讼案件")
        verbose_name_plural = _("平台外复议诉讼案件")

    def __str__(self) -> str:
        return f"{self.kind} {self.filed_on}"


class ReportSettings(OfficeSettings):
    """The office's choices for the report where the format leaves them open (REGULATIONS.md §3)."""

    fee_notices_in_report = models.BooleanField(
        _("第六部分列出本年发出的收费通知"),
        default=True,
        help_text=_(
            "未经核实（UNCONFIRMED）：国办公开办函〔2021〕30号的格式是否要求在“六、其他需要报告的事项”中说明"
            "信息处理费，以及说明到何种程度，尚未核实。默认在实际收取的金额旁列出本年度发出的收费通知件数和"
            "通知金额；取消后只写实际收取的金额。"
        ),
    )

    class Meta(OfficeSettings.Meta):
        verbose_name = _("年度报告设置")
        verbose_name_plural = _("年度报告设置")

    def __str__(self) -> str:
        return "report settings"
