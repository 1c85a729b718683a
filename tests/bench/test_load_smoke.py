"""Smoke test of the load client (bench/load.py, issue 18; RULINGS.md 3: long runs are bench
scripts with a small smoke test in the suite): two visitors for two seconds against the live
server on a tiny data set. Every page kind of the mix is reported with its times and no error,
and the application and inquiry flows (CSRF token, the stateless CAPTCHA answered from the
token, 303 to the receipt) are accepted and really in the database."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from bench import load
from bench.loaddata import Database, Targets
from gongkai.foi.models import Request
from gongkai.participation.models import Inquiry
from gongkai.publishing import services
from gongkai.publishing.workflow import drive

pytestmark = pytest.mark.django_db(transaction=True)


def _published(editor: Any, reviewer: Any, signer: Any, unit: Any, n: int) -> int:
    item = services.create_item(
        editor,
        unit,
        title=f"关于调整城乡居民最低生活保障标准的通知（{n}）",
        formed_on=dt.date(2026, 11, 10),
        body_html="<p>标准。</p>",
    )
    return drive(item.pk, editor, reviewer, signer).pk


def test_two_visitors_report_every_kind_without_errors(
    live_server: Any, site: Any, unit_a: Any, editor_a: Any, reviewer_a: Any, signer_a: Any, settings: Any,
    tmp_path: Path,
) -> None:  # fmt: skip
    settings.TRUSTED_PROXIES = ["127.0.0.1"]  # each citizen its own address, as behind nginx
    items = [_published(editor_a, reviewer_a, signer_a, unit_a, n) for n in range(3)]
    targets = Targets(items=items, units=[unit_a.pk], domains=[], words=["最低生活保障"], db=Database(None, None))
    receipts = tmp_path / "receipts.jsonl"
    args = load.parse(
        ["--base", live_server.url, "--users", "2", "--duration", "2", "--think", "0", "--posts-per-minute", "1",
         "--data-dir", str(tmp_path), "--secret-key", settings.SECRET_KEY, "--receipts", str(receipts)]
    )  # fmt: skip

    summary = asyncio.run(load.run(args, targets)).summary()

    visits = {kind for kind, _weight in load.MIX}
    flows = {f"{flow}_{step}" for flow in ("apply", "inquiry") for step in ("form", "post", "receipt")}
    assert set(summary["kinds"]) == visits | flows
    assert summary["errors"] == 0, summary
    for kind in summary["kinds"].values():
        assert kind["requests"] >= 1 and kind["p95_ms"] > 0 and not kind["errors"]
    accepted = {r["kind"]: r["code"] for r in map(json.loads, receipts.read_text().splitlines())}
    assert Request.objects.filter(tracking_code=accepted["apply"]).exists()
    assert Inquiry.objects.filter(tracking_code=accepted["inquiry"]).exists()
