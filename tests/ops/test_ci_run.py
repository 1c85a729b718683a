"""``.ci/run`` on a fresh Debian: PostgreSQL there refuses postgres over TCP without a password.

The test runs the script's PostgreSQL preparation with stub ``psql``/``pg_lsclusters``/
``pg_conftool``/``pg_ctlcluster`` on PATH, so it checks the logic without touching this
machine's cluster (the real thing was checked by hand on a scratch Debian cluster).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.ops import REPO

DEBIAN_HBA = """\
local   all             postgres                                peer
local   all             all                                     peer
host    all             all             127.0.0.1/32            scram-sha-256
host    all             all             ::1/128                 scram-sha-256
"""
TRUST = "host all postgres 127.0.0.1/32 trust\nhost all postgres ::1/128 trust\n"

# psql lets postgres in once pg_hba.conf trusts it and the server has reloaded the file (or at
# once when the machine trusted it from the start); it remembers the databases it created.
STUBS = {
    "psql": """#!/bin/bash
echo "psql $*" >> "$STATE/calls"
sql="${@: -1}"
if [ ! -e "$STATE/trusting" ]; then
  grep -q '^host all postgres 127.0.0.1/32 trust' "$STATE/pg_hba.conf" && [ -e "$STATE/reloaded" ] || exit 2
fi
case "$sql" in
  "select 1") echo 1 ;;
  *pg_database*) [ -e "$STATE/db_test" ] && echo 1 ;;
  "create database test") touch "$STATE/db_test" ;;
esac
exit 0
""",
    "pg_lsclusters": """#!/bin/bash
echo "15  main    5432 online postgres /var/lib/postgresql/15/main /var/log/postgresql/postgresql-15-main.log"
""",
    "pg_conftool": """#!/bin/bash
[ "$*" = "-s 15 main show hba_file" ] && echo "$STATE/pg_hba.conf"
""",
    "pg_ctlcluster": """#!/bin/bash
echo "pg_ctlcluster $*" >> "$STATE/calls"
[ "${@: -1}" = reload ] && touch "$STATE/reloaded"
exit 0
""",
}


def preparation() -> str:
    """The lines of .ci/run from ``pg_port=`` to the creation of the test database."""
    lines = (REPO / ".ci" / "run").read_text().splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("pg_port="))
    end = next(i for i, line in enumerate(lines) if "create database test" in line)
    return "\n".join(["set -euo pipefail", *lines[start : end + 1]]) + "\n"


@pytest.fixture
def machine(tmp_path: Path) -> Path:
    """A fresh Debian's cluster, seen through the stubs: state and call log in ``tmp_path``."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name, text in STUBS.items():
        (bin_dir / name).write_text(text)
        (bin_dir / name).chmod(0o755)
    (tmp_path / "pg_hba.conf").write_text(DEBIAN_HBA)
    return tmp_path


def prepare(state: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PATH": f"{state / 'bin'}:{os.environ['PATH']}", "STATE": str(state)}
    return subprocess.run(  # noqa: S603
        ["/bin/bash", "-c", preparation()], env=env, capture_output=True, text=True, timeout=60, check=False
    )


def calls(state: Path) -> list[str]:
    path = state / "calls"
    return path.read_text().splitlines() if path.exists() else []


def test_fresh_debian_gets_loopback_trust_for_postgres_and_the_test_database(machine: Path) -> None:
    result = prepare(machine)

    assert result.returncode == 0, result.stderr
    assert (result.stdout, result.stderr) == ("", "")  # quiet
    assert (machine / "pg_hba.conf").read_text() == TRUST + DEBIAN_HBA  # first lines win
    assert "pg_ctlcluster --skip-systemctl-redirect 15 main reload" in calls(machine)
    assert (machine / "db_test").exists()


def test_a_second_run_changes_nothing(machine: Path) -> None:
    prepare(machine)
    (machine / "calls").unlink()

    result = prepare(machine)

    assert result.returncode == 0, result.stderr
    assert (machine / "pg_hba.conf").read_text() == TRUST + DEBIAN_HBA  # no second copy
    assert not any("reload" in call or "create database" in call for call in calls(machine))


def test_a_machine_that_already_trusts_is_left_alone(machine: Path) -> None:
    (machine / "trusting").touch()
    (machine / "db_test").touch()

    result = prepare(machine)

    assert result.returncode == 0, result.stderr
    assert (machine / "pg_hba.conf").read_text() == DEBIAN_HBA
    assert not any(call.startswith("pg_ctlcluster") for call in calls(machine))
