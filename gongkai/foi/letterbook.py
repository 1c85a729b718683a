"""The letters an application's steps call for: issued with the step, frozen, rendered on demand.

A letter's content (``Letter.content``) is fixed when the step is recorded: a legal document
does not change when a setting or the calendar changes later. The .docx and PDF are rendered
from it on first download (PDF rendering costs ~0.5 s, too slow for the step's own request)
and stored. Letters carry the applicant's name: only ``foi.access`` callers reach them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.actor import Actor
from gongkai.audit.services import record
from gongkai.foi import letters, lettertexts
from gongkai.foi.access import require_handler
from gongkai.foi.models import Event, Letter, Request
from gongkai.foi.vocab import ConsultationBasis, EventKind, LetterDelivery, delivery_code
from gongkai.orgs.models import SiteProfile, Unit

K = EventKind
POST = LetterDelivery.POST
LETTER_FOR: dict[str, str] = {
    K.CORRECTION_REQUESTED: Letter.Kind.CORRECTION,
    K.CONSULTATION_STARTED: Letter.Kind.CONSULTATION,
    K.EXTENSION_APPROVED: Letter.Kind.EXTENSION,
    K.LONG_PERIOD_SET: Letter.Kind.LONG_PERIOD,
    K.FEE_NOTIFIED: Letter.Kind.FEE,
    K.REPLIED: Letter.Kind.REPLY,
    # A missed correction period or fee deadline is told to the applicant in a reply letter
    # with its Table 三 （六） outcome.
    K.CORRECTION_LAPSED: Letter.Kind.REPLY,
    K.FEE_LAPSED: Letter.Kind.REPLY,
}
_NUMBER_WORD: dict[str, str] = {
    Letter.Kind.CORRECTION: "补正",
    Letter.Kind.CONSULTATION: "征询",
    Letter.Kind.CO_MAKER: "商请",
    Letter.Kind.SECRECY_REVIEW: "保密审查",
    Letter.Kind.EXTENSION: "延期",
    Letter.Kind.LONG_PERIOD: "延迟",
    Letter.Kind.FEE: "收费",
    Letter.Kind.REPLY: "答复",
}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def review_organ(unit: Unit) -> str:
    """Who decides an administrative review of ``unit``'s acts (行政复议法 2023 Art. 24, 27)."""
    if unit.review_organ:
        return unit.review_organ
    if unit.kind == Unit.Kind.GOVERNMENT:
        return _("上一级人民政府")
    if unit.kind == Unit.Kind.VERTICAL:
        return _("上一级主管部门")
    ancestor = unit.parent
    while ancestor is not None and ancestor.kind != Unit.Kind.GOVERNMENT:
        ancestor = ancestor.parent
    return ancestor.name if ancestor is not None else _("本级人民政府")


def letter_number(request_obj: Request, kind: str) -> str:
    unit = request_obj.unit
    prefix = f"{unit.short_name or unit.name}依申请{_NUMBER_WORD[kind]}"
    number = f"{prefix}〔{request_obj.year}〕{request_obj.serial}号"
    earlier = request_obj.letters.filter(kind=kind).count()
    return number if not earlier else f"{number}之{earlier + 1}"


def _base(request_obj: Request, kind: str, issued_on: dt.date) -> dict[str, Any]:
    site = SiteProfile.current()
    applicant = request_obj.applicant
    return {
        "kind": kind,
        "organ": request_obj.unit.name,
        "organ_address": site.address if site else "",
        "organ_phone": site.phone if site else "",
        "organ_postcode": site.postcode if site else "",
        "number": letter_number(request_obj, kind),
        "issued_on": issued_on,
        "applicant_name": applicant.name,
        "received_on": request_obj.received_on,
        "tracking_code": request_obj.tracking_code,
        "description": request_obj.description,
        "doc_number": request_obj.doc_number,
        "review_organ": review_organ(request_obj.unit),
    }


def _specific(request_obj: Request, event: Event, extra: dict[str, Any]) -> dict[str, Any]:
    """The step's own part of the letter; ``extra`` (text the handler adds) wins over the event's."""
    data = {**event.data, **{k: v for k, v in extra.items() if v}}
    if event.kind == K.CORRECTION_REQUESTED:
        return {"correction_items": data.get("items", ""), "correction_due_on": request_obj.correction_due_on}
    if event.kind == K.CONSULTATION_STARTED:
        reply_due = data.get("reply_due_on")
        # Never the application's own wording: it may carry the applicant's personal data, and
        # this letter goes to the third party (条例 Art. 32).
        # Art. 32, 34: the party answers within 15 working days of receiving the letter (a secrecy
        # review, Art. 17: within the days the office's setting asks). The date is stated when the
        # day of receipt is known (sent electronically, or handed over); by post the letter states
        # the rule, and the deadline follows the recorded receipt.
        return {
            "party": data.get("party", ""),
            "party_reply_due_on": dt.date.fromisoformat(reply_due) if isinstance(reply_due, str) else reply_due,
            "party_reply_days": data.get("reply_days") or letters.PARTY_REPLY_DAYS,
            "information": data.get("information", ""),
        }
    if event.kind == K.EXTENSION_APPROVED:
        return {
            "extension_days": data.get("working_days", 0),
            "extension_reason": data.get("reason", ""),
            # Issued right after the step: the due date it set (consultation time still to come
            # is added when that consultation ends, Art. 33 para 3).
            "new_due_on": request_obj.due_on,
        }
    if event.kind == K.LONG_PERIOD_SET:
        # Art. 35: the date the organ set, stated as such.
        return {"extension_reason": data.get("reason", ""), "new_due_on": data.get("until")}
    if event.kind == K.FEE_NOTIFIED:
        return {
            "fee_method": data.get("method", ""),
            "fee_lines": tuple(tuple(line) for line in data.get("lines", [])),
            "fee_yuan": data.get("fee_yuan", 0),
            # The handler's own date, or the deadline counted from a receipt known today (sent
            # electronically or handed over); by post the notice states the period (109号).
            "pay_by": data.get("pay_by") or (request_obj.fee_pay_by if data.get("delivery_method") != POST else None),
            "pay_days": data.get("pay_days", 0),
        }
    return {
        "outcome": request_obj.outcome,
        "reasons": data.get("reasons", ""),
        "provided": data.get("provided", ""),
        "responsible_organ": data.get("responsible_organ", ""),
        "responsible_organ_contact": data.get("responsible_organ_contact", ""),
        "not_held_ground": data.get("not_held_ground", ""),
        # The office's wording as it stands today, kept in the letter (a later edit changes
        # letters issued later, never this one).
        "outcome_wording": lettertexts.wording_for(request_obj.outcome),
    }


def _encode(content: dict[str, Any]) -> dict[str, Any]:
    return {
        k: v.isoformat() if isinstance(v, dt.date) else [list(x) for x in v] if k == "fee_lines" else v
        for k, v in content.items()
    }


_CONTEXT_FIELDS = frozenset(f.name for f in dataclasses.fields(letters.LetterContext))


def _decoded(key: str, value: Any) -> Any:
    if isinstance(value, str) and value and (key.endswith("_on") or key == "pay_by"):
        return dt.date.fromisoformat(value)
    if key == "fee_lines":
        return tuple(tuple(line) for line in value)
    return value


def _decode(content: dict[str, Any]) -> letters.LetterContext:
    return letters.LetterContext(**{k: _decoded(k, v) for k, v in content.items() if k in _CONTEXT_FIELDS})


def needs_letter(event: Event) -> bool:
    """Whether ``event`` calls for a letter (a free fee assessment does not)."""
    if event.kind not in LETTER_FOR:
        return False
    return event.kind != K.FEE_NOTIFIED or bool(event.data.get("fee_yuan"))


# A consultation's letter depends on whom it asks (条例 Art. 32, 34, 17).
_CONSULTATION_LETTERS = {
    ConsultationBasis.THIRD_PARTY: Letter.Kind.CONSULTATION,
    ConsultationBasis.CO_MAKER: Letter.Kind.CO_MAKER,
    ConsultationBasis.SECRECY_REVIEW: Letter.Kind.SECRECY_REVIEW,
}


def letter_kind(event: Event) -> str:
    if event.kind == K.CONSULTATION_STARTED:
        return _CONSULTATION_LETTERS[ConsultationBasis(event.data.get("basis") or ConsultationBasis.THIRD_PARTY)]
    return LETTER_FOR[event.kind]


def issue_for_event(request_obj: Request, event: Event, extra: dict[str, Any] | None = None) -> Letter | None:
    """Issue the letter ``event`` calls for. When the step lacks text the letter must state (the
    reasons of a refusal, Art. 36 (三); the information a third party is asked about), no letter
    is issued yet: the application shows it as pending until a handler adds the text."""
    if not needs_letter(event) or Letter.objects.filter(event=event).exists():
        return None
    kind = letter_kind(event)
    content = {**_base(request_obj, kind, event.on), **_specific(request_obj, event, extra or {})}
    try:
        letters.build(_decode(_encode(content)))
    except ValueError:
        return None
    sent_electronically = event.data.get("delivery_method") == LetterDelivery.ELECTRONIC
    return Letter.objects.create(
        request=request_obj,
        event=event,
        kind=kind,
        number=content["number"],
        issued_on=event.on,
        content=_encode(content),
        # 送达: a letter sent electronically is received the day it is sent.
        delivered_on=event.on if sent_electronically else None,
        delivery_method=LetterDelivery.ELECTRONIC if sent_electronically else "",
    )


def pending(request_obj: Request) -> list[Event]:
    """Steps whose letter still waits for text from a handler."""
    return [e for e in request_obj.events.filter(letter__isnull=True).order_by("on", "id") if needs_letter(e)]


@transaction.atomic
def complete(actor: Actor, request_obj: Request, event: Event, **extra: Any) -> Letter:
    """Add the missing text to a pending letter and issue it; audited."""
    require_handler(actor, request_obj.unit_id)
    if not needs_letter(event) or Letter.objects.filter(event=event).exists():
        raise ValidationError({"event_id": _("该办理环节无需补充文书，或文书已经生成")})
    letter = issue_for_event(request_obj, event, extra)
    if letter is None:
        raise ValidationError(
            {_missing_field(event): _("请填写文书需要载明的内容（答复理由、提供方式或征求意见的信息）")}
        )
    record(
        actor, "foi.letter_issued", letter, unit=request_obj.unit, after={"kind": letter.kind, "number": letter.number}
    )
    return letter


def _missing_field(event: Event) -> str:
    return "information" if event.kind == K.CONSULTATION_STARTED else "reasons"


def rendered(letter: Letter, fmt: str) -> bytes:
    """The letter as ``fmt`` ("pdf" or "docx"), rendered once and kept."""
    stored = letter.pdf if fmt == "pdf" else letter.docx
    if stored:
        with stored.open("rb") as handle:
            return handle.read()
    built = letters.build(_decode(letter.content))
    data = letters.render_pdf(built) if fmt == "pdf" else letters.render_docx(built)
    with transaction.atomic():
        stored.save(f"{letter.request_id}-{letter.pk}-{timezone.now():%Y%m%d%H%M%S}.{fmt}", ContentFile(data))
    return data


def file_name(letter: Letter, fmt: str) -> str:
    return f"{letter.get_kind_display()}-{letter.request.number}.{fmt}"


def download(actor: Actor, letter: Letter, fmt: str, http: Any = None) -> tuple[bytes, str, str]:
    """The letter's bytes, content type and file name for ``actor``, who must handle its
    application; every download is audited (the letter carries the applicant's name)."""
    require_handler(actor, letter.request.unit_id)
    data = rendered(letter, fmt)
    record(actor, "foi.letter_downloaded", letter, unit=letter.request.unit, after={"format": fmt}, request=http)
    return data, CONTENT_TYPES[fmt], file_name(letter, fmt)


def applicant_copy(letter: Letter, fmt: str) -> tuple[bytes, str, str]:
    """The letter for its applicant's download from the tracking page (callers find it through
    ``access.get_letter_for_applicant``): the kept file, or one rendered now and not kept, so a
    public GET writes nothing."""
    if fmt not in CONTENT_TYPES:
        raise ValueError(fmt)
    stored = letter.pdf if fmt == "pdf" else letter.docx
    if stored:
        with stored.open("rb") as handle:
            data = handle.read()
    else:
        built = letters.build(_decode(letter.content))
        data = letters.render_pdf(built) if fmt == "pdf" else letters.render_docx(built)
    return data, CONTENT_TYPES[fmt], file_name(letter, fmt)


@transaction.atomic
def record_delivery(actor: Actor, letter: Letter, delivered_on: dt.date, method: str, note: str = "") -> Letter:
    """送达: when and how the letter reached the applicant (or the third party); ``method`` is a
    ``LetterDelivery`` code, its label or a word clerks use (邮寄, 电子邮件 …). Callers replay the
    application afterwards (``handling.record_delivery``): periods run from this day."""
    require_handler(actor, letter.request.unit_id)
    if delivered_on < letter.issued_on:
        raise ValidationError({"delivered_on": _("送达日期不能早于文书日期%(on)s") % {"on": letter.issued_on}})
    if delivered_on > timezone.localdate():
        raise ValidationError({"delivered_on": _("送达日期不能晚于今天")})
    code = delivery_code(method)
    if code is None:
        allowed = "、".join(f"{value}（{label}）" for value, label in LetterDelivery.choices)
        raise ValidationError({"method": _("请选择送达方式：%(allowed)s") % {"allowed": allowed}})
    method = code
    before = {"delivered_on": letter.delivered_on, "delivery_method": letter.delivery_method}
    letter.delivered_on = delivered_on
    letter.delivery_method = method
    letter.delivery_note = note[:200]
    letter.save(update_fields=["delivered_on", "delivery_method", "delivery_note"])
    record(
        actor,
        "foi.letter_delivered",
        letter,
        unit=letter.request.unit,
        before=before,
        after={"delivered_on": delivered_on, "delivery_method": method},
    )
    return letter
