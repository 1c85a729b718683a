"""The office's settings of every capability: one row, held to one by the database; ``current()``
gives the defaults until the office saves its own; one audited update (gongkai/officesettings.py)
and one settings view in the workbench (gongkai/workbench/views/settings.py)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from gongkai import officesettings
from gongkai.audit.models import AuditEntry
from gongkai.foi.lettertexts import LetterTexts
from gongkai.foi.models import Settings as FoiSettings
from gongkai.officesettings import OfficeSettings
from gongkai.participation.models import ConsultationSettings, InquirySettings
from gongkai.supervision.inspection.models import InspectionSettings
from gongkai.supervision.newmedia.models import NewMediaSettings

MODELS = [FoiSettings, LetterTexts, ConsultationSettings, InquirySettings, InspectionSettings, NewMediaSettings]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_the_database_refuses_a_second_row(db: None, model: type[OfficeSettings]) -> None:
    model.objects.all().delete()  # the inspection's defaults come by data migration
    unsaved = model.current()
    assert unsaved.pk is None  # the defaults, until the office saves its own
    unsaved.save()
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.create()
    assert model.objects.count() == 1 and model.current().pk == unsaved.pk


def test_only_the_office_changes_settings_and_a_refused_value_keeps_the_row(
    db: None, office: Any, editor_a: Any
) -> None:
    with pytest.raises(PermissionDenied):
        officesettings.update(editor_a, InspectionSettings, {"every_days": 3}, action="inspection.settings_saved")
    with pytest.raises(ValidationError) as refused:
        officesettings.update(office, InspectionSettings, {"every_days": 0}, action="inspection.settings_saved")
    assert refused.value.message_dict == {"every_days": ["检查周期（日）至少为1日"]}
    assert InspectionSettings.current().every_days == 7
    assert not AuditEntry.objects.filter(action="inspection.settings_saved").exists()


def test_an_update_is_audited_with_what_changed_and_a_repeat_records_nothing(db: None, office: Any) -> None:
    values = {"every_days": 3, "enabled": True}
    saved = officesettings.update(office, InspectionSettings, values, action="inspection.settings_saved")
    assert saved.every_days == 3 and InspectionSettings.objects.count() == 1
    entry = AuditEntry.objects.get(action="inspection.settings_saved")
    assert (entry.before, entry.after) == ({"every_days": 7}, {"every_days": 3})
    officesettings.update(office, InspectionSettings, values, action="inspection.settings_saved")
    assert AuditEntry.objects.filter(action="inspection.settings_saved").count() == 1


def test_the_first_save_makes_the_row(db: None, office: Any) -> None:
    FoiSettings.objects.all().delete()
    officesettings.update(office, FoiSettings, {"due_soon_days": 2}, action="foi.settings_changed")
    assert FoiSettings.objects.get().due_soon_days == 2
    entry = AuditEntry.objects.get(action="foi.settings_changed")  # the first save: every value given
    assert (entry.before, entry.after) == ({"due_soon_days": None}, {"due_soon_days": 2})


# Every capability's settings page is the one view (workbench/views/settings.py): (url name, a
# change the page accepts, its audit action, a refused value and the field its message names).
PAGES = [
    ("workbench:foi_settings", {"due_soon_days": "2"}, "foi.settings_changed", {"correction_period_days": "0"},
     "correction_period_days"),
    ("workbench:foi_letter_texts", {"confirmation": "经审查，本机关不予处理。"}, "foi.letter_texts_changed",
     {"confirmation": "第三十九条"}, "confirmation"),
    ("workbench:consultation_settings", {"min_period_days": "45"}, "consultation.settings_changed",
     {"min_period_days": "x"}, "min_period_days"),
    ("workbench:inquiry_settings", {"due_soon_days": "2"}, "inquiry.settings_changed", {"answer_period_days": "0"},
     "answer_period_days"),
    ("workbench:inspection_settings", {"every_days": "3"}, "inspection.settings_saved", {"every_days": "0"},
     "every_days"),
    ("workbench:newmedia_settings", {"stale_after_days": "20"}, "newmedia.settings_changed",
     {"stale_after_days": "0"}, "stale_after_days"),
]  # fmt: skip


def _form_data(client: Client, url: str) -> dict[str, Any]:
    """What the page's form shows now, as a browser would send it back."""
    form = client.get(url).context["form"]
    data: dict[str, Any] = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        elif isinstance(value, list):
            data[name] = [str(v) for v in value]
        elif value is not None:
            data[name] = str(value)
    return data


@pytest.mark.parametrize(("name", "change", "action", "refused", "field"), PAGES, ids=[p[0] for p in PAGES])
def test_every_settings_page_saves_audits_and_refuses_naming_the_field(
    logged_in: Any, office: Any, name: str, change: dict[str, str], action: str, refused: dict[str, str], field: str
) -> None:
    client: Client = logged_in(office)
    url = reverse(name)
    data = _form_data(client, url)
    response = client.post(url, {**data, **refused})
    assert response.status_code == 422
    assert response.context["form"].errors[field]  # the message is on the field
    assert not AuditEntry.objects.filter(action=action).exists()
    response = client.post(url, {**data, **change})
    assert response.status_code == 302 and response["Location"] == url
    entry = AuditEntry.objects.get(action=action)  # the first save of a row records every field
    assert change.items() <= {key: str(value) for key, value in entry.after.items()}.items()


@pytest.mark.parametrize("name", [p[0] for p in PAGES])
def test_a_settings_page_is_the_offices(logged_in: Any, editor_a: Any, name: str) -> None:
    assert logged_in(editor_a).post(reverse(name), {}).status_code == 403
