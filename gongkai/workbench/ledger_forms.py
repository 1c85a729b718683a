"""Workbench forms of the ledger. Labels and messages are Chinese and name the field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.orgs.models import Unit
from gongkai.supervision.ledger import deadlines, rows
from gongkai.supervision.ledger.models import Ledger, Task, TaskUnit
from gongkai.workbench.forms import DateInput, name_fields_in_errors


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
        name_fields_in_errors(self)


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
        name_fields_in_errors(self)


class ReplyForm(forms.Form):
    reply = forms.CharField(label=_("反馈情况"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        name_fields_in_errors(self)


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
        name_fields_in_errors(self)

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
        name_fields_in_errors(self)


def _names(units: list[Unit]) -> str:
    return "、".join(unit.name for unit in units)


class TaskForm(forms.Form):
    """One task typed or edited by the office. 责任单位 and 配合单位 are unit names as in a
    ledger (full or short names, separated by 、，； or line breaks; the first 责任单位 leads);
    完成时限 is a date or wording such as 长期坚持 (``deadlines.py``)."""

    number = forms.CharField(label=_("序号"), max_length=20, required=False, help_text=_("如“一（1）”，可不填"))
    title = forms.CharField(label=_("工作任务"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))
    units = forms.CharField(
        label=_("责任单位"),
        max_length=1000,
        help_text=_("填写单位全称或简称，多个单位用顿号分隔，第一个为牵头单位"),
    )
    co_units = forms.CharField(
        label=_("配合单位"), max_length=1000, required=False, help_text=_("可不填，多个单位用顿号分隔")
    )
    due = forms.CharField(
        label=_("完成时限"),
        max_length=100,
        required=False,
        help_text=_("填写日期（如2021-12-31、2021年12月31日、2021年底）或“长期坚持”；不填写表示没有完成时限"),
    )

    def __init__(self, *args: Any, task: Task | None = None, **kwargs: Any) -> None:
        if task is not None:
            kwargs.setdefault("initial", initial_for(task))
        super().__init__(*args, **kwargs)
        self.task = task
        # A task's own units still count when they have since been switched off.
        self.unit_names = rows.UnitNames()
        if task is not None:
            ids = [task.unit_id, *task.task_units.values_list("unit_id", flat=True)]
            for unit in Unit.objects.filter(pk__in=ids):
                self.unit_names.by_name.setdefault(unit.name, unit)
        if task is not None and task.done_on is not None:
            field = self.fields["due"]
            field.disabled = True
            field.help_text = _("该任务已于%(day)s完成，完成时限不能再修改") % {"day": task.done_on.isoformat()}
        name_fields_in_errors(self)

    def _unit_list(self, name: str) -> list[Unit]:
        label = self.fields[name].label
        found: list[Unit] = []
        unknown: list[str] = []
        for part in deadlines.split_names(self.cleaned_data.get(name, "")):
            unit = self.unit_names.get(part)
            if unit is None:
                unknown.append(part)
            elif unit not in found:
                found.append(unit)
        if unknown:
            raise forms.ValidationError(
                _("%(label)s中的单位“%(names)s”不存在，请核对单位名称") % {"label": label, "names": "、".join(unknown)}
            )
        return found

    def clean_units(self) -> list[Unit]:
        found = self._unit_list("units")
        if not found:
            raise forms.ValidationError(_("请填写“%(label)s”") % {"label": self.fields["units"].label})
        return found

    def clean_co_units(self) -> list[Unit]:
        return self._unit_list("co_units")

    def clean_due(self) -> deadlines.Deadline:
        value = self.cleaned_data.get("due", "")
        try:
            return deadlines.parse_deadline(value)
        except deadlines.BadDeadline:
            raise forms.ValidationError(
                _("完成时限“%(value)s”无法识别，请填写日期（如2021-12-31、2021年12月31日、2021年底）或“长期坚持”")
                % {"value": value}
            ) from None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        both = [u for u in data.get("co_units", []) if u in data.get("units", [])]
        if both:
            self.add_error("co_units", _("“%(names)s”已是责任单位，不能同时作为配合单位") % {"names": _names(both)})
        return data

    def task_arguments(self) -> dict[str, Any]:
        """The cleaned form as keyword arguments of ``services.create_task`` / ``edit_task``."""
        data = self.cleaned_data
        units: list[Unit] = data["units"]
        deadline: deadlines.Deadline = data["due"]
        if self.fields["due"].disabled and self.task is not None:  # a done task keeps its deadline
            deadline = deadlines.Deadline(self.task.due_on, self.task.due_text)
        return {
            "number": data["number"],
            "title": data["title"],
            "unit": units[0],
            "joint_units": units[1:],
            "co_units": data["co_units"],
            "due_on": deadline.due_on,
            "due_text": deadline.text,
        }


def initial_for(task: Task) -> dict[str, str]:
    """The task's fields as the form shows them (units in the ledger's order, the lead first)."""
    units = list(task.task_units.select_related("unit").order_by("role", "position"))
    responsible = [tu.unit for tu in units if tu.role == TaskUnit.Role.RESPONSIBLE]
    if task.unit not in responsible:
        responsible.insert(0, task.unit)
    due = task.due_text or (task.due_on.isoformat() if task.due_on else "")
    return {
        "number": task.number,
        "title": task.title,
        "units": _names(responsible),
        "co_units": _names([tu.unit for tu in units if tu.role == TaskUnit.Role.COOPERATING]),
        "due": due,
    }
