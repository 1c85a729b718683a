"""The service directory (办事服务, issue 19 point 3): the region's services as entries that point
citizens to where they are handled — the 内蒙古政务服务网 page and the 蒙速办 app (a QR code).

The elements follow the service-guide elements the inspection indicators name (REGULATIONS.md §5
item 6: 事项名称、设定依据、申请条件、办理材料 …); ``missing_elements`` is what the inspection's
服务不实用 veto reads. A service with no sites is shown on every site.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


def validate_https(value: str) -> None:
    """Links leave the site only for https pages (政务服务网 and 蒙速办 both serve https)."""
    URLValidator(schemes=["https"], message=_("请填写以 https:// 开头的完整网址。"))(value)
    if len(value) > 500:
        raise ValidationError(_("网址不能超过500个字符。"))


class Service(models.Model):
    class LinkState(models.TextChoices):
        UNCHECKED = "unchecked", _("未检查")
        OK = "ok", _("可用")
        BROKEN = "broken", _("不可用")

    name = models.CharField(_("事项名称"), max_length=200)
    code = models.CharField(_("事项编码"), max_length=60, blank=True)
    department = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("办理部门"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="services",
    )
    # The region's and the city's departments are not units of this platform: named as text.
    department_name = models.CharField(_("办理部门名称"), max_length=100, blank=True)
    category = models.CharField(_("服务类别"), max_length=40, blank=True, help_text=_("例如 社会保障、民政服务"))
    basis = models.TextField(_("设定依据"), blank=True)
    conditions = models.TextField(_("申请条件"), blank=True)
    materials = models.TextField(_("办理材料"), blank=True, help_text=_("每行一项"))
    steps = models.TextField(_("办理流程"), blank=True)
    time_limit = models.CharField(_("办理时限"), max_length=100, blank=True)
    fees = models.CharField(_("收费标准"), max_length=200, blank=True)
    place = models.CharField(_("办理地点"), max_length=200, blank=True)
    phone = models.CharField(_("咨询电话"), max_length=60, blank=True)
    url = models.CharField(_("政务服务网办理页面"), max_length=500, blank=True, validators=[validate_https])
    app_url = models.CharField(_("蒙速办链接"), max_length=500, blank=True, validators=[validate_https])
    sites = models.ManyToManyField(
        "sites.Site",
        verbose_name=_("显示的站点"),
        blank=True,
        related_name="services",
        help_text=_("不选则在所有站点显示"),
    )
    active = models.BooleanField(_("启用"), default=True)
    position = models.PositiveIntegerField(_("排序"), default=0)
    link_state = models.CharField(_("链接状态"), max_length=10, choices=LinkState.choices, default=LinkState.UNCHECKED)
    link_checked_at = models.DateTimeField(_("链接检查时间"), null=True, blank=True)
    link_detail = models.CharField(_("链接检查说明"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering: ClassVar = ["category", "position", "pk"]
        verbose_name = _("办事服务")
        verbose_name_plural = _("办事服务")
        indexes: ClassVar = [models.Index(fields=["active", "category", "position"], name="directory_service_list")]

    def __str__(self) -> str:
        return self.name

    @property
    def department_label(self) -> str:
        if self.department_name:
            return self.department_name
        return self.department.name if self.department_id and self.department else ""

    @property
    def material_list(self) -> list[str]:
        return [line.strip() for line in self.materials.splitlines() if line.strip()]

    def links(self) -> list[str]:
        return [u for u in (self.url, self.app_url) if u]


# The key elements of a service guide the inspection requires (REGULATIONS.md §5 item 6: "the list
# begins 事项名称、设定依据、申请条件、办理材料…"; the rest of the list is UNCONFIRMED, so only these four
# are checked). Field name → its label.
KEY_ELEMENTS: dict[str, Any] = {
    "name": _("事项名称"),
    "basis": _("设定依据"),
    "conditions": _("申请条件"),
    "materials": _("办理材料"),
}


def missing_elements(service: Service) -> list[str]:
    """The key elements ``service`` lacks, by field name (empty or only spaces)."""
    return [name for name in KEY_ELEMENTS if not str(getattr(service, name) or "").strip()]
