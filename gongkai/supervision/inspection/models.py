"""Site self-inspection (网站与政务新媒体检查): the office applies the indicators of
国办秘函〔2019〕19号 (REGULATIONS.md §5) to this site's own data, on demand or on a schedule.

Thresholds the regulation fixes are defaults of the office's data (``ColumnRule``,
``InspectionSettings``), never constants in the rules, because several of them are UNCONFIRMED.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.officesettings import OfficeSettings


class Rule(models.TextChoices):
    HOME_NOT_UPDATED = "home_not_updated", _("首页不更新")
    STALE_COLUMN = "stale_column", _("栏目不更新")
    EMPTY_COLUMN = "empty_column", _("空白栏目")
    INQUIRY_UNANSWERED = "inquiry_unanswered", _("互动回应差（留言超过3个月未答复）")
    BROKEN_LINK = "broken_link", _("链接不可用")
    WRONG_WORD = "wrong_word", _("错别字和严重表述错误")
    SENSITIVE_WORD = "sensitive_word", _("敏感词和禁用词")
    NEWMEDIA_STALE = "newmedia_stale", _("政务新媒体2周内无更新")
    PERSONAL_DATA = "personal_data", _("公开内容含有个人信息")
    SERVICES_UNUSABLE = "services_unusable", _("服务不实用")


class Inspection(models.Model):
    class State(models.TextChoices):
        RUNNING = "running", _("检查中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("检查出错")

    class Trigger(models.TextChoices):
        MANUAL = "manual", _("手动")
        SCHEDULE = "schedule", _("定时")
        API = "api", _("接口")

    class Links(models.TextChoices):
        SKIPPED = "skipped", _("未检查链接")
        PENDING = "pending", _("链接检查中")
        DONE = "done", _("链接已检查")
        FAILED = "failed", _("链接检查出错")

    # The site judged (issue 19: the national indicators judge sites). Null: the default site —
    # every inspection before sites existed, and the district portal while no Site row exists.
    site = models.ForeignKey(
        "sites.Site", verbose_name=_("站点"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(_("开始时间"))
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    monitored_on = models.DateField(_("监测时间点"))
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    trigger = models.CharField(_("发起方式"), max_length=10, choices=Trigger.choices, default=Trigger.MANUAL)
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.RUNNING, db_index=True)
    links = models.CharField(_("链接检查"), max_length=10, choices=Links.choices, default=Links.SKIPPED)
    links_checked = models.PositiveIntegerField(_("已检查链接数"), default=0)
    passed = models.BooleanField(_("合格"), null=True)
    score = models.SmallIntegerField(_("得分"), null=True)
    # [{"rule", "detail"}]: the site's veto items, in the API's shape.
    veto = models.JSONField(_("单项否决"), default=list, blank=True)
    # {indicator: {"points", "cap", "count"}}: deductions per indicator after the caps.
    deductions = models.JSONField(_("扣分"), default=dict, blank=True)
    # New media are inspected as their own objects (see rules.newmedia_result).
    newmedia_passed = models.BooleanField(_("政务新媒体合格"), null=True)
    # The progress of a running inspection (the job writes it before each step, issue 17 point 12).
    step = models.PositiveSmallIntegerField(_("已进行到第几步"), default=0)
    steps = models.PositiveSmallIntegerField(_("共几步"), default=0)
    step_label = models.CharField(_("当前步骤"), max_length=100, blank=True)
    error = models.TextField(_("错误信息"), blank=True)

    class Meta:
        ordering: ClassVar = ["-started_at", "-pk"]
        verbose_name = _("网站检查")
        verbose_name_plural = _("网站检查")

    def __str__(self) -> str:
        return f"inspection {self.pk} {self.monitored_on}"

    @property
    def site_name(self) -> str:
        """The site judged, by name (an inspection without a site judged the default site)."""
        if self.site_id is not None and self.site is not None:
            return self.site.name
        from gongkai.sites.current import default_site

        return default_site().name or str(_("默认站点"))

    @property
    def veto_labels(self) -> list[str]:
        """The names of the veto items that failed (单项否决), for the verdict beside the score."""
        return [str(Rule(v["rule"]).label) for v in self.veto if v.get("rule") in Rule.values]


class Finding(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    rule = models.CharField(_("检查项"), max_length=30, choices=Rule.choices, db_index=True)
    veto = models.BooleanField(_("单项否决"), default=False)
    points = models.PositiveSmallIntegerField(_("扣分"), default=0)
    detail = models.TextField(_("问题说明"))
    url = models.CharField(_("页面地址"), max_length=500, blank=True)
    target = models.CharField(_("问题对象"), max_length=1000, blank=True)
    unit = models.ForeignKey(
        "orgs.Unit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("责任单位")
    )
    task = models.ForeignKey(
        "ledger.Task", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("整改任务")
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering: ClassVar = ["inspection", "-veto", "rule", "position", "pk"]
        verbose_name = _("检查发现的问题")
        verbose_name_plural = _("检查发现的问题")
        indexes: ClassVar = [models.Index(fields=["inspection", "unit"], name="inspection_finding_unit")]

    def __str__(self) -> str:
        return f"{self.rule}: {self.detail[:40]}"


class ColumnRule(models.Model):
    """A column of the site and how its items are selected (publishing kind and/or genre of the
    public revision), with the age after which it counts as not updated (栏目不更新)."""

    name = models.CharField(_("栏目名称"), max_length=100, unique=True, error_messages={"unique": _("栏目名称已存在")})
    kinds = models.JSONField(_("信息类型"), default=list, blank=True, help_text=_("不选则不限类型"))
    genres = models.JSONField(_("体裁"), default=list, blank=True, help_text=_("不选则不限体裁"))
    max_age_days = models.PositiveSmallIntegerField(
        _("更新周期（日）"),
        null=True,
        blank=True,
        validators=[
            MinValueValidator(1, _("更新周期（日）至少为1日")),
            MaxValueValidator(3660, _("更新周期（日）过长")),
        ],
        help_text=_("超过此日数无新信息即为栏目不更新；留空则只检查是否为空白栏目。"),
    )
    counts_for_veto = models.BooleanField(
        _("计入单项否决"),
        default=True,
        help_text=_("国办秘函〔2019〕19号：动态要闻、通知公告、政策文件等栏目不更新累计5个即单项否决。"),
    )
    points = models.PositiveSmallIntegerField(
        _("不更新扣分"), default=2, validators=[MaxValueValidator(100, _("不更新扣分不能超过100分"))]
    )
    url = models.CharField(
        _("栏目页面地址"), max_length=300, blank=True, help_text=_("例如 /xxgk/policies/；留空则指向法定主动公开内容")
    )
    note = models.CharField(_("说明"), max_length=300, blank=True)
    active = models.BooleanField(_("启用"), default=True)
    position = models.PositiveIntegerField(_("排序"), default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering: ClassVar = ["position", "pk"]
        verbose_name = _("栏目检查规则")
        verbose_name_plural = _("栏目检查规则")

    def __str__(self) -> str:
        return self.name


class WordEntry(models.Model):
    class Kind(models.TextChoices):
        WRONG = "wrong", _("错误用词")
        SENSITIVE = "sensitive", _("敏感词和禁用词")

    kind = models.CharField(_("类别"), max_length=10, choices=Kind.choices)
    word = models.CharField(_("词语"), max_length=50)
    correct = models.CharField(_("正确写法"), max_length=50, blank=True)
    # 19号 veto item 1 counts 严重表述错误 and harmful content; a plain typo is a deduction.
    veto = models.BooleanField(_("单项否决"), default=False, help_text=_("严重表述错误（如领导人职务写错）或有害信息"))
    note = models.CharField(_("说明"), max_length=200, blank=True)
    active = models.BooleanField(_("启用"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering: ClassVar = ["kind", "word"]
        verbose_name = _("检查词库")
        verbose_name_plural = _("检查词库")
        constraints: ClassVar = [models.UniqueConstraint(fields=["kind", "word"], name="inspection_word_unique")]

    def __str__(self) -> str:
        return self.word


class InspectionSettings(OfficeSettings):
    """One row: the schedule and the numbers of 19号 the office may change (several UNCONFIRMED)."""

    every_days = models.PositiveSmallIntegerField(
        _("检查周期（日）"), default=7, validators=[MinValueValidator(1, _("检查周期（日）至少为1日"))]
    )
    enabled = models.BooleanField(_("定时检查"), default=True)
    last_run_at = models.DateTimeField(_("上次检查时间"), null=True, blank=True)
    home_max_age_days = models.PositiveSmallIntegerField(_("首页更新周期（日）"), default=14)
    stale_veto_count = models.PositiveSmallIntegerField(_("栏目不更新否决数"), default=5)
    empty_veto_count = models.PositiveSmallIntegerField(_("空白栏目否决数"), default=5)
    stale_cap = models.PositiveSmallIntegerField(_("栏目不更新扣分上限"), default=20)
    empty_points = models.PositiveSmallIntegerField(_("空白栏目每个扣分"), default=1)
    empty_cap = models.PositiveSmallIntegerField(_("空白栏目扣分上限"), default=10)
    broken_link_points = models.PositiveSmallIntegerField(_("不可用链接每个扣分"), default=1)
    broken_link_cap = models.PositiveSmallIntegerField(_("不可用链接扣分上限"), default=5)
    wrong_word_points = models.PositiveSmallIntegerField(_("错别字每处扣分"), default=1)
    wrong_word_cap = models.PositiveSmallIntegerField(_("错别字扣分上限"), default=5)
    # 服务不实用 (§5 veto item 6): the share of a site's services whose link does not open at which
    # the item is vetoed. The regulation names no threshold: 20% is UNCONFIRMED, the office's to set.
    service_broken_veto_percent = models.PositiveSmallIntegerField(
        _("办事服务链接不可用否决比例（%）"),
        default=20,
        validators=[
            MinValueValidator(1, _("办事服务链接不可用否决比例至少为1%")),
            MaxValueValidator(100, _("办事服务链接不可用否决比例不能超过100%")),
        ],
        help_text=_(
            "本站办事服务中办理链接不可用的比例达到此值即为“服务不实用”（国办秘函〔2019〕19号未规定比例，默认值待确认）。"
        ),
    )

    class Meta(OfficeSettings.Meta):
        verbose_name = _("网站检查设置")
        verbose_name_plural = _("网站检查设置")

    def __str__(self) -> str:
        return "inspection settings"
