"""The annual report (政府信息公开工作年度报告) of a unit or of the whole government, and the figures
of Table 二 that units enter where the platform does not hold the source."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

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
