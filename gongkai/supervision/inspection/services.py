"""Every change of the inspection goes through here: running an inspection, assigning a finding
to a unit as a ledger task, and the office's data (column rules, dictionaries, settings). Each
function checks permission, changes the rows and writes the audit entry."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.actor import Actor, signed_in
from gongkai.audit.services import record
from gongkai.orgs import access as org_access
from gongkai.orgs.models import Unit
from gongkai.sites.models import Site
from gongkai.supervision.inspection import data, linkcheck, rules, scope, servicecheck, steps
from gongkai.supervision.inspection.models import Finding, Inspection, InspectionSettings, Rule
from gongkai.supervision.inspection.scope import Scope

log = logging.getLogger("gongkai.inspection")
# A run still "running" after this long died with its worker; another may start.
RUNNING_TIMEOUT = dt.timedelta(hours=1)


class Conflict(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def thresholds(current: InspectionSettings) -> rules.Thresholds:
    caps = {
        rules.STALE: current.stale_cap,
        rules.EMPTY: current.empty_cap,
        rules.BROKEN_LINK: current.broken_link_cap,
        rules.WRONG_WORD: current.wrong_word_cap,
        rules.SENSITIVE_WORD: current.wrong_word_cap,
    }
    return rules.Thresholds(
        home_max_age_days=current.home_max_age_days,
        stale_veto_count=current.stale_veto_count,
        empty_veto_count=current.empty_veto_count,
        empty_points=current.empty_points,
        broken_link_points=current.broken_link_points,
        wrong_word_points=current.wrong_word_points,
        service_broken_veto_percent=current.service_broken_veto_percent,
        caps=caps,
    )


def content_hits(today: dt.date, limits: rules.Thresholds, site: Site | None = None) -> list[rules.Hit]:
    """Every indicator except the link check, from the site's data on ``today``."""
    where = scope.of(site)
    return [hit for _label, step in steps.CONTENT for hit in step(today, limits, where)]


def link_hits(limits: rules.Thresholds, where: Scope | None = None) -> tuple[list[rules.Hit], int]:
    """The links of the site's published items and of the services it shows, in one checker."""
    where = where or scope.of(None)
    checker = linkcheck.checker()
    hits = linkcheck.broken_links(data.link_sources(where), checker, limits.broken_link_points)
    hits += servicecheck.link_hits(where, checker, limits)
    return hits, len(checker.results)


def scope_of(inspection: Inspection) -> Scope:
    return scope.of(inspection.site)


def _store(inspection: Inspection, hits: list[rules.Hit], limits: rules.Thresholds) -> None:
    start = inspection.findings.count()
    Finding.objects.bulk_create(
        Finding(
            inspection=inspection, rule=h.rule, veto=h.veto, points=h.points, detail=h.detail, url=h.url[:500],
            target=h.target[:1000], unit_id=h.unit_id, position=start + i,
        )
        for i, h in enumerate(rules.apply_caps(hits, limits.caps))
    )  # fmt: skip


def summarise(inspection: Inspection, limits: rules.Thresholds) -> rules.Result:
    """The result from the stored findings (their points are already capped; capping is idempotent)."""
    stored = [rules.Hit(f.rule, f.detail, f.veto, f.points) for f in inspection.findings.order_by("position", "pk")]
    result = rules.score(stored, limits.caps)
    inspection.passed, inspection.score = result.passed, result.score
    inspection.veto, inspection.deductions = result.veto, result.deductions
    inspection.newmedia_passed = result.newmedia_passed
    return result


def _start(actor: Actor | None, trigger: str, today: dt.date, total: int, site: Site | None = None) -> Inspection:
    with transaction.atomic():
        # The settings row is the lock: two starts at the same moment run one after the other.
        current = InspectionSettings.objects.select_for_update().order_by("pk").first()
        current = current or InspectionSettings.objects.create()
        busy = Inspection.objects.filter(
            state=Inspection.State.RUNNING, started_at__gt=timezone.now() - RUNNING_TIMEOUT
        )
        if busy.exists():
            raise Conflict(_("已有一次检查正在进行，请稍后再试"))
        inspection = Inspection.objects.create(
            started_at=timezone.now(), monitored_on=today, started_by=signed_in(actor), trigger=trigger,
            steps=total, step_label=_("等待开始"), site=scope.stored_site(scope.of(site)),
        )  # fmt: skip
        current.last_run_at = inspection.started_at
        current.save()
        after = {"monitored_on": today, "trigger": trigger, "site": scope.of(site).name}
        record(actor, "inspection.started", inspection, after=after)
    return inspection


def _fail(inspection: Inspection, exc: BaseException) -> None:
    log.exception("inspection failed", extra={"event": "inspection.failed", "inspection": inspection.pk})
    inspection.state, inspection.finished_at = Inspection.State.FAILED, timezone.now()
    inspection.error = f"{type(exc).__name__}: {exc}"[:2000]
    inspection.save()
    record(None, "inspection.failed", inspection, after={"error": inspection.error[:200]})


def _collect(inspection: Inspection, limits: rules.Thresholds, check_links: bool) -> tuple[list[rules.Hit], int]:
    """Run every step in order, recording the progress before each; (the hits, links checked)."""
    total, hits, checked = steps.count(check_links), [], 0
    where = scope_of(inspection)
    for number, (label, step) in enumerate(steps.CONTENT, start=1):
        steps.advance(inspection, number, total, label)
        hits += step(inspection.monitored_on, limits, where)
    if check_links:
        steps.advance(inspection, total, total, steps.LINKS)
        found, checked = link_hits(limits, where)
        hits += found
    return hits, checked


def _execute(inspection: Inspection, actor: Actor | None, check_links: bool, links_in_background: bool) -> None:
    """The run itself: the steps, then the findings and the result stored together."""
    limits = thresholds(InspectionSettings.current())
    try:
        hits, checked = _collect(inspection, limits, check_links and not links_in_background)
        with transaction.atomic():
            _store(inspection, hits, limits)
            summarise(inspection, limits)
            inspection.links_checked = checked
            inspection.links = _links_state(check_links, links_in_background)
            inspection.state, inspection.finished_at = Inspection.State.DONE, timezone.now()
            inspection.save()
            record(actor, "inspection.finished", inspection, after=_outcome(inspection))
            if inspection.links == Inspection.Links.PENDING:
                from gongkai.ops.jobs import enqueue_after_commit
                from gongkai.supervision.inspection.jobs import check_inspection_links

                enqueue_after_commit(check_inspection_links, inspection.pk)
    except Exception as exc:
        _fail(inspection, exc)


def run_inspection(
    actor: Actor | None,
    *,
    today: dt.date | None = None,
    check_links: bool = True,
    links_in_background: bool = False,
    trigger: str = Inspection.Trigger.MANUAL,
    site: Site | None = None,
) -> Inspection:
    """Inspect ``site`` (None: the default site) now, in this process (the schedule, the API,
    commands; ``actor`` None is the schedule). With ``links_in_background`` the link check is
    queued as a job and the result is updated when it ends; otherwise it runs here. A failure
    leaves the inspection failed."""
    if actor is not None:
        org_access.require_office(actor)
    total = steps.count(check_links and not links_in_background)
    inspection = _start(actor, trigger, today or timezone.localdate(), total, site)
    _execute(inspection, actor, check_links, links_in_background)
    return inspection


def start_inspection(
    actor: Actor, *, check_links: bool = True, today: dt.date | None = None, site: Site | None = None
) -> Inspection:
    """The office starts an inspection from the workbench: it is recorded as running and queued
    as a job (``jobs.run_in_background``), so the request returns at once and the report page
    shows the progress until the result is there."""
    from gongkai.supervision.inspection.jobs import run_in_background

    org_access.require_office(actor)
    total = steps.count(check_links)
    inspection = _start(actor, Inspection.Trigger.MANUAL, today or timezone.localdate(), total, site)
    run_in_background(inspection.pk, check_links)
    return inspection


def execute(inspection_id: int, *, check_links: bool = True) -> Inspection:
    """The job's body: run a started inspection that is still waiting (called once; a run that
    is no longer running is left alone)."""
    inspection = Inspection.objects.select_related("started_by", "site").get(pk=inspection_id)
    if inspection.state != Inspection.State.RUNNING or inspection.step:
        return inspection
    _execute(inspection, inspection.started_by, check_links, False)
    return inspection


def _links_state(check_links: bool, background: bool) -> str:
    if not check_links:
        return Inspection.Links.SKIPPED
    return Inspection.Links.PENDING if background else Inspection.Links.DONE


def _outcome(inspection: Inspection) -> dict[str, Any]:
    return {
        "passed": inspection.passed,
        "score": inspection.score,
        "veto": [v["rule"] for v in inspection.veto],
        "findings": inspection.findings.count(),
    }


def check_links(inspection_id: int) -> Inspection:
    """The link check of an inspection whose links are pending (the background job's body; tests
    and commands call it directly). The findings and the result are updated together."""
    inspection = Inspection.objects.select_related("site").get(pk=inspection_id)
    if inspection.links != Inspection.Links.PENDING:
        return inspection
    limits = thresholds(InspectionSettings.current())
    try:
        hits, checked = link_hits(limits, scope_of(inspection))
    except Exception:
        log.exception("link check failed", extra={"event": "inspection.links_failed", "inspection": inspection_id})
        Inspection.objects.filter(pk=inspection_id).update(links=Inspection.Links.FAILED)
        inspection.refresh_from_db()
        return inspection
    with transaction.atomic():
        inspection = Inspection.objects.select_for_update().get(pk=inspection_id)
        _store(inspection, hits, limits)
        summarise(inspection, limits)
        inspection.links, inspection.links_checked = Inspection.Links.DONE, checked
        inspection.save()
        record(None, "inspection.links_checked", inspection, after={**_outcome(inspection), "links": checked})
    return inspection


def is_due(now: dt.datetime | None = None) -> bool:
    """The schedule: every ``every_days`` days since the last run (never run: due)."""
    current = InspectionSettings.current()
    if not current.enabled:
        return False
    if current.last_run_at is None:
        return True
    return (now or timezone.now()) - current.last_run_at >= dt.timedelta(days=current.every_days)


def _task_title(finding: Finding) -> str:
    text = _("网站检查整改（%(rule)s）：%(detail)s") % {"rule": Rule(finding.rule).label, "detail": finding.detail}
    return text + (_("链接：%(target)s") % {"target": finding.target} if finding.rule == Rule.BROKEN_LINK else "")


@transaction.atomic
def assign_finding(
    actor: Actor, finding: Finding, unit: Unit, due_on: dt.date | None, *, request: HttpRequest | None = None
) -> Finding:
    """Make ``finding`` a task of this year's ledger for ``unit`` (the office)."""
    from gongkai.supervision.ledger.services import create_task, ledger_for_year

    org_access.require_office(actor)
    finding = Finding.objects.select_for_update().get(pk=finding.pk)
    if finding.task_id is not None:
        raise Conflict(_("该问题已转为整改任务，不能重复交办"))
    year = timezone.localdate().year
    task = create_task(
        actor, ledger=ledger_for_year(actor, year), title=_task_title(finding)[:2000], unit=unit, due_on=due_on,
        source=f"inspection.finding:{finding.pk}", request=request,
    )  # fmt: skip
    finding.task, finding.unit = task, unit
    finding.save(update_fields=["task", "unit"])
    record(
        actor, "inspection.finding_assigned", finding, unit=unit, after={"task": task.pk, "due_on": due_on},
        request=request,
    )  # fmt: skip
    return finding
