"""Units (单位), the people who act for them and in which role, and the site's identity."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongkai.orgs import creditcode

CONTACTS_CACHE_KEY = "gongkai:orgs:published-contacts"


def validate_credit_code(value: str) -> None:
    try:
        creditcode.validate(value)
    except creditcode.CreditCodeError as exc:
        reason = gettext(exc.template) % exc.params
        raise ValidationError(_("统一社会信用代码%(reason)s"), code="credit_code", params={"reason": reason}) from exc


class Unit(models.Model):
    """A unit of the government: the district government, a department, a street …"""

    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("人民政府")
        DEPARTMENT = "department", _("政府部门")
        STREET = "street", _("街道办事处")
        VERTICAL = "vertical", _("垂直管理部门")
        INSTITUTION = "institution", _("事业单位")

    name = models.CharField(_("单位名称"), max_length=100, unique=True)
    short_name = models.CharField(_("简称"), max_length=40, blank=True)
    kind = models.CharField(_("单位类型"), max_length=20, choices=Kind.choices)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, unique=True, validators=[validate_credit_code])
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    position = models.PositiveIntegerField(_("排序"), default=0)
    review_organ = models.CharField(
        _("行政复议机关"),
        max_length=100,
        blank=True,
        help_text=_(
            "写入答复告知书的救济途径。留空时：部门、街道和事业单位为本级人民政府（行政复议法第二十四条），"
            "人民政府为“上一级人民政府”，垂直管理部门为“上一级主管部门”（第二十七条）。"
        ),
    )
    active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering: ClassVar = ["position", "id"]
        verbose_name = _("单位")
        verbose_name_plural = _("单位")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        self.credit_code = creditcode.normalise(self.credit_code or "")
        if self.parent_id and self.pk:
            ancestor = self.parent
            while ancestor is not None:
                if ancestor.pk == self.pk:
                    raise ValidationError({"parent": _("上级单位不能是本单位或其下级单位")})
                ancestor = ancestor.parent


class Role(models.TextChoices):
    EDITOR = "editor", _("信息员")
    REVIEWER = "reviewer", _("审核")
    SIGNER = "signer", _("签发")
    HANDLER = "handler", _("依申请承办")
    OFFICE = "office", _("公开办")


class Membership(models.Model):
    """A person holds a role in a unit. The office role covers every unit."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["user", "unit", "role"], name="membership_unique"),
        ]
        verbose_name = _("角色分配")
        verbose_name_plural = _("角色分配")

    def __str__(self) -> str:
        return f"{self.user} · {self.unit} · {self.get_role_display()}"


class SiteProfile(models.Model):
    """The site's identity and the disclosure office's contact data (条例 Art. 12).

    One row; the 政府信息公开指南 page is generated from it.
    """

    site_name = models.CharField(_("网站名称"), max_length=100)
    government = models.ForeignKey(Unit, verbose_name=_("本级人民政府"), on_delete=models.PROTECT, related_name="+")
    office_name = models.CharField(_("政府信息公开工作机构"), max_length=100)
    address = models.CharField(_("办公地址"), max_length=200)
    postcode = models.CharField(_("邮政编码"), max_length=6, blank=True)
    office_hours = models.CharField(_("办公时间"), max_length=200)
    phone = models.CharField(_("联系电话"), max_length=50)
    fax = models.CharField(_("传真"), max_length=50, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    website = models.URLField(_("网站地址"), blank=True)
    site_code = models.CharField(_("网站标识码"), max_length=10, blank=True)
    icp_number = models.CharField(_("ICP备案号"), max_length=50, blank=True)
    police_number = models.CharField(_("公安机关备案号"), max_length=50, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("网站与公开办信息")
        verbose_name_plural = _("网站与公开办信息")

    def __str__(self) -> str:
        return self.site_name

    def save(self, *args: object, **kwargs: object) -> None:
        super().save(*args, **kwargs)  # type: ignore[arg-type]
        cache.delete(CONTACTS_CACHE_KEY)  # orgs.services.published_contacts reads it

    @classmethod
    def current(cls) -> SiteProfile | None:
        return cls.objects.select_related("government").first()
