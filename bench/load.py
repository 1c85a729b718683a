"""Load run (issue 18, point 4): N concurrent visitors for D seconds against a running site,
with a realistic mix, reported per page kind. Not a test.

A small asyncio HTTP/1.1 client on raw streams (no new dependency; Locust is not installed):
one connection per visitor, kept alive when the server keeps it (gunicorn's sync workers close
it after each answer; the client then reconnects, which is part of what a visitor costs).

    .venv/bin/python -m bench.load --base http://127.0.0.1:8000 --users 200 --duration 300 \\
        --database-url postgres://postgres@127.0.0.1:5432/bench100k --receipts /tmp/receipts.jsonl
    .venv/bin/python -m bench.load --check-receipts /tmp/receipts.jsonl --database-url …
    .venv/bin/python -m bench.load --serve --data-dir /tmp/bench100k-pg --database-url … (its own gunicorn)

Mix per visitor request (weights in MIX): home, columns (domain / unit / topic), item pages
(random published ids from the database), the policy library with filters, searches (real query
words: common subjects and title fragments of the data), feeds, the public API list. Beside the
visitors, public applications (依申请公开) and inquiries (政务咨询) are submitted at
``--posts-per-minute`` (default 6: a busy day's hour compressed, still "low"), each flow as a
citizen does it: GET the form, POST it with its CSRF token and the CAPTCHA answered, follow the
303 to the receipt. The CAPTCHA is answered as the project's tests answer it (portal/captcha.py:
the digits are an HMAC of the token's nonce under the site's SECRET_KEY: ``--secret-key``, by
default $SECRET_KEY, the data dir's demo key, or bench/serve.py's). The database (``--data-dir``
for SQLite or ``--database-url``) gives the item ids and words asked for. Each visitor and each citizen has its
own address in X-Forwarded-For, as behind the recommended nginx: run the server with
GONGKAI_TRUSTED_PROXIES=127.0.0.1 so the per-address rate limits (RULINGS.md 14) count citizens,
not the load client; nothing else needs changing.

Every accepted POST (303 to a receipt) is written to ``--receipts`` (JSON Lines: kind, tracking
code, time), so a fault run can check afterwards that every accepted application is in the
database (``--check-receipts``).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from bench.loadclient import Connection, Stats, timed
from bench.loaddata import Targets, check_receipts
from bench.serve import SECRET

MIX = [
    ("home", 14),
    ("column", 12),
    ("item", 36),
    ("library", 10),
    ("search", 12),
    ("feed", 6),
    ("api", 10),
]
ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def address(rng: random.Random) -> str:
    """A visitor's own address (documentation range 198.18.0.0/15: never a real one)."""
    return f"198.{rng.randint(18, 19)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"


def path_for(kind: str, targets: Targets, rng: random.Random) -> str:
    if kind == "home":
        return "/"
    if kind == "column":
        choice = rng.random()
        if choice < 0.4 and targets.domains:
            return f"/xxgk/statutory/domain/{rng.choice(targets.domains)}/"
        if choice < 0.7:
            return f"/xxgk/statutory/unit/{rng.choice(targets.units)}/"
        return f"/xxgk/statutory/topic/{rng.choice(targets.topics)}/"
    if kind == "item":
        return f"/xxgk/items/{rng.choice(targets.items)}/"
    if kind == "library":
        choices: list[dict[str, object]] = [
            {}, {"level": "national"}, {"validity": "valid"}, {"level": "district"}, {"year": rng.randint(2016, 2026)},
        ]  # fmt: skip
        params = dict(rng.choice(choices))
        if rng.random() < 0.2:
            params["page"] = rng.randint(2, 5)
        return "/xxgk/policies/" + (f"?{urlencode(params)}" if params else "")
    if kind == "search":
        return "/search/?" + urlencode({"q": rng.choice(targets.words)})
    if kind == "feed":
        return rng.choice(["/feeds/items/rss/", "/feeds/items/atom/", f"/feeds/units/{rng.choice(targets.units)}/rss/"])
    if kind == "api":
        page = 1 if rng.random() < 0.7 else rng.randint(2, 10)
        return f"/api/v1/public/items?page={page}"
    raise ValueError(kind)


async def visitor(n: int, args: Any, targets: Targets, stats: Stats, until: float) -> None:
    """One visitor: every page kind once in a shuffled order (finished even past the deadline, so
    a short run reports each kind), then kinds drawn by MIX's weights until the deadline, with an
    exponential think time between pages."""
    rng = random.Random(args.seed * 100_003 + n)
    kinds = [k for k, w in MIX for _ in range(w)]
    first = [k for k, _w in MIX]
    rng.shuffle(first)
    conn = Connection(args.host, args.port, address(rng))
    await asyncio.sleep(rng.random() * min(2.0, args.think or 0.2))  # visitors do not all arrive at once
    while first or time.monotonic() < until:
        kind = first.pop() if first else rng.choice(kinds)
        await timed(stats, kind, conn, "GET", path_for(kind, targets, rng), expect=(200,))
        if args.think:
            await asyncio.sleep(rng.expovariate(1 / args.think))
    await conn.close()


def id_number(rng: random.Random) -> str:
    """A valid 18-digit resident ID number (GB 11643 check character) of the district's prefix."""
    first = f"150602{rng.randint(1950, 2005)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(100, 999)}"
    return first + "10X98765432"[sum(int(c) * w for c, w in zip(first, ID_WEIGHTS, strict=True)) % 11]


def _field(html: str, name: str) -> str:
    match = re.search(rf'name="{name}"[^>]*?value="([^"]*)"', html) or re.search(
        rf'value="([^"]*)"[^>]*?name="{name}"', html
    )
    return match.group(1) if match else ""


def _first_unit(html: str) -> str:
    match = re.search(r'name="unit".*?<option value="(\d+)"', html, re.S)
    return match.group(1) if match else ""


def filled(kind: str, html: str, answer: str, rng: random.Random) -> dict[str, str]:
    """The form as a citizen fills it (the same answers as tests/portal/test_foi_pages.py)."""
    common = {"csrfmiddlewaretoken": _field(html, "csrfmiddlewaretoken"), "unit": _first_unit(html)}
    common |= {"captcha_0": _field(html, "captcha_0"), "captcha_1": answer}
    if kind == "inquiry":
        return common | {
            "subject": f"关于城乡居民最低生活保障标准的咨询（{rng.randint(1, 10**6)}）",
            "body": "请问2026年本区城乡居民最低生活保障标准是多少？申请需要准备哪些材料？",
            "name": "王淑芬", "phone": f"139{rng.randint(10**7, 10**8 - 1)}", "public": "on",
        }  # fmt: skip
    return common | {
        "applicant_type": "natural_person", "name": "王淑芬", "id_number": id_number(rng),
        "contact_person": "", "phone": f"139{rng.randint(10**7, 10**8 - 1)}", "email": "wangshufen@example.com",
        "address": "康巴什区青春山街道某小区8号楼", "postcode": "017010",
        "description": f"2026年城乡居民最低生活保障标准调整的通知及测算依据（第{rng.randint(1, 10**6)}号）",
        "doc_number": "康民发〔2026〕12号", "form": "electronic", "delivery": "email",
    }  # fmt: skip


FORMS = {"apply": "/xxgk/apply/", "inquiry": "/hudong/inquiries/"}


async def citizen(kind: str, args: Any, targets: Targets, stats: Stats, rng: random.Random) -> None:
    """GET the form, POST it (CSRF token, CAPTCHA answered), follow the 303 to the receipt."""
    conn = Connection(args.host, args.port, address(rng))
    url = FORMS[kind]
    got = await timed(stats, f"{kind}_form", conn, "GET", url)
    if got is None or got[0] != 200:
        return await conn.close()
    html = got[2].decode("utf-8", "replace")
    answer = await asyncio.to_thread(targets.db.captcha_answer, _field(html, "captcha_0"), args.secret_key) or ""
    body = urlencode(filled(kind, html, answer, rng)).encode()
    headers = {"Origin": args.origin, "Referer": args.origin + url}
    got = await timed(stats, f"{kind}_post", conn, "POST", url, body, expect=(303,), headers=headers)
    location = got[1].get("location", "") if got else ""
    match = re.search(r"/receipt/([^/]+)/", location)
    if got and got[0] == 303 and match:
        receipt = {"kind": kind, "code": match.group(1), "status": 303, "at": time.time()}
        stats.receipts.append(receipt)
        if args.receipts:
            with open(args.receipts, "a", encoding="utf-8") as out:
                out.write(json.dumps(receipt) + "\n")
        await timed(stats, f"{kind}_receipt", conn, "GET", urlsplit(location).path)
    await conn.close()


async def poster(args: Any, targets: Targets, stats: Stats, until: float) -> None:
    """Applications and inquiries in turn, at ``--posts-per-minute`` (Poisson arrivals). First one
    of each, one after the other, so that even a short run submits both (and a tiny SQLite run is
    not judged by two first writes colliding); never waiting past the deadline."""
    rng = random.Random(args.seed + 7)
    for kind in ("apply", "inquiry"):
        await citizen(kind, args, targets, stats, rng)
    flows, n = [], 0
    while True:
        pause = rng.expovariate(args.posts_per_minute / 60)
        if time.monotonic() + pause >= until:
            break
        await asyncio.sleep(pause)
        flows.append(asyncio.create_task(citizen(("apply", "inquiry")[n % 2], args, targets, stats, rng)))
        n += 1
    await asyncio.gather(*flows)


async def run(args: Any, targets: Targets | None = None) -> Stats:
    """The run; ``targets`` (ids, words) are read from the database unless given (the smoke test)."""
    if targets is None:
        targets = await asyncio.to_thread(Targets.load, args.data_dir, args.database_url, args.seed)
    stats = Stats()
    started = time.monotonic()
    until = started + args.duration
    tasks = [asyncio.create_task(visitor(n, args, targets, stats, until)) for n in range(args.users)]
    if args.posts_per_minute > 0:
        tasks.append(asyncio.create_task(poster(args, targets, stats, until)))
    await asyncio.gather(*tasks)
    stats.elapsed = time.monotonic() - started
    return stats


def parse(argv: list[str] | None = None) -> Any:
    parser = argparse.ArgumentParser(description="gongkai load run (issue 18)")
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--duration", type=float, default=30.0, help="seconds")
    parser.add_argument(
        "--think", type=float, default=1.0, help="mean think time between a visitor's pages (s); 0: none"
    )
    parser.add_argument("--posts-per-minute", type=float, default=6.0, help="applications + inquiries per minute")
    parser.add_argument("--data-dir", help="GONGKAI_DATA_DIR of a SQLite site (ids, CAPTCHA answers)")
    parser.add_argument("--database-url", help="postgres://… of the site (ids, CAPTCHA answers)")
    parser.add_argument("--receipts", help="append every accepted POST here (JSON Lines)")
    parser.add_argument("--json", help="write the per-kind report here too")
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument(
        "--secret-key", help="the site's SECRET_KEY (CAPTCHA answers); default $SECRET_KEY, else the data dir's key"
    )
    parser.add_argument(
        "--serve", action="store_true", help="start gunicorn here (bench/serve.py: production, collected static)"
    )
    parser.add_argument("--workers", type=int, default=2, help="with --serve")
    parser.add_argument("--page-cache", choices=["on", "off"], default="on", help="with --serve: GONGKAI_PAGE_CACHE")
    parser.add_argument("--check-receipts", help="check every receipt of this file is in the database, then exit")
    args = parser.parse_args(argv)
    if not args.data_dir and not args.database_url:
        parser.error("give --data-dir or --database-url (item ids, CAPTCHA answers)")
    if args.serve and not args.data_dir:
        parser.error("--serve needs --data-dir (the site's GONGKAI_DATA_DIR)")
    if args.serve and not args.secret_key:
        args.secret_key = SECRET  # the key bench/serve.py gives the gunicorn it starts
    if not args.secret_key:
        kept = Path(args.data_dir or "/nonexistent") / "secret_key"
        args.secret_key = os.environ.get("SECRET_KEY") or (kept.read_text().strip() if kept.exists() else SECRET)
    args.host, args.port, args.origin = parse_base(args.base)
    return args


def parse_base(base: str) -> tuple[str, int, str]:
    split = urlsplit(base)
    return split.hostname or "127.0.0.1", split.port or 80, f"{split.scheme}://{split.netloc}"


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    if args.check_receipts:
        return check_receipts(args)
    if args.serve:
        from bench.serve import gunicorn, production_env

        env = production_env(args.data_dir, args.database_url, GONGKAI_PAGE_CACHE=str(int(args.page_cache == "on")))
        with gunicorn(env, workers=args.workers, static=False) as base:
            args.base = base
            args.host, args.port, args.origin = parse_base(base)
            stats = asyncio.run(run(args))
    else:
        stats = asyncio.run(run(args))
    served = f", served here: {args.workers} workers, page cache {args.page_cache}" if args.serve else ""
    print(f"{args.users} users, {stats.elapsed:.0f} s, think {args.think} s, base {args.base}{served}")
    print(stats.table())
    if args.json:
        Path(args.json).write_text(json.dumps(stats.summary(), ensure_ascii=False, indent=1))
    return 0 if stats.errors() == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
