"""The demo district's assessment: the default scheme for a year, published to the units, so the
office can score the manual indicators and the units can read their scorecards."""

from __future__ import annotations

from django.db import transaction

from gongkai.assessment import services
from gongkai.assessment.models import Scheme, SchemeState
from gongkai.audit.services import record


@transaction.atomic
def seed_scheme(year: int) -> int:
    """Create and publish the default scheme for ``year`` once (as the system); returns how many
    schemes were created. Idempotent: an existing scheme of the year is left as it is."""
    if Scheme.objects.filter(year=year).exists():
        return 0
    scheme = services.build_scheme(year)
    scheme.state = SchemeState.PUBLISHED
    scheme.save(update_fields=["state", "updated_at"])
    record(
        None,
        "assessment.scheme_state",
        scheme,
        before={"state": "draft"},
        after={"state": scheme.state},
        note="seed_demo",
    )
    return 1
