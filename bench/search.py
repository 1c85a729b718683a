"""Search benchmark (not a test): index build and query latency on the real corpus and on a
~100,000-document set, and recall@10 / MRR per query kind on a development and a report half.

Run: .venv/bin/python -m bench.search [--size 100000] [--half report]
Numbers go to docs/benchmarks.md (machine, date, command).

Query kinds (written/generated here, never from the report half into the code):
- topic: two or three content words of a document's title, as a person would type them;
- title: a fragment of the title (6–12 characters);
- phrase: a 10–16 character span of the body;
- docno: the 文号 retyped with [] or () brackets and sometimes full-width digits;
- short: a common short name (个保法 …) of a law, hand-written below.
Each query has one known target (any version of a law with the same title counts).

Specific queries: a generated query whose words (topic), fragment (title) or span (phrase) occur
in more than SPECIFIC distinct titles of the corpus cannot be answered by any ranking (its
target is one of many equal answers: 青岛市 管理条例, 国务院 关于), so recall is reported both over
all generated queries and over the specific ones. At 100k, chapter copies of one document count
once (the top 300 hits are collapsed to their sources before the top ten are taken): a real
collection does not hold thirty copies of one title.

Development sets have odd seeds (11, and 13 with --per-kind 150), report sets even ones (22,
24); --misses prints a development set's missed queries and refuses a report set.

--files (issue 24: search reads attachments): every document carries one file, a chapter of
another document (an annex quoting it), so that file text competes with titles and bodies for
every query above, whose figures must not drop; and FORWARDS notices forward a document as a
file (关于转发上级文件的通知（n）, the file named after the document and holding its body: the
notice's title does not repeat the document's, so that the notices compete with the corpus
through their files only). A "file" query is a body phrase of
a forwarded document: the notice holds it only in its file and must be found (recall@10, MRR of
the notice), and below the document itself, which holds it in its body ("body first"). The
generated queries of the other kinds are the same with or without --files.
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import json
import os
import random
import re
import statistics
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "laws.jsonl.gz"
# Hand-written: short name → full title in the corpus. Dev half = even lines, report = odd lines.
SHORT_NAMES = [
    ("个保法", "中华人民共和国个人信息保护法"),
    ("反诈法", "中华人民共和国反电信网络诈骗法"),
    ("网安法", "中华人民共和国网络安全法"),
    ("数安法", "中华人民共和国数据安全法"),
    ("行诉法", "中华人民共和国行政诉讼法"),
    ("民诉法", "中华人民共和国民事诉讼法"),
    ("刑诉法", "中华人民共和国刑事诉讼法"),
    ("食安法", "中华人民共和国食品安全法"),
    ("环保法", "中华人民共和国环境保护法"),
    ("消保法", "中华人民共和国消费者权益保护法"),
    ("未保法", "中华人民共和国未成年人保护法"),
    ("信息公开条例", "中华人民共和国政府信息公开条例"),
    ("电商法", "中华人民共和国电子商务法"),
    ("道交法", "中华人民共和国道路交通安全法"),
    ("国赔法", "中华人民共和国国家赔偿法"),
    ("治安处罚法", "中华人民共和国治安管理处罚法"),
    ("老年法", "中华人民共和国老年人权益保障法"),
    ("妇女法", "中华人民共和国妇女权益保障法"),
    ("营商环境条例", "优化营商环境条例"),
    ("社会救助办法", "社会救助暂行办法"),
]
FREQUENT = ["人民", "管理", "政府"]
# At 100k, documents beyond the corpus are chapters copied from it (id → source document): a
# copy holds the very text a query was taken from, so finding it counts as finding the source.
COPY_OF: dict[int, int] = {}
# Words nobody types to find one particular document: they name the form, not the subject.
GENERIC = frozenset(
    [
        "条例",
        "办法",
        "规定",
        "决定",
        "解释",
        "实施",
        "管理",
        "若干",
        "问题",
        "关于",
        "中华人民共和国",
        "最高人民法院",
        "最高人民检察院",
        "暂行",
        "试行",
        "细则",
        "规则",
        "工作",
        "修改",
        "废止",
        "适用",
        "法律",
        "审理",
        "案件",
        "具体",
        "应用",
        "有关",
    ]
)


def load_corpus() -> list[dict[str, object]]:
    with gzip.open(CORPUS, "rt", encoding="utf-8") as lines:
        docs = [json.loads(line) for line in lines]
    return [d for d in docs if d["category"] != "案例"]


def body_of(doc: dict[str, object]) -> str:
    text = str(doc["body"])
    return text.split("<!-- INFO END -->", 1)[-1]


def retype_number(number: str, rng: random.Random) -> str:
    left, right = rng.choice([("[", "]"), ("(", ")"), ("（", "）")])
    typed = number.replace("〔", left).replace("〕", right)
    if rng.random() < 0.3:
        typed = typed.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    return typed


def _topic(title: str, body: str, d: dict[str, object], rng: random.Random) -> str | None:
    from gongkai.search.text import phrase_tokens

    words = [w for w in phrase_tokens(title.removeprefix("中华人民共和国")) if len(w) > 1]
    subject = [w for w in words if w not in GENERIC]
    if len(words) < 2 or not subject:
        return None
    chosen = rng.choice(subject)
    rest = [w for w in words if w != chosen]
    return " ".join([chosen, *rng.sample(rest, k=min(len(rest), rng.choice([1, 2])))])


def _title(title: str, body: str, d: dict[str, object], rng: random.Random) -> str | None:
    if len(title) < 10:
        return None
    size = rng.randint(6, min(12, len(title) - 2))
    start = rng.randrange(0, len(title) - size)
    return title[start : start + size]


def _phrase(title: str, body: str, d: dict[str, object], rng: random.Random) -> str | None:
    spans = [s for s in re.split(r"[，。；：、（）《》“”]", body) if len(s) >= 16]
    if not spans:
        return None
    span = rng.choice(spans)
    start = rng.randrange(0, len(span) - 15)
    return span[start : start + rng.randint(10, 16)]


def _docno(title: str, body: str, d: dict[str, object], rng: random.Random) -> str | None:
    return retype_number(str(d["doc_number"]), rng) if d.get("doc_number") else None


MAKERS = {"topic": _topic, "title": _title, "phrase": _phrase, "docno": _docno}
SPECIFIC = 10  # at most this many distinct titles hold what the query asks for


def _holds(kind: str, text: str, title: str, body: str) -> bool:
    """Whether a document answers the query as well as its target does (as typed)."""
    if kind == "topic":
        return all(word in title for word in text.split())
    if kind == "title":
        return text in title
    return text in body  # phrase


def answers(kind: str, text: str, texts: list[tuple[str, str]]) -> int:
    """How many distinct titles answer the query; docno and short names: their target only."""
    if kind not in ("topic", "title", "phrase"):
        return 1
    return len({title for title, body in texts if _holds(kind, text, title, body)})


Queries = list[tuple[str, str, set[int], bool]]  # kind, text, targets, specific


def make_queries(docs: list[dict[str, object]], seed: int, per_kind: int) -> Queries:
    rng = random.Random(seed)
    by_title: dict[str, set[int]] = defaultdict(set)
    for i, d in enumerate(docs):
        by_title[str(d["title"])].add(i)
    texts = [(str(d["title"]), re.sub(r"[#\s*>]+", "", body_of(d))) for d in docs]
    queries: Queries = []
    for kind, maker in MAKERS.items():
        made = 0
        while made < per_kind:
            n = rng.randrange(len(docs))
            text = maker(*texts[n], docs[n], rng)
            if text:
                specific = answers(kind, text, texts) <= SPECIFIC
                queries.append((kind, text, by_title[texts[n][0]], specific))
                made += 1
    half = 0 if seed % 2 else 1
    for n, (short, full) in enumerate(SHORT_NAMES):
        if n % 2 == half and by_title.get(full):
            queries.append(("short", short, by_title[full], True))
    return queries


def record(pk: int, title: str, body: str, number: str, files: str = "") -> Any:
    from gongkai.search.documents import SearchDocument
    from gongkai.search.text import doc_number_key

    return SearchDocument(
        id=pk,
        source_id=None,
        kind="policy",
        title=title,
        body=body,
        doc_number=doc_number_key(number) if number else "",
        unit_id=1,
        unit="",
        year=2020,
        validity="valid",
        level="national",
        published_on=None,
        files=files,
    )


def documents(docs: list[dict[str, object]], size: int) -> list[object]:
    """The corpus as search records; beyond its size, chapters repeated as extra documents."""
    records = [record(i, str(d["title"]), body_of(d), str(d.get("doc_number") or "")) for i, d in enumerate(docs)]
    chapters = [
        (i, str(d["title"]), part) for i, d in enumerate(docs) for part in body_of(d).split("\n## ") if len(part) > 200
    ]
    rng = random.Random(7)
    while len(records) < size:
        source, title, part = rng.choice(chapters)
        COPY_OF[len(records)] = source
        records.append(record(len(records), f"{title}（节选）", part, ""))
    return records[:size]


FORWARDS = 100  # --files: notices forwarding a document as their file
NOTICE_OF: dict[int, int] = {}  # notice id → the document it forwards


def with_files(records: list[Any], docs: list[dict[str, object]], seed: int = 5) -> list[Any]:
    """--files: each record with a chapter of another document as its file, and the notices."""
    rng = random.Random(seed)
    chapters = [(i, part) for i, d in enumerate(docs) for part in body_of(d).split("\n## ") if len(part) > 200]
    out = []
    for doc in records:
        source, part = rng.choice(chapters)
        while source == COPY_OF.get(doc.id, doc.id):
            source, part = rng.choice(chapters)
        out.append(dataclasses.replace(doc, files=f"附件{rng.randint(1, 9)}.pdf\n{part}"))
    for source in rng.sample(range(len(docs)), FORWARDS):
        title = str(docs[source]["title"])
        NOTICE_OF[len(out)] = source
        body = "现将该文件转发给你们，请认真贯彻执行。"
        out.append(
            record(
                len(out),
                f"关于转发上级文件的通知（{len(NOTICE_OF)}）",
                body,
                "",
                files=f"{title}.pdf\n{body_of(docs[source])}",
            )
        )
    return out


def file_queries(docs: list[dict[str, object]], seed: int) -> list[tuple[str, int, set[int], bool]]:
    """A body phrase of each forwarded document: (text, the notice, the document's ids, specific)."""
    rng = random.Random(seed + 1000)  # the same parity: a development seed stays one
    by_title: dict[str, set[int]] = defaultdict(set)
    for i, d in enumerate(docs):
        by_title[str(d["title"])].add(i)
    texts = [(str(d["title"]), re.sub(r"[#\s*>]+", "", body_of(d))) for d in docs]
    queries = []
    for notice, source in NOTICE_OF.items():
        text = _phrase(*texts[source], docs[source], rng)
        if text:
            specific = answers("phrase", text, texts) <= SPECIFIC
            queries.append((text, notice, by_title[texts[source][0]], specific))
    return queries


def measure_files(queries: list[tuple[str, int, set[int], bool]]) -> None:
    from gongkai.search.engine import search

    for label, chosen in [("specific", [q for q in queries if q[3]]), ("all", queries)]:
        found_at, body_first = [], 0
        for text, notice, documents_, _specific in chosen:
            hits = search(text, limit=10 if not COPY_OF else 300).hits
            ranked = list(dict.fromkeys(COPY_OF.get(h.id, h.id) for h in hits))
            rank = next((r for r, pk in enumerate(ranked, 1) if pk == notice), None)
            found_at.append(rank if rank and rank <= 10 else None)
            first = next((r for r, pk in enumerate(ranked, 1) if pk in documents_), None)
            body_first += bool(first and (rank is None or first < rank))
        n = len(chosen)
        recall = sum(1 for r in found_at if r) / n
        mrr = sum(1 / r for r in found_at if r) / n
        print(f"  file    ({label}) recall@10 {recall:.2f}  MRR {mrr:.2f}  body first {body_first / n:.2f}  (n={n})")


def measure(queries: Queries, misses: bool = False) -> dict[str, tuple[float, float, int]]:
    from gongkai.search.engine import search

    ranks: dict[str, list[int | None]] = defaultdict(list)
    for kind, text, targets, _specific in queries:
        found = search(text, limit=10 if not COPY_OF else 300).hits
        sources = [COPY_OF.get(h.id, h.id) for h in found]
        hits = list(dict.fromkeys(sources))[:10]  # a document and its chapter copies count once
        rank = next((r for r, pk in enumerate(hits, 1) if pk in targets), None)
        ranks[kind].append(rank)
        if misses and not rank:  # development half only: what the ranking gets wrong
            print(f"MISS {kind} {text!r} → target {sorted(targets)[:3]}; got {[h.title[:20] for h in found[:5]]}")
    result = {}
    for kind, values in ranks.items():
        recall = sum(1 for r in values if r) / len(values)
        mrr = sum(1 / r for r in values if r) / len(values)
        result[kind] = (recall, mrr, len(values))
    return result


def latency(queries: list[str]) -> tuple[float, float, float]:
    from gongkai.search.engine import search

    for text in queries[:20]:
        search(text)  # warm-up
    timings = []
    for text in queries:
        started = time.perf_counter()
        search(text, limit=10)
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95) - 1], timings[-1]


def setup(tmp: str) -> None:
    os.environ["GONGKAI_DATA_DIR"] = tmp
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _index_bytes(path: str | None) -> int:
    """The index folder (tantivy), or the search tables with their indexes (PostgreSQL)."""
    if path:
        return sum(f.stat().st_size for f in Path(path).rglob("*") if f.is_file())
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_total_relation_size('search_searchentry') + pg_total_relation_size('search_searchfilechunk')"
        )
        return int(cursor.fetchone()[0])


def run(
    size: int, half: str, misses: bool = False, per_kind: int = 30, seed: int | None = None, files: bool = False
) -> None:
    from gongkai.search.backends import get_backend

    docs = load_corpus()
    records = documents(docs, size)
    if files:
        records = with_files(records, docs)
    backend = get_backend()
    started = time.perf_counter()
    for start in range(0, len(records), 2000):
        backend.index(records[start : start + 2000])
    built = time.perf_counter() - started
    from django.conf import settings

    tantivy = settings.SEARCH_BACKEND.endswith("TantivyBackend")
    index_bytes = _index_bytes(settings.SEARCH_OPTIONS["path"] if tantivy else None)
    queries = make_queries(docs, seed or (11 if half == "dev" else 22), per_kind=per_kind)
    quality = measure([q for q in queries if q[3]], misses=misses)
    everything = measure(queries)
    p50, p95, worst = latency([q[1] for q in queries] * 2)
    frequent = {w: latency([w] * 30)[1] for w in FREQUENT}
    print(f"documents {len(records)}  index {built:.1f} s  size {index_bytes / 1e6:.0f} MB")
    print(f"latency all queries p50 {p50:.1f} ms  p95 {p95:.1f} ms  max {worst:.1f} ms")
    print("frequent words p95: " + ", ".join(f"{w} {ms:.1f} ms" for w, ms in frequent.items()))
    for label, result in [("specific queries", quality), ("all generated queries", everything)]:
        total = sum(n for _r, _m, n in result.values())
        overall = sum(r * n for r, _m, n in result.values()) / total
        print(f"{half} half, {label}: recall@10 {overall:.2f} over {total} queries")
        for kind, (recall, mrr, n) in sorted(result.items()):
            print(f"  {kind:7} recall@10 {recall:.2f}  MRR {mrr:.2f}  (n={n})")
    if files:
        print(f"{FORWARDS} documents forwarded as files; a body phrase of each:")
        measure_files(file_queries(docs, seed or (11 if half == "dev" else 22)))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=0, help="documents (default: the corpus itself)")
    parser.add_argument("--half", choices=["dev", "report"], default="report")
    parser.add_argument("--per-kind", type=int, default=30, help="generated queries per kind")
    parser.add_argument("--seed", type=int, help="another query set: odd seeds development, even ones report")
    parser.add_argument("--misses", action="store_true", help="print the missed queries (development half only)")
    parser.add_argument("--files", action="store_true", help="documents carry files (attachments): see above")
    args = parser.parse_args()
    if args.seed is not None and args.seed % 2 != (args.half == "dev"):
        parser.error("development sets have odd seeds, report sets even ones")
    if args.misses and args.half != "dev":
        parser.error("--misses shows the development half only: the report half is never looked into")
    with tempfile.TemporaryDirectory() as tmp:
        setup(tmp)
        run(args.size or len(load_corpus()), args.half, args.misses, args.per_kind, args.seed, args.files)


if __name__ == "__main__":
    main()
