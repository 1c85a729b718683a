"""The office's settings of every capability: one row, held to one by the database; ``current()``
gives the defaults until the office saves its own (gongkai/officesettings.py)."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from gongkai.foi.models import Settings as FoiSettings
from gongkai.officesettings import OfficeSettings
from gongkai.participation.models import ConsultationSettings, InquirySettings
from gongkai.supervision.inspection.models import InspectionSettings
from gongkai.supervision.newmedia.models import NewMediaSettings

MODELS = [FoiSettings, ConsultationSettings, InquirySettings, InspectionSettings, NewMediaSettings]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_the_database_refuses_a_second_row(db: None, model: type[OfficeSettings]) -> None:
    model.objects.all().delete()  # the inspection's defaults come by data migration
    unsaved = model.current()
    assert unsaved.pk is None  # the defaults, until the office saves its own
    unsaved.save()
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.create()
    assert model.objects.count() == 1 and model.current().pk == unsaved.pk
