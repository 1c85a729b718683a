"""The standard catalogue (标准目录): domains and the entries the office keeps for each level.

A domain is one of the 26 pilot domains of 国办发〔2017〕42号 (extended to every grassroots
government by 国办发〔2019〕54号) or one of the 15 categories of 条例 Art. 20. An entry is one
row of a 基层政务公开标准目录: what is disclosed, on which basis, by whom, how fast, where and
to whom. Information items point at an entry; the publishing clock reads its time limit.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from gongkai.catalog import rules

_MESSAGES: dict[str, Any] = {
    "blank": _("{}不能为空"),
    "null": _("{}不能为空"),
    "max_length": _("{}不能超过%(limit_value)d个字（当前%(show_value)d个字）"),
    "invalid_choice": _("{}的值“%(value)s”无效"),
    "invalid": _("{}格式不正确"),
    "unique": _("{}已存在"),
}
TEXT = ("blank", "max_length")
CHOICE = ("blank", "invalid_choice")
NUMBER = ("null", "invalid")


def _field(label: Any, keys: tuple[str, ...], **kwargs: Any) -> dict[str, Any]:
    """Field options whose error messages name the field, so a message read alone (an import
    row, an API answer) still says which field it is about."""
    return {"verbose_name": label, "error_messages": {k: format_lazy(_MESSAGES[k], label) for k in keys}, **kwargs}


class Domain(models.Model):
    """A 领域: a pilot domain or an Art. 20 category. Data the office edits, not code."""

    class Kind(models.TextChoices):
        PILOT = "pilot", _("试点领域（国办发〔2017〕42号）")
        GENERAL = "general", _("《条例》第二十条类别")

    name = models.CharField(**_field(_("领域名称"), (*TEXT, "unique"), max_length=100, unique=True))
    code = models.CharField(
        **_field(
            _("代码"),
            (*TEXT, "unique"),
            max_length=50,
            unique=True,
            validators=[RegexValidator(r"^[a-z0-9]+(?:-[a-z0-9]+)*$", _("代码只能由小写英文字母、数字和连字符组成"))],
            help_text=_("用于网址，例如 social-assistance"),
        )
    )
    kind = models.CharField(**_field(_("类型"), CHOICE, max_length=10, choices=Kind.choices, default=Kind.PILOT))
    basis = models.CharField(
        **_field(
            _("依据"), TEXT, max_length=200, blank=True, help_text=_("例如：条例第二十条第（一）项；国办发〔2017〕42号")
        )
    )
    position = models.PositiveIntegerField(**_field(_("排序"), NUMBER, default=0))
    active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering: ClassVar = ["position", "id"]
        verbose_name = _("领域")
        verbose_name_plural = _("领域")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        self.name = (self.name or "").strip()
        if self.kind == self.Kind.GENERAL and not (self.basis or "").strip():
            raise ValidationError(
                {"basis": _("依据：《条例》第二十条类别须写明所依据的项，例如“条例第二十条第（一）项”")}
            )


class CatalogueEntry(models.Model):
    """One 事项 of the standard catalogue at one level (区（县）级 or 街道（乡镇）级)."""

    class Level(models.TextChoices):
        COUNTY = "county", _("区（县）级")
        TOWNSHIP = "township", _("街道（乡镇）级")

    class Audience(models.TextChoices):
        PUBLIC = "public", _("全社会")
        SPECIFIC = "specific", _("特定群众")

    class Mode(models.TextChoices):
        PROACTIVE = "proactive", _("主动公开")
        ON_REQUEST = "on_request", _("依申请公开")

    domain = models.ForeignKey(
        Domain,
        on_delete=models.PROTECT,
        related_name="entries",
        verbose_name=_("领域"),
        error_messages={"null": _("领域不能为空"), "blank": _("领域不能为空"), "invalid": _("所选领域不存在")},
    )
    level = models.CharField(**_field(_("公开层级"), CHOICE, max_length=10, choices=Level.choices))
    first_level = models.CharField(**_field(_("一级事项"), TEXT, max_length=100))
    second_level = models.CharField(**_field(_("二级事项"), TEXT, max_length=100, blank=True))
    content_elements = models.TextField(**_field(_("公开内容（要素）"), TEXT, max_length=2000))
    basis = models.TextField(**_field(_("公开依据"), TEXT, max_length=2000))
    time_limit = models.CharField(**_field(_("公开时限"), TEXT, max_length=200, default=rules.DEFAULT_TIME_LIMIT))
    time_limit_days = models.PositiveSmallIntegerField(
        **_field(
            _("更短的公开时限（工作日）"),
            NUMBER,
            null=True,
            blank=True,
            validators=[
                MinValueValidator(1, _("更短的公开时限（工作日）至少为1个工作日")),
                MaxValueValidator(
                    rules.STATUTORY_WORKING_DAYS,
                    _("更短的公开时限（工作日）不能超过《条例》第二十六条规定的20个工作日"),
                ),
            ],
            help_text=_(
                "法律、法规规定的期限短于《条例》第二十六条的20个工作日时填写，发布计时按此计算；留空即按20个工作日。"
            ),
        )
    )
    subject = models.CharField(**_field(_("公开主体"), TEXT, max_length=200))
    channels = models.CharField(**_field(_("公开渠道和载体"), TEXT, max_length=300))
    audience = models.CharField(
        **_field(_("公开对象"), CHOICE, max_length=10, choices=Audience.choices, default=Audience.PUBLIC)
    )
    mode = models.CharField(
        **_field(_("公开方式"), CHOICE, max_length=12, choices=Mode.choices, default=Mode.PROACTIVE)
    )
    position = models.PositiveIntegerField(**_field(_("排序"), NUMBER, default=0))
    active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering: ClassVar = ["domain__position", "domain_id", "level", "position", "id"]
        verbose_name = _("标准目录事项")
        verbose_name_plural = _("标准目录事项")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["domain", "level", "first_level", "second_level"],
                name="catalogue_entry_unique",
                violation_error_message=_("同一领域、同一层级下已有相同的一级事项和二级事项"),
            ),
        ]
        indexes: ClassVar = [models.Index(fields=["level", "active"], name="catalogue_level_idx")]

    def __str__(self) -> str:
        title = f"{self.first_level}·{self.second_level}" if self.second_level else self.first_level
        return f"{title}（{self.get_level_display()}）"

    @property
    def working_days(self) -> int:
        """The publishing deadline in working days: the stricter limit, else 条例 Art. 26."""
        return self.time_limit_days or rules.STATUTORY_WORKING_DAYS

    def clean(self) -> None:
        typed_first = self.first_level or ""
        for name in ["first_level", "second_level", "content_elements", "basis", "time_limit", "subject", "channels"]:
            setattr(self, name, (getattr(self, name) or "").strip())
        self.time_limit = self.time_limit or rules.DEFAULT_TIME_LIMIT
        stated = rules.stricter_working_days(self.time_limit)
        if self.time_limit_days is None:
            self.time_limit_days = stated
        errors: dict[str, Any] = {}
        if typed_first and not self.first_level:
            errors["first_level"] = _("一级事项不能为空")
        if self.second_level and self.second_level == self.first_level:
            errors["second_level"] = _("二级事项不能与一级事项相同")
        if stated is not None and self.time_limit_days is not None and self.time_limit_days > stated:
            errors["time_limit_days"] = _("更短的公开时限（工作日）不能长于公开时限中写明的%(days)d个工作日") % {
                "days": stated
            }
        if errors:
            raise ValidationError(errors)
