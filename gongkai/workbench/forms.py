"""Workbench forms. Labels and messages are Chinese and name the field."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_otp import match_token, user_has_device

from gongkai.actor import Actor
from gongkai.orgs.models import Role, SiteProfile, Unit
from gongkai.orgs.services import SITE_FIELDS


def name_fields_in_errors(form: forms.Form) -> None:
    """Chinese messages that name the field for the common errors (required, invalid, a choice not
    offered, too long), used by the supervision forms."""
    for field in form.fields.values():
        verb = gettext("请选择“%(label)s”") if isinstance(field, forms.ChoiceField) else gettext("请填写“%(label)s”")
        field.error_messages["required"] = verb % {"label": field.label}
        field.error_messages["invalid"] = gettext("“%(label)s”格式不正确") % {"label": field.label}
        field.error_messages["invalid_choice"] = gettext("请选择“%(label)s”") % {"label": field.label}
        field.error_messages["max_length"] = gettext("“%(label)s”过长") % {"label": field.label}


class DateInput(forms.DateInput):
    """A native date picker; the value is always written as YYYY-MM-DD, as the picker needs it."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class LoginForm(AuthenticationForm):
    """Username and password, plus the TOTP code for people who enabled two-step login."""

    otp_token = forms.CharField(
        label=_("动态验证码"),
        required=False,
        max_length=8,
        help_text=_("已开启两步验证的账号请填写验证器应用中的6位数字"),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("用户名")
        self.fields["password"].label = _("密码")
        self.otp_device: Any = None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        user = self.get_user()
        if user is not None and user_has_device(user):
            token = (cleaned.get("otp_token") or "").strip()
            device = match_token(user, token) if token else None
            if device is None:
                raise forms.ValidationError(_("动态验证码错误或已过期"), code="otp_invalid")
            self.otp_device = device
        return cleaned


class UnitForm(forms.ModelForm):
    class Meta:
        model = Unit
        fields = ["name", "short_name", "kind", "credit_code", "parent", "position", "review_organ", "active"]


class PersonForm(forms.Form):
    username = forms.RegexField(
        label=_("用户名"), max_length=150, regex=r"^[\w.@+-]+$", help_text=_("字母、数字和 @ . + - _")
    )
    full_name = forms.CharField(label=_("姓名"), max_length=150)
    password = forms.CharField(label=_("初始密码"), widget=forms.PasswordInput, min_length=10)
    unit = forms.ModelChoiceField(label=_("单位"), queryset=Unit.objects.filter(active=True))
    role = forms.ChoiceField(label=_("角色"), choices=Role.choices)


class GrantForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("单位"), queryset=Unit.objects.filter(active=True))
    role = forms.ChoiceField(label=_("角色"), choices=Role.choices)


class CalendarYearForm(forms.Form):
    year = forms.IntegerField(label=_("年份"), min_value=2004, max_value=2100)
    notice = forms.CharField(label=_("通知文号或标题"), max_length=200)
    announced_on = forms.DateField(label=_("通知发布日期"), required=False)
    holidays = forms.CharField(
        label=_("放假日期"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("每行一项，例如：2026-02-15 至 2026-02-23 春节"),
    )
    makeup_days = forms.CharField(
        label=_("调休上班日期"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("每行一项，例如：2026-02-14 春节调休上班"),
    )


class OverrideForm(forms.Form):
    day = forms.DateField(label=_("日期"), help_text=_("格式：YYYY-MM-DD"))
    is_working_day = forms.TypedChoiceField(
        label=_("类型"),
        coerce=lambda v: v == "1",
        choices=[("0", _("放假（非工作日）")), ("1", _("上班（工作日）"))],
    )
    name = forms.CharField(label=_("名称"), max_length=60)


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label=_("操作人"), required=False)
    action = forms.CharField(label=_("操作"), required=False)
    object_type = forms.CharField(label=_("对象类型"), required=False)
    since = forms.DateField(label=_("起始日期"), required=False)
    until = forms.DateField(label=_("截止日期"), required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        since, until = cleaned.get("since"), cleaned.get("until")
        if isinstance(since, dt.date) and isinstance(until, dt.date) and until < since:
            self.add_error("until", _("截止日期不能早于起始日期"))
        return cleaned


class OwnPasswordForm(PasswordChangeForm):
    """Current password and the new one twice; the new one passes AUTH_PASSWORD_VALIDATORS."""

    error_messages = {
        **PasswordChangeForm.error_messages,
        "password_incorrect": _("当前密码不正确，请重新填写"),
        "password_mismatch": _("两次填写的新密码不一致"),
    }

    def __init__(self, user: Actor, *args: Any, **kwargs: Any) -> None:
        super().__init__(user, *args, **kwargs)
        labels = {"old_password": _("当前密码"), "new_password1": _("新密码"), "new_password2": _("再次填写新密码")}
        for name, label in labels.items():
            self.fields[name].label = label
            # Django focuses the first field; the security page holds several forms, and a jump
            # into one of them skips the page's heading for screen-reader users.
            self.fields[name].widget.attrs.pop("autofocus", None)
        # Django's own help is an HTML list, which cannot sit in the form template's <p>.
        self.fields["new_password1"].help_text = _(
            "至少10个字符，不能全是数字，不能是常见密码，也不能与用户名或姓名相近"
        )
        self.fields["new_password2"].help_text = ""

    # Django reports the validators under the repeated field; people look under 新密码. (S106/S107:
    # these strings are field names, not passwords.)
    def validate_password_for_user(self, user: Actor, password_field_name: str = "new_password2") -> None:  # noqa: S107
        if password_field_name in self.cleaned_data:  # absent when the two differ: that error is enough
            super().validate_password_for_user(user, password_field_name="new_password1")  # noqa: S106


class TotpConfirmForm(forms.Form):
    token = forms.CharField(label=_("验证器显示的6位数字"), max_length=8)


class SiteProfileForm(forms.ModelForm):
    website = forms.URLField(label=_("网站地址"), required=False, assume_scheme="https")

    class Meta:
        model = SiteProfile
        fields = SITE_FIELDS
