"""The unit performance assessment (绩效考核): a scheme per year, its indicator tree, the office's
manual scores, and the results frozen when the scheme is closed.

The tree is data the office edits (points, rule parameters, descriptions); the automatic rules are
plain functions in ``rules.py`` chosen by ``Indicator.rule``. Every change goes through
``services.py`` and is audited.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.assessment.rules import RULES
from gongkai.orgs.models import Unit


class SchemeState(models.TextChoices):
    DRAFT = "draft", _("编制中")  # the office builds the tree and may score; units do not see it
    PUBLISHED = "published", _("考核中")  # units see their own scorecard; scores still move with the data
    CLOSED = "closed", _("已结束")  # results frozen into Scheme.results; nothing changes


class Scheme(models.Model):
    name = models.CharField(_("方案名称"), max_length=100)
    year = models.PositiveIntegerField(_("考核年度"), unique=True)
    state = models.CharField(_("状态"), max_length=12, choices=SchemeState.choices, default=SchemeState.DRAFT)
    # The scorecards and ranking as computed when the scheme was closed (services.close): later
    # data, such as a correction decided next year, never changes a closed assessment.
    results = models.JSONField(_("考核结果"), null=True, blank=True)
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering: ClassVar = ["-year"]
        verbose_name = _("考核方案")
        verbose_name_plural = _("考核方案")

    def __str__(self) -> str:
        return self.name


class Indicator(models.Model):
    class Kind(models.TextChoices):
        GROUP = "group", _("指标分组")
        AUTO = "auto", _("自动计分")
        MANUAL = "manual", _("人工评分")

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="indicators")
    parent = models.ForeignKey(
        "self", verbose_name=_("上级指标"), null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    code = models.CharField(_("编码"), max_length=20)
    name = models.CharField(_("指标名称"), max_length=100)
    points = models.DecimalField(
        _("分值"), max_digits=5, decimal_places=1, validators=[MinValueValidator(0, _("分值不能小于0"))]
    )
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    rule = models.CharField(
        _("计分规则"), max_length=40, blank=True, choices=[(key, rule.label) for key, rule in RULES.items()]
    )
    params = models.JSONField(_("规则参数"), default=dict, blank=True)
    description = models.TextField(_("评分方法"), blank=True)
    position = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        ordering: ClassVar = ["position", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["scheme", "code"], name="assessment_indicator_code_unique"),
        ]
        verbose_name = _("考核指标")
        verbose_name_plural = _("考核指标")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class ManualScore(models.Model):
    """The office's score of a manual indicator for one unit, with its comment."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="manual_scores")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="manual_scores")
    score = models.DecimalField(_("得分"), max_digits=5, decimal_places=1)
    comment = models.TextField(_("评分意见"), blank=True)
    scored_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["scheme", "unit", "indicator"], name="assessment_manual_score_unique"),
        ]
        verbose_name = _("人工评分")
        verbose_name_plural = _("人工评分")

    def __str__(self) -> str:
        return f"{self.unit_id} {self.indicator_id} = {self.score}"
