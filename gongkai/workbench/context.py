from __future__ import annotations

from django.http import HttpRequest

from gongkai.orgs import access


def staff(request: HttpRequest) -> dict[str, object]:
    """Whether the signed-in person is the office, for the workbench navigation."""
    user = getattr(request, "user", None)
    return {"wb_is_office": bool(user is not None and user.is_authenticated and access.is_office(user))}
