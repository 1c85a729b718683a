"""Forms of the new-media pages. They only shape input; the services check it (and their
``ValidationError`` messages go back onto the fields by name)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.orgs.models import Unit
from gongkai.supervision.newmedia import lifecycle as lc
from gongkai.supervision.newmedia.models import AnnualReview, Platform
from gongkai.supervision.newmedia.services import url_problem
from gongkai.workbench.forms import DateInput, name_fields_in_errors


class DetailsForm(forms.Form):
    name = forms.CharField(label=_("账号名称"), max_length=100)
    account_id = forms.CharField(
        label=_("账号ID"), max_length=100, required=False, help_text=_("平台上的账号ID或微信号；开始运营前须填写。")
    )
    home_url = forms.CharField(label=_("账号主页"), max_length=500, required=False)
    feed_url = forms.CharField(
        label=_("订阅源地址"),
        max_length=500,
        required=False,
        help_text=_("平台提供RSS或Atom订阅地址时填写，系统每日读取最近更新日期。"),
    )
    interaction_available = forms.BooleanField(label=_("提供有效互动功能（留言、私信等并及时回复）"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        name_fields_in_errors(self)

    def _url(self, name: str) -> str:
        value = self.cleaned_data[name].strip()
        problem = url_problem(name, value)
        if problem:
            raise ValidationError(problem)
        return value

    def clean_home_url(self) -> str:
        return self._url("home_url")

    def clean_feed_url(self) -> str:
        return self._url("feed_url")


class ApplyForm(DetailsForm):
    unit_id = forms.ModelChoiceField(label=_("主办单位"), queryset=Unit.objects.none())
    platform_id = forms.ModelChoiceField(label=_("平台"), queryset=Platform.objects.filter(active=True))
    purpose = forms.CharField(
        label=_("开设理由"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("说明开设的必要性、运维人员和内容保障安排。"),
    )  # fmt: skip

    field_order = ["unit_id", "platform_id", "name", "account_id", "home_url", "feed_url", "purpose"]

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["unit_id"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = units.order_by("position", "id")
        if units.count() == 1:
            self.initial.setdefault("unit_id", units.first())
        name_fields_in_errors(self)


LABELS = {
    lc.APPROVE: _("批准开设"),
    lc.REJECT: _("不予批准"),
    lc.FILE: _("登记备案"),
    lc.START: _("开始运营"),
    lc.ORDER_RECTIFICATION: _("责令整改"),
    lc.REPORT_RECTIFIED: _("报告整改完成"),
    lc.CLOSE: _("关停"),
    lc.CANCEL: _("注销"),
}
REASON_LABELS = {
    lc.REJECT: _("不予批准的理由"),
    lc.ORDER_RECTIFICATION: _("整改要求"),
    lc.REPORT_RECTIFIED: _("整改情况"),
    lc.CLOSE: _("关停理由"),
    lc.CANCEL: _("注销理由"),
}


class StepForm(forms.Form):
    """One lifecycle step; its fields follow the transition (reason, filing number)."""

    def __init__(self, *args: Any, transition: lc.Transition, **kwargs: Any) -> None:
        super().__init__(*args, prefix=transition.action, **kwargs)
        self.transition = transition
        self.label = LABELS[transition.action]
        if transition.needs_filing_number:
            self.fields["filing_number"] = forms.CharField(label=_("全国政务新媒体报送系统备案编号"), max_length=64)
        self.fields["reason"] = forms.CharField(
            label=REASON_LABELS.get(transition.action, _("说明")),
            max_length=2000,
            required=transition.reason_required,
            widget=forms.Textarea(attrs={"rows": 3}),
        )
        name_fields_in_errors(self)


class ContentForm(forms.Form):
    on = forms.DateField(label=_("最近更新日期"), widget=DateInput(), help_text=_("账号最近一次发布内容的日期。"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, prefix="content", **kwargs)
        name_fields_in_errors(self)
        self.fields["on"].error_messages["invalid"] = _("“最近更新日期”格式应为YYYY-MM-DD")

    def clean_on(self) -> Any:
        on = self.cleaned_data["on"]
        if on > timezone.localdate():
            raise ValidationError(_("“最近更新日期”不能晚于今天"))
        return on


class ReviewForm(forms.Form):
    result = forms.ChoiceField(label=_("审核结果"), choices=AnnualReview.Result.choices, widget=forms.RadioSelect)
    reviewed_on = forms.DateField(label=_("审核日期"), widget=DateInput(), required=False)
    note = forms.CharField(label=_("审核意见"), max_length=2000, required=False)
    year = forms.IntegerField(widget=forms.HiddenInput, label=_("年度"))

    def __init__(self, *args: Any, account_id: int, **kwargs: Any) -> None:
        super().__init__(*args, prefix=f"review-{account_id}", **kwargs)
        name_fields_in_errors(self)


class SettingsForm(forms.Form):
    stale_after_days = forms.IntegerField(
        label=_("未更新提示天数"), min_value=1, max_value=365,
        help_text=_("最近更新日期早于检查日前这一天数的运营账号标为“更新不及时”。默认14天（监测时间点前2周内无更新）。"),
    )  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        name_fields_in_errors(self)
        field = self.fields["stale_after_days"]
        field.error_messages["min_value"] = _("“未更新提示天数”应在1到365之间")
        field.error_messages["max_value"] = _("“未更新提示天数”应在1到365之间")


class PlatformForm(forms.Form):
    name = forms.CharField(label=_("平台名称"), max_length=40)
    offers_feed = forms.BooleanField(label=_("提供订阅源（RSS或Atom）"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, prefix="platform", **kwargs)
        name_fields_in_errors(self)
