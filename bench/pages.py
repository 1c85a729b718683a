"""Per-page throughput for issue 18's table (not a test): wrk ``-t2 -c32`` against a gunicorn of
gongkai (production mode, two sync workers: bench/serve.py), each page alone, beside nginx serving
a saved copy of the home page (the same bytes from disk), and the p95 of one request alone.

    .venv/bin/python -m bench.pages --data-dir /tmp/bench100k-sqlite [--duration 30]
    .venv/bin/python -m bench.pages --data-dir /tmp/bench100k-pg \\
        --database-url postgres://postgres@127.0.0.1:5432/bench100k

Pages: home ``/``, the policy library ``/xxgk/policies/``, an item page (wrk asks for a random one
of 500 published ids each time, through a Lua script, so no single row stays hot), the search page
(random real query words, 最低生活保障 first), ``/api/v1/public/items``. ``--pages`` picks some.
The page cache (gongkai/pagecache.py) is off unless ``--page-cache on``: the issue's goals are
for the pages without any cache (production's file-based cache is used when it is on).
"Alone": ``--single`` sequential requests (after three warm-ups) with nothing else running from
here; p50 and p95 of their wall time. Raw wrk output goes to ``--raw`` (a folder).

The machine is shared (2 cores; wrk runs on them too), as in STACK.md §9: say so beside numbers.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import quote

from bench.loaddata import WORDS, Database
from bench.serve import free_port, gunicorn, production_env

PAGES = ["home", "library", "item", "search", "api"]
FIXED = {"home": "/", "library": "/xxgk/policies/", "api": "/api/v1/public/items"}
NGINX_CONF = """worker_processes 2;
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  client_body_temp_path {dir}/tmp; proxy_temp_path {dir}/tmp; fastcgi_temp_path {dir}/tmp;
  uwsgi_temp_path {dir}/tmp; scgi_temp_path {dir}/tmp;
  types {{ text/html html; }}
  server {{ listen 127.0.0.1:{port}; root {dir}/www; index index.html; }}
}}
"""


def lua_paths(paths: list[str], folder: Path) -> Path:
    """A wrk script asking for a random one of ``paths`` each request."""
    listed = ",".join(json.dumps(p) for p in paths)
    script = folder / f"paths-{len(paths)}-{abs(hash(listed))}.lua"
    script.write_text(
        f"local paths = {{{listed}}}\n"
        "math.randomseed(18)\n"
        "request = function() return wrk.format(nil, paths[math.random(#paths)]) end\n"
    )
    return script


def paths_for(page: str, db: Database) -> list[str]:
    if page in FIXED:
        return [FIXED[page]]
    if page == "item":
        rows = db.rows("SELECT id FROM publishing_item WHERE published_revision_id IS NOT NULL ORDER BY id")
        step = max(1, len(rows) // 500)
        chosen = [f"/xxgk/items/{r[0]}/" for r in rows[::step][:500]]
        random.Random(18).shuffle(chosen)  # "alone" takes the first ones: not only the lowest ids (the laws)
        return chosen
    return ["/search/?q=" + quote(w) for w in WORDS]  # search: 最低生活保障 first


def single(base: str, paths: list[str], count: int, budget: float = 120) -> dict[str, Any]:
    """p50/p95 of up to ``count`` sequential requests (``paths`` in turn) after three warm-ups,
    within ``budget`` seconds; a request that fails or outlives gunicorn's 30 s worker timeout is
    counted in ``failed``, not timed."""
    times: list[float] = []
    failed, deadline = 0, time.monotonic() + budget
    for n in range(count + 3):
        if time.monotonic() > deadline and n > 3:
            break
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(base + paths[n % len(paths)], timeout=35) as answer:  # noqa: S310 (loopback)
                answer.read()
        except OSError:  # URLError, HTTPError, timeouts, resets
            failed += 1
            continue
        if n >= 3:
            times.append((time.perf_counter() - started) * 1000)
    times.sort()
    if not times:
        return {"p50_ms": None, "p95_ms": None, "alone_n": 0, "alone_failed": failed}
    p95 = times[max(0, int(len(times) * 0.95) - 1)]
    return {
        "p50_ms": round(times[len(times) // 2], 1),
        "p95_ms": round(p95, 1),
        "alone_n": len(times),
        "alone_failed": failed,
    }


def wrk(url: str, duration: int, connections: int, script: Path | None, raw: Path, label: str) -> dict[str, Any]:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", "--timeout", "2s"]
    if script:
        command += ["-s", str(script)]
    done = subprocess.run([*command, url], capture_output=True, text=True, check=True)  # noqa: S603
    (raw / f"wrk-{label}.txt").write_text(" ".join([*command, url]) + "\n" + done.stdout + done.stderr)
    return parse_wrk(done.stdout)


def parse_wrk(out: str) -> dict[str, Any]:
    def grab(pattern: str) -> str:
        match = re.search(pattern, out)
        return match.group(1) if match else ""

    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    return {
        "rps": float(grab(r"Requests/sec:\s+([\d.]+)") or 0),
        "requests": int(grab(r"(\d+) requests in") or 0),
        "p50": grab(r"\s50%\s+(\S+)"),
        "p99": grab(r"\s99%\s+(\S+)"),
        "non2xx": int(grab(r"Non-2xx or 3xx responses: (\d+)") or 0),
        "timeouts": int(errors.group(4)) if errors else 0,
        "socket_errors": sum(int(errors.group(i)) for i in (1, 2, 3)) if errors else 0,
    }


def nginx_baseline(base: str, duration: int, connections: int, raw: Path) -> dict[str, Any]:
    """nginx (2 workers, access log off) serving the home page as saved from gunicorn."""
    folder = Path(tempfile.mkdtemp(prefix="bench-nginx-"))
    folder.chmod(0o755)  # nginx's workers run as its unprivileged user
    try:
        (folder / "www").mkdir(mode=0o755)
        (folder / "tmp").mkdir()
        with urllib.request.urlopen(base + "/", timeout=60) as answer:  # noqa: S310 (loopback)
            (folder / "www" / "index.html").write_bytes(answer.read())
        (folder / "www" / "index.html").chmod(0o644)
        port = free_port()
        (folder / "nginx.conf").write_text(NGINX_CONF.format(dir=folder, port=port))
        conf = ["nginx", "-c", str(folder / "nginx.conf"), "-p", str(folder)]
        subprocess.run(conf, check=True)  # noqa: S603
        try:
            time.sleep(0.5)
            return wrk(f"http://127.0.0.1:{port}/", duration, connections, None, raw, "nginx-static-home")
        finally:
            pid = int((folder / "nginx.pid").read_text())
            subprocess.run(["kill", "-QUIT", str(pid)], check=False)  # noqa: S603, S607 (only the nginx started here)
            time.sleep(0.5)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def measure(args: Any) -> dict[str, Any]:
    db = Database(args.data_dir, args.database_url)
    raw = Path(args.raw)
    raw.mkdir(parents=True, exist_ok=True)
    env = production_env(args.data_dir, args.database_url, GONGKAI_PAGE_CACHE=str(int(args.page_cache == "on")))
    results: dict[str, Any] = {}
    with gunicorn(env, workers=args.workers, static=not args.no_collectstatic) as base:
        for page in args.pages:
            paths = paths_for(page, db)
            script = lua_paths(paths, raw) if len(paths) > 1 else None
            alone = single(base, paths, args.single)
            print(f"[pages] {page} {paths[0]}: alone {alone}", flush=True)
            loaded = wrk(base + paths[0], args.duration, args.connections, script, raw, page)
            print(f"[pages] {page}: {loaded}", flush=True)
            results[page] = {"path": paths[0], **alone, **loaded}
        if args.nginx:
            results["nginx"] = nginx_baseline(base, args.duration, args.connections, raw)
            print(f"[pages] nginx static home: {results['nginx']}", flush=True)
    return results


def table(results: dict[str, Any]) -> str:
    """wrk's p50/p99 read "0.00us" when every request timed out (wrk times only answered ones)."""
    rows = [
        "| page | requests/s | non-2xx | timeouts | wrk p50 | wrk p99 | alone p50 | alone p95 | alone n (failed) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for page, r in results.items():
        alone = [r.get(k, "—") for k in ("p50_ms", "p95_ms", "alone_n", "alone_failed")]
        rows.append(
            f"| {page} `{r.get('path', 'static copy of /')}` | {r['rps']:.1f} | {r['non2xx']} | {r['timeouts']} "
            f"| {r['p50']} | {r['p99']} | {alone[0]} | {alone[1]} | {alone[2]} ({alone[3]}) |"
        )
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description="per-page throughput with wrk (issue 18)")
    parser.add_argument("--data-dir", required=True, help="GONGKAI_DATA_DIR of the site (SQLite unless --database-url)")
    parser.add_argument("--database-url")
    parser.add_argument("--pages", nargs="+", choices=PAGES, default=PAGES)
    parser.add_argument("--duration", type=int, default=30, help="seconds of wrk per page")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--page-cache", choices=["off", "on"], default="off", help="GONGKAI_PAGE_CACHE (the issue's goals: off)"
    )
    parser.add_argument("--single", type=int, default=40, help="sequential requests per page for 'alone' (≤ 120 s)")
    parser.add_argument("--no-nginx", dest="nginx", action="store_false", help="skip the nginx static baseline")
    parser.add_argument("--no-collectstatic", action="store_true", help="staticfiles/ is already collected")
    parser.add_argument("--raw", default=tempfile.gettempdir() + "/bench-pages-raw", help="folder for wrk's output")
    parser.add_argument("--json", help="write the results here too")
    args = parser.parse_args()
    results = measure(args)
    print(f"page cache {args.page_cache}, {args.workers} workers, wrk -t2 -c{args.connections} -d{args.duration}s")
    print(table(results))
    if args.json:
        Path(args.json).write_text(json.dumps(results, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
