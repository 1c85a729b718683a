"""Sites and their columns (集约化, issue 19): one installation serves several sites, each on its
own host name, over one resource library (the publishing pipeline's items).

An item is published once; a column *selects* items by rules (units, genres, topics, kinds,
catalogue entries) or by hand (``ColumnPick``). ``Placement`` is what the selection gives for
the items that are public now — one row per column and item, kept by the publishing lifecycle
signals and by any change of a column (placements.py) — so a column page, a site's feed and
the staff's "where does this item appear" each read one indexed table, whatever the library's size.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

HOST_VALIDATOR = RegexValidator(
    r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$",
    _("域名只能由小写字母、数字、连字符和点组成，不含端口和协议，例如 xxgk.kbs.gov.cn。"),
)
COLOUR_VALIDATOR = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("颜色写作 # 加六位十六进制数，例如 #b71c1c。"))
SLUG_VALIDATOR = RegexValidator(r"^[a-z0-9][a-z0-9-]{0,49}$", _("栏目路径只能由小写字母、数字和连字符组成。"))


class Language(models.TextChoices):
    ZH_HANS = "zh-Hans", _("中文")
    MN_MONG = "mn-Mong", _("蒙古文")


class Site(models.Model):
    """A site on the platform: the district portal, a street's or a department's site."""

    code = models.SlugField(_("站点代码"), max_length=40, unique=True)
    name = models.CharField(_("网站名称"), max_length=100)
    host = models.CharField(_("域名"), max_length=253, unique=True, validators=[HOST_VALIDATOR])
    language = models.CharField(_("语言"), max_length=10, choices=Language.choices, default=Language.ZH_HANS)
    identifier = models.CharField(_("网站标识码"), max_length=10, blank=True)
    icp_number = models.CharField(_("ICP备案号"), max_length=50, blank=True)
    police_number = models.CharField(_("公安机关备案号"), max_length=50, blank=True)
    logo = models.FileField(_("标志"), upload_to="sites/", blank=True)
    colour = models.CharField(_("主色"), max_length=7, default="#b71c1c", validators=[COLOUR_VALIDATOR])
    # The district portal shows the whole library; any other site shows what its columns select.
    whole_library = models.BooleanField(_("展示全部信息（门户网站）"), default=False)
    # The site a host no site claims gets (API.md: Sites); exactly one, held by a constraint.
    is_default = models.BooleanField(_("默认站点"), default=False)
    # The units whose site this is: its 政府信息公开 column and its staff's units.
    units = models.ManyToManyField("orgs.Unit", verbose_name=_("所属单位"), blank=True, related_name="sites")
    managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("站点管理员"), blank=True, related_name="managed_sites"
    )
    active = models.BooleanField(_("启用"), default=True)
    position = models.PositiveIntegerField(_("排序"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering: ClassVar = ["position", "pk"]
        verbose_name = _("站点")
        verbose_name_plural = _("站点")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["is_default"], condition=models.Q(is_default=True), name="site_one_default"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Column(models.Model):
    """A column (栏目) of a site's tree. Retired columns keep their row: their URLs redirect."""

    site = models.ForeignKey(Site, verbose_name=_("站点"), on_delete=models.CASCADE, related_name="columns")
    parent = models.ForeignKey(
        "self", verbose_name=_("上级栏目"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    name = models.CharField(_("栏目名称"), max_length=60)
    slug = models.CharField(_("栏目路径"), max_length=50, validators=[SLUG_VALIDATOR])
    description = models.CharField(_("栏目说明"), max_length=300, blank=True)
    position = models.PositiveIntegerField(_("排序"), default=0)
    # {"unit_ids": [...], "genres": [...], "topics": [...], "kinds": [...], "catalogue_entry_ids": [...]}:
    # each key present narrows the selection (AND between keys, OR within one); {} selects nothing
    # but the hand-picked items (selection.py).
    rules = models.JSONField(_("选取规则"), default=dict, blank=True)
    on_home = models.BooleanField(_("在首页显示"), default=False)
    home_count = models.PositiveSmallIntegerField(_("首页显示条数"), default=6)
    retired = models.BooleanField(_("已停用"), default=False)
    retired_at = models.DateTimeField(_("停用时间"), null=True, blank=True)
    redirect_to = models.ForeignKey(
        "self", verbose_name=_("停用后转到"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering: ClassVar = ["site", "position", "pk"]
        verbose_name = _("栏目")
        verbose_name_plural = _("栏目")
        constraints: ClassVar = [models.UniqueConstraint(fields=["site", "slug"], name="column_slug_unique")]

    def __str__(self) -> str:
        return self.name


class ColumnPick(models.Model):
    """An item the office put into a column by hand (with or without rules)."""

    column = models.ForeignKey(Column, on_delete=models.CASCADE, related_name="picks")
    item = models.ForeignKey("publishing.Item", on_delete=models.CASCADE, related_name="column_picks")
    position = models.PositiveIntegerField(default=0)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["position", "pk"]
        constraints: ClassVar = [models.UniqueConstraint(fields=["column", "item"], name="column_pick_unique")]

    def __str__(self) -> str:
        return f"{self.column_id}:{self.item_id}"


class Placement(models.Model):
    """A current public item in a column (derived: placements.py keeps it; never edited by hand).

    ``published_at`` is the item's public revision's time, copied so that a column or a site
    lists newest first from one index without a join."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="+")
    column = models.ForeignKey(Column, on_delete=models.CASCADE, related_name="placements")
    item = models.ForeignKey("publishing.Item", on_delete=models.CASCADE, related_name="placements")
    published_at = models.DateTimeField()

    class Meta:
        constraints: ClassVar = [models.UniqueConstraint(fields=["column", "item"], name="placement_unique")]
        indexes: ClassVar = [
            models.Index(fields=["column", "-published_at", "-item"], name="placement_column_newest"),
            models.Index(fields=["site", "-published_at", "-item"], name="placement_site_newest"),
            models.Index(fields=["item", "site"], name="placement_item_site"),
        ]

    def __str__(self) -> str:
        return f"{self.column_id}:{self.item_id}"
