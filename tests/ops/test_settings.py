"""Settings come from the environment; production refuses to start when they are unsafe."""

from __future__ import annotations

import secrets
import subprocess
from pathlib import Path

import pytest

from gongkai.env import ConfigError, parse_database_url
from tests.ops import clean_env, run_python

GOOD_KEY = secrets.token_urlsafe(50)
SETUP = "import django; django.setup()"
SHOW = SETUP + "; from django.conf import settings as s; print(s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.DEBUG)"


def start(data_dir: Path, code: str = SETUP, **values: str) -> subprocess.CompletedProcess[str]:
    return run_python(clean_env(GONGKAI_DATA_DIR=str(data_dir), **values), "-c", code)


@pytest.mark.parametrize(
    ("values", "named"),
    [
        ({}, "SECRET_KEY"),
        ({"SECRET_KEY": "change-me", "ALLOWED_HOSTS": "gongkai.example.gov.cn"}, "SECRET_KEY"),
        ({"SECRET_KEY": "too-short-but-random-Zq8", "ALLOWED_HOSTS": "gongkai.example.gov.cn"}, "SECRET_KEY"),
        ({"SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "gongkai.example.gov.cn", "DEBUG": "true"}, "DEBUG"),
        ({"SECRET_KEY": GOOD_KEY}, "ALLOWED_HOSTS"),
    ],
    ids=["no key", "known weak key", "short key", "debug on", "no hosts"],
)
def test_production_refuses_to_start_unsafely_and_says_why(tmp_path: Path, values: dict[str, str], named: str) -> None:
    result = start(tmp_path, GONGKAI_MODE="production", **values)

    assert result.returncode != 0
    assert "refuses to start" in result.stderr
    assert named in result.stderr.strip().splitlines()[-1]
    assert not (tmp_path / "secret_key").exists()  # production never invents a key


def test_production_starts_with_a_safe_configuration_and_sends_hsts(tmp_path: Path) -> None:
    result = start(
        tmp_path, SHOW, GONGKAI_MODE="production", SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS="gongkai.example.gov.cn"
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [str(365 * 24 * 60 * 60), "True", "False"]


def test_demo_starts_with_nothing_set_and_keeps_its_own_secret_key(tmp_path: Path) -> None:
    check_key = (
        SETUP
        + "; from django.conf import settings as s; print(s.SECRET_KEY == (s.DATA_DIR / 'secret_key').read_text())"
    )

    first = start(tmp_path, check_key)
    key = (tmp_path / "secret_key").read_text()
    second = start(tmp_path, check_key)

    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == second.stdout.strip() == "True"
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600
    assert len(key) >= 50
    assert (tmp_path / "secret_key").read_text() == key  # the second start reused it


def test_unknown_mode_is_refused(tmp_path: Path) -> None:
    result = start(tmp_path, GONGKAI_MODE="staging")

    assert result.returncode != 0
    assert "GONGKAI_MODE" in result.stderr


# --- parse_database_url ------------------------------------------------------------------


def test_sqlite_url_with_a_relative_path() -> None:
    assert parse_database_url("sqlite:///var/gongkai.sqlite3") == {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": "var/gongkai.sqlite3",
    }


def test_sqlite_url_with_an_absolute_path() -> None:
    assert (
        parse_database_url("sqlite:////var/lib/gongkai/gongkai.sqlite3")["NAME"] == "/var/lib/gongkai/gongkai.sqlite3"
    )


def test_sqlite_url_without_a_path_is_in_memory() -> None:
    assert parse_database_url("sqlite://")["NAME"] == ":memory:"


def test_postgres_url_with_user_password_port_and_options() -> None:
    url = "postgres://gongkai:p%40ss%3Aw0rd@db.example.gov.cn:6543/gongkai?sslmode=require&connect_timeout=5"

    assert parse_database_url(url) == {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "gongkai",
        "USER": "gongkai",
        "PASSWORD": "p@ss:w0rd",
        "HOST": "db.example.gov.cn",
        "PORT": "6543",
        "OPTIONS": {"sslmode": "require", "connect_timeout": "5"},
    }


def test_postgresql_scheme_without_port_or_password() -> None:
    database = parse_database_url("postgresql://postgres@127.0.0.1/test")

    assert (database["USER"], database["PASSWORD"], database["HOST"], database["PORT"]) == (
        "postgres",
        "",
        "127.0.0.1",
        "",
    )
    assert database["OPTIONS"] == {}


def test_unsupported_scheme_is_refused_and_names_the_variable() -> None:
    with pytest.raises(ConfigError, match="DATABASE_URL scheme 'mysql'"):
        parse_database_url("mysql://root@localhost/gongkai")


def test_production_health_check_over_plain_http_is_not_redirected(tmp_path: Path) -> None:
    # The load balancer asks over http; every other page still goes to https.
    probe = (
        SETUP
        + "; from django.test import Client; c = Client()"
        + "; h = c.get('/healthz'); p = c.get('/xxgk/')"
        + "; print(h.status_code, h.content.decode(), p.status_code, p['Location'])"
    )
    result = start(tmp_path, probe, GONGKAI_MODE="production", SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS="testserver")

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["200", '{"status":', '"ok"}', "301", "https://testserver/xxgk/"]
