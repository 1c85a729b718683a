"""Fill a data dir (SQLite) or a PostgreSQL database with ~100,000 published documents, quickly
(issue 18: the load and page benchmarks run at 100k; not a test).

Run (demo mode: seed_demo refuses production, RULINGS.md 12; serve the result in production):

    .venv/bin/python -m bench.bulk --size 100000 --data-dir /tmp/bench100k-sqlite
    .venv/bin/python -m bench.bulk --size 100000 --database-url postgres://postgres@127.0.0.1:5432/bench100k

Steps, each timed: ``migrate``; ``seed_demo`` (the district's units, people, catalogue, demo
items of every kind); ``import_policies`` of the real law corpus (../shared/corpus/laws.jsonl.gz:
carried policy documents, through the importer's own bulk path); then synthetic own documents of
the district up to ``--size`` published items, derived from the corpus texts as bench/search.py
derives its 100k set (a chapter of a law, > 200 characters, as the body), and their search index (on
PostgreSQL the index is the database's own tables): by default each committed batch is handed to
the index as the publishing pipeline's after-commit job does (search.hooks.documents_changed),
``--index reindex`` rebuilds the whole index with ``manage.py reindex`` at the end instead.

Rows are what ``workflow.publish_now`` writes for a published item (read it beside this file):
the item (state published, 索引号 ``<credit code>/<year>-<serial>`` from the unit's IndexCounter,
gap-free and counted on, first_published_on, the deadline ``set_due`` would compute with the same
calendar and catalogue entry, published_revision), revision 1 with the snapshot fields and the
deadline it was judged by, the kind's extension and its snapshot (PolicyDocument + PolicyRevision
with the normalised 文号; Interpretation + InterpretationRevision naming a synthetic district
document; KnowledgeEntry; Consultation, historical and closed), and one "publish" ItemEvent each.

Skipped, on purpose (none of it is read by a public page): the per-item audit entries of the
workflow steps (one summary entry per batch instead, as the corpus importer does), the
create/submit/approve/sign ItemEvents, reviewer/signer four-eyes history, attachments (no
files: the item pages show none), gazette issues and annual reports (they need PDF files and a
report's tables; seed_demo's own are there), consultation comments, and clean_html (the bodies
are built here from escaped text by the corpus's markdown_to_html, which clean_html leaves as is).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import io
import json
import os
import random
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "laws.jsonl.gz"
BATCH = 2000
# Share of each kind among the synthetic documents (a district's output: mostly notices).
KINDS = [("item", 64), ("policy", 14), ("interpretation", 8), ("answer", 8), ("consultation", 6)]
FIRST_DAY, LAST_DAY = dt.date(2016, 1, 4), dt.date(2026, 11, 30)
TOPICS = ["general", "economy", "finance", "agriculture", "construction", "science", "health", "labour", "civil"]
GENRES = ["notice", "announcement", "opinion", "measures", "scheme", "report", "news", "plan"]


def configure(data_dir: str, database_url: str | None) -> None:
    """Environment for django.setup(): demo mode (seed_demo refuses production)."""
    os.environ["GONGKAI_MODE"] = "demo"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    os.environ["GONGKAI_DATA_DIR"] = data_dir
    Path(data_dir).mkdir(parents=True, exist_ok=True)
    Path(data_dir).chmod(0o700)  # production refuses a data dir others can read (gongkai.E110)
    if database_url:
        os.environ["DATABASE_URL"] = database_url
        ensure_database(database_url)


def ensure_database(url: str) -> None:
    """Create the PostgreSQL database if it is missing (never drops one)."""
    from urllib.parse import urlparse

    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl().replace("postgres://", "postgresql://", 1)
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def chapters() -> list[tuple[str, str]]:
    """(law title, chapter markdown) of the corpus, as bench/search.py cuts them."""
    with gzip.open(CORPUS, "rt", encoding="utf-8") as lines:
        docs = [json.loads(line) for line in lines]
    out = []
    for d in docs:
        if d["category"] == "案例":
            continue
        body = str(d["body"]).split("<!-- INFO END -->", 1)[-1]
        for part in body.split("\n## "):
            if len(part) > 200:
                out.append((str(d["title"]), part[:6000]))
    return out


def subject_of(title: str) -> str:
    return title.removeprefix("中华人民共和国")


class Maker:
    """Synthetic own documents: the rows publish_now would write, kind by kind."""

    def __init__(self, seed: int = 18) -> None:
        from django.contrib.auth import get_user_model

        from gongkai.catalog.models import CatalogueEntry
        from gongkai.orgs.models import Unit
        from gongkai.publishing.models import IndexCounter
        from gongkai.workdays.services import get_calendar

        self.rng = random.Random(seed)
        self.parts = chapters()
        users = get_user_model().objects
        self.editor, self.signer = users.get(username="editor"), users.get(username="signer")
        self.units = [u for u in Unit.objects.filter(active=True).order_by("pk") if u.credit_code]
        self.entries = list(CatalogueEntry.objects.filter(level="county").order_by("pk"))
        self.calendar = get_calendar()
        self.counters = {(c.unit_id, c.year): c.last_serial for c in IndexCounter.objects.all()}
        self.numbers: dict[int, int] = {}
        self.documents: list[Any] = []  # the synthetic district documents, for interpretations
        self.kinds = [k for k, w in KINDS for _ in range(w)]
        self.span = (FIRST_DAY - dt.date(2016, 1, 1)).days, (LAST_DAY - FIRST_DAY).days

    def _dates(self, entry: Any) -> tuple[dt.date, dt.date | None, str, dt.datetime]:
        """formed_on, the deadline (as services.set_due), its problem, and a timely publication."""
        from django.utils import timezone

        from gongkai.catalog import rules
        from gongkai.publishing import clock
        from gongkai.workdays.calendar import CalendarMissing
        from gongkai.workdays.services import missing_message

        formed = FIRST_DAY + dt.timedelta(days=self.rng.randrange(self.span[1]))
        limit = entry.time_limit if entry is not None else ""
        try:
            due: dt.date | None = clock.publish_due_on(
                formed,
                self.calendar,
                entry.time_limit_days if entry is not None else None,
                calendar_days=rules.calendar_days(limit),
                immediate=rules.immediate(limit),
            )
            problem = ""
        except CalendarMissing as exc:
            due, problem = None, missing_message(exc)
        last = min(due or formed + dt.timedelta(days=15), LAST_DAY)
        day = formed + dt.timedelta(days=self.rng.randint(0, max(0, (last - formed).days)))
        at = dt.datetime.combine(day, dt.time(self.rng.randint(8, 17), self.rng.randrange(60)))
        return formed, due, problem, timezone.make_aware(at, timezone.get_current_timezone())

    def _index_number(self, unit: Any, year: int) -> str:
        from gongkai.publishing.index_numbers import format_index_number

        key = (unit.pk, year)
        self.counters[key] = self.counters.get(key, 0) + 1
        return format_index_number(unit.credit_code, year, self.counters[key])

    def _doc_number(self, year: int) -> str:
        self.numbers[year] = self.numbers.get(year, 100) + 1
        return f"康政发〔{year}〕{self.numbers[year]}号"

    def _title(self, kind: str, unit: Any, law: str, heading: str) -> str:
        subject = subject_of(law)
        titles = {
            "item": f"{unit.name}关于贯彻落实《{subject}》{heading}有关工作的通知",
            "policy": f"{unit.name}关于印发《康巴什区{subject}实施办法》的通知",
            "interpretation": f"《康巴什区{subject}实施办法》政策解读",
            "answer": f"{subject}{heading}的规定如何办理？",
            "consultation": f"关于《康巴什区{subject}实施办法（征求意见稿）》公开征求意见的公告",
        }
        return titles[kind][:300]

    def item(self, kind: str) -> tuple[Any, dt.datetime]:
        """An unsaved published item of ``kind`` and the time it was published."""
        from gongkai.policies.markdown import markdown_to_html
        from gongkai.publishing.models import Item, State

        law, part = self.rng.choice(self.parts)
        heading = part.split("\n", 1)[0].strip("# ").strip()[:30]
        unit = self.rng.choice(self.units)
        entry = self.rng.choice(self.entries) if kind == "item" and self.entries else None
        formed, due, problem, at = self._dates(entry)
        policy = kind == "policy"
        item = Item(
            kind=kind,
            unit=unit,
            catalogue_entry=entry,
            title=self._title(kind, unit, law, heading),
            body_html=markdown_to_html(part, drop_title=False),
            topic=self.rng.choice(TOPICS),
            genre="opinion" if kind == "consultation" else ("other" if kind == "answer" else self.rng.choice(GENRES)),
            doc_number=self._doc_number(at.year) if policy else "",
            written_on=formed if policy else None,
            formed_on=formed,
            state=State.PUBLISHED,
            publish_due_on=due,
            due_problem=problem,
            first_published_on=at.date(),
            index_number=self._index_number(unit, at.year),
            author=self.editor,
            reviewer=self.editor,
            signer=self.signer,
        )
        return item, at


def revision_of(item: Any, signer: Any, at: dt.datetime) -> Any:
    """Revision 1, as workflow._snapshot writes it."""
    from gongkai.publishing.models import ItemRevision
    from gongkai.publishing.workflow import SNAPSHOT_FIELDS

    return ItemRevision(
        item=item,
        number=1,
        title=item.title,
        body_html=item.body_html,
        doc_number=item.doc_number,
        written_on=item.written_on,
        change_note="",
        formed_on=item.formed_on,
        due_on=item.publish_due_on,
        published_at=at,
        published_by=signer,
        **{name: getattr(item, name) for name in SNAPSHOT_FIELDS},
    )


def write_batch(maker: Maker, count: int) -> list[int]:
    """One transaction: items, revisions, the published_revision link, extensions, events."""
    from django.db import transaction
    from django.db.models import OuterRef, Subquery

    from gongkai.audit.services import record
    from gongkai.publishing.models import Item, ItemEvent, ItemRevision

    kinds = sorted((maker.rng.choice(maker.kinds) for _ in range(count)), key=lambda k: k != "policy")
    with transaction.atomic():
        made = [maker.item(kind) for kind in kinds]
        items = Item.objects.bulk_create([item for item, _at in made])
        times = [at for _item, at in made]
        revisions = ItemRevision.objects.bulk_create(
            [revision_of(i, maker.signer, at) for i, at in zip(items, times, strict=True)]
        )
        ids = [i.pk for i in items]
        first = ItemRevision.objects.filter(item=OuterRef("pk")).order_by("number").values("pk")[:1]
        Item.objects.filter(pk__in=ids).update(published_revision=Subquery(first))
        extensions(maker, items, revisions)
        ItemEvent.objects.bulk_create(
            ItemEvent(item=i, action="publish", actor=maker.signer, note="", at=at)
            for i, at in zip(items, times, strict=True)
        )
        after = {"count": len(ids), "first_id": ids[0], "last_id": ids[-1]}
        record(None, "item.imported", object_type="publishing.item", unit=items[0].unit, after=after, note="bench.bulk")
    return ids


def extensions(maker: Maker, items: list[Any], revisions: list[Any]) -> None:
    """The kind's own rows and their snapshot, as policies.after_publish and the services write."""
    from gongkai.participation.models import Consultation, KnowledgeEntry
    from gongkai.policies.docnumber import normalise_doc_number
    from gongkai.policies.models import (
        Interpretation,
        InterpretationRevision,
        Level,
        PolicyDocument,
        PolicyRevision,
    )

    pairs = list(zip(items, revisions, strict=True))
    documents = PolicyDocument.objects.bulk_create(
        PolicyDocument(
            item=i, issuer=i.unit.name, level=Level.DISTRICT, doc_number_key=normalise_doc_number(i.doc_number)
        )
        for i, _r in pairs
        if i.kind == "policy"
    )
    PolicyRevision.objects.bulk_create(
        PolicyRevision(revision=r, issuer=i.unit.name, level=Level.DISTRICT) for i, r in pairs if i.kind == "policy"
    )
    maker.documents += documents
    meta = {"agency": "康巴什区司法局", "person": "王明", "phone": "0477-8581234"}
    chosen = {i.pk: maker.rng.choice(maker.documents) for i, _r in pairs if i.kind == "interpretation"}
    Interpretation.objects.bulk_create(
        Interpretation(item=i, document=chosen[i.pk], **meta) for i, _r in pairs if i.kind == "interpretation"
    )
    InterpretationRevision.objects.bulk_create(
        InterpretationRevision(revision=r, document=chosen[i.pk], **meta)
        for i, r in pairs
        if i.kind == "interpretation"
    )
    KnowledgeEntry.objects.bulk_create(
        KnowledgeEntry(item=i, created_by=maker.editor) for i, _r in pairs if i.kind == "answer"
    )
    Consultation.objects.bulk_create(
        Consultation(item=i, opens_on=i.formed_on, closes_on=i.formed_on + dt.timedelta(days=30), historical=True)
        for i, _r in pairs
        if i.kind == "consultation"
    )


def save_counters(maker: Maker) -> None:
    """The IndexCounter rows the serials came from, counted on (the next real publication follows)."""
    from gongkai.publishing.models import IndexCounter

    for (unit_id, year), serial in maker.counters.items():
        IndexCounter.objects.update_or_create(unit_id=unit_id, year=year, defaults={"last_serial": serial})


def published_count() -> int:
    from gongkai.publishing.models import Item

    return Item.objects.exclude(published_revision=None).count()


def timed(label: str, timings: dict[str, float], fn: Any, *args: Any, **kwargs: Any) -> Any:
    started = time.perf_counter()
    result = fn(*args, **kwargs)
    timings[label] = time.perf_counter() - started
    print(f"[bulk] {label}: {timings[label]:.1f} s", flush=True)
    return result


def synthesize(size: int, index: bool) -> int:
    """Write the missing documents batch by batch; with ``index``, each committed batch goes to
    the search index as the pipeline's after-commit job sends it (search.hooks.documents_changed)."""
    from gongkai.search.hooks import documents_changed

    maker = Maker()
    missing = size - published_count()
    done = 0
    while done < missing:
        ids = write_batch(maker, min(BATCH, missing - done))
        if index:
            documents_changed(ids)
        done += len(ids)
        if done % 10000 < BATCH:
            print(f"[bulk] … {done}/{missing} synthetic documents", flush=True)
    save_counters(maker)
    return done


def run(size: int, index: str) -> dict[str, float]:
    import django

    django.setup()
    from django.core.management import call_command

    timings: dict[str, float] = {}
    timed("migrate", timings, call_command, "migrate", verbosity=0)
    timed("seed_demo", timings, call_command, "seed_demo", verbosity=0, stdout=io.StringIO())
    timed(
        "import_policies",
        timings,
        call_command,
        "import_policies",
        str(CORPUS),
        verbosity=0,
        stdout=io.StringIO(),
    )
    label = "synthetic documents" + (", indexed batch by batch" if index == "batches" else "")
    made = timed(label, timings, synthesize, size, index == "batches")
    print(f"[bulk] {made} synthetic documents written; {published_count()} published in all", flush=True)
    if index == "reindex":
        timed("reindex (manage.py reindex)", timings, call_command, "reindex", stdout=io.StringIO())
    timed("statistics (PostgreSQL: VACUUM ANALYZE)", timings, gather_statistics)
    timings["total"] = sum(timings.values())
    print(f"[bulk] total {timings['total']:.1f} s", flush=True)
    return timings


def gather_statistics() -> None:
    """PostgreSQL: what autovacuum does to a live site within minutes of a large load: without it the
    planner knows nothing of the 100,000 rows, and PostgreSQL's visibility map is empty, so a
    count reads the table instead of the index (a bench on a freshly loaded base measured the
    load, not the site: the API list 97 ms before, 11 ms after). SQLite is left as a live SQLite
    site is: nothing there runs ANALYZE, and the lists' plans are chosen for that."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=100_000, help="published documents in all")
    parser.add_argument(
        "--data-dir", required=True, help="GONGKAI_DATA_DIR: media, and SQLite and tantivy unless --database-url"
    )
    parser.add_argument("--database-url", help="postgres://… (created if missing; the data dir then holds media)")
    parser.add_argument(
        "--index",
        choices=["batches", "reindex", "none"],
        default="batches",
        help="index each synthetic batch after its commit (default), rebuild all at the end, or leave it",
    )
    args = parser.parse_args()
    configure(args.data_dir, args.database_url)
    sys.path.insert(0, str(ROOT))
    run(args.size, args.index)


if __name__ == "__main__":
    main()
