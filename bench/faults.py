"""Fault runs (not a test): what the site does when PostgreSQL restarts, when Redis stops, and
when the disk under GONGKAI_DATA_DIR fills up during an upload (issue 18, point 4).

Run (as root for the full disk: it mounts a tmpfs):
    .venv/bin/python -m bench.faults all [--source-db NAME] [--seconds 20]
    .venv/bin/python -m bench.faults pg-restart | redis-stop | full-disk
    .venv/bin/python -m bench.faults redis-stop --plain-redis-cache   # Django's own RedisCache
    .venv/bin/python -m bench.faults full-disk --plain-storage        # Django's own FileSystemStorage

Each run starts its own PostgreSQL cluster (and Redis) on free ports and gunicorn (two sync
workers, production mode) against them, and stops them all at the end (bench/faultkit.py).
The schema comes from ``--source-db`` (a migrated database on the machine's PostgreSQL, copied
with pg_dump in seconds) or, without it, from ``manage.py migrate`` (half a minute or more).
It prints, and writes as JSON to ``--out``: answers by status per half second, the outage's
window, and what each fault checks (201s stored, jobs kept and run, files left on the disk).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.faultkit import (
    Gunicorn,
    PrivatePostgres,
    PrivateRedis,
    Run,
    inquiry,
    manage,
    outage_mix,
    production_env,
    request,
    seed,
)

STAFF = """
import datetime as dt, json
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore
from gongkai.api import tokens
from gongkai.orgs.models import Membership, Role, Unit
from gongkai.publishing import services
unit = Unit.objects.get(pk={unit_id})
user, _ = get_user_model().objects.get_or_create(username="fault_editor", defaults={{"first_name": "演练"}})
Membership.objects.get_or_create(user=user, unit=unit, role=Role.EDITOR)
item = services.create_item(
    user, unit, title="故障演练草稿", formed_on=dt.date(2026, 9, 25), genre="notice", topic="civil")
session = SessionStore()
session[SESSION_KEY], session[BACKEND_SESSION_KEY] = str(user.pk), "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
print(json.dumps({{"item_id": item.pk, "token": tokens.issue(user), "session": session.session_key}}))
"""


@contextlib.contextmanager
def site(work: Path, source: str | None, extra_settings: str = "", **env: str) -> Iterator[dict[str, Any]]:
    """A private PostgreSQL with the schema, the seed, and gunicorn in production mode."""
    pg = PrivatePostgres()
    gunicorn = None
    try:
        pg.start()
        pg.create_database()
        began = time.monotonic()
        environment = production_env(work, pg.url(), extra_settings, **env)
        if source:
            pg.copy_from({"NAME": source})
        else:
            manage(environment, "migrate", "--noinput")
        schema_seconds = round(time.monotonic() - began, 1)
        gunicorn = Gunicorn(environment, work / "gunicorn.log")
        ids = seed(environment)
        gunicorn.wait_ready()
        yield {"pg": pg, "gunicorn": gunicorn, "env": environment, "ids": ids, "schema_seconds": schema_seconds}
    finally:
        if gunicorn is not None:
            gunicorn.stop()
        pg.close()


def _warm(run: Run) -> None:
    for _ in range(2):
        for _kind, method, path, make in run.mix.steps:
            request(run.port, method, path() if callable(path) else path, make and make())


def _summary(run: Run, start: float, end: float) -> dict[str, Any]:
    """Counts by status (all, and per kind), the first and last failure, latencies in the window."""
    by_kind: dict[str, dict[int, int]] = {}
    for answer in run.answers:
        row = by_kind.setdefault(answer.kind, {})
        row[answer.status] = row.get(answer.status, 0) + 1
    failed = [a for a in run.answers if a.status not in (200, 201)]
    during = sorted(a.ended - a.began for a in run.answers if start <= a.began <= end)
    return {
        "fault_at": round(start, 2),
        "back_at": round(end, 2),
        "by_kind": by_kind,
        "failures": len(failed),
        "first_failure": round(min(a.began for a in failed), 2) if failed else None,
        "last_failure": round(max(a.ended for a in failed), 2) if failed else None,
        "unclean_503": sum(1 for a in failed if a.status == 503 and not a.clean_503),
        "not_503": sorted({a.status for a in failed if a.status != 503}),
        "max_seconds_in_window": round(during[-1], 3) if during else None,
        "median_seconds_in_window": round(during[len(during) // 2], 3) if during else None,
        "timeline": [[slot, counts] for slot, counts in run.counts()],
    }


def _stored(pg: PrivatePostgres, run: Run) -> dict[str, int]:
    created = sorted(a.created for a in run.answers if a.status == 201 and a.created is not None)
    if not created:
        return {"answered_201": 0, "stored": 0}
    listed = ",".join(map(str, created))
    stored = pg.psql(f"SELECT count(*) FROM participation_inquiry WHERE id IN ({listed})")  # noqa: S608 - ids
    return {"answered_201": len(created), "stored": int(stored.strip())}


# --plain-handler: the site's URLs with the 500 handler as it was before gongkai/unavailable.py.
PLAIN_HANDLER = """from django.utils.translation import gettext_noop as N_
from gongkai.api import errors
from gongkai.portal import views
from gongkai.urls import handler400, handler404, urlpatterns  # noqa: F401
handler500 = errors.json_under_api(500, N_("服务器内部错误，请稍后重试"))(views.server_error)
"""


def pg_restart(work: Path, args: argparse.Namespace) -> dict[str, Any]:
    extra = ""
    if args.plain_handler:
        (work / "settings").mkdir(parents=True, exist_ok=True)
        (work / "settings" / "fault_plain_urls.py").write_text(PLAIN_HANDLER)
        extra = 'ROOT_URLCONF = "fault_plain_urls"\n'
    with site(work, args.source_db, extra) as s:
        run = Run(s["gunicorn"].port, outage_mix(s["ids"]["unit_id"]), clients=args.clients)
        _warm(run)
        workers = s["gunicorn"].workers()
        with run.running():
            time.sleep(args.seconds / 3)
            start = run.now()
            restart_seconds = s["pg"].pg_ctl("restart", "-m", "fast")
            end = run.now()
            time.sleep(args.seconds * 2 / 3)
        result = _summary(run, start, end)
        result["restart_seconds"] = round(restart_seconds, 2)
        result["workers_unchanged"] = s["gunicorn"].workers() == workers
        result["inquiries"] = _stored(s["pg"], run)
        result["schema_seconds"] = s["schema_seconds"]
        result["log"] = _log_events(work)
        result["handler"] = "plain 500" if args.plain_handler else "gongkai.unavailable"
    return result


def _log_events(work: Path) -> dict[str, int]:
    """How many of gunicorn's JSON log lines name each event, and how many tracebacks it holds."""
    counts: dict[str, int] = {}
    for line in (work / "gunicorn.log").read_text().splitlines():
        found = re.search(r'"event": "([^"]+)"', line)
        if found:
            counts[found.group(1)] = counts.get(found.group(1), 0) + 1
    counts["Traceback"] = (work / "gunicorn.log").read_text().count("Traceback")
    return counts


def _kept_jobs(pg: PrivatePostgres) -> int:
    return int(pg.psql("SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE backend_name = 'kept'").strip())


ENQUEUE = (
    "from django.db import transaction\nfrom gongkai.ops.jobs import enqueue_after_commit, record_heartbeat\n"
    "with transaction.atomic():\n    enqueue_after_commit(record_heartbeat)\nprint('ok')"
)
HEARTBEAT = "from gongkai.ops.jobs import last_heartbeat\nprint(last_heartbeat())"


def redis_stop(work: Path, args: argparse.Namespace) -> dict[str, Any]:
    redis = PrivateRedis().start()
    cache = "django.core.cache.backends.redis.RedisCache" if args.plain_redis_cache else ""
    extra = f'CACHES["default"]["BACKEND"] = "{cache}"\n' if cache else ""
    try:
        with site(work, args.source_db, extra, REDIS_URL=redis.url(), GONGKAI_TASKS="redis") as s:
            run = Run(s["gunicorn"].port, outage_mix(s["ids"]["unit_id"]), clients=args.clients)
            _warm(run)
            jobs: dict[str, Any] = {}
            with run.running():
                time.sleep(args.seconds / 3)
                start = run.now()
                redis.stop()
                began = time.monotonic()
                jobs["enqueue_while_down"] = manage(s["env"], "shell", "-c", ENQUEUE).strip()
                jobs["enqueue_seconds"] = round(time.monotonic() - began, 2)
                jobs["kept_while_down"] = _kept_jobs(s["pg"])
                time.sleep(max(0.0, args.seconds / 3 - (time.monotonic() - began)))
                redis.start()
                end = run.now()
                time.sleep(args.seconds / 3)
            result = _summary(run, start, end)
            result["inquiries"] = _stored(s["pg"], run)
            # What cron does every five minutes (docs/operations.md), and one worker pass: the
            # heartbeat job queues the kept one again, the burst worker runs both.
            manage(s["env"], "shell", "-c", "from gongkai.ops.jobs import record_heartbeat; record_heartbeat.enqueue()")
            manage(s["env"], "rqworker", "--burst", "default", timeout=120)
            jobs["kept_after_worker"] = _kept_jobs(s["pg"])
            jobs["heartbeat"] = manage(s["env"], "shell", "-c", HEARTBEAT).strip().splitlines()[-1]
            result["jobs"] = jobs
            result["cache_backend"] = cache or "gongkai.cachebackend.FailOpenRedisCache"
            result["log"] = _log_events(work)
    finally:
        redis.stop()
    return result


def _multipart(fields: dict[str, str], name: str, filename: str, data: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
        for key, value in fields.items()
    ]
    head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
    parts.append(head.encode() + b"Content-Type: application/pdf\r\n\r\n" + data + b"\r\n")
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def big_pdf(size: int) -> bytes:
    return b"%PDF-1.4\n%" + b"0" * size + b"\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _api_upload(port: int, staff: dict[str, Any], data: bytes) -> dict[str, Any]:
    body, kind = _multipart({}, "file", "演练附件.pdf", data)
    headers = {"Authorization": f"Bearer {staff['token']}", "Content-Type": kind}
    reply = request(port, "POST", f"/api/v1/items/{staff['item_id']}/attachments", headers=headers, body=body)
    return {"status": reply.status, "body": reply.body[:300]}


def _workbench_upload(port: int, staff: dict[str, Any], data: bytes) -> dict[str, Any]:
    cookie = f"sessionid={staff['session']}"
    page = request(port, "GET", f"/workbench/items/{staff['item_id']}/", headers={"Cookie": cookie})
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.body)
    csrf = re.search(r"csrftoken=([^;]+)", page.headers.get("set-cookie", ""))
    if page.status != 200 or token is None or csrf is None:
        return {"status": page.status, "error": "no form on the item page"}
    body, kind = _multipart({"csrfmiddlewaretoken": token.group(1)}, "file", "演练附件.pdf", data)
    headers = {"Cookie": f"{cookie}; csrftoken={csrf.group(1)}", "Content-Type": kind}
    reply = request(port, "POST", f"/workbench/items/{staff['item_id']}/attachments/", headers=headers, body=body)
    flashed = re.search(r"messages=([^;]+)", reply.headers.get("set-cookie", ""))  # the message after the redirect
    if flashed:
        cookie += f"; messages={flashed.group(1)}"
    after = request(port, "GET", f"/workbench/items/{staff['item_id']}/", headers={"Cookie": cookie})
    said = re.findall(r"附件未保存：[^<]*|附件已上传", after.body)
    return {"status": reply.status, "location": reply.headers.get("location"), "messages": said}


SOLVE = (
    "from gongkai.foi import idcard\nfrom gongkai.portal import captcha\n"
    "print(captcha.answer_for({token!r}))\nprint(idcard.make('15060219800101123'))"
)


def _foi_upload(port: int, env: dict[str, str], unit_id: int, data: bytes) -> dict[str, Any]:
    """The public application form (政府信息公开申请) with one attachment: the CAPTCHA is solved
    from its token with the run's secret key (portal.captcha.answer_for), as the tests do."""
    form = request(port, "GET", "/xxgk/apply/")
    token = re.search(r'name="captcha_0" value="([^"]+)"', form.body)
    csrf_field = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.body)
    csrf = re.search(r"csrftoken=([^;]+)", form.headers.get("set-cookie", ""))
    if form.status != 200 or token is None or csrf_field is None or csrf is None:
        return {"status": form.status, "error": "no application form"}
    answer, id_number = manage(env, "shell", "-c", SOLVE.format(token=token.group(1))).split()[-2:]
    fields = {
        "csrfmiddlewaretoken": csrf_field.group(1),
        "unit": str(unit_id),
        "applicant_type": "natural_person",
        "name": "演练",
        "id_number": id_number,
        "phone": "13912345678",
        "email": "drill@example.com",
        "address": "演练路1号",
        "postcode": "017010",
        "contact_person": "",
        "description": "故障演练中的申请，请忽略",
        "doc_number": "",
        "form": "electronic",
        "delivery": "email",
        "captcha_0": token.group(1),
        "captcha_1": answer,
    }
    body, kind = _multipart(fields, "attachments", "身份证明.pdf", data)
    headers = {"Cookie": f"csrftoken={csrf.group(1)}", "Content-Type": kind, "Referer": "http://127.0.0.1/xxgk/apply/"}
    reply = request(port, "POST", "/xxgk/apply/", headers=headers, body=body)
    said = re.findall(r"存储空间[^<]*|<li>[^<]*附件[^<]*</li>", reply.body)
    return {"status": reply.status, "location": reply.headers.get("location"), "said": said[:3]}


def _foi_disk(media: Path, pg: PrivatePostgres) -> dict[str, Any]:
    files = [p for p in (media / "foi").rglob("*") if p.is_file()] if (media / "foi").exists() else []
    return {
        "files": [f"{p.relative_to(media)} ({p.stat().st_size} bytes)" for p in files],
        "requests": int(pg.psql("SELECT count(*) FROM foi_request").strip()),
        "attachment_rows": int(pg.psql("SELECT count(*) FROM foi_attachment").strip()),
    }


def _disk(media: Path, pg: PrivatePostgres, item_id: int) -> dict[str, Any]:
    files = [p for p in media.rglob("*") if p.is_file()]
    rows = pg.psql(f"SELECT file FROM publishing_attachment WHERE item_id = {int(item_id)}").split()  # noqa: S608
    return {
        "files": [f"{p.relative_to(media)} ({p.stat().st_size} bytes)" for p in files],
        "rows": rows,
        "rows_without_file": [row for row in rows if not (media / row).exists()],
    }


def _when_full(data: Path, port: int, unit_id: int) -> dict[str, Any]:
    """The data directory filled to the last byte by a filler file: what pages and a public POST
    answer then (the production file cache writes into it when there is no Redis)."""
    filler = data / "filler"
    with contextlib.suppress(OSError), filler.open("wb") as out:
        while True:
            out.write(b"\0" * 65536)
    try:
        paths = ["/", "/xxgk/", f"/xxgk/?v={uuid.uuid4().hex[:8]}", "/api/v1/public/items"]
        answers = {path: request(port, "GET", path).status for path in paths}
        answers["POST inquiry"] = request(port, "POST", "/api/v1/public/inquiries", inquiry(unit_id)).status
        answers["free_bytes"] = shutil.disk_usage(data).free
    finally:
        filler.unlink()
    return answers


def full_disk(work: Path, args: argparse.Namespace) -> dict[str, Any]:
    if os.geteuid() != 0:
        return {"skipped": "mounting a tmpfs needs root"}
    data = work / "data"
    data.mkdir(mode=0o700, parents=True, exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m,mode=0700", "tmpfs", str(data)], check=True)  # noqa: S603, S607
    storage = (
        "" if args.plain_storage else 'STORAGES["default"] = {"BACKEND": "gongkai.storage.AtomicFileSystemStorage"}\n'
    )
    try:
        with site(work, args.source_db, storage) as s:
            staff = json.loads(
                manage(s["env"], "shell", "-c", STAFF.format(unit_id=s["ids"]["unit_id"])).splitlines()[-1]
            )
            port, media = s["gunicorn"].port, data / "media"
            result: dict[str, Any] = {
                "storage": "FileSystemStorage" if args.plain_storage else "AtomicFileSystemStorage"
            }
            result["free_before"] = shutil.disk_usage(data).free
            result["api_3mb"] = _api_upload(port, staff, big_pdf(3 * 1024 * 1024))
            result["after_api"] = _disk(media, s["pg"], staff["item_id"])
            result["workbench_3mb"] = _workbench_upload(port, staff, big_pdf(3 * 1024 * 1024))
            result["after_workbench"] = _disk(media, s["pg"], staff["item_id"])
            result["api_100kb"] = _api_upload(port, staff, big_pdf(100 * 1024))
            result["after_small"] = _disk(media, s["pg"], staff["item_id"])
            unit_id = s["ids"]["unit_id"]
            result["foi_form_3mb"] = _foi_upload(port, s["env"], unit_id, big_pdf(3 * 1024 * 1024))
            result["after_foi"] = _foi_disk(media, s["pg"])
            result["with_the_disk_full"] = _when_full(data, port, s["ids"]["unit_id"])
            result["log"] = _log_events(work)
    finally:
        subprocess.run(["umount", "-l", str(data)], check=False)  # noqa: S603, S607
    return result


FAULTS = {"pg-restart": pg_restart, "redis-stop": redis_stop, "full-disk": full_disk}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("fault", choices=[*FAULTS, "all"])
    parser.add_argument("--source-db", help="a migrated database on 127.0.0.1:5432 to copy the schema from")
    parser.add_argument("--seconds", type=float, default=18.0, help="length of a run under load")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--plain-redis-cache", action="store_true", help="Django's RedisCache, not the fail-open one")
    parser.add_argument("--plain-storage", action="store_true", help="Django's FileSystemStorage, not the atomic one")
    parser.add_argument("--plain-handler", action="store_true", help="the 500 handler without the 503 for outages")
    parser.add_argument("--out", type=Path, help="write the results as JSON here")
    args = parser.parse_args(argv)
    results: dict[str, Any] = {
        "machine": f"{platform.node()} {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}",
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": " ".join([Path(sys.executable).name, "-m", "bench.faults", *(argv or sys.argv[1:])]),
    }
    for name, fault in FAULTS.items():
        if args.fault in (name, "all"):
            work = Path(tempfile.mkdtemp(prefix=f"gongkai-{name}-"))
            try:
                results[name] = fault(work, args)
            finally:
                shutil.rmtree(work, ignore_errors=True)
            print(json.dumps({name: results[name]}, ensure_ascii=False, indent=1), flush=True)
    if args.out:
        args.out.write_text(json.dumps(results, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
