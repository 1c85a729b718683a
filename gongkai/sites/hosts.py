"""ALLOWED_HOSTS that also holds every active site's host (API.md: hosts of active sites are
allowed at run time, beside ALLOWED_HOSTS, without a restart).

settings.py wraps its list in ``SiteHosts``; Django's host validation iterates it on each
request, and the iteration adds the sites' hosts read by sites.current (at most every 5
seconds, never per request). Its length is the configured list's, so Django's "DEBUG with no
ALLOWED_HOSTS" default still applies. Nothing here imports a model at settings time.
"""

from __future__ import annotations

from collections.abc import Iterator


class SiteHosts(list[str]):
    def __iter__(self) -> Iterator[str]:
        yield from list.__iter__(self)
        yield from _site_hosts()

    def __contains__(self, host: object) -> bool:
        return list.__contains__(self, host) or host in _site_hosts()


def _site_hosts() -> list[str]:
    from django.apps import apps

    if not apps.ready:
        return []
    from gongkai.sites import current

    try:
        return current.active_hosts()
    except Exception:  # the database away or not to be touched (a test's set-up): the configured hosts
        return []
