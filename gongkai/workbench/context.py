from __future__ import annotations

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from gongkai.orgs import access
from gongkai.orgs.models import Role


def staff(request: HttpRequest) -> dict[str, object]:
    """Whether the signed-in person is the office, a request handler, or answers inquiries (the
    editors and reviewers of units), for the navigation."""
    from gongkai.participation.inquiries.access import may_use
    from gongkai.sites.access import sites_managed_by

    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    return {
        "wb_is_office": bool(signed_in and access.is_office(user)),
        "wb_is_handler": bool(signed_in and access.units_for(user, Role.HANDLER).exists()),
        "wb_answers_inquiries": bool(signed_in and may_use(user)),
        "wb_manages_sites": bool(signed_in and sites_managed_by(user).exists()),
        # Pages of the issue-19 work that may not be installed yet: shown once their URL exists.
        "wb_services_url": _url("workbench:services"),
        "wb_exchange_partners_url": _url("workbench:exchange_partners"),
    }


def _url(name: str) -> str:
    try:
        return reverse(name)
    except NoReverseMatch:
        return ""
