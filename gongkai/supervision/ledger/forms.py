"""Workbench forms of the ledger. Labels and messages are Chinese and name the field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.orgs.models import Unit
from gongkai.supervision.ledger.models import Ledger, Task


def _messages(form: forms.Form) -> None:
    for field in form.fields.values():
        asks = _("请选择“%(label)s”") if isinstance(field, forms.ChoiceField) else _("请填写“%(label)s”")
        field.error_messages["required"] = asks % {"label": field.label}
        field.error_messages["invalid"] = _("“%(label)s”格式不正确") % {"label": field.label}
        field.error_messages["max_length"] = _("“%(label)s”过长") % {"label": field.label}


class DateInput(forms.DateInput):
    input_type = "date"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def clean(self, data: Any, initial: Any = None) -> Any:
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data]
        return [super().clean(data, initial)] if data else []


class ProgressForm(forms.Form):
    on = forms.DateField(label=_("进展日期"), widget=DateInput)
    text = forms.CharField(label=_("进展情况"), max_length=4000, widget=forms.Textarea(attrs={"rows": 5}))
    done = forms.BooleanField(label=_("该任务已完成"), required=False)
    attachments = MultipleFileField(
        label=_("佐证材料"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": ".pdf,.doc,.docx,.xls,.xlsx,.ofd,.png,.jpg,.jpeg"}),
        help_text=_("可选，PDF、Word、Excel、OFD或图片，每个不超过20MB"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _messages(self)


class NoticeForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("被督办单位"), queryset=Unit.objects.none())
    text = forms.CharField(label=_("督办事项"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))
    reply_due_on = forms.DateField(label=_("反馈期限"), widget=DateInput)

    def __init__(self, *args: Any, task: Task, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ids = {task.unit_id, *task.task_units.values_list("unit_id", flat=True)}
        field = self.fields["unit"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Unit.objects.filter(pk__in=ids).order_by("position", "id")
        field.initial = task.unit_id
        _messages(self)


class ReplyForm(forms.Form):
    reply = forms.CharField(label=_("反馈情况"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _messages(self)


class ImportForm(forms.Form):
    ledger = forms.ModelChoiceField(label=_("导入到台账"), queryset=Ledger.objects.all(), required=False)
    year = forms.IntegerField(
        label=_("或新建年度台账"), min_value=2000, max_value=2100, required=False, help_text=_("未选择台账时填写年度")
    )
    file = forms.FileField(
        label=_("任务台账文件"),
        help_text=_("Excel工作簿（.xlsx），不超过5MB，表头与导出的文件相同"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _messages(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("ledger") and not data.get("year") and not self.errors:
            self.add_error("year", _("请选择“导入到台账”或填写“年度”"))
        return data


class LedgerSettingsForm(forms.Form):
    public = forms.BooleanField(label=_("在门户网站公开进展"), required=False)


class CarryForm(forms.Form):
    from_ledger = forms.ModelChoiceField(label=_("上一年度台账"), queryset=Ledger.objects.all())
    to_ledger = forms.ModelChoiceField(label=_("结转至"), queryset=Ledger.objects.all())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _messages(self)
