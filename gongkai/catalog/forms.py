"""Forms for the office's catalogue pages. Kept beside the models they edit."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.catalog.models import CatalogueEntry, Domain
from gongkai.catalog.services import DOMAIN_FIELDS, ENTRY_FIELDS


class EntryForm(forms.ModelForm):
    class Meta:
        model = CatalogueEntry
        fields = ENTRY_FIELDS
        widgets = {
            "content_elements": forms.Textarea(attrs={"rows": 3}),
            "basis": forms.Textarea(attrs={"rows": 3}),
        }


class DomainForm(forms.ModelForm):
    class Meta:
        model = Domain
        fields = DOMAIN_FIELDS


class EntryFilterForm(forms.Form):
    domain = forms.ModelChoiceField(
        label=_("领域"), queryset=Domain.objects.all(), required=False, empty_label=_("全部领域")
    )
    level = forms.ChoiceField(
        label=_("公开层级"), choices=[("", _("全部层级")), *CatalogueEntry.Level.choices], required=False
    )
    q = forms.CharField(label=_("事项关键词"), max_length=50, required=False)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("标准目录文件"),
        help_text=_("Excel工作簿（.xlsx），不超过5MB，表头与导出的文件相同"),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )
