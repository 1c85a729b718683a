"""Who may manage which site: the one place that answers it (DEVELOPERS.md: one access
function per object type). The disclosure office manages every site; a site's managers
(Site.managers) manage only their site's identity, columns and picks. Creating a site or
changing who manages it is the office's alone."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from gongkai.actor import Actor
from gongkai.orgs import access
from gongkai.sites.models import Column, Site


def sites_managed_by(user: Actor) -> QuerySet[Site]:
    if access.is_office(user):
        return Site.objects.all()
    if user is None or not user.is_authenticated or not user.is_active:
        return Site.objects.none()
    return Site.objects.filter(managers=user)


def may_manage(user: Actor, site: Site | int) -> bool:
    site_id = site if isinstance(site, int) else site.pk
    return sites_managed_by(user).filter(pk=site_id).exists()


def require_manage(user: Actor, site: Site | int) -> None:
    if not may_manage(user, site):
        raise PermissionDenied(_("只有公开办和本站点的管理员可以管理本站点。"))


def get_site_for(user: Actor, pk: int) -> Site:
    """The site if ``user`` manages it, else PermissionDenied (sites are public: no 404 to hide)."""
    site = Site.objects.filter(pk=pk).first()
    if site is None:
        from django.http import Http404

        raise Http404
    require_manage(user, site)
    return site


def get_column_for(user: Actor, pk: int) -> Column:
    column = Column.objects.select_related("site").filter(pk=pk).first()
    if column is None:
        from django.http import Http404

        raise Http404
    require_manage(user, column.site)
    return column
