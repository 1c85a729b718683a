"""Personas used across the suite: the office, and editor / reviewer / signer / handler of
unit A, and the same of unit B, made by ``tests/builders.py``. Data is built per test; nothing is
shared between tests, except a module's data built once with ``builders.module_data`` (each test
runs in a savepoint inside it)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from hypothesis import settings as hypothesis_settings

from gongkai.api import tokens
from gongkai.orgs.models import Role, SiteProfile, Unit
from tests import builders

# Property tests check what is true, never how fast: Hypothesis's 200 ms deadline per example
# failed a plain check-character test on a loaded two-core machine.
hypothesis_settings.register_profile("gongkai", deadline=None)
hypothesis_settings.load_profile("gongkai")


@pytest.fixture
def government(db: Any) -> Unit:
    return builders.government()


@pytest.fixture
def unit_a(government: Unit) -> Unit:
    return builders.unit("unit_a", government)


@pytest.fixture
def unit_b(government: Unit) -> Unit:
    return builders.unit("unit_b", government)


@pytest.fixture
def office_unit(government: Unit) -> Unit:
    return builders.unit("office_unit", government)


@pytest.fixture
def site(government: Unit) -> SiteProfile:
    return builders.site(government)


@pytest.fixture
def make_person(db: Any) -> Callable[..., Any]:
    return builders.person


@pytest.fixture
def office(make_person: Callable[..., Any], office_unit: Unit) -> Any:
    return make_person("office", Role.OFFICE, office_unit)


@pytest.fixture
def editor_a(make_person: Callable[..., Any], unit_a: Unit) -> Any:
    return make_person("editor_a", Role.EDITOR, unit_a)


@pytest.fixture
def reviewer_a(make_person: Callable[..., Any], unit_a: Unit) -> Any:
    return make_person("reviewer_a", Role.REVIEWER, unit_a)


@pytest.fixture
def signer_a(make_person: Callable[..., Any], unit_a: Unit) -> Any:
    return make_person("signer_a", Role.SIGNER, unit_a)


@pytest.fixture
def handler_a(make_person: Callable[..., Any], unit_a: Unit) -> Any:
    return make_person("handler_a", Role.HANDLER, unit_a)


@pytest.fixture
def editor_b(make_person: Callable[..., Any], unit_b: Unit) -> Any:
    return make_person("editor_b", Role.EDITOR, unit_b)


@pytest.fixture
def logged_in() -> Callable[[Any], Client]:
    """A browser session for ``user`` (password login is tested in the workbench tests)."""

    def make(user: Any) -> Client:
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return make


class ApiClient:
    """Calls /api/v1 with a bearer token, as another government's system would."""

    def __init__(self, token: str | None) -> None:
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(f"/api/v1{path}", params, headers=self.headers)

    def post(self, path: str, data: Any) -> Any:
        return self.client.post(f"/api/v1{path}", data, content_type="application/json", headers=self.headers)


@pytest.fixture
def api_as() -> Callable[[Any], ApiClient]:
    def make(user: Any | None) -> ApiClient:
        return ApiClient(tokens.issue(user) if user is not None else None)

    return make


def pytest_configure(config: Any) -> None:
    from django.conf import settings

    # PBKDF2 at Django's default strength costs ~0.5 s per password; tests need no strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    if not hasattr(config, "workerinput"):  # not a pytest-xdist worker: a plain run or the controller
        _check_machine(config)


DEJAVU = Path("/usr/share/fonts/truetype/dejavu")


@pytest.fixture
def dejavu_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """fontconfig as a fresh Debian machine has it: DejaVu and nothing else (FONTCONFIG_FILE)."""
    assert any(DEJAVU.glob("*.ttf")), f"{DEJAVU} holds no font (Debian's fonts-dejavu-core)"
    config = tmp_path / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">'
        f"<fontconfig><dir>{DEJAVU}</dir><cachedir>{tmp_path / 'fc-cache'}</cachedir></fontconfig>"
    )
    monkeypatch.setenv("FONTCONFIG_FILE", str(config))
    return config


# The PostgreSQL run (.ci/run, RULINGS.md 3) takes the tests that touch what differs between the
# databases: every test that uses the database, except the browser tests (they drive pages, not
# SQL) and the permission matrices (access rules over HTTP, the same on both). `-m postgres`.
# The page cache's node tests copy the SQLite test database into a file two gunicorns share.
NOT_FOR_POSTGRES = ("tests/browser/", "permissions.py", "test_pagecache_nodes.py")
DATABASE_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences", "live_server"}


TRANSACTIONAL_FIXTURES = {"transactional_db", "live_server"}


def _is_transactional(item: Any) -> bool:
    marker = item.get_closest_marker("django_db")
    wanted = set(getattr(item, "fixturenames", ()))
    return bool(TRANSACTIONAL_FIXTURES & wanted or (marker and marker.kwargs.get("transaction")))


def _mark(items: list[Any]) -> None:
    """``postgres`` for the PostgreSQL run; ``transactional`` for the tests that empty the
    database when they end (live server, real transactions), which must run after all others on
    the same database: `make test` runs them as a second, parallel pass."""
    for item in items:
        if _is_transactional(item):
            item.add_marker(pytest.mark.transactional)
        path = str(item.path)
        if any(part in path for part in NOT_FOR_POSTGRES):
            continue
        if item.get_closest_marker("django_db") or DATABASE_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.postgres)


def pytest_collection_modifyitems(session: Any, config: Any, items: list[Any]) -> None:
    """Marks the tests of the PostgreSQL run and the transactional ones."""
    _mark(items)


def _check_machine(config: Any) -> None:
    """What the tests need from the machine, checked before any test runs (in the controller,
    before pytest-xdist starts its workers): a missing package stops the run at once and names
    itself, never a skip or a failure minutes in. Chromium and axe-core are needed unless the run
    leaves out the browser tests (``-m "not browser"``)."""
    from gongkai import fonts
    from tests.machine import AXE, CHROMIUM

    absent = [f"{need.package} (fontconfig finds none of {', '.join(need.families)})" for need in fonts.missing()]
    if "not browser" not in (config.option.markexpr or ""):
        if not Path(CHROMIUM).exists():
            absent.append(f"chromium ({CHROMIUM} is not there)")
        if not AXE.exists():
            absent.append(f"axe-core from npm ({AXE} is not there: npm ci)")
    if absent:
        pytest.exit(
            "missing on this machine: " + "; ".join(absent) + ". As root, `make install` installs them "
            "(system-packages.txt), or: apt-get install " + " ".join(p.split()[0] for p in absent if "npm" not in p),
            returncode=3,
        )


@pytest.fixture(scope="session", autouse=True)
def _site_hosts_allowed(django_test_environment: Any) -> None:
    """Django's test set-up replaced ALLOWED_HOSTS by a plain list: allow the sites' hosts again."""
    from django.conf import settings

    from gongkai.sites.hosts import SiteHosts

    settings.ALLOWED_HOSTS = SiteHosts(list.__iter__(settings.ALLOWED_HOSTS))


@pytest.fixture(autouse=True)
def _sites_read_again() -> None:
    """Each test reads the sites of its own database (a rolled-back site must not linger)."""
    from gongkai.sites import current

    current.forget()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Any, tmp_path: Any) -> None:
    """Uploaded files of a test go to its own temporary folder, never to ./var/media; so does
    whatever else lands in the data directory (backups, the demo's accounts)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DATA_DIR = tmp_path / "data"


@pytest.fixture(autouse=True)
def _search_in_memory(settings: Any) -> Any:
    """Each test gets its own in-memory search index."""
    from gongkai.search.backends import reset

    settings.SEARCH_OPTIONS = {"path": None}
    reset()
    yield
    reset()


@pytest.fixture(autouse=True)
def _jobs_in_process(settings: Any) -> None:
    """Jobs run in-process in tests, whatever REDIS_URL says (CI sets it for the PostgreSQL run);
    a test of the queues themselves sets TASKS again."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]}}


@pytest.fixture(autouse=True)
def _cache_per_test(settings: Any, request: Any) -> None:
    """Each test gets an empty in-memory cache, whatever REDIS_URL says: rate-limit counters,
    CAPTCHA state and cached pages never leak from one test into the next, nor between xdist
    workers (each is its own process, and CI's PostgreSQL run sets REDIS_URL for two of them).

    The page cache (gongkai/pagecache.py) is off by default: a test that changes rows behind the
    watched models' backs (a queryset ``update()``, the clock moved within one day) and reads a
    page again tests its view, not the cache. tests/ops/test_pagecache*.py turn it on with the
    ``page_cache`` fixture; GONGKAI_TEST_PAGE_CACHE=1 runs the whole suite with it on."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": request.node.nodeid}
    }
    settings.PAGE_CACHE = os.environ.get("GONGKAI_TEST_PAGE_CACHE") == "1"


@pytest.fixture
def page_cache(settings: Any) -> None:
    """The page cache on, in this test's own in-memory cache."""
    settings.PAGE_CACHE = True
