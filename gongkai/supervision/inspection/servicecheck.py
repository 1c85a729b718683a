"""服务不实用 (REGULATIONS.md §5 veto item 6), judged against the service directory: the services a
site shows, the key elements their guides lack, and their links (the 政务服务网 page and the 蒙速办
link) checked by the inspection's own link checker — the same pool, timeouts and cap as the links
in published items. Each service keeps its links' state (``Service.link_state``) for the workbench."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _

from gongkai import publiclinks
from gongkai.actor import Actor
from gongkai.orgs import access as org_access
from gongkai.sites.directory import public as directory
from gongkai.sites.directory.models import KEY_ELEMENTS, Service, missing_elements
from gongkai.sites.directory.services import store_link_states
from gongkai.supervision.inspection import linkcheck, links, rules
from gongkai.supervision.inspection.scope import Scope

MAX_SERVICES = 5000  # a site's directory is hundreds at most; the bound keeps one run bounded


def services_url() -> str:
    return publiclinks.public_url("services") if "services" in publiclinks.kinds() else "/bszn/"


def service_url(service: Service) -> str:
    return publiclinks.public_url("service", service.pk) if "service" in publiclinks.kinds() else f"/bszn/{service.pk}/"


def shown_services(scope: Scope) -> list[Service]:
    return list(directory.for_site(scope.site)[:MAX_SERVICES])


def facts(services: Sequence[Service]) -> list[rules.ShownService]:
    """The services as the rules judge them, with their stored link state."""
    state = {Service.LinkState.OK: True, Service.LinkState.BROKEN: False}
    return [
        rules.ShownService(
            name=s.name,
            missing=tuple(str(KEY_ELEMENTS[name]) for name in missing_elements(s)),
            link_ok=state.get(s.link_state),  # type: ignore[call-overload]
            link_detail=s.link_detail,
            url=service_url(s),
            unit_id=s.department_id,
        )
        for s in services
    ]


def content_hits(scope: Scope) -> list[rules.Hit]:
    """No service at all, or a guide without a key element (the content step)."""
    return rules.services_unusable(facts(shown_services(scope)), services_url())


def _targets(service: Service, hosts: list[str]) -> list[tuple[str, str, str]]:
    found = []
    for link in service.links():
        kind, target = links.classify(link, "/", hosts)
        if kind != "skip":
            found.append((kind, target, link))
    return found


def check(services: Sequence[Service], checker: links.Checker) -> dict[int, tuple[bool, str, list[tuple[str, str]]]]:
    """Each service's links through ``checker``: {id: (all answered, first reason, [(link, reason)
    of the broken ones])}. A service with no link, or whose links the cap left unchecked, is left out."""
    hosts = linkcheck.site_hosts()
    per_service = [(s, _targets(s, hosts)) for s in services]
    results = checker.check((kind, target) for _s, found in per_service for kind, target, _link in found)
    outcome: dict[int, tuple[bool, str, list[tuple[str, str]]]] = {}
    for service, found in per_service:
        answers = [(link, results.get((kind, target))) for kind, target, link in found]
        if not answers or any(a is None for _link, a in answers):
            continue
        broken = [(link, a.reason) for link, a in answers if a is not None and not a.ok]
        outcome[service.pk] = (not broken, broken[0][1] if broken else "", broken)
    return outcome


def link_hits(scope: Scope, checker: links.Checker, limits: rules.Thresholds) -> list[rules.Hit]:
    """The link step for services: check, store each service's state, one 链接不可用 finding per
    broken link and the 服务不实用 veto when the broken share reaches the office's threshold."""
    services = shown_services(scope)
    outcome = check(services, checker)
    store_link_states({pk: (ok, reason) for pk, (ok, reason, _broken) in outcome.items()})
    hits = []
    for service in services:
        for link, reason in outcome.get(service.pk, (True, "", []))[2]:
            detail = _("办事服务“%(name)s”的办理链接“%(link)s”不可用：%(reason)s。") % {
                "name": service.name,
                "link": link,
                "reason": reason,
            }
            hits.append(
                rules.Hit(
                    rules.BROKEN_LINK, detail, points=limits.broken_link_points, url=service_url(service),
                    target=link, unit_id=service.department_id,
                )
            )  # fmt: skip
    for service in services:  # the states just stored, for the share
        if service.pk in outcome:
            service.link_state = Service.LinkState.OK if outcome[service.pk][0] else Service.LinkState.BROKEN
    return hits + rules.broken_services(facts(services), limits.service_broken_veto_percent, services_url())


def check_now(actor: Actor) -> dict[str, int]:
    """The office's "check links now" in the workbench: every active service's links, stored.
    Returns how many services were checked, answered and broken."""
    org_access.require_office(actor)
    services = list(Service.objects.filter(active=True).order_by("pk")[:MAX_SERVICES])
    outcome = check(services, linkcheck.checker())
    store_link_states({pk: (ok, reason) for pk, (ok, reason, _broken) in outcome.items()}, actor)
    broken = sum(1 for ok, _reason, _b in outcome.values() if not ok)
    return {"checked": len(outcome), "ok": len(outcome) - broken, "broken": broken}
