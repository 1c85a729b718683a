"""The office's inspection data on the workbench: column rules, the word dictionaries and the
schedule with the numbers of 19号. Forms validate; ``inspection.maintenance`` saves and audits."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gongkai.formerrors import add_service_errors
from gongkai.publishing import vocab
from gongkai.publishing.models import Kind
from gongkai.supervision.inspection import maintenance
from gongkai.supervision.inspection.models import ColumnRule, InspectionSettings, WordEntry
from gongkai.workbench.decorators import office_required
from gongkai.workbench.views.settings import SettingsPage, settings_view

REQUIRED = gettext_lazy("请填写“{}”")
INTEGER = gettext_lazy("“{}”应为整数")


def _name_fields(form: forms.BaseForm) -> None:
    """Every error message names its field, so a message read alone still says what it is about."""
    for field in form.fields.values():
        label = field.label or ""
        field.error_messages["required"] = format_lazy(REQUIRED, label)
        if isinstance(field, forms.IntegerField):
            field.error_messages["invalid"] = format_lazy(INTEGER, label)
            field.error_messages["min_value"] = format_lazy(gettext_lazy("“{}”不能小于%(limit_value)s"), label)
            field.error_messages["max_value"] = format_lazy(gettext_lazy("“{}”不能大于%(limit_value)s"), label)


class ColumnRuleForm(forms.ModelForm):
    kinds = forms.MultipleChoiceField(
        label=gettext_lazy("信息类型"), choices=Kind.choices, required=False, widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("不选则不限类型"),
    )  # fmt: skip
    genres = forms.MultipleChoiceField(
        label=gettext_lazy("体裁"), choices=vocab.GENRES, required=False, widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("不选则不限体裁；同时选择类型和体裁时，须两者都符合"),
    )  # fmt: skip

    class Meta:
        model = ColumnRule
        fields = ["name", "kinds", "genres", "max_age_days", "counts_for_veto", "points", "url", "note", "active"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _name_fields(self)

    def clean_url(self) -> str:
        url = self.cleaned_data["url"].strip()
        if url and not url.startswith("/"):
            raise ValidationError(_("“栏目页面地址”应为本站路径，以“/”开头"))
        return url


class WordForm(forms.ModelForm):
    class Meta:
        model = WordEntry
        fields = ["kind", "word", "correct", "veto", "note", "active"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _name_fields(self)
        self.fields["kind"].error_messages["invalid_choice"] = _("“类别”的取值无效")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == WordEntry.Kind.WRONG and not (data.get("correct") or "").strip():
            self.add_error("correct", _("错误用词须填写“正确写法”"))
        return data

    def validate_unique(self) -> None:
        try:
            self.instance.validate_unique()
            self.instance.validate_constraints()  # (kind, word) is a UniqueConstraint
        except ValidationError:
            self.add_error("word", _("“词语”已在该类别的词库中"))


class SettingsForm(forms.ModelForm):
    class Meta:
        model = InspectionSettings
        fields = maintenance.SETTINGS_FIELDS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _name_fields(self)


def _save_form(request: HttpRequest, form: forms.ModelForm, save: Any, done: str) -> bool:
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        save(request.user, form.instance, request=request)
    except ValidationError as exc:
        add_service_errors(form, exc)
        return False
    messages.success(request, done)
    return True


def _status(request: HttpRequest) -> int:
    return 422 if request.method == "POST" else 200


@office_required
def column_rules(request: HttpRequest) -> HttpResponse:
    form = ColumnRuleForm(request.POST or None, prefix="new")
    if _save_form(request, form, maintenance.save_column_rule, _("栏目检查规则已添加。")):
        return redirect("workbench:inspection_columns")
    context = {
        "rules": ColumnRule.objects.all(),
        "form": form,
        "kinds": dict(Kind.choices),
        "genres": dict(vocab.GENRES),
    }
    return render(request, "workbench/inspection_columns.html", context, status=_status(request))


@office_required
def column_rule_edit(request: HttpRequest, pk: int) -> HttpResponse:
    rule = get_object_or_404(ColumnRule, pk=pk)
    form = ColumnRuleForm(request.POST or None, instance=rule)
    if _save_form(request, form, maintenance.save_column_rule, _("栏目检查规则已保存。")):
        return redirect("workbench:inspection_columns")
    context = {"rule": rule, "form": form}
    return render(request, "workbench/inspection_column_form.html", context, status=_status(request))


@office_required
def word_list(request: HttpRequest) -> HttpResponse:
    form = WordForm(request.POST or None, prefix="new")
    if _save_form(request, form, maintenance.save_word, _("词条已添加。")):
        return redirect("workbench:inspection_words")
    kind = request.GET.get("kind", "")
    entries = WordEntry.objects.all()
    if kind in WordEntry.Kind.values:
        entries = entries.filter(kind=kind)
    context = {"entries": entries, "form": form, "kind": kind, "kinds": WordEntry.Kind.choices}
    return render(request, "workbench/inspection_words.html", context, status=_status(request))


@office_required
def word_edit(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(WordEntry, pk=pk)
    form = WordForm(request.POST or None, instance=entry)
    if _save_form(request, form, maintenance.save_word, _("词条已保存。")):
        return redirect("workbench:inspection_words")
    return render(
        request, "workbench/inspection_word_form.html", {"entry": entry, "form": form}, status=_status(request)
    )


@require_POST
@office_required
def word_delete(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(WordEntry, pk=pk)
    maintenance.delete_word(request.user, entry, request=request)
    messages.success(request, _("词条“%(word)s”已删除。") % {"word": entry.word})
    return redirect("workbench:inspection_words")


inspection_settings = settings_view(
    SettingsPage(
        model=InspectionSettings,
        form=SettingsForm,
        template="workbench/inspection_settings.html",
        url_name="workbench:inspection_settings",
        action="inspection.settings_saved",
        saved=gettext_lazy("网站检查设置已保存。"),
    )
)
