"""Forms of the scheme page: editing one indicator (its rule's parameters as number fields) and
adding one. The services validate again and name the field in their errors."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.assessment import rules
from gongkai.assessment.models import Indicator, Scheme

PARAM_PREFIX = "param_"


class IndicatorForm(forms.Form):
    """One indicator's editable values; the parameters of its rule become ``param_<key>`` fields."""

    code = forms.CharField(label=_("编码"), max_length=20)
    name = forms.CharField(label=_("指标名称"), max_length=100)
    points = forms.DecimalField(label=_("分值"), min_value=0, max_digits=5, decimal_places=1)
    position = forms.IntegerField(label=_("排序"), min_value=0)
    description = forms.CharField(
        label=_("评分方法"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )

    def __init__(self, *args: Any, indicator: Indicator, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", f"i{indicator.pk}")
        initial = {
            "code": indicator.code,
            "name": indicator.name,
            "points": indicator.points,
            "position": indicator.position,
            "description": indicator.description,
        }
        self.rule = rules.RULES.get(indicator.rule) if indicator.kind == Indicator.Kind.AUTO else None
        if self.rule is not None:
            values = rules.params_for(self.rule, indicator.params)
            initial.update({PARAM_PREFIX + key: value for key, value in values.items()})
        kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        for param in self.rule.params if self.rule else ():
            self.fields[PARAM_PREFIX + param.key] = forms.DecimalField(label=param.label, max_digits=8)
        if self.rule is not None:
            self.fields["description"].help_text = _("留空时显示计分规则的默认说明：%(text)s") % {
                "text": self.rule.description
            }

    def values(self) -> dict[str, Any]:
        """The cleaned data as ``services.update_indicator`` takes it."""
        data = dict(self.cleaned_data)
        params = {k.removeprefix(PARAM_PREFIX): str(data.pop(k)) for k in list(data) if k.startswith(PARAM_PREFIX)}
        if self.rule is not None:
            data["params"] = params
        return data


class NewIndicatorForm(forms.Form):
    parent = forms.ModelChoiceField(
        label=_("上级指标"), queryset=Indicator.objects.none(), required=False, empty_label=_("（一级指标）")
    )
    code = forms.CharField(label=_("编码"), max_length=20)
    name = forms.CharField(label=_("指标名称"), max_length=100)
    kind = forms.ChoiceField(label=_("类型"), choices=Indicator.Kind.choices)
    points = forms.DecimalField(label=_("分值"), min_value=0, max_digits=5, decimal_places=1)
    rule = forms.ChoiceField(
        label=_("计分规则（自动计分指标）"),
        required=False,
        choices=[("", "—"), *((key, rule.label) for key, rule in rules.RULES.items())],
        help_text=_("参数取默认值，添加后可修改。"),
    )
    description = forms.CharField(
        label=_("评分方法"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
    position = forms.IntegerField(label=_("排序"), min_value=0, initial=100)

    def __init__(self, *args: Any, scheme: Scheme, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "new")
        super().__init__(*args, **kwargs)
        groups = scheme.indicators.filter(kind=Indicator.Kind.GROUP).order_by("position", "id")
        self.fields["parent"].queryset = groups  # type: ignore[attr-defined]
