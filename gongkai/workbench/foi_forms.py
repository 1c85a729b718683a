"""Forms of the applications workbench: staff registration, one form per step, appeals, settings."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.foi import letters
from gongkai.foi.letters.outcomes import NOT_HELD_GROUNDS, MissingText, stated
from gongkai.foi.lettertexts import LetterTexts
from gongkai.foi.models import Appeal, Settings
from gongkai.foi.vocab import (
    ApplicantType,
    Channel,
    ConsultationBasis,
    Delivery,
    EventKind,
    FeeMethod,
    Form,
    LetterDelivery,
    Outcome,
    delivery_code,
)
from gongkai.orgs.models import Unit

K = EventKind
DATE = forms.DateInput(attrs={"type": "date"})


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


def _applicant_types() -> list[Any]:
    organisations = [(t.value, t.label) for t in ApplicantType if t != ApplicantType.NATURAL_PERSON]
    return [
        (ApplicantType.NATURAL_PERSON.value, ApplicantType.NATURAL_PERSON.label),
        (_("法人或其他组织"), organisations),
    ]


class RegisterForm(forms.Form):
    """A letter, counter, fax (or confirmed online) application registered by staff (条例 Art. 31)."""

    unit = forms.ModelChoiceField(label=_("答复机关"), queryset=Unit.objects.none())
    channel = forms.ChoiceField(label=_("申请方式"), choices=Channel.choices, initial=Channel.LETTER)
    received_on = forms.DateField(
        label=_("收到申请日期"),
        widget=DATE,
        help_text=_(
            "当面提交：提交之日；邮寄：签收之日（平常信函为与申请人确认之日）；传真、网上：双方确认之日（条例第三十一条）。"
        ),
    )
    applicant_type = forms.ChoiceField(label=_("申请人类型"), choices=_applicant_types)
    name = forms.CharField(label=_("姓名或名称"), max_length=100)
    id_number = forms.CharField(
        label=_("证件号码"), max_length=30, help_text=_("自然人填写居民身份证号码，法人或其他组织填写统一社会信用代码")
    )
    contact_person = forms.CharField(label=_("联系人"), max_length=50, required=False)
    phone = forms.CharField(label=_("联系电话"), max_length=30)
    email = forms.CharField(label=_("电子邮箱"), max_length=254, required=False)
    address = forms.CharField(label=_("通信地址"), max_length=200, required=False)
    postcode = forms.CharField(label=_("邮政编码"), max_length=6, required=False)
    description = forms.CharField(
        label=_("所需政府信息的名称、文号或者便于查询的其他特征性描述"), widget=forms.Textarea(attrs={"rows": 4})
    )
    doc_number = forms.CharField(label=_("文号"), max_length=100, required=False)
    form = forms.ChoiceField(label=_("获取信息的形式"), choices=Form.choices)
    delivery = forms.ChoiceField(label=_("获取信息的途径"), choices=Delivery.choices)
    files = forms.FileField(
        label=_("附件（申请书扫描件、身份证明等，可选）"),
        required=False,
        widget=MultipleFileInput(),
    )

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["received_on"].initial = timezone.localdate()
        if units.count() == 1:
            self.fields["unit"].initial = units.first()


class EventForm(forms.Form):
    on = forms.DateField(label=_("日期"), widget=DATE)
    note = forms.CharField(label=_("备注（可选）"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate()


class CorrectionForm(EventForm):
    items = forms.CharField(
        label=_("需要补正的事项（一次性告知，条例第三十条）"), widget=forms.Textarea(attrs={"rows": 3})
    )
    correction_due_on = forms.DateField(
        label=_("补正期限（可选）"), required=False, widget=DATE, help_text=_("留空时按规则设置的工作日数计算")
    )


class DeliveryMethodField(forms.ChoiceField):
    """A ``LetterDelivery`` code; its label or a word clerks type (邮寄, 电子邮件 …) is read as it."""

    def to_python(self, value: Any) -> str:
        text = super().to_python(value)
        return (delivery_code(text) or text) if text else text


def _delivery_field(**options: Any) -> DeliveryMethodField:
    return DeliveryMethodField(
        label=_("送达方式"),
        choices=LetterDelivery.choices,
        help_text=_(
            "对方的期限自收到文书之日起计算：电子送达为发出当日；邮寄送达以回执所载日期为准，登记回执前按推定日期计算。"
        ),
        **options,
    )


class ConsultationForm(EventForm):
    basis = forms.ChoiceField(
        label=_("征求意见的依据"),
        choices=ConsultationBasis.choices,
        initial=ConsultationBasis.THIRD_PARTY,
        required=False,
        help_text=_(
            "第三方、共同制作机关应自收到之日起15个工作日内提出意见，逾期的：第三方由本机关决定（第三十二条），"
            "共同制作机关视为同意公开（第三十四条）；保密审查（第十七条）无法定期限，答复期限中止至收到确定意见。"
        ),
    )
    party = forms.CharField(label=_("征求意见的对象（第三方或其他机关）"), max_length=200)
    information = forms.CharField(
        label=_("涉及的信息（写入征求意见函；不要写入申请人的个人信息）"), widget=forms.Textarea(attrs={"rows": 3})
    )
    delivery_method = _delivery_field(initial=LetterDelivery.POST, required=False)  # blank: by post


class ConsultationEndForm(EventForm):
    party_answer = forms.CharField(
        label=_("答复意见摘要（可选）"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ExtensionForm(EventForm):
    working_days = forms.IntegerField(label=_("延长工作日数（合计不超过20个）"), min_value=1, max_value=20)
    reason = forms.CharField(label=_("延期理由"), widget=forms.Textarea(attrs={"rows": 2}))
    approver = forms.CharField(label=_("批准人（政府信息公开工作机构负责人）"), max_length=100)


class LongPeriodForm(EventForm):
    """条例 Art. 35: a reasonable longer period, told to the applicant in a letter."""

    until = forms.DateField(
        label=_("延迟答复的期限（在此日期前答复）"),
        widget=DATE,
        help_text=_(
            "申请数量、频次明显超过合理范围，理由合理但无法在第三十三条规定的期限内答复时确定；不受延期20个工作日的限制"
        ),
    )
    reason = forms.CharField(
        label=_("无法按期答复的理由（写入延迟答复告知书）"), widget=forms.Textarea(attrs={"rows": 2})
    )


class FeeForm(EventForm):
    method = forms.ChoiceField(label=_("计收方式"), choices=FeeMethod.choices, widget=forms.RadioSelect)
    pages = forms.IntegerField(label=_("页数（按量计收时填写）"), min_value=1, required=False)
    pieces = forms.IntegerField(
        label=_("件数（按件计收；按“一事一申请”拆分时填写）"), min_value=1, max_value=1000, required=False
    )
    pay_by = forms.DateField(
        label=_("缴费期限（可选）"),
        required=False,
        widget=DATE,
        help_text=_("留空时按规则设置的工作日数，自申请人收到收费通知之日起计算"),
    )
    delivery_method = forms.ChoiceField(
        label=_("送达方式"),
        choices=[("", _("按申请人选择的获取信息途径")), *LetterDelivery.choices],
        required=False,
        help_text=_("缴费期限自申请人收到收费通知之日起计算：电子送达为发出当日；邮寄送达以回执所载日期为准。"),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("method") == FeeMethod.PER_VOLUME and not data.get("pages"):
            self.add_error("pages", _("按量计收时请填写页数"))
        return data


class FeePaidForm(EventForm):
    receipt_number = forms.CharField(label=_("财政票据号码（可选）"), max_length=100, required=False)


def _outcome_choices() -> list[Any]:
    groups: dict[str, list[tuple[str, str]]] = {}
    for code, label in Outcome.choices:
        if code in ("other_correction_lapsed", "other_fee_lapsed"):
            continue  # these come from their own steps
        groups.setdefault(letters.OUTCOMES[code].group, []).append((code, label))
    return [("", _("请选择"))] + [(_(group), choices) for group, choices in groups.items()]


def _not_held_ground() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("“本机关不掌握”的依据"),
        choices=[("", _("请选择")), *((code, _(label)) for code, label in NOT_HELD_GROUNDS.items())],
        required=False,
        help_text=_(
            "答复结果为“无法提供：本机关不掌握相关政府信息”时选择；不属于本机关负责公开的，不得答复为信息不存在。"
        ),
    )


def _responsible_organ() -> forms.CharField:
    return forms.CharField(label=_("负责公开的行政机关名称（能够确定时）"), max_length=200, required=False)


def _responsible_organ_contact() -> forms.CharField:
    return forms.CharField(
        label=_("该机关的联系方式（地址、电话等）"),
        max_length=200,
        required=False,
        help_text=_("条例第三十六条第（五）项：能够确定负责公开的机关时，应告知其名称和联系方式。"),
    )


def _first_field(missing: MissingText, form: forms.Form) -> str | None:
    return next((name for name in missing.fields if name in form.fields), None)


class ReplyForm(EventForm):
    outcome = forms.ChoiceField(label=_("答复结果"), choices=_outcome_choices)
    reasons = forms.CharField(
        label=_("理由或说明（写入答复告知书）"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    provided = forms.CharField(
        label=_("提供方式（予以公开时：如何、何时提供）"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    not_held_ground = _not_held_ground()
    responsible_organ = _responsible_organ()
    responsible_organ_contact = _responsible_organ_contact()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("outcome"):
            try:
                stated(data["outcome"], data)
            except MissingText as missing:  # the letter would lack what its article requires
                self.add_error(_first_field(missing, self), missing.hint)
        return data


class WithdrawForm(EventForm):
    reason = forms.CharField(label=_("撤回说明（可选）"), required=False, max_length=500)


EVENT_FORMS: dict[str, type[EventForm]] = {
    K.ACCEPTED: EventForm,
    K.CORRECTION_REQUESTED: CorrectionForm,
    K.CORRECTION_RECEIVED: EventForm,
    K.CORRECTION_LAPSED: EventForm,
    K.CONSULTATION_STARTED: ConsultationForm,
    K.CONSULTATION_ENDED: ConsultationEndForm,
    K.EXTENSION_APPROVED: ExtensionForm,
    K.LONG_PERIOD_SET: LongPeriodForm,
    K.FEE_NOTIFIED: FeeForm,
    K.FEE_PAID: FeePaidForm,
    K.FEE_LAPSED: EventForm,
    K.REPLIED: ReplyForm,
    K.WITHDRAWN: WithdrawForm,
    K.ARCHIVED: EventForm,
}


def event_form(kind: str, data: Any = None) -> EventForm:
    """The step's form; field ids are prefixed with the step so many forms share one page."""
    return EVENT_FORMS[kind](data, prefix=kind)


class LetterTextForm(forms.Form):
    reasons = forms.CharField(label=_("理由或说明"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    provided = forms.CharField(label=_("提供方式"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    not_held_ground = _not_held_ground()
    responsible_organ = _responsible_organ()
    responsible_organ_contact = _responsible_organ_contact()
    information = forms.CharField(
        label=_("征求意见涉及的信息（不含申请人个人信息）"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class DeliveryForm(forms.Form):
    delivered_on = forms.DateField(label=_("送达日期"), widget=DATE, help_text=_("邮寄送达：回执所载日期"))
    method = DeliveryMethodField(label=_("送达方式"), choices=LetterDelivery.choices)
    note = forms.CharField(label=_("说明（如邮件单号）"), required=False, max_length=200)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["delivered_on"].initial = timezone.localdate()


class AppealForm(forms.ModelForm):
    class Meta:
        model = Appeal
        fields = ["kind", "filed_on", "body", "case_number", "result", "decided_on", "note"]
        widgets = {"filed_on": DATE, "decided_on": DATE, "note": forms.Textarea(attrs={"rows": 2})}


class SettingsForm(forms.ModelForm):
    class Meta:
        model = Settings
        fields = [
            "correction_period_days",
            "fee_payment_days",
            "fee_suspends_clock",
            "post_delivery_days",
            "secrecy_review_days",
            "due_soon_days",
        ]

    def clean_correction_period_days(self) -> int:
        value = int(self.cleaned_data["correction_period_days"])
        if not 1 <= value <= 60:
            raise forms.ValidationError(_("请填写1至60之间的工作日数"))
        return value

    def clean_post_delivery_days(self) -> int:
        value = int(self.cleaned_data["post_delivery_days"])
        if not 1 <= value <= 60:
            raise forms.ValidationError(_("请填写1至60之间的天数"))
        return value

    def clean_secrecy_review_days(self) -> int:
        value = int(self.cleaned_data["secrecy_review_days"])
        if not 1 <= value <= 60:
            raise forms.ValidationError(_("请填写1至60之间的工作日数"))
        return value

    def clean_fee_payment_days(self) -> int:
        value = int(self.cleaned_data["fee_payment_days"])
        if not 1 <= value <= 60:
            raise forms.ValidationError(_("请填写1至60之间的工作日数"))
        return value


class LetterTextsForm(forms.ModelForm):
    """The office's own wording of reply paragraphs (``foi.lettertexts``)."""

    class Meta:
        model = LetterTexts
        fields = ["confirmation"]
        widgets = {"confirmation": forms.Textarea(attrs={"rows": 8})}
