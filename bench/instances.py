"""Independent gongkai instances on the loopback, for the exchange runs (issue 19, point 4):
bench/exchange.py (the full three-instance run), tests/exchange/test_three_instances.py (its smoke
test) and the exchange browser test.

Each instance is a government of its own: its own GONGKAI_DATA_DIR (SQLite file, media, search
index, secret key) or its own PostgreSQL database (created and dropped here, named
``gk_exchange_<run>_<label>``: never ``test`` or any database this module did not create), its own
units with their own 统一社会信用代码, an office user with a bearer token, and a gunicorn of two sync
workers on a free port, started in a process group of its own so that ``kill()`` ends that
instance's processes and nothing else.

Why demo mode with the page cache off: production mode needs collected static files and a job
worker, and its file cache is what keeps the gunicorn workers and the cycle's process agreeing
(the demo's in-process cache would let one worker serve a page another worker has just
withdrawn). The exchange itself is the same in both modes. Jobs run in-process (``immediate``), so
the search index follows each publication and withdrawal at once, as the worker would within
seconds.

Migrating from nothing costs ~8 s on the two-core machine: the schema is migrated once per run
(or taken from a migrated file the caller passes) and copied into each instance.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).parent / "gunicorn")
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
PASSWORD = "exchange-bench-password-9"  # noqa: S105 (loopback instances of a run, deleted after it)

# The minimal set-up of one government (what setup_site and the office would enter): the
# government, a department and the office's unit with valid credit codes of the instance's own
# division, the site profile, the office's user and a department's editor, reviewer and signer.
SEED = """
import json, sys
from django.contrib.auth import get_user_model
from gongkai.api import tokens
from gongkai.orgs import creditcode
from gongkai.orgs.models import Membership, Role, SiteProfile, Unit
spec = json.loads(sys.argv[1])
name, division = spec["name"], spec["division"]
def code(n):
    return creditcode.make("11", division, f"MA{n:06d}")
gov = Unit.objects.create(name=f"{name}人民政府", kind=Unit.Kind.GOVERNMENT, credit_code=code(1))
dept = Unit.objects.create(name=f"{name}民政局", kind=Unit.Kind.DEPARTMENT, credit_code=code(2), parent=gov)
office_unit = Unit.objects.create(name=f"{name}人民政府办公室", kind=Unit.Kind.DEPARTMENT, credit_code=code(3),
    parent=gov)
SiteProfile.objects.create(site_name=f"{name}人民政府", government=gov, office_name=f"{name}政务公开办公室",
    address=f"{name}政府路1号", office_hours="工作日 9:00—17:00", phone="0477-1234567")
users = get_user_model().objects
def person(username, role, unit):
    user = users.create_user(username=username, password=spec["password"], first_name=username)
    Membership.objects.create(user=user, unit=unit, role=role)
    return user
office = person("office", Role.OFFICE, office_unit)
for role in (Role.EDITOR, Role.REVIEWER, Role.SIGNER):
    person(role, role, dept)
print(json.dumps({"token": tokens.issue(office), "unit": dept.pk, "government": gov.pk}))
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def base_env() -> dict[str, str]:
    """The caller's environment less what would point an instance at someone else's data."""
    drop = ("PYTEST", "DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE", "GONGKAI_")
    return {k: v for k, v in os.environ.items() if not k.startswith(drop)}


@dataclass
class Instance:
    """One government's gongkai: data, database, server and the office's token."""

    label: str
    name: str
    division: str
    folder: Path
    database_url: str | None = None
    port: int = field(default_factory=free_port)
    token: str = ""
    unit_id: int = 0
    process: subprocess.Popen[bytes] | None = None
    worker: subprocess.Popen[bytes] | None = None
    # "immediate": jobs (the search index) run in the process that queued them; "database": a
    # db_worker of the instance runs them, as in production without Redis.
    tasks: str = "immediate"
    workers: int = 2  # gunicorn sync workers
    extra_env: dict[str, str] = field(default_factory=dict)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        return self.base_url + path

    def env(self) -> dict[str, str]:
        env = base_env() | {
            "DJANGO_SETTINGS_MODULE": "gongkai.settings",
            "GONGKAI_MODE": "demo",
            "GONGKAI_DATA_DIR": str(self.folder),
            "DATABASE_URL": self.database_url or f"sqlite:///{self.folder / 'gongkai.sqlite3'}",
            "GONGKAI_TASKS": self.tasks,
            "GONGKAI_EXCHANGE_BASE_URL": self.base_url,
            "GONGKAI_PAGE_CACHE": "0",
            "GONGKAI_LOG_LEVEL": "WARNING",
            # Partners of a run are on the loopback, which outbound requests refuse by default.
            "GONGKAI_EXCHANGE_ALLOW_PRIVATE": "1",
            "GONGKAI_OUTBOUND_ALLOWED_NETWORKS": "127.0.0.0/8",
        }
        return env | self.extra_env

    # --- processes --------------------------------------------------------------------------

    def run(self, args: list[str], timeout: float = 1800, stdin: str | None = None) -> str:
        """A process in this instance's environment (manage.py or a script); its stdout."""
        done = subprocess.run(  # noqa: S603 (our own interpreter and scripts)
            args, cwd=ROOT, env=self.env(), capture_output=True, text=True, timeout=timeout, input=stdin, check=False
        )
        if done.returncode != 0:
            raise RuntimeError(f"{self.label}: {' '.join(args[:3])} failed:\n{done.stderr[-4000:]}")
        return done.stdout.strip()

    def manage(self, *args: str, timeout: float = 1800) -> str:
        return self.run([PYTHON, "manage.py", *args], timeout=timeout)

    def shell(self, code: str, *argv: str, timeout: float = 1800) -> str:
        """Run ``code`` after django.setup() inside this instance (as ``manage.py shell`` would)."""
        script = "import django\ndjango.setup()\n" + code
        return self.run([PYTHON, "-c", script, *argv], timeout=timeout)

    def seed(self) -> None:
        spec = {"name": self.name, "division": self.division, "password": PASSWORD}
        out = json.loads(self.shell(SEED, json.dumps(spec)).splitlines()[-1])
        self.token, self.unit_id = out["token"], out["unit"]

    def start(self, ready_within: float = 60) -> None:
        log = (self.folder / "gunicorn.log").open("ab")
        command = [GUNICORN, "gongkai.wsgi:application", "--workers", str(self.workers)]
        command += ["--bind", f"127.0.0.1:{self.port}"]
        # gunicorn's control socket defaults to one path per user: one per instance (bench/serve.py).
        command += ["--control-socket", str(self.folder / "gunicorn.ctl"), "--timeout", "120"]
        self.process = subprocess.Popen(  # noqa: S603 (the venv's gunicorn)
            command, cwd=ROOT, env=self.env(), stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        log.close()
        self.ensure_worker()
        self.wait_ready(ready_within)

    def wait_ready(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process is None or self.process.poll() is not None:
                raise RuntimeError(f"{self.label}: gunicorn exited; see {self.folder / 'gunicorn.log'}")
            try:
                if requests.get(self.url("/healthz"), timeout=5).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"{self.label}: gunicorn did not answer /healthz within {seconds} s")

    def kill(self) -> None:
        """SIGKILL this instance's server (its own process group: the master and its workers)."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        self.process = None

    def stop(self) -> None:
        """Stop the server and the worker (each its own process group, started here)."""
        for process in (self.process, self.worker):
            if process is None or process.poll() is not None:
                continue
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        self.process = self.worker = None

    def ensure_worker(self) -> bool:
        """Start the job worker if jobs go to the database and none runs (db_worker exits on an
        SQLite "database is locked" while other processes write: seen in the 2,000-item run).
        True when one had to be (re)started."""
        if self.tasks != "database" or (self.worker is not None and self.worker.poll() is None):
            return False
        with (self.folder / "worker.log").open("ab") as log:
            self.worker = subprocess.Popen(  # noqa: S603 (our own manage.py)
                [PYTHON, "manage.py", "db_worker"],
                cwd=ROOT,
                env=self.env(),
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        return True

    def jobs_pending(self) -> int:
        """Jobs queued and not yet run (the database queue; 0 with immediate jobs)."""
        if self.tasks != "database":
            return 0
        code = (
            "from django_tasks import TaskResultStatus as S\n"
            "from django_tasks_db.models import DBTaskResult\n"
            "print(DBTaskResult.objects.filter(status__in=[S.READY, S.RUNNING]).exclude(backend_name='kept').count())"
        )
        return int(self.shell(code).splitlines()[-1])

    def restart(self) -> None:
        self.kill()
        self.start()

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    # --- the API ----------------------------------------------------------------------------

    def api(self, method: str, path: str, body: Any = None, token: str | None = None) -> requests.Response:
        headers = {"Authorization": f"Bearer {token or self.token}"}
        return requests.request(method, self.url("/api/v1" + path), json=body, headers=headers, timeout=60)

    def cycle(self, *args: str, timeout: float = 600) -> dict[str, Any]:
        """One ``exchange_cycle`` (with ``args``): its line of JSON."""
        out = self.manage("exchange_cycle", *args, timeout=timeout)
        return dict(json.loads(out.splitlines()[-1]))


def pair(sender: Instance, receiver: Instance, direction_of_receiver: str) -> tuple[int, int]:
    """Register ``receiver`` at ``sender`` and ``sender`` at ``receiver`` through the API, the
    credentials handed over both ways as two offices would: the first registers without the peer's
    credentials, the second with them, the first completes with PATCH. ``direction_of_receiver``
    is where the receiver sits seen from the sender ("up" or "down"). Returns the partner ids
    (at the sender, at the receiver)."""
    other = {"up": "down", "down": "up"}[direction_of_receiver]
    first = sender.api(
        "POST",
        "/exchange/partners",
        {"name": receiver.name, "base_url": receiver.base_url, "direction": direction_of_receiver},
    )
    assert first.status_code == 201, first.text
    second = receiver.api(
        "POST",
        "/exchange/partners",
        {
            "name": sender.name,
            "base_url": sender.base_url,
            "direction": other,
            "peer_credentials": first.json()["our_credentials"],
        },
    )
    assert second.status_code == 201, second.text
    sender_id = first.json()["id"]
    done = sender.api(
        "PATCH", f"/exchange/partners/{sender_id}", {"peer_credentials": second.json()["our_credentials"]}
    )
    assert done.status_code == 200, done.text
    return sender_id, second.json()["id"]


# --- schemas and databases ------------------------------------------------------------------


def _migrations_key() -> str:
    """A digest of every migration file and the Django version: the schema they make."""
    import django

    digest = hashlib.sha256(django.get_version().encode())
    for path in sorted(ROOT.glob("gongkai/**/migrations/*.py")):
        digest.update(str(path.relative_to(ROOT)).encode() + path.read_bytes())
    return digest.hexdigest()[:16]


def migrated_sqlite(folder: Path) -> Path:
    """A migrated, empty SQLite file (the template each instance copies). Migrating from nothing
    takes ~8 s (more on a busy machine): the result is kept in the temporary directory under the
    digest of the migrations, and a later run with the same migrations copies it."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "gongkai.sqlite3"
    kept = Path(tempfile.gettempdir()) / f"gongkai-exchange-schema-{_migrations_key()}.sqlite3"
    if kept.exists():
        shutil.copyfile(kept, target)
        return target
    env = base_env() | {"GONGKAI_MODE": "demo", "GONGKAI_DATA_DIR": str(folder), "GONGKAI_LOG_LEVEL": "WARNING"}
    env["DATABASE_URL"] = f"sqlite:///{target}"
    subprocess.run([PYTHON, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)  # noqa: S603
    partial = kept.with_suffix(f".{os.getpid()}.part")
    shutil.copyfile(target, partial)
    partial.replace(kept)  # whole or not at all, whichever run finishes first
    return target


def _pg(sql: str) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(sql)  # the names in it are ours: a-z, 0-9 and _


class Cluster:
    """Instances of one run; everything made here is removed by ``close()``."""

    def __init__(self, folder: Path, postgres: bool = False, schema: Path | None = None) -> None:
        self.folder = folder
        self.run_id = uuid.uuid4().hex[:8]
        self.postgres = postgres
        self.schema = schema
        self.instances: list[Instance] = []
        self.databases: list[str] = []
        self.template: str | None = None
        self.lock = threading.Lock()

    def _template(self) -> str:
        """SQLite: the migrated file. PostgreSQL: a migrated database the others copy."""
        if not self.postgres:
            if self.schema is None:
                self.schema = migrated_sqlite(self.folder / "schema")
            return str(self.schema)
        name = f"gk_exchange_{self.run_id}_template"
        _pg(f'CREATE DATABASE "{name}"')
        self.databases.append(name)
        env = base_env() | {"GONGKAI_MODE": "demo", "GONGKAI_DATA_DIR": str(self.folder / "schema")}
        env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{name}"
        (self.folder / "schema").mkdir(parents=True, exist_ok=True)
        subprocess.run([PYTHON, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)  # noqa: S603
        return name

    def add(
        self,
        label: str,
        name: str,
        division: str,
        start: bool = True,
        tasks: str = "immediate",
        env: dict[str, str] | None = None,
        workers: int = 2,
    ) -> Instance:
        with self.lock:  # one copy of the template at a time (PostgreSQL refuses concurrent ones)
            if self.template is None:
                self.template = self._template()
            folder = self.folder / label
            folder.mkdir(parents=True, mode=0o700)
            database_url = None
            if self.postgres:
                db = f"gk_exchange_{self.run_id}_{label}"
                _pg(f'CREATE DATABASE "{db}" TEMPLATE "{self.template}"')
                self.databases.append(db)
                database_url = f"postgres://postgres@127.0.0.1:5432/{db}"
            else:
                shutil.copyfile(self.template, folder / "gongkai.sqlite3")
        instance = Instance(label, name, division, folder, database_url, tasks=tasks, extra_env=dict(env or {}))
        instance.workers = workers
        self.instances.append(instance)
        instance.seed()
        if start:
            instance.start()
        return instance

    def add_all(self, specs: list[dict[str, Any]], **common: Any) -> list[Instance]:
        """Several instances at once (seeding and starting in parallel), in the order given;
        ``common``: arguments of ``add`` for all of them."""
        with ThreadPoolExecutor(len(specs)) as pool:
            return list(pool.map(lambda spec: self.add(**(common | spec)), specs))

    def close(self) -> None:
        for instance in self.instances:
            instance.stop()
        for name in reversed(self.databases):
            try:
                _pg(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            except Exception as exc:  # clean-up goes on; the name is printed
                print(f"could not drop database {name}: {exc}", file=sys.stderr)


@contextmanager
def cluster(folder: Path, postgres: bool = False, schema: Path | None = None) -> Iterator[Cluster]:
    made = Cluster(folder, postgres=postgres, schema=schema)
    try:
        yield made
    finally:
        made.close()
