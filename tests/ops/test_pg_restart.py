"""PostgreSQL restarted under load (issue 18, point 4; STACK.md §9): while the database is down
the site answers only clean 503s (Retry-After, the Chinese page or the API's error shape, never
a traceback, never a 500), afterwards it serves again without restarting gunicorn, and every
inquiry answered 201 is in the database.

A private cluster (bench/faultkit.py: initdb on a free port, trust, fsync off), gunicorn with two
sync workers in production mode against it, six clients for about seven seconds. The cluster's
schema is copied (pg_dump | pg_restore, two seconds) from the test database pytest-django has
just migrated, where ``migrate`` itself would take half a minute: so the test runs in the
PostgreSQL pass of .ci/run (marked ``postgres``) and is skipped on SQLite.

The fault is ``pg_ctl stop -m fast``, 1.5 s down, ``pg_ctl start``: a restart whose window is long
enough that every client meets it (``pg_ctl restart`` on an idle cluster can take 0.3 s).
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection

from bench.faultkit import (
    Gunicorn,
    PrivatePostgres,
    Run,
    outage_mix,
    postgres_bin,
    production_env,
    request,
    seed,
)
from gongkai.participation.models import Inquiry

ON_POSTGRESQL = "postgresql" in str(settings.DATABASES["default"]["ENGINE"])
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not ON_POSTGRESQL,
        reason="runs in the PostgreSQL pass of .ci/run: the private cluster copies its migrated test database",
    ),
]

DOWN_FOR = 1.5  # seconds between pg_ctl stop and pg_ctl start
SETTLE = 0.5  # a request that began this long after the restart finished must succeed


def _restart_under_load(pg: PrivatePostgres, gunicorn: Gunicorn, unit_id: int) -> tuple[Run, float, float]:
    run = Run(gunicorn.port, outage_mix(unit_id), clients=6)
    for _ in range(2):  # both workers past their first, slow request: a site that was running
        for _kind, method, path, make in run.mix.steps:
            assert request(gunicorn.port, method, path() if callable(path) else path, make and make()).status < 300
    with run.running():
        time.sleep(2.0)
        down_at = run.now()
        pg.pg_ctl("stop", "-m", "fast")
        time.sleep(DOWN_FOR)
        pg.pg_ctl("start")
        up_at = run.now()
        time.sleep(3.0)
    return run, down_at, up_at


def _assert_answers(run: Run, down_at: float, up_at: float) -> None:
    statuses = {a.status for a in run.answers}
    assert statuses <= {200, 201, 503}, f"answers by status over time: {run.counts()}"
    unavailable = [a for a in run.answers if a.status == 503]
    assert unavailable, f"no request met the restart: {run.counts()}"
    assert {a.content_type.split(";")[0] for a in unavailable} == {"text/html", "application/json"}
    for answer in unavailable:
        assert answer.clean_503 and answer.retry_after == "5", answer
        # in flight at some moment of the outage (a request that began before it may end in it)
        assert answer.ended >= down_at and answer.began <= up_at + SETTLE, (answer, down_at, up_at)
    after = [a for a in run.answers if a.began > up_at + SETTLE]
    assert after and all(a.status in {200, 201} for a in after)
    assert {a.kind for a in after} == {"home", "api-items", "inquiry", "disclosure", "uncached"}


def _assert_nothing_lost(pg: PrivatePostgres, run: Run) -> None:
    created = {a.created for a in run.answers if a.status == 201}
    assert None not in created and len(created) > 10
    listed = ",".join(str(pk) for pk in sorted(created))  # type: ignore[type-var]
    stored = pg.psql(f"SELECT id FROM {Inquiry._meta.db_table} WHERE id IN ({listed})").split()  # noqa: S608 - ids
    assert {int(pk) for pk in stored} == created


def test_a_postgresql_restart_is_a_clean_503_and_loses_nothing(db: Any, tmp_path: Path) -> None:
    """``db``: pytest-django sets up (migrates) the test database only for tests that use one."""
    if postgres_bin() is None:
        pytest.skip("no /usr/lib/postgresql/*/bin/initdb (Debian's postgresql package) on this machine")
    pg = PrivatePostgres()
    gunicorn = None
    try:
        pg.start()
        pg.create_database()
        pg.copy_from(connection.settings_dict)
        env = production_env(tmp_path, pg.url())
        gunicorn = Gunicorn(env, tmp_path / "gunicorn.log")  # boots while the data is made
        unit_id = seed(env)["unit_id"]
        gunicorn.wait_ready()
        workers = gunicorn.workers()
        assert len(workers) == 2
        run, down_at, up_at = _restart_under_load(pg, gunicorn, unit_id)
        _assert_answers(run, down_at, up_at)
        assert gunicorn.process.poll() is None and gunicorn.workers() == workers  # recovered by themselves
        _assert_nothing_lost(pg, run)
        log = (tmp_path / "gunicorn.log").read_text()
        assert "Traceback" not in log
        assert re.search(r'"event": "database.unavailable"', log)
    finally:
        if gunicorn is not None:
            gunicorn.stop()
        pg.close()
