"""The page cache across application nodes and through a Redis outage (issue 18, points 2 and 3).

Two gunicorn instances on two ports share one SQLite file and the machine's Redis (a database
number of its own and a key prefix unique to the run, GONGKAI_CACHE_PREFIX), as two application
nodes share PostgreSQL and Redis. A script on the same file publishes the item (as the scheduled
job would, from a process of its own); the signer withdraws it through one node's API: both nodes
must stop showing it within 5 seconds. Then the outage: a node whose cache is a private
redis-server keeps serving pages when that server stops (never the machine's own).

The schema comes from the test database pytest-django has already migrated, copied into the
file with SQLite's backup API (``migrate`` from nothing takes 10-45 s on a busy two-core machine).
"""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import redis

from tests.ops import REPO

# The marker makes pytest-django create the test database this module copies its schema from; the
# module is left out of the PostgreSQL run (tests/conftest.py: NOT_FOR_POSTGRES): SQLite is the point.
pytestmark = pytest.mark.django_db

MACHINE_REDIS = "redis://127.0.0.1:6379/12"  # the machine's Redis, a database number no one else uses
TITLE = "关于两个节点共享缓存的测试通知"
BODY = "两个节点正文"
REASON = "测试撤回"
WITHIN = 5.0  # seconds: issue 18, point 2

PUBLISH = f"""
import datetime as dt
from django.conf import settings
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # no login here
from django.db import transaction
from gongkai.orgs.models import Role
from gongkai.publishing import services
from gongkai.publishing.workflow import drive
from tests import builders
gov = builders.government()
unit = builders.unit("unit_a", gov)
builders.site(gov)
editor, reviewer, signer = (builders.person(n, r, unit) for n, r in
    [("editor_a", Role.EDITOR), ("reviewer_a", Role.REVIEWER), ("signer_a", Role.SIGNER)])
item = services.create_item(editor, unit, title="{TITLE}", body_html="<p>{BODY}</p>",
    formed_on=dt.date(2026, 9, 25), genre="notice", topic="civil")
with transaction.atomic():
    drive(item.pk, editor, reviewer, signer)
from gongkai.api import tokens
print(item.pk, tokens.issue(signer))
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str, request: urllib.request.Request | None = None) -> tuple[int, dict[str, str], str]:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(request or url, timeout=30) as answer:
            return answer.status, dict(answer.headers), answer.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


@dataclass
class Site:
    """The environment every process of one test shares: data folder, database file, cache."""

    folder: Path
    redis_url: str
    prefix: str

    def env(self) -> dict[str, str]:
        keep = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DATABASE_URL", "REDIS_URL"))}
        return {
            **keep,
            "DJANGO_SETTINGS_MODULE": "gongkai.settings",
            "GONGKAI_MODE": "demo",
            "GONGKAI_DATA_DIR": str(self.folder),
            "DATABASE_URL": f"sqlite:///{self.folder / 'gongkai.sqlite3'}",
            "REDIS_URL": self.redis_url,
            "GONGKAI_CACHE_PREFIX": self.prefix,
            "GONGKAI_TASKS": "immediate",
            "GONGKAI_SEARCH_BACKEND": "gongkai.search.backends.tantivy_backend.TantivyBackend",
            "GONGKAI_LOG_LEVEL": "WARNING",
        }

    def shell(self, code: str) -> str:
        done = subprocess.run(  # noqa: S603  (our own script)
            [sys.executable, "-c", "import django\ndjango.setup()\n" + code],
            check=False,
            cwd=REPO,
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=180,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout.strip()


class Node:
    """One gunicorn instance (one worker) on a free port."""

    def __init__(self, site: Site) -> None:
        self.port = free_port()
        self.log = (site.folder / f"node-{self.port}.log").open("w")
        gunicorn = str(Path(sys.executable).parent / "gunicorn")
        self.process = subprocess.Popen(  # noqa: S603  (the venv's gunicorn)
            [gunicorn, "gongkai.wsgi:application", "--bind", f"127.0.0.1:{self.port}", "--workers", "1"],
            cwd=REPO,
            env=site.env(),
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def wait(self, deadline: float) -> None:
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"gunicorn on {self.port} exited; see {self.log.name}"
            try:
                if fetch(self.url("/healthz"))[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        pytest.fail(f"gunicorn on {self.port} did not answer in time")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


@pytest.fixture(scope="module")
def schema(django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated, empty SQLite file (the test database's schema and migration rows)."""
    from django.db import connection

    target = tmp_path_factory.mktemp("pagecache-schema") / "gongkai.sqlite3"
    with django_db_blocker.unblock():
        if connection.vendor != "sqlite":  # a run on PostgreSQL: migrate a file of our own
            env = {**os.environ, "DATABASE_URL": f"sqlite:///{target}", "GONGKAI_MODE": "demo"}
            env["GONGKAI_DATA_DIR"] = str(target.parent)
            subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=REPO, env=env, check=True)
            return target
        connection.ensure_connection()
        copy = sqlite3.connect(target)
        connection.connection.backup(copy)
        copy.close()
    return target


def site_in(folder: Path, schema: Path, redis_url: str) -> Site:
    folder.mkdir(mode=0o700, exist_ok=True)
    (folder / "gongkai.sqlite3").write_bytes(schema.read_bytes())
    return Site(folder, redis_url, f"pagecache-test-{uuid.uuid4().hex[:12]}")


@pytest.fixture
def shared_site(tmp_path: Path, schema: Path) -> Iterator[Site]:
    """The machine's Redis under a prefix of this run alone, emptied of it afterwards."""
    client = redis.Redis.from_url(MACHINE_REDIS, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        pytest.fail(f"no Redis at {MACHINE_REDIS}: the machine's redis-server (system-packages.txt) must run")
    site = site_in(tmp_path / "data", schema, MACHINE_REDIS)
    yield site
    for key in client.scan_iter(match=f"{site.prefix}:*"):
        client.delete(key)


def ready(started: list[Node]) -> list[Node]:
    deadline = time.monotonic() + 90
    for node in started:
        node.wait(deadline)
    return started


def shows(node: Node, path: str, text: str) -> tuple[bool, str]:
    status, headers, body = fetch(node.url(path))
    assert status == 200, (node.port, path, status)
    return text in body, headers.get("X-Page-Cache", "")


def withdraw(node: Node, item_id: int, token: str) -> None:
    """The signer withdraws the item through one node's API, as from the workbench."""
    body = json.dumps({"action": "withdraw", "reason": REASON}).encode()
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    url = node.url(f"/api/v1/items/{item_id}/actions")
    request = urllib.request.Request(url, body, headers, method="POST")  # noqa: S310  (http://127.0.0.1)
    status, _, answer = fetch(request.full_url, request)
    assert status == 200, (status, answer)


def test_a_withdrawal_leaves_both_nodes_within_five_seconds(shared_site: Site) -> None:
    both = [Node(shared_site), Node(shared_site)]  # starting while the item is published
    try:
        item, token = shared_site.shell(PUBLISH).splitlines()[-1].split()
        item_id = int(item)
        ready(both)
        pages = ["/", f"/xxgk/items/{item_id}/", "/api/v1/public/items"]
        for node in both:
            for path in pages:
                assert shows(node, path, TITLE)[0], (node.port, path)
                assert shows(node, path, TITLE) == (True, "hit"), (node.port, path)  # kept, shared
        withdraw(both[0], item_id, token)
        withdrawn_at = time.monotonic()
        waiting = {(node.port, path): node for node in both for path in ["/", f"/xxgk/items/{item_id}/"]}
        while waiting and time.monotonic() - withdrawn_at < WITHIN:
            for (port, path), node in list(waiting.items()):
                text = TITLE if path == "/" else BODY  # the item page stays, without its text
                if not shows(node, path, text)[0]:
                    del waiting[(port, path)]
            time.sleep(0.1)
        assert not waiting, f"still shown after {WITHIN} s: {sorted(waiting)}"
        for node in both:
            assert shows(node, f"/xxgk/items/{item_id}/", REASON)[0]
            assert shows(node, "/api/v1/public/items", '"withdrawn": true')[0]
    finally:
        for node in both:
            node.stop()


class PrivateRedis:
    """A redis-server of this test alone on a free port, nothing saved to disk."""

    def __init__(self, folder: Path) -> None:
        self.port = free_port()
        self.folder = folder
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""]
        command += ["--appendonly", "no", "--dir", str(self.folder)]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # noqa: S603
        client = redis.Redis.from_url(self.url, socket_connect_timeout=1)
        for _ in range(100):
            try:
                client.ping()
                return
            except redis.exceptions.ConnectionError:
                time.sleep(0.05)
        pytest.fail("the private redis-server did not start")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None


def test_pages_are_served_while_redis_is_down_and_cached_again_when_it_returns(tmp_path: Path, schema: Path) -> None:
    server = PrivateRedis(tmp_path)
    server.start()
    site = site_in(tmp_path / "data", schema, server.url)
    node = Node(site)
    try:
        site.shell(PUBLISH)
        ready([node])
        assert shows(node, "/", TITLE)[0]
        assert shows(node, "/", TITLE) == (True, "hit")
        server.stop()
        for _ in range(3):  # a clean page each time, never a 500, and nothing kept
            assert shows(node, "/", TITLE) == (True, "bypass")
        server.start()  # empty: an outage may also lose what was kept
        time.sleep(1.1)  # the backend asks again a second after the last failure (cachebackend.py)
        assert shows(node, "/", TITLE) == (True, "miss")
        assert shows(node, "/", TITLE) == (True, "hit")
    finally:
        node.stop()
        server.stop()
