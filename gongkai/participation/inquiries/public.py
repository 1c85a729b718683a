"""What the public sees of inquiries: never the asker's name or phone.

Two views: the tracking page (by 查询码: the question, its state and dates, the answer once
given) and the list of answered inquiries the asker agreed to publish (question, answer, dates).
People sometimes type their own name or number into the question, and staff sometimes greet the
asker by name in the answer: ``scrub`` masks the asker's name and phone and the personal data
gongkai.personaldata finds in every text shown to the public.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from gongkai import personaldata
from gongkai.foi import masking
from gongkai.orgs.services import published_contacts
from gongkai.participation.models import Inquiry, InquiryAsker, InvalidReason
from gongkai.publishing.sanitize import clean_html, plain_text

State = Inquiry.State

# Rate limits of the public form, the public POST endpoint and tracking: ops.ratelimit's scopes
# inquiry_ask and inquiry_track (DEFAULT_LIMITS).


def scrub(text: str, asker: InquiryAsker | None, *, written_by_staff: bool = False) -> str:
    """``text`` with the asker's name and phone masked, and the personal data the detector finds
    (gongkai.personaldata): people type their own into the question, staff greet askers by name.
    What the asker wrote is read as a citizen's text (every phone number and e-mail address is
    personal); an answer as a unit's publication, where the office's landlines and e-mail
    addresses stay (RULINGS.md 6). The office's published contacts are never masked."""
    if asker is not None:
        text = masking.mask_own(text, name=asker.name, phone=asker.phone)
    kinds = personaldata.PUBLICATION if written_by_staff else personaldata.CITIZEN
    return personaldata.mask(text, kinds, published_contacts())


def scrub_html(html: str, asker: InquiryAsker | None) -> str:
    """An answer for a public page: masked first, then sanitised, so that masking can never leave
    markup the sanitiser did not see (the result is rendered as HTML)."""
    return clean_html(scrub(html, asker, written_by_staff=True))


def _asker(inquiry: Inquiry) -> InquiryAsker | None:
    try:
        return inquiry.asker
    except InquiryAsker.DoesNotExist:
        return None


def public_status(inquiry: Inquiry) -> dict[str, Any]:
    """For the holder of the tracking code: state, dates, the question and (once given) the answer."""
    asker = _asker(inquiry)
    answered = inquiry.state == State.ANSWERED
    answer = scrub_html(inquiry.answer_html, asker) if answered else ""
    return {
        "tracking_code": inquiry.tracking_code,
        "unit": inquiry.unit.name,
        "subject": scrub(inquiry.subject, asker),
        "question": scrub(inquiry.body, asker),
        "state": inquiry.state,
        "state_label": str(State(inquiry.state).label),
        "received_on": inquiry.received_on,
        "due_on": inquiry.due_on,
        "answered_on": inquiry.answered_on if answered else None,
        "answer_html": answer,
        "answer": plain_text(answer),
        "invalid_reason": str(InvalidReason(inquiry.invalid_reason).label) if inquiry.invalid_reason else "",
        "public": inquiry.public,
        "checked_at": timezone.now(),
    }


def answered_public(unit_id: int | None = None) -> QuerySet[Inquiry]:
    """Answered inquiries whose asker agreed to publication, newest answer first."""
    found = Inquiry.objects.filter(state=State.ANSWERED, public=True).select_related("unit", "asker")
    if unit_id is not None:
        found = found.filter(unit_id=unit_id)
    return found.order_by("-answered_at", "-id")


def public_entry(inquiry: Inquiry) -> dict[str, Any]:
    asker = _asker(inquiry)
    answer = scrub_html(inquiry.answer_html, asker)
    return {
        "id": inquiry.pk,
        "unit": {"id": inquiry.unit_id, "name": inquiry.unit.name},
        "subject": scrub(inquiry.subject, asker),
        "question": scrub(inquiry.body, asker),
        "answer_html": answer,
        "answer": plain_text(answer),  # API.md "answer": the text; answer_html keeps the markup
        "received_on": inquiry.received_on,
        "answered_on": inquiry.answered_on,
    }
