"""A service's refusal on the form that sent the data: the one helper of every view that calls a
service (workbench and portal alike), so each error stands next to the field it names."""

from __future__ import annotations

from collections.abc import Mapping

from django import forms
from django.core.exceptions import ValidationError


def add_service_errors(form: forms.BaseForm, exc: ValidationError, rename: Mapping[str, str] | None = None) -> None:
    """Each error of ``exc`` on the form field it names (``rename`` maps a service's key to the
    form's field name; an empty name, or a field the form lacks or shows disabled, puts the error
    above the form). Messages keep their parameters filled in. A form field that gets an error
    leaves ``cleaned_data``, as with Django's own ``add_error``."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for key, errors in exc.error_dict.items():
        name = (rename or {}).get(key, key)
        field = form.fields.get(name) if name else None
        target = name if field is not None and not field.disabled else None
        form.add_error(target, [message for error in errors for message in error.messages])
