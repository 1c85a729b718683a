"""The CAPTCHA of public forms: its challenge (four digits without 0/1/9, misread as O, l, g),
and ``ChecksContentToo``, which every form with a CAPTCHA uses so that one submission reports
every error at once.

Why: the views call their service (FOI intake, the inquiry and comment services) only once the
form is valid, and the service's own checks (an ID number's check character, a phone's shape,
an e-mail for e-mail delivery) ran only then. A wrong CAPTCHA made the form invalid, so those
errors stayed hidden until a second submission. Now the form runs the service's checks itself
(they save nothing), whatever the CAPTCHA answer was.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

DIGITS = "2345678"


def digits_challenge() -> tuple[str, str]:
    answer = "".join(secrets.choice(DIGITS) for _ in range(4))
    return answer, answer


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
