"""The forms of the exchange partners' pages (交换伙伴): they turn what the office types into the
arguments of gongkai.exchange's services and nothing else; the services check and refuse."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.catalog.models import Domain
from gongkai.exchange.models import Direction, Mode, Partner
from gongkai.orgs.models import Unit
from gongkai.publishing.models import Kind
from gongkai.sites.models import Column

CREDENTIALS_HELP = _("对方公开办提供的“我方凭据”原文（JSON），包含对方的实例标识、平台地址和签名公钥，不含任何密钥。")


class CredentialsField(forms.CharField):
    """The peer's credentials: the JSON object its office passed on, parsed here."""

    widget = forms.Textarea(attrs={"rows": 6, "spellcheck": "false", "class": "code"})

    def clean(self, value: Any) -> Any:
        text = super().clean(value)
        if not text:
            return None
        try:
            parsed = json.loads(text)
        except ValueError as exc:
            raise forms.ValidationError(_("对方凭据不是有效的JSON，请粘贴对方提供的完整原文")) from exc
        if not isinstance(parsed, dict):
            raise forms.ValidationError(_("对方凭据应为一个JSON对象（以“{”开头）"))
        return parsed


class PartnerAddForm(forms.Form):
    name = forms.CharField(label=_("名称"), max_length=100, help_text=_("对方平台的名称，如“鄂尔多斯市人民政府”。"))
    base_url = forms.CharField(
        label=_("对方平台地址"), max_length=200, help_text=_("对方平台的网址，如 https://www.ordos.gov.cn。")
    )
    direction = forms.ChoiceField(
        label=_("方向"), choices=Direction.choices, help_text=_("对方所在的层级：上级或下级。")
    )
    peer_credentials = CredentialsField(
        label=_("对方凭据"),
        required=False,
        help_text=_("对方已先登记我方时，粘贴对方交来的凭据；尚未收到的，可以留空，收到后在伙伴页面补填。"),
    )


class CredentialsForm(forms.Form):
    peer_credentials = CredentialsField(label=_("对方凭据"), help_text=CREDENTIALS_HELP)


def _unit_label(unit: Unit) -> str:
    return unit.name


class FlowsForm(forms.Form):
    """What we send the partner and where what it sends appears here."""

    unit_ids = forms.ModelMultipleChoiceField(
        label=_("发送的单位"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("不选：全部单位。选中的单位含其下属单位。"),
    )
    domain_ids = forms.ModelMultipleChoiceField(
        label=_("发送的领域（标准目录）"),
        queryset=Domain.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("不选：全部信息；选中后只发送归入这些领域事项的信息。"),
    )
    kinds = forms.MultipleChoiceField(
        label=_("发送的类型"),
        choices=Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("不选：全部类型。"),
    )
    column_ids = forms.ModelMultipleChoiceField(
        label=_("接收栏目"),
        queryset=Column.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("对方发来的信息出现在这些栏目中（如上级文件、下级动态）；政策文件同时进入政策文件库。"),
    )
    mode = forms.ChoiceField(label=_("交换方式"), choices=Mode.choices)
    active = forms.BooleanField(label=_("启用"), required=False, help_text=_("停用后不再发送和接收，记录保留。"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit_ids"].queryset = Unit.objects.filter(active=True).order_by("position", "pk")  # type: ignore[attr-defined]
        self.fields["domain_ids"].queryset = Domain.objects.order_by("position", "pk")  # type: ignore[attr-defined]
        columns = Column.objects.filter(retired=False).select_related("site").order_by("site__position", "position")
        self.fields["column_ids"].queryset = columns  # type: ignore[attr-defined]
        self.fields["column_ids"].label_from_instance = lambda c: f"{c.site.name} · {c.name}"  # type: ignore[attr-defined]

    @classmethod
    def for_partner(cls, partner: Partner, data: Any = None) -> FlowsForm:
        initial = {
            "unit_ids": partner.unit_ids,
            "domain_ids": partner.domain_ids,
            "kinds": partner.kinds,
            "column_ids": partner.column_ids,
            "mode": partner.mode,
            "active": partner.active,
        }
        return cls(data, initial=initial)

    def changes(self) -> dict[str, Any]:
        """The partner's fields as the service takes them (ids, not rows)."""
        data = self.cleaned_data
        return {
            "unit_ids": [u.pk for u in data["unit_ids"]],
            "domain_ids": [d.pk for d in data["domain_ids"]],
            "kinds": list(data["kinds"]),
            "column_ids": [c.pk for c in data["column_ids"]],
            "mode": data["mode"],
            "active": bool(data["active"]),
        }


class RetryForm(forms.Form):
    """No fields: the failure is in the URL; the form carries the CSRF token."""
