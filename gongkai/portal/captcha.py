"""The CAPTCHA of public forms, stateless on GET, and ``ChecksContentToo``.

**Stateless.** django-simple-captcha wrote a database row each time a form was drawn, so under a
surge everyone opening the application, inquiry or comment form queued on SQLite's single writer
(issue 18, point 1: no write on a public GET's path). Now the form carries a token, a random nonce
signed with a timestamp (``TimestampSigner``, salt ``gongkai.captcha``); the four digits are an
HMAC of the nonce under the secret key, so the image view draws them and the form checks them
without storing anything, on any node that shares the secret key. A token expires after
``CAPTCHA_TIMEOUT`` minutes. The digits leave out 0, 1 and 9 (misread as O, l, g).

**Single use.** Answering writes the nonce to ``SpentCaptcha`` (a POST, so a write is fine there),
right or wrong: a token is tried once, so guessing costs a fresh form each time, and one solved
CAPTCHA submits one form. The database, not the cache: the record must hold across workers and
nodes and when Redis is down (see ``portal.models``).

**Every error at once.** The views call their service (FOI intake, the inquiry and comment
services) only once the form is valid, and the service's own checks (an ID number's check
character, a phone's shape, an e-mail for e-mail delivery) ran only then. A wrong CAPTCHA made the
form invalid, so those errors stayed hidden until a second submission. ``ChecksContentToo`` runs
the service's checks in the form itself (they save nothing), whatever the CAPTCHA answer was.
"""

from __future__ import annotations

import random
import secrets
import unicodedata
from collections.abc import Mapping
from datetime import timedelta
from io import BytesIO
from typing import Any

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe
from PIL import Image, ImageDraw, ImageFont

from gongkai.portal.models import SpentCaptcha

DIGITS = "2345678"
LENGTH = 4
SALT = "gongkai.captcha"
# A token is a 16-character nonce, a timestamp and a signature (about 70 characters); anything
# much longer is not one, and is refused before any signing work.
MAX_TOKEN = 200


def _signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=SALT)


def lifetime() -> timedelta:
    return timedelta(minutes=int(getattr(settings, "CAPTCHA_TIMEOUT", 30)))


def issue() -> str:
    """A new token for a form being drawn: nothing is stored."""
    return _signer().sign(secrets.token_urlsafe(12))


def nonce_of(token: str) -> str:
    """The nonce of a genuine, unexpired token; ``signing.BadSignature`` (``SignatureExpired``
    for an expired one) otherwise."""
    if not token or len(token) > MAX_TOKEN:
        raise signing.BadSignature
    return _signer().unsign(token, max_age=lifetime())


def _answer(nonce: str) -> str:
    """The digits for ``nonce``: an HMAC under the secret key, read in base len(DIGITS)."""
    number = int.from_bytes(salted_hmac(f"{SALT}.answer", nonce, algorithm="sha256").digest(), "big")
    digits = []
    for _position in range(LENGTH):
        number, index = divmod(number, len(DIGITS))
        digits.append(DIGITS[index])
    return "".join(digits)


def answer_for(token: str) -> str:
    """The expected answer for a genuine token (what the image shows; tests solve with it)."""
    return _answer(nonce_of(token))


def spend(nonce: str) -> bool:
    """Record ``nonce`` as tried; False when it already was. Expired records go in the same
    transaction, so the table never holds more than one lifetime of POSTs."""
    now = timezone.now()
    with transaction.atomic():
        SpentCaptcha.objects.filter(expires__lte=now).delete()
        try:
            with transaction.atomic():
                SpentCaptcha.objects.create(nonce=nonce, expires=now + lifetime())
        except IntegrityError:
            return False
    return True


def accept(token: str, answer: str) -> bool:
    """Whether ``answer`` solves ``token``; a genuine token is spent by trying it, right or wrong."""
    try:
        nonce = nonce_of(token)
    except signing.BadSignature:
        return False
    if not spend(nonce):
        return False
    # NFKC: digits typed with a Chinese input method in full-width mode (２３４５) count as digits.
    return constant_time_compare(unicodedata.normalize("NFKC", answer).strip(), _answer(nonce))


class CaptchaWidget(forms.MultiWidget):
    """The token (hidden, ``<name>_0``) and the answer box (``<name>_1``). Each drawing issues a
    new token and an empty box: a CAPTCHA is never refilled. The template is
    gongkai/templates/captcha/widgets/captcha.html (Chinese alternative text)."""

    template_name = "captcha/widgets/captcha.html"
    # One text box for the person (the other input is hidden), so a <label>, not a fieldset:
    # then Django also ties the help text and the error to the box (aria-describedby).
    use_fieldset = False

    def __init__(self) -> None:
        answer = {
            "autocomplete": "off", "autocapitalize": "off", "autocorrect": "off", "spellcheck": "false",
            # Four digits, so a phone offers its number pad.
            "inputmode": "numeric", "maxlength": str(LENGTH), "class": "captcha-answer",
        }  # fmt: skip
        super().__init__((forms.HiddenInput(attrs={"autocomplete": "off"}), forms.TextInput(attrs=answer)))

    def decompress(self, value: Any) -> list[Any]:
        return [None, None]

    def id_for_label(self, id_: str) -> str:
        return f"{id_}_1" if id_ else id_

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        token = issue()
        context = super().get_context(name, [token, ""], attrs)
        context["image"] = reverse("portal:captcha_image", args=[token])
        return context


class CaptchaField(forms.MultiValueField):
    """验证码: required (a blank answer gets the form's "请填写" message); a wrong, forged,
    expired or already tried token gets ``invalid``."""

    default_error_messages = {"invalid": _("验证码不正确，请重新输入图片中的4位数字")}

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", CaptchaWidget())
        super().__init__((forms.CharField(), forms.CharField()), **kwargs)

    def compress(self, data_list: list[str]) -> str:
        return data_list[0] if data_list else ""

    def clean(self, value: Any) -> str:
        token: str = super().clean(value)
        if not accept(token, value[1] or ""):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return token


def draw(text: str, seed: str) -> bytes:
    """A PNG of ``text`` in the look django-simple-captcha had: dark digits each turned by up to
    CAPTCHA_LETTER_ROTATION degrees, centred, under noise dots. The same seed draws the same
    image, so reloading it (or asking another node) shows no new digits."""
    rng = random.Random(seed)  # noqa: S311 - the look only; the digits are the secret, from the HMAC
    width, height = getattr(settings, "CAPTCHA_IMAGE_SIZE", (120, 44))
    rotation = getattr(settings, "CAPTCHA_LETTER_ROTATION", (-20, 20))
    font = ImageFont.load_default(size=int(getattr(settings, "CAPTCHA_FONT_SIZE", 30)))
    image = Image.new("RGB", (width, height), "#ffffff")
    ink = Image.new("RGB", (width, height), "#001100")
    glyphs = []
    for char in text:
        right, bottom = font.getbbox(f" {char} ")[2:]
        glyph = Image.new("L", (int(right), int(bottom)), 0)
        ImageDraw.Draw(glyph).text((0, 0), f" {char} ", font=font, fill=255)
        glyph = glyph.rotate(rng.randrange(*rotation), resample=Image.Resampling.BICUBIC)
        glyphs.append(glyph.crop(glyph.getbbox()))
    x = (width - sum(glyph.width + 2 for glyph in glyphs) + 2) // 2
    for glyph in glyphs:
        mask = Image.new("L", (width, height), 0)
        mask.paste(glyph, (x, (height - glyph.height) // 2))
        image = Image.composite(ink, image, mask)
        x += glyph.width + 2
    # A tenth of the pixels, as django-simple-captcha's noise_dots; drawn in one call.
    dots = [(int(rng.random() * width), int(rng.random() * height)) for _dot in range(width * height // 10)]
    ImageDraw.Draw(image).point(dots, fill="#001100")
    out = BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


@require_safe
def image(request: HttpRequest, token: str) -> HttpResponse:
    """The CAPTCHA image of a token: 404 for a forged one, 410 for an expired one (so crawlers
    forget the address, as django-simple-captcha answered). Reads and writes nothing."""
    try:
        nonce = nonce_of(token)
    except signing.SignatureExpired:
        return HttpResponse(status=410)
    except signing.BadSignature:
        raise Http404 from None
    response = HttpResponse(draw(_answer(nonce), nonce), content_type="image/png")
    # Only this visitor needs it, and the same address always draws the same digits.
    response["Cache-Control"] = f"private, max-age={int(lifetime().total_seconds())}"
    return response


def add_new_errors(form: forms.BaseForm, exc: ValidationError, rename: Mapping[str, str] | None = None) -> None:
    """``exc``'s errors on the fields they name, except on a field that has an error already (a
    blank required field is not also "malformed"); a key the form lacks goes above the form."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for key, errors in exc.error_dict.items():
        name = (rename or {}).get(key, key)
        target = name if name in form.fields and not form.fields[name].disabled else None
        if target is not None and target in form.errors:
            continue
        messages = [message for error in errors for message in error.messages]
        if target is None and all(message in form.non_field_errors() for message in messages):
            continue
        form.add_error(target, messages)


class ChecksContentToo:
    """A form with a CAPTCHA whose ``clean`` also runs the service's checks of what was typed
    (``check_content``, which raises the service's ValidationError and saves nothing), so a
    wrong CAPTCHA and, say, a wrong ID number are reported in the same answer."""

    # The service's keys that are not the form's field names.
    service_fields: Mapping[str, str] = {}

    def check_content(self) -> None:
        raise NotImplementedError

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean()  # type: ignore[misc]
        try:
            self.check_content()
        except ValidationError as exc:
            add_new_errors(self, exc, self.service_fields)  # type: ignore[arg-type]
        return cleaned
