"""Receiving an application (条例 Art. 29–31): checks, the receipt date, the tracking code.

One function, ``register``, for every channel: the public online form, the API, and staff
registering letters, counter and fax applications. The applicant's personal data goes into
``Applicant`` and nowhere else: not into the audit trail, not into logs.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.actor import Actor, signed_in
from gongkai.audit.services import record
from gongkai.foi import access, clock, idcard, tracking
from gongkai.foi.models import Applicant, Attachment, DueChange, Request
from gongkai.foi.rules import context, due_problem
from gongkai.foi.vocab import ApplicantType, Channel, Delivery, Form
from gongkai.orgs import creditcode
from gongkai.orgs.models import SiteProfile, Unit
from gongkai.publishing.uploads import FileInfo, UploadRejected, inspect, refuse_active_pdf
from gongkai.storage import StorageFull

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MAX_ATTACHMENTS = 5
_PHONE = re.compile(r"^\+?[0-9][0-9\- ]{5,18}[0-9]$")


@dataclass
class Application:
    """What an applicant gives (Art. 29): who, what, in which form; plus how it arrived."""

    applicant_type: str
    name: str
    id_number: str
    phone: str
    description: str
    form: str
    delivery: str
    channel: str = Channel.ONLINE
    address: str = ""
    postcode: str = ""
    email: str = ""
    contact_person: str = ""
    doc_number: str = ""
    received_on: dt.date | None = None
    unit_id: int | None = None
    files: list[tuple[str, bytes]] = field(default_factory=list)


def _invalid(name: str, message: str) -> ValidationError:
    return ValidationError({name: message})


def _choice(value: str, choices: Any, name: str, label: str) -> None:
    if value not in choices.values:
        raise _invalid(name, _("%(label)s“%(value)s”不是允许的取值") % {"label": label, "value": value})


def _check_identity(app: Application, today: dt.date) -> str:
    """The normalised ID number: a resident ID for a person, a credit code for an organisation."""
    if app.applicant_type == ApplicantType.NATURAL_PERSON:
        try:
            return idcard.validate(app.id_number, today=today)
        except idcard.IdNumberError as exc:
            reason = _(exc.template) % exc.params
            raise _invalid("id_number", _("身份证号码%(reason)s") % {"reason": reason}) from exc
    try:
        return creditcode.validate(app.id_number)
    except creditcode.CreditCodeError as exc:
        reason = _(exc.template) % exc.params
        raise _invalid("id_number", _("统一社会信用代码%(reason)s") % {"reason": reason}) from exc


def _check_choices(app: Application, today: dt.date) -> None:
    _choice(app.applicant_type, ApplicantType, "applicant_type", _("申请人类型"))
    _choice(app.channel, Channel, "channel", _("申请方式"))
    _choice(app.form, Form, "form", _("获取信息的形式"))
    _choice(app.delivery, Delivery, "delivery", _("获取信息的途径"))


def _check_name(app: Application, today: dt.date) -> None:
    app.name = app.name.strip()
    if not app.name:
        raise _invalid("name", _("请填写申请人姓名或名称"))
    if len(app.name) > 100:
        raise _invalid("name", _("申请人姓名或名称不能超过100个字"))


def _check_id_number(app: Application, today: dt.date) -> None:
    if app.applicant_type in ApplicantType.values:
        app.id_number = _check_identity(app, today)


def _check_phone(app: Application, today: dt.date) -> None:
    if not _PHONE.match(app.phone.strip()):
        raise _invalid("phone", _("联系电话格式不正确，请填写手机号码或带区号的固定电话"))


def _check_email(app: Application, today: dt.date) -> None:
    if app.email:
        try:
            validate_email(app.email)
        except ValidationError as exc:
            raise _invalid("email", _("电子邮箱格式不正确")) from exc
    if app.delivery == Delivery.EMAIL and not app.email:
        raise _invalid("email", _("选择以电子邮件获取信息时，请填写电子邮箱"))


def _check_address(app: Application, today: dt.date) -> None:
    if app.delivery == Delivery.POST and not app.address.strip():
        raise _invalid("address", _("选择邮寄时，请填写通信地址"))
    if app.postcode and not re.fullmatch(r"\d{6}", app.postcode):
        raise _invalid("postcode", _("邮政编码应为6位数字"))


def _check_description(app: Application, today: dt.date) -> None:
    app.description = app.description.strip()
    if len(app.description) < 4:
        raise _invalid("description", _("请写明所需政府信息的名称、文号或者便于查询的其他特征性描述"))
    if len(app.description) > 4000:
        raise _invalid("description", _("所需信息的描述不能超过4000字"))


def _check_receipt(app: Application, today: dt.date) -> None:
    if app.received_on is not None and app.received_on > today:
        raise _invalid("received_on", _("收到申请的日期不能晚于今天"))
    if len(app.files) > MAX_ATTACHMENTS:
        raise _invalid("files", _("最多上传%(n)s个附件") % {"n": MAX_ATTACHMENTS})


_CHECKS = (
    _check_choices,
    _check_name,
    _check_id_number,
    _check_phone,
    _check_email,
    _check_address,
    _check_description,
    _check_receipt,
)


def clean(app: Application, today: dt.date) -> Application:
    """Check everything Art. 29 asks for. Every bad field is reported at once (a citizen on the
    form should not need one round trip per mistake); the first is the API's ``field``."""
    errors: dict[str, list[str]] = {}
    for check in _CHECKS:
        try:
            check(app, today)
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                errors.setdefault(name, messages)
    if errors:
        raise ValidationError(errors)
    return app


def receipt_date(app: Application, today: dt.date) -> dt.date:
    """条例 Art. 31. Online (and fax): the date both sides confirm — the platform confirms on
    submission, so it is the day submitted. In person: the day submitted. By post: the day the
    organ signs for it, which the staff member registering the letter enters."""
    if app.channel == Channel.ONLINE and app.received_on is None:
        return today
    return app.received_on or today


def default_unit() -> Unit:
    """Applications that name no organ go to the government itself (its office handles them)."""
    site = SiteProfile.current()
    if site is None:
        raise _invalid("unit_id", _("请选择申请的机关"))
    return site.government


def _resolve_unit(actor: Actor | None, app: Application) -> Unit:
    if app.unit_id is None:
        return default_unit()
    unit = Unit.objects.filter(pk=app.unit_id, active=True).first()
    if unit is None:
        raise _invalid("unit_id", _("所选机关不存在"))
    return unit


def _authorise(actor: Actor | None, app: Application, unit: Unit) -> None:
    """The public applies online only; staff register any channel for units they handle."""
    person = signed_in(actor)
    if person is None:
        if app.received_on is not None:
            raise PermissionDenied(_("收到申请的日期由工作人员登记时填写"))
        if app.channel != Channel.ONLINE:
            raise _invalid("channel", _("网上提交的申请，申请方式为“网上申请”"))
        return
    access.require_handler(person, unit)


def _next_serial(unit: Unit, year: int) -> int:
    # The unit row is the lock: two registrations for one unit never get the same serial.
    Unit.objects.select_for_update().filter(pk=unit.pk).first()
    current = Request.objects.filter(unit=unit, year=year).aggregate(m=Max("serial"))["m"] or 0
    return int(current) + 1


def _store_files(actor: Actor | None, request_obj: Request, files: list[tuple[str, bytes]]) -> None:
    """Every file checked by content first, then stored. Whatever fails after the first file is
    stored (a full disk, a row that cannot be saved) removes the files already stored: the
    transaction forgets the rows, this forgets their bytes. A full disk is the applicant's form
    error (what they typed stays on the form; issue 18, point 4)."""
    checked = [(_checked(name, data), data) for name, data in files]
    stored: list[Attachment] = []
    try:
        for info, data in checked:
            stored.append(_store_file(actor, request_obj, info, data))
    except BaseException as exc:
        for attachment in stored:
            attachment.file.delete(save=False)
        if isinstance(exc, StorageFull):
            raise _invalid("files", str(StorageFull.message)) from exc
        raise


def _checked(name: str, data: bytes) -> FileInfo:
    try:
        info = inspect(name, data, MAX_ATTACHMENT_BYTES)
        refuse_active_pdf(data)  # issue 15, point 6: staff open what a stranger sent
    except UploadRejected as exc:
        raise _invalid("files", _("附件“%(name)s”：%(reason)s") % {"name": name[:60], "reason": exc.message}) from exc
    return info


def _store_file(actor: Actor | None, request_obj: Request, info: FileInfo, data: bytes) -> Attachment:
    attachment = Attachment(request=request_obj, name=info.name, format=info.kind, size=info.size, sha256=info.sha256)
    attachment.uploaded_by = signed_in(actor)
    attachment.file.save(f"{info.sha256[:16]}.{info.extension}", ContentFile(data), save=False)
    try:
        attachment.save()
    except BaseException:
        attachment.file.delete(save=False)
        raise
    return attachment


@transaction.atomic
def register(actor: Actor | None, app: Application, *, http: Any = None) -> Request:
    """Receive one application; all or nothing (a refused attachment keeps nothing half-saved)."""
    today = timezone.localdate()
    clean(app, today)
    unit = _resolve_unit(actor, app)
    _authorise(actor, app, unit)
    received_on = receipt_date(app, today)
    ctx = context(today)
    started = clock.start(received_on, ctx)
    staff = signed_in(actor)
    request_obj = Request(
        unit=unit,
        year=received_on.year,
        serial=_next_serial(unit, received_on.year),
        channel=app.channel,
        applicant_type=app.applicant_type,
        description=app.description,
        doc_number=app.doc_number.strip()[:100],
        form=app.form,
        delivery=app.delivery,
        received_on=received_on,
        registered_at=timezone.now(),
        registered_by=staff,
        due_on=started.due_on,
        due_provisional=started.due_provisional,
        due_problem=due_problem(started),
    )
    _save_with_new_code(request_obj)
    Applicant.objects.create(
        request=request_obj,
        name=app.name,
        id_number=app.id_number,
        contact_person=app.contact_person.strip()[:50],
        phone=app.phone.strip(),
        address=app.address.strip()[:200],
        postcode=app.postcode,
        email=app.email.strip(),
    )
    DueChange.objects.create(
        request=request_obj, due_on=started.due_on, because="received", on=received_on, recorded_at=timezone.now()
    )
    _store_files(staff, request_obj, app.files)
    record(
        staff,
        "foi.registered",
        request_obj,
        unit=unit,
        after={
            "number": request_obj.number,
            "channel": app.channel,
            "applicant_type": app.applicant_type,
            "received_on": received_on,
            "due_on": started.due_on,
            "attachments": len(app.files),
        },
        request=http,
    )
    return request_obj


def _save_with_new_code(request_obj: Request) -> None:
    """A fresh tracking code; on the (1 in 10^12) collision, draw again."""
    for _attempt in range(5):
        request_obj.tracking_code = tracking.new_code(request_obj.year)
        try:
            with transaction.atomic():
                request_obj.save()
            return
        except IntegrityError:
            if not Request.objects.filter(tracking_code=request_obj.tracking_code).exists():
                raise
    raise RuntimeError("could not draw a unique tracking code")
