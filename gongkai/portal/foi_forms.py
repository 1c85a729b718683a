"""The public application form (条例 Art. 29): what a citizen types, checked for presence only.

Every rule about the content (ID-number check digits, phone shape, e-mail for e-mail delivery,
attachments judged by their bytes) lives in ``gongkai.foi.intake``, the one place that receives
applications from every channel. This form checks that the required answers are there and the
CAPTCHA, builds the ``intake.Application``, and puts intake's refusals back onto the field they
name (``FIELD_FOR_KEY``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import django.forms
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.forms.renderers import DjangoTemplates
from django.forms.widgets import Input
from django.http import QueryDict
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from gongkai.foi import intake
from gongkai.foi.vocab import ORGANISATION_TYPES, ApplicantType, Channel, Delivery, Form
from gongkai.formerrors import add_service_errors
from gongkai.orgs.models import SiteProfile, Unit
from gongkai.portal.captcha import CaptchaField, ChecksContentToo

SITE_TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
# Intake's keys that are not the form's field names.
FIELD_FOR_KEY = {"unit_id": "unit", "files": "attachments"}
# Never put back into a re-displayed form from the raw POST: the CAPTCHA is single-use and
# file inputs cannot be refilled (browsers forbid it).
# What intake receives as typed (the unit and the files apart).
TEXT_FIELDS = (
    "applicant_type", "name", "id_number", "contact_person", "phone", "email", "address", "postcode",
    "description", "doc_number", "form", "delivery",
)  # fmt: skip
NOT_REFILLED = frozenset({"captcha_0", "captcha_1", "csrfmiddlewaretoken", "captcha_refresh", "attachments"})


class SiteTemplatesRenderer(DjangoTemplates):
    """Widget templates from gongkai/templates first, then Django's own.

    Django's default form renderer never looks in TEMPLATES["DIRS"], so without this the
    CAPTCHA widget's template in gongkai/templates/captcha/ (portal.captcha.CaptchaWidget, Chinese
    alt text) would not be found; FORM_RENDERER is a setting, and settings are not the portal's.
    """

    @cached_property
    def engine(self) -> Any:
        return self.backend(
            {
                "APP_DIRS": True,
                "DIRS": [SITE_TEMPLATES, Path(django.forms.__file__).resolve().parent / "templates"],
                "NAME": "gongkai-forms",
                "OPTIONS": {},
            }
        )


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented pattern); always a list."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        single = super().clean
        items = data if isinstance(data, list | tuple) else [data]
        return [single(item, initial) for item in items if item]


def _applicant_types() -> list[Any]:
    # One <select>, organisations grouped as in the annual report's Table 三 (works without JS).
    return [
        (ApplicantType.NATURAL_PERSON.value, ApplicantType.NATURAL_PERSON.label),
        (_("法人或其他组织"), [(kind.value, kind.label) for kind in ORGANISATION_TYPES]),
    ]


def unit_choices() -> tuple[list[Any], int | None]:
    """The government first (it receives applications naming no organ), then every other
    active unit grouped by kind (条例 Art. 27: each organ answers for its own information)."""
    site = SiteProfile.current()
    government = site.government if site is not None and site.government.active else None
    choices: list[Any] = [(government.pk, government.name)] if government is not None else []
    others = Unit.objects.filter(active=True)
    if government is not None:
        others = others.exclude(pk=government.pk)
    by_kind: dict[str, list[tuple[int, str]]] = {}
    for unit in others:
        by_kind.setdefault(unit.kind, []).append((unit.pk, unit.name))
    choices += [(label, by_kind[value]) for value, label in Unit.Kind.choices if value in by_kind]
    return choices, government.pk if government is not None else None


class TelInput(forms.TextInput):
    input_type = "tel"


def _text(
    label: Any, max_length: int, *, required: bool = True, widget: type[Input] = forms.TextInput, **attrs: Any
) -> forms.CharField:
    return forms.CharField(label=label, max_length=max_length, required=required, widget=widget(attrs=attrs))


class ApplyForm(ChecksContentToo, forms.Form):
    """政府信息公开申请. Field names are ``intake.Application``'s, except unit and attachments."""

    default_renderer = SiteTemplatesRenderer()
    service_fields = FIELD_FOR_KEY

    unit = forms.TypedChoiceField(label=_("申请的机关"), coerce=int)
    applicant_type = forms.ChoiceField(label=_("申请人类型"), choices=_applicant_types)
    name = _text(_("姓名或名称"), 100, autocomplete="name")
    id_number = _text(_("证件号码"), 30, autocomplete="off", autocapitalize="characters", spellcheck="false")
    contact_person = _text(_("联系人"), 50, required=False)
    phone = _text(_("联系电话"), 30, widget=TelInput, autocomplete="tel")
    email = _text(_("电子邮箱"), 254, required=False, widget=forms.EmailInput, autocomplete="email")
    address = _text(_("通信地址"), 200, required=False, autocomplete="street-address")
    postcode = _text(_("邮政编码"), 6, required=False, autocomplete="postal-code", inputmode="numeric")
    description = forms.CharField(
        label=_("所需政府信息的名称、文号或者便于查询的其他特征性描述"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    doc_number = _text(_("文号"), 100, required=False)
    form = forms.ChoiceField(label=_("获取信息的形式"), choices=Form.choices, widget=forms.RadioSelect)
    delivery = forms.ChoiceField(label=_("获取信息的途径"), choices=Delivery.choices, widget=forms.RadioSelect)
    attachments = MultipleFileField(label=_("附件"), required=False)
    captcha = CaptchaField(label=_("验证码"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units, government = unit_choices()
        unit_field = self.fields["unit"]
        assert isinstance(unit_field, forms.TypedChoiceField)
        unit_field.choices = units
        self.initial.setdefault("unit", government)
        self.initial.setdefault("applicant_type", ApplicantType.NATURAL_PERSON.value)
        self._describe_fields()

    def _describe_fields(self) -> None:
        help_texts = {
            "id_number": _("自然人填写居民身份证号码，法人或其他组织填写统一社会信用代码"),
            "contact_person": _("法人或其他组织填写经办人姓名"),
            "phone": _("手机号码或带区号的固定电话，便于机关就申请与您联系"),
            "email": _("选择以电子邮件获取信息时必填"),
            "address": _("选择邮寄时必填"),
            "description": _("请尽量写明信息的名称、文号、制作机关、大致时间等，便于机关查找"),
            "doc_number": _("如知道，请填写，例如：某政发〔2026〕1号"),
            "attachments": _("身份证明等，最多5个文件，每个不超过10MB；接受 PDF、Word、Excel、OFD 和图片"),
            "captcha": _("请输入图片中的4位数字"),
        }
        for name, text in help_texts.items():
            self.fields[name].help_text = text
        for name, field in self.fields.items():
            asks = _("请选择“%(label)s”") if name in {"unit", "applicant_type", "form", "delivery"} else None
            message = (asks or _("请填写“%(label)s”")) % {"label": field.label}
            field.error_messages["required"] = message

    def application(self) -> intake.Application:
        """What intake receives: an online application, files as (name, bytes) pairs."""
        return self._typed(read_files(self.cleaned_data["attachments"]))

    def check_content(self) -> None:
        """Intake's checks of what was typed (not the files: they are read once, on submission)."""
        intake.clean(self._typed([]), timezone.localdate())

    def _typed(self, files: list[tuple[str, bytes]]) -> intake.Application:
        data = self.cleaned_data
        text: dict[str, Any] = {name: data.get(name) or "" for name in TEXT_FIELDS}
        text["postcode"] = text["postcode"].strip()
        return intake.Application(channel=Channel.ONLINE, unit_id=data.get("unit"), files=files, **text)

    def add_intake_error(self, error: ValidationError) -> None:
        """Put intake's refusal next to the field it names; keys the form lacks go on top."""
        add_service_errors(self, error, FIELD_FOR_KEY)


def read_files(uploads: list[UploadedFile]) -> list[tuple[str, bytes]]:
    """Read at most one file more than intake allows and one byte more than its size limit:
    intake then refuses with its own message, and a huge upload is never read into memory."""
    return [
        (upload.name or "", upload.read(intake.MAX_ATTACHMENT_BYTES + 1))
        for upload in uploads[: intake.MAX_ATTACHMENTS + 1]
    ]


def refill(post: QueryDict) -> dict[str, Any]:
    """What the citizen typed, as initial values of a fresh (unvalidated) form."""
    return {key: post.get(key) for key in post if key not in NOT_REFILLED}
