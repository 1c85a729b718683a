"""Search page benchmark (issue 18, Measure; not a test): the engine's own time against the
whole public search page's, on an existing data directory, warm, without the page cache.

Run (a data dir built with migrate, seed_demo and import_policies):
    GONGKAI_DATA_DIR=/tmp/var .venv/bin/python -m bench.searchpage [--per-kind 10] [--rounds 15] [--api]

The goal (RULINGS.md 4): the page within 5 ms of the engine's own time. For every query, each
round asks the engine (gongkai.search.engine.search, what took_ms reports) and then the page
(Django's test Client: URL routing, middleware, view, results, template), one after the other,
so both see the same machine; the difference is taken per query and round. Printed: median and
p95 of the engine, of the page and of the difference, in wall time and in this thread's CPU
time (the CPU time is steadier on a machine shared with other work), and the number of queries
the page makes (min–max over the queries: it must not vary with the number of hits).

Queries: bench/search.py's kinds (topic, title fragment, body phrase, 文号 retyped, short name;
the development seed), and a fixed list of everyday ones, some with filters.
"""

from __future__ import annotations

import argparse
import functools
import os
import statistics
import time
from collections.abc import Callable
from typing import Any

EVERYDAY: list[dict[str, str]] = [
    {"q": "最低生活保障"},
    {"q": "低保"},
    {"q": "民法典"},
    {"q": "个保法"},
    {"q": "政府信息公开"},
    {"q": "国办发〔2020〕1号"},
    {"q": "低保", "kind": "item"},
    {"q": "管理办法", "validity": "valid"},
    {"q": "条例", "year": "2020"},
]


def queries(per_kind: int) -> list[dict[str, str]]:
    """The generated queries of bench/search.py (development seed) and the everyday ones."""
    from bench.search import load_corpus, make_queries

    made = [{"q": text} for _kind, text, _targets, _specific in make_queries(load_corpus(), 11, per_kind)]
    return made + EVERYDAY


def _timed(call: Callable[[], Any]) -> tuple[float, float, Any]:
    wall, cpu = time.perf_counter(), time.thread_time()
    result = call()
    return (time.perf_counter() - wall) * 1000, (time.thread_time() - cpu) * 1000, result


def _summary(label: str, values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
    return f"{label} median {statistics.median(ordered):6.2f} ms  p95 {p95:6.2f} ms"


def measure(params: list[dict[str, str]], rounds: int, path: str) -> None:
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from gongkai.search.documents import Filters
    from gongkai.search.engine import search

    settings.PAGE_CACHE = False  # the live path: what the page costs when nothing is cached
    client = Client()

    def engine(p: dict[str, str]) -> Any:
        year = int(p["year"]) if p.get("year") else None
        filters = Filters(kind=p.get("kind"), validity=p.get("validity"), year=year)
        return search(p["q"], filters, offset=0, limit=10)

    counts = []
    for p in params:  # warm: the first search of a text records it (hot topics), caches fill
        client.get(path, p)
        engine(p)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path, p).status_code == 200
        counts.append(len(captured))
    names = ("engine", "page", "diff", "engine_cpu", "page_cpu", "diff_cpu")
    series: dict[str, list[float]] = {name: [] for name in names}
    for _round in range(rounds):
        for p in params:
            engine_wall, engine_cpu, _found = _timed(functools.partial(engine, p))
            page_wall, page_cpu, _response = _timed(functools.partial(client.get, path, p))
            series["engine"].append(engine_wall)
            series["page"].append(page_wall)
            series["diff"].append(page_wall - engine_wall)
            series["engine_cpu"].append(engine_cpu)
            series["page_cpu"].append(page_cpu)
            series["diff_cpu"].append(page_cpu - engine_cpu)
    print(f"{path}: {len(params)} queries x {rounds} rounds; queries per page {min(counts)}–{max(counts)}")
    for clock, suffix in (("wall", ""), ("cpu ", "_cpu")):
        print(
            f"  {clock}  " + "  |  ".join(_summary(name, series[name + suffix]) for name in ("engine", "page", "diff"))
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--per-kind", type=int, default=10, help="generated queries per kind (bench/search.py)")
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--api", action="store_true", help="also GET /api/v1/search the same way")
    args = parser.parse_args()
    if not os.environ.get("GONGKAI_DATA_DIR"):
        parser.error("set GONGKAI_DATA_DIR to a data directory with documents (see the docstring)")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    import django

    django.setup()
    params = queries(args.per_kind)
    measure(params, args.rounds, "/search/")
    if args.api:
        measure(params, args.rounds, "/api/v1/search")


if __name__ == "__main__":
    main()
