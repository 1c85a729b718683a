"""The calendar's data: years entered from the State Council notice, and single-day overrides."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarYear(models.Model):
    """A year the office entered from the State Council's holiday notice (国务院办公厅关于
    某年部分节假日安排的通知). Its holidays and make-up days are ``DayOverride`` rows; every
    other day follows Monday–Friday. A year with a row here takes precedence over the
    ``chinesecalendar`` package, which only knows the years up to its release."""

    year = models.PositiveSmallIntegerField(_("年份"), primary_key=True)
    notice = models.CharField(_("通知文号或标题"), max_length=200)
    announced_on = models.DateField(_("通知发布日期"), null=True, blank=True)
    source_text = models.TextField(
        _("通知原文"), blank=True, help_text=_("公开办粘贴的通知全文；放假和调休上班日期由平台读出，经公开办确认后录入")
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["year"]
        verbose_name = _("工作日历年度")
        verbose_name_plural = _("工作日历年度")

    def __str__(self) -> str:
        return str(self.year)


class DayOverride(models.Model):
    """One day declared a working day or a day off, overriding the year's source."""

    day = models.DateField(_("日期"), unique=True)
    is_working_day = models.BooleanField(_("是否工作日"))
    name = models.CharField(_("名称"), max_length=60, help_text=_("例如：春节、国庆节调休上班"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["day"]
        verbose_name = _("日历调整")
        verbose_name_plural = _("日历调整")

    def __str__(self) -> str:
        return f"{self.day} {self.name}"
