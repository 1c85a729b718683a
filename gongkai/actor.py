"""The person acting, as the views hand them to the domains: ``request.user`` — a signed-in
``User`` or the ``AnonymousUser`` — and, where a scheduled job or a migration acts, ``None``
(``Actor | None`` in that function's signature). Access functions (``*/access.py``) take an
``Actor``; services take the actor they audit.

A name for type checking only: importing ``django.contrib.auth.models`` here would load the
auth models before the app registry is ready for the modules settings imports."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

from django.core.exceptions import PermissionDenied

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

Actor: TypeAlias = "User | AnonymousUser"


def signed_in(actor: Actor | None) -> User | None:
    """The signed-in person behind ``actor``, for what records who did it (an author, a
    ``created_by``); None for the system (a job, a command) and for a visitor who is not signed
    in (a citizen's own submission)."""
    if actor is None or not actor.is_authenticated:
        return None
    return actor


def staff(actor: Actor | None) -> User:
    """The signed-in person behind ``actor``, where a record must name one (who issued a notice,
    who published a revision); PermissionDenied for anyone else."""
    person = signed_in(actor)
    if person is None:
        raise PermissionDenied
    return person
