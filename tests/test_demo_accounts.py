"""`make demo` ends with the address and the staff accounts: seed_demo keeps the passwords it
generates (owner-only, in the data directory), and ``demo_accounts`` prints them on every run."""

from __future__ import annotations

import io
import logging
import stat
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from gongkai.demo import accounts as demo_accounts


def shown(**options: Any) -> str:
    out = io.StringIO()
    call_command("demo_accounts", stdout=out, **options)
    return out.getvalue()


def test_seed_demo_keeps_the_passwords_and_every_later_run_shows_them(db: None, settings: Any, caplog: Any) -> None:
    first = io.StringIO()
    with caplog.at_level(logging.INFO):
        call_command("seed_demo", stdout=first)
    # the log's INFO lines (a JSON line per read file and indexed document) are not printed
    # above the accounts (issue 17, point 16)
    assert not [r for r in caplog.records if r.levelno <= logging.INFO]
    kept = demo_accounts.remembered()
    assert set(kept) == {"office", "office2", "editor", "reviewer", "signer", "handler"}
    path = Path(settings.DATA_DIR) / demo_accounts.FILE_NAME
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    printed = first.getvalue()
    # one table: user name, password, role, name, unit (not the user name twice); no JSON log
    # line above it (issue 17, point 16)
    assert "office    office" not in printed and "公开办" in printed
    for username, password in kept.items():
        assert f"{username.ljust(10)}{password}" in printed
        assert get_user_model().objects.get(username=username).check_password(password)

    # the demo publishes last year's annual reports, the unit's and the government's: the 年报
    # column is not empty (issue 17, 3)
    from django.test import Client
    from django.utils import timezone

    reports = Client().get("/xxgk/annual-reports/").content.decode()
    assert f"康巴什区民政局{timezone.localdate().year - 1}年政府信息公开工作年度报告" in reports
    assert f"康巴什区人民政府{timezone.localdate().year - 1}年政府信息公开工作年度报告" in reports

    call_command("seed_demo", stdout=io.StringIO())  # a second run changes no password
    assert demo_accounts.remembered() == kept
    text = shown(url="http://127.0.0.1:8000/")
    lines = text.strip().splitlines()
    assert "演示系统已就绪" in lines[0]
    assert "工作台（工作人员登录）：http://127.0.0.1:8000/workbench/" in text
    assert f"office    {kept['office']}" in text
    assert "{" not in text  # plain text, no JSON log line


def test_accounts_it_does_not_know_say_how_to_get_in(db: None) -> None:
    get_user_model().objects.create_user(username="office", password="set-elsewhere-123")
    text = shown()
    assert "manage.py changepassword office" in text
    assert "editor    （未创建：请运行 manage.py seed_demo）" in text


def test_there_are_no_demo_accounts_in_production(db: None, settings: Any) -> None:
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="生产模式"):
        shown()


def test_seed_demo_refuses_production_mode(db: None, settings: Any) -> None:
    from gongkai.orgs.models import Unit

    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="生产模式"):
        call_command("seed_demo", stdout=io.StringIO())
    assert not Unit.objects.exists() and demo_accounts.remembered() == {}
