"""Who sees which assessment: the office sees and scores every unit; a unit's staff see their own
unit's scorecard (read-only) once the scheme is published, never another unit's, and the ranking
of all units only through the office (a unit sees its own rank on its card once the scheme is closed).
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from gongkai.actor import Actor
from gongkai.assessment.models import Scheme, SchemeState
from gongkai.orgs import access
from gongkai.orgs.models import Unit


def assessed_units() -> QuerySet[Unit]:
    """Every active unit except the government itself: the government assesses its departments,
    streets and the other units under it, not itself."""
    return Unit.objects.filter(active=True).exclude(kind=Unit.Kind.GOVERNMENT).order_by("position", "id")


def schemes_visible_to(user: Actor) -> QuerySet[Scheme]:
    if access.is_office(user):
        return Scheme.objects.all()
    if not access.is_staff_member(user):
        return Scheme.objects.none()
    return Scheme.objects.exclude(state=SchemeState.DRAFT)


def get_scheme_for(user: Actor, year: int) -> Scheme:
    found = schemes_visible_to(user).filter(year=year).first()
    if found is None:
        raise Http404
    return found


def units_visible_to(user: Actor) -> QuerySet[Unit]:
    """The units whose scorecards ``user`` may read."""
    return assessed_units().filter(pk__in=access.units_for(user).values("pk"))


def get_unit_for(user: Actor, pk: int) -> Unit:
    found = units_visible_to(user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def sees_ranking(user: Actor) -> bool:
    """The league table of all units is the office's (it decides what is made public)."""
    return access.is_office(user)
