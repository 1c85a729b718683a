"""Forms for policy metadata, interpretations, relations and exemptions (workbench)."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from gongkai.policies.docnumber import normalise_doc_number
from gongkai.policies.models import Interpretation, PolicyDocument, RelationKind


class PolicyMetaForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = PolicyDocument
        fields: ClassVar = ["issuer", "level", "category", "effective_on"]
        help_texts: ClassVar = {
            "issuer": _("留空则为发布单位"),
            "effective_on": _("文件规定的施行日期（格式：YYYY-MM-DD）"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.item.version


class InterpretationForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Interpretation
        fields: ClassVar = ["form", "agency", "person", "phone", "follow_up"]
        help_texts: ClassVar = {
            "person": _("按“谁起草、谁解读”，一般为起草单位主要负责人"),
            "phone": _("解读人的办公电话，将在公开页面显示"),
            "follow_up": _("文件发布后根据社会关切进行的跟踪解读，可单独发布"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.item.version


class RelationForm(forms.Form):
    kind = forms.ChoiceField(label=_("关系"), choices=RelationKind.choices)
    target = forms.CharField(
        label=_("关联文件"),
        max_length=300,
        help_text=_("填写对方文件的文号（〔〕、[]、()均可）、完整标题或编号"),
    )

    def __init__(self, *args: Any, candidates: QuerySet[PolicyDocument] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.candidates = candidates if candidates is not None else PolicyDocument.objects.none()

    def clean_target(self) -> PolicyDocument:
        text = self.cleaned_data["target"].strip()
        if text.isdigit():
            found = self.candidates.filter(pk=int(text))
        else:
            key = normalise_doc_number(text)
            found = self.candidates.filter(Q(doc_number_key=key) | Q(item__title=text))
        matches = list(found.select_related("item")[:2])
        if not matches:
            raise forms.ValidationError(_("没有找到该文件：请核对文号或标题"))
        if len(matches) > 1:
            raise forms.ValidationError(_("有多份文件符合，请改填文件编号"))
        return matches[0]


class ExemptionForm(forms.Form):
    reason = forms.CharField(
        label=_("不进行政策解读的理由"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("由签发人登记；登记后本文件可不附解读发布"),
    )
