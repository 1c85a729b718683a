"""Forms of the sites and columns pages (issue 19). They only read what was typed: every change
is made by gongkai.sites.services, whose refusals come back onto these forms by field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from gongkai.catalog.models import CatalogueEntry
from gongkai.orgs.models import Unit
from gongkai.publishing import uploads, vocab
from gongkai.publishing.models import Kind
from gongkai.sites.models import Column, Language, Site

LOGO_MAX_BYTES = 512 * 1024
LOGO_KINDS = {"png", "jpeg"}  # SVG can carry script: refused rather than sanitised


class SiteIdentityForm(forms.Form):
    """What a site's managers may change: its name, registration numbers, logo and colour."""

    name = forms.CharField(label=_("网站名称"), max_length=100)
    identifier = forms.CharField(label=_("网站标识码"), max_length=10, required=False)
    icp_number = forms.CharField(label=_("ICP备案号"), max_length=50, required=False)
    police_number = forms.CharField(label=_("公安机关备案号"), max_length=50, required=False)
    colour = forms.CharField(label=_("主色"), max_length=7, help_text=_("# 加六位十六进制数，例如 #b71c1c。"))
    logo = forms.FileField(
        label=_("标志"), required=False, help_text=_("PNG 或 JPEG 图片，不超过 512 KB；不上传则保留原标志。")
    )
    remove_logo = forms.BooleanField(label=_("删除现有标志"), required=False)

    def clean_logo(self) -> UploadedFile | None:
        logo = self.cleaned_data.get("logo")
        if not logo:
            return None
        try:
            info = uploads.inspect(logo.name or "logo", logo, LOGO_MAX_BYTES)
        except uploads.UploadRejected as exc:
            raise forms.ValidationError(exc.message) from exc
        if info.kind not in LOGO_KINDS:
            raise forms.ValidationError(_("标志只接受 PNG 或 JPEG 图片。"))
        logo.name = f"logo.{info.extension}"
        return logo


class SiteSetupForm(forms.Form):
    """The office's part: the site's code, host, language, role, units and managers."""

    code = forms.SlugField(label=_("站点代码"), max_length=40, help_text=_("小写字母、数字和连字符，例如 mzj。"))
    name = forms.CharField(label=_("网站名称"), max_length=100)
    host = forms.CharField(
        label=_("域名"), max_length=253, help_text=_("不含协议和端口，例如 mzj.kbs.gov.cn；须先解析并配置证书。")
    )
    language = forms.ChoiceField(label=_("语言"), choices=Language.choices)
    identifier = forms.CharField(label=_("网站标识码"), max_length=10, required=False)
    whole_library = forms.BooleanField(label=_("展示全部信息（门户网站）"), required=False)
    is_default = forms.BooleanField(label=_("默认站点（未登记的域名访问此站点）"), required=False)
    active = forms.BooleanField(label=_("启用"), required=False, initial=True)
    position = forms.IntegerField(label=_("排序"), min_value=0, max_value=100_000, initial=0)
    units = forms.ModelMultipleChoiceField(
        label=_("所属单位"), queryset=Unit.objects.filter(active=True).order_by("position", "pk"), required=False
    )
    managers = forms.ModelMultipleChoiceField(
        label=_("站点管理员"),
        queryset=get_user_model().objects.filter(is_active=True).order_by("username"),
        required=False,
        help_text=_("站点管理员可以修改本站点的名称、备案号、标志和栏目。"),
    )

    def clean_host(self) -> str:
        return str(self.cleaned_data["host"]).strip().lower()

    def site_fields(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k not in {"units", "managers"}}


class ColumnForm(forms.Form):
    name = forms.CharField(label=_("栏目名称"), max_length=60)
    slug = forms.CharField(
        label=_("栏目路径"), max_length=50, help_text=_("小写字母、数字和连字符；公开地址为 /lm/路径/。")
    )
    description = forms.CharField(label=_("栏目说明"), max_length=300, required=False)
    parent = forms.ModelChoiceField(label=_("上级栏目"), queryset=Column.objects.none(), required=False)
    on_home = forms.BooleanField(label=_("在首页显示"), required=False)
    home_count = forms.IntegerField(label=_("首页显示条数"), min_value=1, max_value=50, initial=6)
    unit_ids = forms.ModelMultipleChoiceField(
        label=_("规则：发布机构"),
        queryset=Unit.objects.filter(active=True).order_by("position", "pk"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 12}),
        help_text=_(
            "含其下级单位；按住 Ctrl（苹果电脑为 Command）键可选多项。各项规则同时满足，同一项中任选其一；"
            "都不选则只显示手选信息。"
        ),
    )
    # Short lists as check boxes; the long ones (units, catalogue entries) as tall multi-selects.
    genres = forms.MultipleChoiceField(
        label=_("规则：体裁"), choices=vocab.GENRES, required=False, widget=forms.CheckboxSelectMultiple
    )
    topics = forms.MultipleChoiceField(
        label=_("规则：主题分类"), choices=vocab.TOPICS, required=False, widget=forms.CheckboxSelectMultiple
    )
    kinds = forms.MultipleChoiceField(
        label=_("规则：信息类型"), choices=Kind.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    catalogue_entry_ids = forms.ModelMultipleChoiceField(
        label=_("规则：目录事项"),
        queryset=CatalogueEntry.objects.filter(active=True).order_by("pk"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 12}),
        help_text=_("按住 Ctrl（苹果电脑为 Command）键可选多项。"),
    )

    RULE_KEYS = ("unit_ids", "genres", "topics", "kinds", "catalogue_entry_ids")
    # The service's error keys → this form's fields.
    RENAME = {"parent_id": "parent", **{f"rules.{k}": k for k in RULE_KEYS}, "rules": ""}

    def __init__(self, *args: Any, site: Site, column: Column | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parents = Column.objects.filter(site=site, retired=False).order_by("position", "pk")
        self.fields["parent"].queryset = parents.exclude(pk=column.pk) if column else parents  # type: ignore[attr-defined]

    @classmethod
    def initial_for(cls, column: Column) -> dict[str, Any]:
        rules = column.rules or {}
        return {
            "name": column.name,
            "slug": column.slug,
            "description": column.description,
            "parent": column.parent_id,
            "on_home": column.on_home,
            "home_count": column.home_count,
            **{key: rules.get(key, []) for key in cls.RULE_KEYS},
        }

    def column_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        rules: dict[str, list[Any]] = {}
        for key in self.RULE_KEYS:
            values = list(data.get(key) or [])
            if values:
                rules[key] = [v.pk for v in values] if key.endswith("_ids") else values
        parent = data.get("parent")
        return {
            "name": data["name"],
            "slug": data["slug"],
            "description": data["description"],
            "parent_id": parent.pk if parent else None,
            "on_home": data["on_home"],
            "home_count": data["home_count"],
            "rules": rules,
        }


class RetireForm(forms.Form):
    redirect_to = forms.ModelChoiceField(
        label=_("停用后转到"),
        queryset=Column.objects.none(),
        required=False,
        empty_label=_("（上级栏目，没有则转到首页）"),
    )

    def __init__(self, *args: Any, column: Column, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        others = Column.objects.filter(site_id=column.site_id, retired=False).exclude(pk=column.pk)
        self.fields["redirect_to"].queryset = others.order_by("position", "pk")  # type: ignore[attr-defined]


class PickForm(forms.Form):
    item_id = forms.IntegerField(label=_("信息编号"), min_value=1, max_value=2**63 - 1)
