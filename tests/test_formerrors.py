"""gongkai.formerrors: a service's refusal lands next to the field it names."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from gongkai.formerrors import add_service_errors


class _Form(forms.Form):
    title = forms.CharField()
    unit = forms.IntegerField()
    year = forms.IntegerField(disabled=True, required=False)


def _form() -> _Form:
    form = _Form({"title": "标题", "unit": "3"})
    assert form.is_valid()
    return form


def test_errors_go_to_the_named_fields_with_parameters_filled_in() -> None:
    form = _form()
    exc = ValidationError(
        {"title": ValidationError("“标题”不能超过%(n)s字", params={"n": 10}), "unit_id": "单位不存在"}
    )
    add_service_errors(form, exc, {"unit_id": "unit"})
    assert form.errors["title"] == ["“标题”不能超过10字"]
    assert form.errors["unit"] == ["单位不存在"]
    assert "title" not in form.cleaned_data


def test_unknown_disabled_or_blanked_fields_and_plain_errors_go_above_the_form() -> None:
    form = _form()
    add_service_errors(form, ValidationError({"nothing": "甲", "year": "乙", "hidden": "丙"}), {"hidden": ""})
    assert form.non_field_errors() == ["甲", "乙", "丙"]
    add_service_errors(form, ValidationError("丁"))
    assert form.non_field_errors()[-1] == "丁"
