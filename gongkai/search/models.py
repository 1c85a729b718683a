"""Search data the office maintains: short names (简称) that never occur in the documents."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchAlias(models.Model):
    """``alias`` (e.g. 个保法) is searched as ``full_name`` (个人信息保护法) as well."""

    alias = models.CharField(_("简称"), max_length=50, unique=True)
    full_name = models.CharField(_("全称"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["alias"]
        verbose_name = _("检索简称")
        verbose_name_plural = _("检索简称")

    def __str__(self) -> str:
        return f"{self.alias} → {self.full_name}"
