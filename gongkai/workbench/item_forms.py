"""Workbench forms for information items."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.catalog import units as catalogue_units
from gongkai.catalog.models import CatalogueEntry
from gongkai.publishing import vocab
from gongkai.publishing.models import Item
from gongkai.workbench.forms import DateInput


def grouped_entries(entries: Any) -> list[tuple[Any, Any]]:
    """The entries as a ``<select>``'s choices, one ``<optgroup>`` per domain."""
    groups: dict[str, list[tuple[int, str]]] = {}
    for entry in entries:
        groups.setdefault(entry.domain.name, []).append((entry.pk, str(entry)))
    return [("", "---------"), *groups.items()]


class ItemForm(forms.ModelForm):
    """An item's working copy. ``version`` carries the optimistic lock through the form."""

    field_order = ["word_file"]  # first: the signed Word file fills title, 文号, 日期, body

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    word_file = forms.FileField(
        label=_("从Word导入：上传已签发的Word文件（.docx）"),
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
        widgets: ClassVar = {
            "body_html": forms.Textarea(attrs={"rows": 16, "class": "rich-text-source"}),
            "written_on": DateInput(),
            "formed_on": DateInput(),
            "expires_on": DateInput(),
        }
        help_texts: ClassVar = {
            "formed_on": _("信息形成或者变更的日期；应自该日起20个工作日内公开（条例第二十六条）"),
            "catalogue_entry": _("只列出标准目录中以本单位为公开主体的领域中的事项，按领域分组"),
            "body_html": _(
                "可从Word直接复制粘贴，标题、列表和表格会保留；保存时自动清除脚本、样式等不安全内容。"
                "表格含合并单元格时，请用上方的“从Word导入”上传.docx文件"
            ),
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
        self._limit_catalogue(units)

    def _limit_catalogue(self, units: Any) -> None:
        """Offer only the entries of the unit's own domains (of any of the editor's units on a new
        item), grouped by domain; an edited item keeps the entry it has even if it lies outside."""
        field = self.fields["catalogue_entry"]
        if self.instance.pk:
            allowed = catalogue_units.entries_for(self.instance.unit)
            current = self.instance.catalogue_entry_id
            if current is not None:
                allowed = CatalogueEntry.objects.filter(pk__in=[*allowed.values_list("pk", flat=True), current])
                allowed = allowed.select_related("domain").order_by("domain__position", "domain_id", "position")
        elif units is not None:
            allowed = catalogue_units.entries_for_units(units)
        else:
            return
        field.queryset = allowed  # type: ignore[attr-defined]
        field.choices = grouped_entries(allowed)  # type: ignore[attr-defined]
        field.error_messages["invalid_choice"] = _("所选目录事项不在本单位的公开领域内，请重新选择目录事项")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("title") and not cleaned.get("word_file"):
            self.add_error("title", _("请填写标题，或上传Word文件自动提取"))
        self._check_entry_of_unit(cleaned)
        return cleaned

    def _check_entry_of_unit(self, cleaned: dict[str, Any]) -> None:
        """An editor of several units may only file an item under its own unit's domains."""
        entry, unit = cleaned.get("catalogue_entry"), cleaned.get("unit") or getattr(self.instance, "unit", None)
        if entry is None or unit is None or entry.pk == self.instance.catalogue_entry_id:
            return
        if not catalogue_units.entries_for(unit).filter(pk=entry.pk).exists():
            self.add_error(
                "catalogue_entry",
                _("“%(entry)s”不在%(unit)s的公开领域内，请重新选择目录事项") % {"entry": entry, "unit": unit},
            )


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
