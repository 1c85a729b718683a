"""The world the query-count tests read (issue 18, point 1): the demo district, then a thousand
more published documents of every kind the public pages list, made cheaply with bulk_create.

``build_demo`` seeds the demo district (units, catalogue, items, policies, gazette, annual
reports, consultations, inquiries, answers, ledger, new-media accounts); ``grow`` adds ``n``
published documents spread over the units, catalogue domains, topics and kinds: plain items,
plans and statistics, the district's policies (half of them normative), carried laws, annual
reports, consultations, answers and gazette issues. ``public_pages`` names every anonymous
public GET page with the objects it shows.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from gongkai.catalog.models import CatalogueEntry, Domain
from gongkai.gazette.models import GazetteIssue
from gongkai.orgs.models import Unit
from gongkai.participation.models import Consultation, KnowledgeEntry
from gongkai.policies.models import PolicyDocument, PolicyRevision
from gongkai.publishing import vocab
from gongkai.publishing.models import Item, ItemRevision, Kind, State
from gongkai.supervision.ledger.models import Ledger


@contextmanager
def quiet_settings(data_dir: Any) -> Iterator[None]:
    """What the function-scoped autouse fixtures of tests/conftest.py set, for a module-scoped
    build: files under ``data_dir``, an in-memory search index, jobs in process, a local cache
    and no page cache (the pages' own queries are what is counted)."""
    from gongkai.search.backends import reset

    with override_settings(
        MEDIA_ROOT=data_dir / "media",
        DATA_DIR=data_dir / "data",
        SEARCH_OPTIONS={"path": None},
        TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]}},
        PAGE_CACHE=False,
        CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": str(data_dir)}},
    ):
        reset()
        try:
            yield
        finally:
            reset()


def build_demo() -> None:
    call_command("seed_demo", stdout=io.StringIO())


# The kinds of documents ``grow`` makes, in turn (a cycle of 20).
PATTERN = (
    ["item"] * 6
    + ["plan", "statistics"]
    + ["policy", "policy", "normative", "normative"]
    + ["carried", "carried", "carried"]
    + ["annual_report", "consultation", "answer", "gazette", "interpretation"]
)
# Enough of the district's own for every home-page block (8 lines each): see fill_home.
HOME_KINDS = ["policy", "interpretation", "consultation"]
GENRES = {"plan": "plan", "statistics": "statistics", "annual_report": "report"}
KINDS = {
    "policy": Kind.POLICY,
    "normative": Kind.POLICY,
    "carried": Kind.POLICY,
    "annual_report": Kind.ANNUAL_REPORT,
    "consultation": Kind.CONSULTATION,
    "answer": Kind.ANSWER,
    "gazette": Kind.GAZETTE,
    "interpretation": Kind.INTERPRETATION,
}


def _item(n: int, what: str, unit: Unit, entry: CatalogueEntry | None, author: Any) -> Item:
    genre = GENRES.get(what, "notice")
    topics = [code for code, _label in vocab.TOPICS]
    written = dt.date(2000 + n % 26, 1 + n % 12, 1 + n % 28)
    return Item(
        kind=KINDS.get(what, Kind.ITEM),
        unit=unit,
        catalogue_entry=entry,
        title=f"批量文件{n}",
        body_html=f"<p>批量文件{n}的正文。</p>" * 20,
        topic=topics[n % len(topics)],
        genre=genre,
        written_on=written,
        formed_on=written,
        normative=what == "normative",
        state=State.PUBLISHED,
        carried=what == "carried",
        first_published_on=written,
        author=author,
    )


def _revision(item: Item, n: int, author: Any) -> ItemRevision:
    published = timezone.now() - dt.timedelta(days=400, minutes=n)
    return ItemRevision(
        item=item,
        number=1,
        title=item.title,
        body_html=item.body_html,
        written_on=item.written_on,
        kind=item.kind,
        topic=item.topic,
        genre=item.genre,
        normative=item.normative,
        catalogue_entry=item.catalogue_entry,
        formed_on=item.formed_on,
        published_at=published,
        published_by=author,
    )


def grow(n: int, start: int = 0, pattern: list[str] = PATTERN) -> None:
    """``n`` more published documents (see the module note), in a few bulk inserts."""
    author = get_user_model().objects.order_by("pk").first()
    units = list(Unit.objects.filter(active=True).order_by("pk"))
    entries = list(CatalogueEntry.objects.exclude(domain=None).order_by("pk")[:40])
    whats = [pattern[i % len(pattern)] for i in range(start, start + n)]
    items = Item.objects.bulk_create(
        [
            _item(i, what, units[i % len(units)], entries[i % len(entries)] if entries else None, author)
            for i, what in zip(range(start, start + n), whats, strict=True)
        ]
    )
    revisions = ItemRevision.objects.bulk_create([_revision(item, i, author) for i, item in enumerate(items)])
    for item, revision in zip(items, revisions, strict=True):
        item.published_revision = revision
    Item.objects.bulk_update(items, ["published_revision"])
    _extensions(list(zip(whats, items, revisions, strict=True)), start, author)


def _extensions(made: list[tuple[str, Item, ItemRevision]], start: int, author: Any) -> None:
    policies = [(what, item, revision) for what, item, revision in made if KINDS.get(what) == Kind.POLICY]
    PolicyDocument.objects.bulk_create(
        [
            PolicyDocument(item=item, issuer="国务院" if what == "carried" else item.unit.name, level=_level(what))
            for what, item, _revision in policies
        ]
    )
    PolicyRevision.objects.bulk_create(
        [
            PolicyRevision(revision=revision, issuer="国务院" if what == "carried" else "", level=_level(what))
            for what, _item, revision in policies
        ]
    )
    today = timezone.localdate()
    Consultation.objects.bulk_create(
        [
            Consultation(item=item, opens_on=today - dt.timedelta(days=60), closes_on=today - dt.timedelta(days=30))
            for what, item, _revision in made
            if what == "consultation"
        ]
    )
    KnowledgeEntry.objects.bulk_create(
        [KnowledgeEntry(item=item, created_by=author) for what, item, _revision in made if what == "answer"]
    )
    gazettes = [item for what, item, _revision in made if what == "gazette"]
    GazetteIssue.objects.bulk_create(
        [
            GazetteIssue(item=item, year=1990 + (start + k) // 20, number=1 + (start + k) % 20)
            for k, item in enumerate(gazettes)
        ]
    )


def fill_home() -> None:
    """Eight of the district's own for each home-page block that lists one kind. A block the
    district's own do not fill takes two more queries for carried documents (a young site,
    portal.items.latest_column_items); a district with eight of each is the steady state, in
    which the count must not grow."""
    grow(8 * len(HOME_KINDS), start=900_000, pattern=HOME_KINDS)


def make_code(parts: int = 3) -> None:
    """The first carried documents become the parts of a code published in parts."""
    documents = PolicyDocument.objects.filter(item__carried=True).order_by("pk")[:parts]
    for number, document in enumerate(documents, start=1):
        document.part_of = "测试法典"
        document.part_number = number
        document.save(update_fields=["part_of", "part_number"])


def _level(what: str) -> str:
    return "national" if what == "carried" else "district"


# Every page ``public_pages`` names (a new public page is added to both).
NAMES = [
    "home",
    "disclosure",
    "guide",
    "rules",
    "statutory",
    "column_domain",
    "column_domain_art20",
    "column_unit",
    "column_unit_page_2",
    "column_topic",
    "plans",
    "item",
    "item_policy",
    "item_interpretation",
    "policies",
    "policies_page_2",
    "policies_level",
    "policies_validity_year",
    "policies_unit",
    "policies_doc_number",
    "policy_code",
    "normative",
    "normative_xlsx",
    "annual_reports",
    "gazette",
    "gazette_issue",
    "feed_rss",
    "feed_atom",
    "feed_unit",
    "feed_unit_atom",
    "feed_domain",
    "feed_domain_art20",
    "feed_topic",
    "feed_topic_atom",
    "sitemap",
    "units",
    "consultations",
    "consultation",
    "inquiries",
    "knowledge",
    "knowledge_search",
    "knowledge_answer",
    "ledgers",
    "ledger",
    "newmedia",
    "catalogue_county",
    "catalogue_township",
    "catalogue_xlsx",
]


@dataclass(frozen=True)
class Page:
    name: str
    url: str


def public_pages() -> list[Page]:
    """Every anonymous public GET page of the portal (the search page and the form pages with a
    CAPTCHA are tested elsewhere), with objects the demo district has."""
    own = Item.objects.filter(published_revision__isnull=False, carried=False, kind=Kind.POLICY).order_by("pk")
    policy = own.filter(policy__isnull=False).first()
    plain = Item.objects.filter(published_revision__isnull=False, kind=Kind.ITEM).order_by("pk").first()
    interpretation = Item.objects.filter(published_revision__kind=Kind.INTERPRETATION).order_by("pk").first()
    unit = Unit.objects.filter(active=True, items__isnull=False).order_by("pk").first()
    domain = Domain.objects.filter(active=True).exclude(code__startswith="art20-").order_by("pk").first()
    issue = GazetteIssue.objects.filter(item__published_revision__isnull=False).order_by("pk").first()
    consultation = Consultation.objects.filter(item__published_revision__isnull=False).order_by("pk").first()
    answer = KnowledgeEntry.objects.filter(item__published_revision__isnull=False).order_by("pk").first()
    ledger = Ledger.objects.filter(public=True).order_by("pk").first()
    part = PolicyDocument.objects.exclude(part_of="").order_by("pk").first()
    assert part and policy and plain and interpretation and unit and domain and issue and consultation and answer
    pages = {
        "home": "/",
        "disclosure": "/xxgk/",
        "guide": "/xxgk/guide/",
        "rules": "/xxgk/rules/",
        "statutory": "/xxgk/statutory/",
        "column_domain": f"/xxgk/statutory/domain/{domain.code}/",
        "column_domain_art20": "/xxgk/statutory/domain/art20-1/",
        "column_unit": f"/xxgk/statutory/unit/{unit.pk}/",
        "column_unit_page_2": f"/xxgk/statutory/unit/{unit.pk}/?page=2",
        "column_topic": "/xxgk/statutory/topic/general/",
        "plans": "/xxgk/plans/",
        "item": f"/xxgk/items/{plain.pk}/",
        "item_policy": f"/xxgk/items/{policy.pk}/",
        "item_interpretation": f"/xxgk/items/{interpretation.pk}/",
        "policies": "/xxgk/policies/",
        "policies_page_2": "/xxgk/policies/?page=2",
        "policies_level": "/xxgk/policies/?level=district",
        "policies_validity_year": "/xxgk/policies/?validity=valid&year=2010",
        "policies_unit": f"/xxgk/policies/?unit={policy.unit_id}",
        "policies_doc_number": "/xxgk/policies/?doc_number=" + "康府发〔2026〕1号",
        "policy_code": f"/xxgk/policies/code/{part.pk}/",
        "normative": "/xxgk/policies/normative/",
        "normative_xlsx": "/xxgk/policies/normative/normative.xlsx",
        "annual_reports": "/xxgk/annual-reports/",
        "gazette": "/xxgk/gazette/",
        "gazette_issue": f"/xxgk/gazette/{issue.year}/{issue.number}/",
        "feed_rss": "/feeds/items/rss/",
        "feed_atom": "/feeds/items/atom/",
        "feed_unit": f"/feeds/units/{unit.pk}/rss/",
        "feed_unit_atom": f"/feeds/units/{unit.pk}/atom/",
        "feed_domain": f"/feeds/domains/{domain.code}/rss/",
        "feed_domain_art20": "/feeds/domains/art20-1/atom/",
        "feed_topic": "/feeds/topics/general/rss/",
        "feed_topic_atom": "/feeds/topics/general/atom/",
        "sitemap": "/sitemap.xml",
        "units": "/units/",
        "consultations": "/hudong/consultations/",
        "consultation": f"/hudong/consultations/{consultation.pk}/",
        "inquiries": "/hudong/inquiries/",
        "knowledge": "/hudong/answers/",
        "knowledge_search": "/hudong/answers/?q=" + "低保",
        "knowledge_answer": f"/hudong/answers/{answer.pk}/",
        "ledgers": "/xxgk/tasks/",
        "newmedia": "/xxgk/newmedia/",
        "catalogue_county": "/xxgk/catalogue/county/",
        "catalogue_township": "/xxgk/catalogue/township/",
        "catalogue_xlsx": "/xxgk/catalogue/county/catalogue.xlsx",
    }
    if ledger is not None:
        pages["ledger"] = f"/xxgk/tasks/{ledger.pk}/"
    return [Page(name, url) for name, url in pages.items()]
