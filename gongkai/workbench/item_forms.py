"""Workbench forms for information items."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.publishing import vocab
from gongkai.publishing.models import Item


class ItemForm(forms.ModelForm):
    """An item's working copy. ``version`` carries the optimistic lock through the form."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    word_file = forms.FileField(
        label=_("上传已签发的Word文件（.docx）"),
        required=False,
        help_text=_("上传后自动提取正文，并在标题、文号、成文日期为空时填入"),
    )

    class Meta:
        model = Item
        fields = [
            "unit",
            "title",
            "catalogue_entry",
            "topic",
            "genre",
            "doc_number",
            "written_on",
            "formed_on",
            "validity",
            "expires_on",
            "disclosure_mode",
            "normative",
            "emergency",
            "show_alert",
            "change_note",
            "body_html",
        ]
        widgets: ClassVar = {"body_html": forms.Textarea(attrs={"rows": 16})}
        help_texts: ClassVar = {
            "formed_on": _("信息形成或者变更的日期；应自该日起20个工作日内公开（条例第二十六条）"),
            "body_html": _("可粘贴HTML；脚本、事件属性等不安全内容会被自动清除"),
            "emergency": _("突发事件、疫情防控等信息：签发人可在审核前加急发布，发布后须补充审核"),
        }

    def __init__(self, *args: Any, units: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"].queryset = units
            if units.count() == 1:  # most editors work for one unit: nothing to choose
                self.fields["unit"].initial = units.first()
                self.fields["unit"].empty_label = None
        self.fields["title"].required = False  # may come from the Word file
        self.fields["body_html"].required = False
        if self.instance.pk:
            self.fields.pop("unit")
            self.fields["version"].initial = self.instance.version

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("title") and not cleaned.get("word_file"):
            self.add_error("title", _("请填写标题，或上传Word文件自动提取"))
        return cleaned


class ActionForm(forms.Form):
    action = forms.CharField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(label=_("意见"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    reason_code = forms.ChoiceField(label=_("撤回原因"), required=False, choices=[("", "—"), *vocab.WITHDRAW_REASONS])
    reason = forms.CharField(label=_("撤回说明（将在公开页面显示）"), required=False)
    publish_at = forms.DateTimeField(
        label=_("定时发布时间（留空则立即发布）"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    privacy_basis = forms.CharField(
        label=_("公开个人信息的依据（条例第十五条）"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "仅在确需公开上述个人信息时填写：权利人同意公开，或不公开会对公共利益造成重大影响。签发人将看到此依据。"
        ),
    )
    secrecy_checked = forms.BooleanField(label=_("已完成保密审查（条例第十七条）"), required=False)
    content_checked = forms.BooleanField(label=_("已完成内容审核"), required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("action") == "approve":
            for name in ("secrecy_checked", "content_checked"):
                if not cleaned.get(name):
                    self.add_error(name, _("审核通过前须确认此项"))
        return cleaned


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("附件（PDF、Word、Excel、OFD、图片，最大50MB）"))


class TakeDownForm(forms.Form):
    reason = forms.CharField(label=_("下架原因"), max_length=500)
