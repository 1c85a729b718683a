"""The facts an inspection judges, read from this site's data as the public sees it: the public
revision of every published, not withdrawn item (``publishing.access.current_items``), never a working
copy in progress.

Documents the platform carries from a higher level or another organ (``Item.carried``: the law
corpus) are quoted law, not the district's writing or its updates (issue 17, points 1 and 15): they
neither update the home page or a column, nor fill one, and the word scan does not read them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.db.models import Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.assessment.figures import entries_of
from gongkai.catalog.models import CatalogueEntry
from gongkai.orgs.models import Membership, Unit
from gongkai.publiclinks import public_url
from gongkai.publishing.access import current_items
from gongkai.publishing.models import Attachment, Item
from gongkai.supervision.inspection import rules, words
from gongkai.supervision.inspection.linkcheck import Source
from gongkai.supervision.inspection.models import ColumnRule, WordEntry
from gongkai.supervision.inspection.scope import Scope, site_columns
from gongkai.supervision.inspection.scope import latest_home_on as site_home_on


def _local(value: dt.datetime | None) -> dt.date | None:
    return timezone.localdate(value) if value is not None else None


def own_items(scope: Scope | None = None) -> QuerySet[Item]:
    """The current items the district wrote itself (carried documents left out) that the site
    shows (every one on the library site)."""
    items = current_items().filter(carried=False)
    return scope.items(items) if scope is not None else items


def latest_home_on(scope: Scope | None = None) -> dt.date | None:
    """The home page lists the newest current items of every kind (portal.views.home); another
    site's home page the newest items of its columns."""
    if scope is not None and not scope.library:
        return site_home_on(scope)
    return _local(own_items().aggregate(latest=Max("published_revision__published_at"))["latest"])


def _selection(rule: ColumnRule) -> Q:
    q = Q()
    if rule.kinds:
        q &= Q(published_revision__kind__in=rule.kinds)
    if rule.genres:
        q &= Q(published_revision__genre__in=rule.genres)
    return q


def rule_columns(scope: Scope | None = None) -> list[rules.Column]:
    """The office's ColumnRules with the newest publication date of each one's items (the library
    site); another site's own columns with theirs."""
    if scope is not None and not scope.library:
        return site_columns(scope)
    found = []
    for rule in ColumnRule.objects.filter(active=True):
        latest = own_items().filter(_selection(rule)).aggregate(latest=Max("published_revision__published_at"))
        found.append(
            rules.Column(
                name=rule.name,
                latest_on=_local(latest["latest"]),
                max_age_days=rule.max_age_days,
                counts_for_veto=rule.counts_for_veto,
                points=rule.points,
                url=rule.url or public_url("statutory"),
            )
        )
    return found


def entry_name(entry: CatalogueEntry) -> str:
    parts = [entry.domain.name, entry.first_level] + ([entry.second_level] if entry.second_level else [])
    return _("%(path)s（%(level)s）") % {"path": "／".join(parts), "level": entry.get_level_display()}


def publishing_units(scope: Scope | None = None) -> QuerySet[Unit]:
    """The units that publish on this site: active units with at least one staff member. A unit
    without anyone on the platform has no columns here yet (its information is not on this site),
    so the inspection does not call its catalogue entries empty."""
    staffed = Membership.objects.filter(user__is_active=True).values("unit_id")
    units = Unit.objects.filter(active=True, pk__in=staffed).order_by("position", "id")
    own = scope.unit_ids() if scope is not None else None
    return units if own is None else units.filter(pk__in=own)


def empty_entries(scope: Scope | None = None) -> list[rules.Column]:
    """空白栏目 of 法定主动公开内容: an entry of a unit's own catalogue (the proactive entries of its
    level whose 公开主体 names it, ``assessment.figures.entries_of``) with no public item of that
    unit under it. An entry no publishing unit is named for is no column of this site, so it is
    not empty; the finding names the unit, which is responsible for filling it."""
    filled = set(
        own_items(scope)
        .exclude(published_revision__catalogue_entry=None)
        .values_list("unit_id", "published_revision__catalogue_entry")
    )
    found = []
    for unit in publishing_units(scope):
        for entry in entries_of(unit).filter(domain__active=True).select_related("domain"):
            if (unit.pk, entry.pk) not in filled:
                name = _("%(unit)s：%(entry)s") % {"unit": unit.name, "entry": entry_name(entry)}
                url = public_url("column", entry.domain.code)
                found.append(rules.Column(name=name, latest_on=None, url=url, unit_id=unit.pk))
    return found


def unanswered_inquiries(today: dt.date, scope: Scope | None = None) -> list[rules.Unanswered]:
    """Veto item 5, as participation.inquiries.figures computes it (not re-implemented here); on
    a site other than the library, the inquiries to its own units."""
    from gongkai.participation.inquiries.figures import inspection_failures
    from gongkai.participation.models import Inquiry

    units = scope.unit_ids() if scope is not None else None
    if units == []:
        return []

    url = public_url("inquiries")
    return [
        rules.Unanswered(
            subject=i.subject,
            tracking_code=i.tracking_code,
            received_on=i.received_on,
            answered_on=i.answered_on if i.state == Inquiry.State.ANSWERED else None,
            unit_id=i.unit_id,
            url=url,
        )
        for i in inspection_failures(units, today)
    ]


def _public_rows(items: QuerySet[Item] | None = None) -> Iterator[tuple[int, int, str, str]]:
    rows = (
        (current_items() if items is None else items)
        .order_by("pk")
        .values_list("pk", "unit_id", "published_revision__title", "published_revision__body_html")
    )
    return rows.iterator(chunk_size=500)


def item_url(pk: int) -> str:
    return public_url("item", pk)


def texts(scope: Scope | None = None) -> Iterator[words.Text]:
    """What the word scan reads: the district's own texts. A carried law quotes its words as the
    legislator wrote them ("网络赌博" in a law against it), so it is not scanned."""
    for pk, unit_id, title, body in _public_rows(own_items(scope)):
        yield words.Text(title=title, body_html=body, url=item_url(pk), unit_id=unit_id)


def dictionary() -> words.Dictionary:
    entries = WordEntry.objects.filter(active=True)
    return words.Dictionary(words.Word(e.kind, e.word, e.correct, e.veto) for e in entries)


def link_sources(scope: Scope | None = None) -> list[Source]:
    items = scope.items(current_items()) if scope is not None else current_items()
    attachments: dict[int, list[tuple[int, str]]] = {}
    public = Attachment.objects.filter(public=True, item__in=items.values("pk"))
    for item_id, pk, name in public.values_list("item_id", "pk", "name"):
        attachments.setdefault(item_id, []).append((pk, name))
    return [
        Source(pk, title, item_url(pk), body, unit_id, tuple(attachments.get(pk, ())))
        for pk, unit_id, title, body in _public_rows(items)
    ]


def stale_newmedia(today: dt.date) -> list[rules.Hit] | None:
    """New-media accounts without an update in the 2 weeks before ``today`` (newmedia decides);
    None when that app is not installed."""
    try:
        from gongkai.supervision.newmedia.figures import stale_accounts
    except ImportError:
        return None
    hits = []
    for account in stale_accounts(today):
        last = account.last_content_on.strftime("%Y-%m-%d") if account.last_content_on else _("无更新记录")
        detail = _("政务新媒体“%(platform)s：%(name)s”（%(unit)s）监测时间点前2周内无更新，最近更新：%(last)s。") % {
            "platform": account.platform.name,
            "name": account.name,
            "unit": account.unit.name,
            "last": last,
        }
        url = getattr(account, "home_url", "") or ""
        hits.append(rules.Hit(rules.NEWMEDIA, detail, veto=True, url=url, target=account.name, unit_id=account.unit.pk))
    return hits
