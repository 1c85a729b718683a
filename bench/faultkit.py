"""What the fault runs start and stop (issue 18, point 4): a private PostgreSQL cluster, a private
Redis, gunicorn in production mode against them, and clients that record every answer.

Used by ``bench/faults.py`` (the rerunnable fault script) and ``tests/ops/test_pg_restart.py``
(the CI test). Everything here is started in a temporary directory on a free port and stopped
by the object that started it; the machine's own PostgreSQL (5432) and Redis (6379) are never
touched (RULINGS.md 14). PostgreSQL refuses to run as root: as root the cluster runs as the
``postgres`` user, in a directory of its own under /tmp (pytest's tmp_path sits in a 0700 tree
that user cannot enter).
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
UNAVAILABLE_PAGE = "服务暂时不可用"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def postgres_bin() -> Path | None:
    """Debian's PostgreSQL server binaries (the newest installed version), or None."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parent.parent.name))
    return found[-1].parent if found else None


def _as_postgres() -> dict[str, Any]:
    """subprocess arguments that drop root to the postgres user (initdb refuses root)."""
    if os.geteuid() != 0:
        return {}
    return {"user": "postgres", "group": "postgres", "extra_groups": [], "umask": 0o077}


class PrivatePostgres:
    """A cluster of our own: ``initdb`` into a temporary directory, trust authentication on
    127.0.0.1 only, fsync off (its data is thrown away), on a free port."""

    def __init__(self) -> None:
        binaries = postgres_bin()
        if binaries is None:
            raise FileNotFoundError("no /usr/lib/postgresql/*/bin/initdb (Debian's postgresql package)")
        self.bin = binaries
        self.dir = Path(tempfile.mkdtemp(prefix="gongkai-pgfault-"))
        if os.geteuid() == 0:
            pw = pwd.getpwnam("postgres")
            os.chown(self.dir, pw.pw_uid, pw.pw_gid)
        self.data = self.dir / "data"
        self.port = free_port()
        self.started = False

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(  # noqa: S603 - our own binaries, arguments we build
            [str(self.bin / args[0]), *args[1:]], capture_output=True, text=True, check=check, **_as_postgres()
        )

    def start(self) -> PrivatePostgres:
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8")
        self.pg_ctl("start")
        self.started = True
        return self

    def pg_ctl(self, action: str, *extra: str) -> float:
        """``pg_ctl action`` (waiting for it); the seconds it took."""
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={self.dir} "
            "-c fsync=off -c full_page_writes=off -c synchronous_commit=off -c max_connections=50"
        )
        began = time.monotonic()
        self._run(
            "pg_ctl", action, "-D", str(self.data), "-l", str(self.dir / "server.log"), "-w", "-o", options, *extra
        )
        return time.monotonic() - began

    def url(self, database: str = "gongkai") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def psql(self, sql: str, database: str = "gongkai") -> str:
        done = subprocess.run(  # noqa: S603
            [*self._connect(database), "-qtAX", "-v", "ON_ERROR_STOP=1", "-c", sql],
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout

    def _here(self) -> list[str]:
        return ["-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres"]

    def _connect(self, database: str) -> list[str]:
        return [str(self.bin / "psql"), *self._here(), "-d", database]

    def create_database(self, name: str = "gongkai") -> None:
        self.psql(f'CREATE DATABASE "{name}"', database="postgres")

    def copy_from(self, source: dict[str, Any], name: str = "gongkai") -> None:
        """The schema and rows of an already migrated database (a DATABASES entry), copied in
        with pg_dump | pg_restore: seconds, where ``migrate`` takes half a minute."""
        dump = self.dir / "source.dump"
        env = {**os.environ, "PGPASSWORD": str(source.get("PASSWORD") or "")}
        host = ["-h", str(source.get("HOST") or "127.0.0.1"), "-p", str(source.get("PORT") or 5432)]
        user = ["-U", str(source.get("USER") or "postgres"), str(source["NAME"])]
        subprocess.run(  # noqa: S603
            [str(self.bin / "pg_dump"), "-Fc", "--no-owner", "--no-privileges", "-f", str(dump), *host, *user],
            env=env,
            check=True,
            capture_output=True,
        )
        subprocess.run(  # noqa: S603
            [str(self.bin / "pg_restore"), "--no-owner", "--no-privileges", "-d", name, str(dump), *self._here()],
            check=True,
            capture_output=True,
        )

    def close(self) -> None:
        if self.started:
            self._run("pg_ctl", "stop", "-D", str(self.data), "-m", "immediate", "-w", check=False)
            self.started = False
        shutil.rmtree(self.dir, ignore_errors=True)


class PrivateRedis:
    """``redis-server --port P --save ''`` of our own; ``stop`` and ``start`` again on the same port."""

    def __init__(self) -> None:
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> PrivateRedis:
        self.process = subprocess.Popen(  # noqa: S603
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],  # noqa: S607
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(100):
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                return self
            time.sleep(0.05)
        raise RuntimeError(f"redis-server did not listen on {self.port}")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"


SETTINGS_MODULE = "gongkai_fault_settings"
SETTINGS = '''"""Settings of a fault run: production mode as configured by the environment, and only what a
run on loopback needs on top (written by bench/faultkit.py)."""
import warnings

from gongkai.settings import *  # noqa: F403
from gongkai.settings import STORAGES

# Many clients from 127.0.0.1: the public POST limits are raised for the run (RULINGS.md 14).
GONGKAI_RATE_LIMITS = {{scope: (1_000_000, 60) for scope in (
    "foi_apply", "foi_track", "foi_check", "consultation_comment", "inquiry_ask", "inquiry_track")}}
# No collectstatic into the working tree: the app folders serve the static files.
STORAGES = {{**STORAGES, "staticfiles": {{"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}}}
WHITENOISE_USE_FINDERS = True
warnings.filterwarnings("ignore", message="No directory at")
{extra}
'''


def production_env(work: Path, database_url: str, extra_settings: str = "", **env: str) -> dict[str, str]:
    """The environment of gunicorn and manage.py for a fault run: production mode (a real secret
    key, no DEBUG, ALLOWED_HOSTS), the data directory in ``work``, the run's settings module."""
    settings_dir = work / "settings"
    settings_dir.mkdir(parents=True, exist_ok=True)
    (settings_dir / f"{SETTINGS_MODULE}.py").write_text(SETTINGS.format(extra=extra_settings))
    data = work / "data"
    data.mkdir(mode=0o700, parents=True, exist_ok=True)
    base = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "GONGKAI_TASKS"}}
    return {
        **base,
        "GONGKAI_MODE": "production",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "GONGKAI_SSL_REDIRECT": "false",
        "DEBUG": "false",
        "DATABASE_URL": database_url,
        "GONGKAI_DATA_DIR": str(data),
        "GONGKAI_LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": SETTINGS_MODULE,
        "PYTHONPATH": os.pathsep.join([str(settings_dir), str(REPO)]),
        **env,
    }


def manage(env: dict[str, str], *args: str, timeout: float = 600) -> str:
    done = subprocess.run(  # noqa: S603
        [str(VENV_BIN / "python"), str(REPO / "manage.py"), *args],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}")
    return done.stdout


SEED = """
import json
from gongkai.orgs import creditcode
from gongkai.orgs.models import SiteProfile, Unit
gov, _ = Unit.objects.get_or_create(name="演练区人民政府", defaults={"kind": Unit.Kind.GOVERNMENT,
    "credit_code": creditcode.make("11", "150603", "MA900001")})
unit, _ = Unit.objects.get_or_create(name="演练区民政局", defaults={"kind": Unit.Kind.DEPARTMENT,
    "credit_code": creditcode.make("11", "150603", "MA900002"), "parent": gov})
if not SiteProfile.objects.exists():
    SiteProfile.objects.create(site_name="演练区人民政府", government=gov, office_name="演练区政务公开办公室",
        address="演练路1号", office_hours="工作日 9:00—17:00", phone="0477-1234567")
print(json.dumps({"unit_id": unit.pk, "government_id": gov.pk}))
"""


def seed(env: dict[str, str]) -> dict[str, int]:
    """A government, one of its departments (the inquiries' unit) and the site's profile."""
    out = manage(env, "shell", "-c", SEED)
    result: dict[str, int] = json.loads(out.strip().splitlines()[-1])
    return result


class Gunicorn:
    """``gunicorn -w 2`` (sync workers, as docs/operations.md runs it) on a free port."""

    def __init__(self, env: dict[str, str], log: Path, workers: int = 2) -> None:
        self.port = free_port()
        self.log = log
        self.process = subprocess.Popen(  # noqa: S603
            [str(VENV_BIN / "gunicorn"), "gongkai.wsgi:application", "-w", str(workers), *self._options()],
            env=env,
            cwd=REPO,
            stdout=log.open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def _options(self) -> list[str]:
        return ["-b", f"127.0.0.1:{self.port}", "--timeout", "30", "--graceful-timeout", "3"]

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited {self.process.returncode}:\n{self.log.read_text()[-4000:]}")
            with contextlib.suppress(OSError):
                if request(self.port, "GET", "/healthz").status == 200:
                    return
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer /healthz within {timeout} s:\n{self.log.read_text()[-4000:]}")

    def workers(self) -> set[int]:
        """The worker processes' ids (gunicorn's master forks and, after a crash, re-forks them)."""
        found = set()
        for stat in Path("/proc").glob("[0-9]*/stat"):
            with contextlib.suppress(OSError, IndexError, ValueError):
                fields = stat.read_text().rsplit(")", 1)[1].split()
                if int(fields[1]) == self.process.pid:
                    found.add(int(stat.parent.name))
        return found

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)  # quick shutdown: the run is over
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)


@dataclass
class Answer:
    """One request and what came back."""

    kind: str
    began: float  # seconds since the run started
    ended: float
    status: int  # 0: no HTTP answer at all (connection refused or reset)
    retry_after: str | None = None
    content_type: str = ""
    body: str = ""
    created: int | None = None  # the id a POST answered 201 with

    @property
    def clean_503(self) -> bool:
        """503, Retry-After, and the Chinese page or the API's error shape; never a traceback."""
        if self.status != 503 or not self.retry_after or "Traceback" in self.body:
            return False
        if self.content_type.startswith("application/json"):
            with contextlib.suppress(ValueError):
                shape = json.loads(self.body)
                return set(shape) == {"detail", "field"} and UNAVAILABLE_PAGE in shape["detail"]
            return False
        return UNAVAILABLE_PAGE in self.body


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: str


def request(
    port: int,
    method: str,
    path: str,
    payload: Any = None,
    timeout: float = 15,
    headers: dict[str, str] | None = None,
    body: bytes | None = None,
) -> Reply:
    """One request on a new connection (gunicorn's sync workers close each one); ``payload`` is
    sent as JSON, ``body`` as it is (with the Content-Type in ``headers``)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        sent = {"Host": "127.0.0.1", **(headers or {})}
        data = body
        if payload is not None:
            data = json.dumps(payload, ensure_ascii=False).encode()
            sent["Content-Type"] = "application/json"
        connection.request(method, path, body=data, headers=sent)
        response = connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        received: dict[str, str] = {}
        for name, value in response.getheaders():  # repeated headers (Set-Cookie) one per line
            key = name.lower()
            received[key] = f"{received[key]}\n{value}" if key in received else value
        return Reply(response.status, received, text)
    finally:
        connection.close()


def inquiry(unit_id: int) -> dict[str, Any]:
    """A public inquiry for POST /api/v1/public/inquiries (201 with its id): the API asks for no
    CAPTCHA, so the run does not depend on how the portal form's CAPTCHA works."""
    return {
        "unit_id": unit_id,
        "name": "演练",
        "phone": "0477-1234567",
        "subject": f"故障演练 {uuid.uuid4().hex[:12]}",
        "body": "故障演练中的咨询，请忽略。",
        "public": False,
    }


@dataclass
class Mix:
    """What each client does in turn: (kind, method, path or path maker, payload maker)."""

    steps: list[tuple[str, str, str | Callable[[], str], Callable[[], Any] | None]]
    pause: float = 0.02  # between one client's requests: a surge of people, not a tight loop


def outage_mix(unit_id: int) -> Mix:
    """The requests of a fault run (bench/faults.py and tests/ops/test_pg_restart.py): cached
    pages, the public API list, an inquiry POST, and a page with a query string the page cache
    has not seen, which must read the database (the cache answers the others during an outage,
    as it should)."""
    return Mix(
        [
            ("home", "GET", "/", None),
            ("api-items", "GET", "/api/v1/public/items", None),
            ("inquiry", "POST", "/api/v1/public/inquiries", lambda: inquiry(unit_id)),
            ("disclosure", "GET", "/xxgk/", None),
            ("uncached", "GET", lambda: f"/xxgk/?v={uuid.uuid4().hex[:8]}", None),
        ]
    )


@dataclass
class Run:
    """Clients sending ``mix`` to ``port`` until ``stop`` is set; every answer recorded."""

    port: int
    mix: Mix
    clients: int = 6
    answers: list[Answer] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)
    started: float = field(default_factory=time.monotonic)

    def now(self) -> float:
        return time.monotonic() - self.started

    def _client(self, offset: int) -> None:
        step = offset
        while not self.stop.is_set():
            kind, method, path, make = self.mix.steps[step % len(self.mix.steps)]
            step += 1
            began = self.now()
            try:
                target = path() if callable(path) else path
                reply = request(self.port, method, target, make() if make else None)
            except OSError:
                self.answers.append(Answer(kind, began, self.now(), 0))
                time.sleep(self.mix.pause)
                continue
            created = None
            if reply.status == 201:
                with contextlib.suppress(ValueError, KeyError, TypeError):
                    created = int(json.loads(reply.body)["id"])
            self.answers.append(
                Answer(
                    kind,
                    began,
                    self.now(),
                    reply.status,
                    reply.headers.get("retry-after"),
                    reply.headers.get("content-type", ""),
                    reply.body if reply.status >= 400 else "",
                    created,
                )
            )
            time.sleep(self.mix.pause)

    @contextlib.contextmanager
    def running(self) -> Iterator[Run]:
        threads = [threading.Thread(target=self._client, args=(i,), daemon=True) for i in range(self.clients)]
        self.started = time.monotonic()
        for thread in threads:
            thread.start()
        try:
            yield self
        finally:
            self.stop.set()
            for thread in threads:
                thread.join(timeout=30)

    def counts(self, bucket: float = 0.5) -> list[tuple[float, dict[int, int]]]:
        """Answers by status per ``bucket`` seconds of the run (by when the request began)."""
        table: dict[float, dict[int, int]] = {}
        for answer in self.answers:
            slot = round(int(answer.began / bucket) * bucket, 2)
            row = table.setdefault(slot, {})
            row[answer.status] = row.get(answer.status, 0) + 1
        return sorted(table.items())
