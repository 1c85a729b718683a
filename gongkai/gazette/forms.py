"""Workbench forms for gazette issues. Kept beside the models they edit."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.gazette.filenames import MAX_NUMBER, MAX_YEAR, MIN_YEAR
from gongkai.orgs.models import Unit

PDF_ACCEPT = {"accept": ".pdf,application/pdf"}


class IssueForm(forms.Form):
    """The issue data; on creation also the unit and (optionally) the PDF."""

    unit = forms.ModelChoiceField(label=_("发布单位"), queryset=Unit.objects.none())
    year = forms.IntegerField(label=_("年份"), min_value=MIN_YEAR, max_value=MAX_YEAR)
    number = forms.IntegerField(label=_("期号"), min_value=1, max_value=MAX_NUMBER, help_text=_("例如2026年第3期填3"))
    issue_date = forms.DateField(label=_("出版日期"), widget=forms.DateInput(attrs={"type": "date"}))
    total_number = forms.IntegerField(label=_("总期号"), min_value=1, required=False, help_text=_("总第几期，可不填"))
    pdf = forms.FileField(
        label=_("公报PDF"),
        required=False,
        help_text=_("整期公报的PDF文件，最大50MB；保存后自动提取文字供全文检索"),
        widget=forms.ClearableFileInput(attrs=PDF_ACCEPT),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self, *args: Any, units: Any = None, editing: bool = False, locked: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            for name in ("unit", "pdf"):
                self.fields.pop(name)
        else:
            self.fields.pop("version")
            cast(forms.ModelChoiceField, self.fields["unit"]).queryset = units
            government = units.filter(kind=Unit.Kind.GOVERNMENT).first()
            self.fields["unit"].initial = government or units.first()
        if locked:  # the year and number are the public address of a published issue
            for name in ("year", "number"):
                self.fields[name].disabled = True


class PdfForm(forms.Form):
    pdf = forms.FileField(label=_("公报PDF（最大50MB）"), widget=forms.ClearableFileInput(attrs=PDF_ACCEPT))


class EntryForm(forms.Form):
    title = forms.CharField(label=_("篇目标题"), max_length=300)
    doc_number = forms.CharField(label=_("文号"), max_length=100, required=False)
    page = forms.IntegerField(label=_("页码"), min_value=1, required=False)
    position = forms.IntegerField(label=_("排序"), min_value=1, required=False, help_text=_("留空则排在最后"))
    document_ref = forms.CharField(
        label=_("对应的公开信息"),
        max_length=60,
        required=False,
        help_text=_("填写该文件的索引号或信息编号；留空时按文号自动匹配已公开的文件"),
    )
