"""The exchange cycle: this test process is the district (its test database), a gunicorn on a
SQLite file of its own is the city. Items flow up by push and down by pull; the city goes away
in the middle and the cycle backs off, then resumes where it stopped — nothing lost, nothing
twice; a withdrawal here reaches the city's copy in the next cycle.

The city's file starts as a copy of the migrated test database (as tests/ops/test_pagecache_nodes.py
does), so no migration runs here. The cursor and receipt rules are also tested without a network
(a partner that answers only part of a batch, one that rejects a record)."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from gongkai.exchange import client, cycle, identity, partners
from gongkai.exchange.models import Change, DeliveryFailure, Partner
from gongkai.publishing.models import Item
from gongkai.publishing.workflow import perform
from tests.ops import REPO
from tests.ops.test_pagecache_nodes import fetch, free_port

pytestmark = pytest.mark.django_db

CITY_SETUP = """
import json, os, datetime as dt
from django.conf import settings
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
from django.db import transaction
from gongkai.orgs import creditcode
from gongkai.orgs.models import Role, Unit
from gongkai.publishing import services
from gongkai.publishing.workflow import drive
from gongkai.exchange import identity, partners
from tests import builders
gov = Unit.objects.create(name="测试市人民政府", kind=Unit.Kind.GOVERNMENT,
    credit_code=creditcode.make("11", "150600", "MA000091"))
unit = Unit.objects.create(name="测试市民政局", kind=Unit.Kind.DEPARTMENT,
    credit_code=creditcode.make("11", "150600", "MA000092"), parent=gov)
builders.site(gov)
office = builders.person("city_office", Role.OFFICE, gov)
editor, reviewer, signer = (builders.person(n, r, unit) for n, r in
    [("city_editor", Role.EDITOR), ("city_reviewer", Role.REVIEWER), ("city_signer", Role.SIGNER)])
partners.create(office, name="测试区", base_url="http://127.0.0.1:1", direction="down",
    peer_credentials=json.loads(os.environ["DISTRICT_CREDENTIALS"]))
items = []
for n in range(int(os.environ["CITY_ITEMS"])):
    item = services.create_item(editor, unit, title=f"市级文件{n}号关于救助标准", body_html=f"<p>市级正文{n}</p>",
        formed_on=dt.date(2026, 9, 25), genre="notice", topic="civil", kind="policy")
    with transaction.atomic():
        drive(item.pk, editor, reviewer, signer)
    items.append(item.pk)
print(json.dumps({"credentials": identity.credentials(os.environ["CITY_URL"]), "items": items}))
"""


class City:
    """The city's data folder and its gunicorn, on one port for its whole life (a restart
    answers at the address the district was given)."""

    def __init__(self, folder: Path, schema: Path) -> None:
        folder.mkdir(mode=0o700, exist_ok=True)
        self.folder = folder
        self.database = folder / "gongkai.sqlite3"
        self.database.write_bytes(schema.read_bytes())
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    def env(self, **extra: str) -> dict[str, str]:
        keep = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DATABASE_URL", "REDIS_URL"))}
        return {
            **keep,
            "DJANGO_SETTINGS_MODULE": "gongkai.settings",
            "GONGKAI_MODE": "demo",
            "GONGKAI_DATA_DIR": str(self.folder),
            "DATABASE_URL": f"sqlite:///{self.database}",
            "GONGKAI_TASKS": "immediate",
            "GONGKAI_SEARCH_BACKEND": "gongkai.search.backends.tantivy_backend.TantivyBackend",
            "GONGKAI_LOG_LEVEL": "WARNING",
            "CITY_URL": self.url,
            **extra,
        }

    def shell(self, code: str, **extra: str) -> str:
        done = subprocess.run(  # noqa: S603  (our own script)
            [sys.executable, "-c", "import django\ndjango.setup()\n" + code],
            check=False, cwd=REPO, env=self.env(**extra), capture_output=True, text=True, timeout=180,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout.strip().splitlines()[-1]

    def start(self) -> None:
        gunicorn = str(Path(sys.executable).parent / "gunicorn")
        log = (self.folder / "gunicorn.log").open("a")
        self.process = subprocess.Popen(  # noqa: S603  (the venv's gunicorn)
            [gunicorn, "gongkai.wsgi:application", "--bind", f"127.0.0.1:{self.port}", "--workers", "1"],
            cwd=REPO, env=self.env(), stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"the city's gunicorn exited; see {self.folder / 'gunicorn.log'}"
            try:
                if fetch(f"{self.url}/healthz")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        pytest.fail("the city's gunicorn did not answer in time")

    def stop(self) -> None:
        if self.process is not None:
            # As a crash would, master and worker at once (a killed master's worker would go on
            # answering for a while): the process group this gunicorn leads.
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=20)
            self.process = None

    def rows(self, sql: str, *args: Any) -> list[tuple[Any, ...]]:
        with sqlite3.connect(self.database) as db:
            return list(db.execute(sql, args))


@pytest.fixture
def city(tmp_path: Path, schema: Path) -> Iterator[City]:
    found = City(tmp_path / "city", schema)
    yield found
    found.stop()


def carried_in_city(city: City) -> dict[str, str]:
    """The city's received copies: origin item id → state."""
    return dict(
        city.rows(
            "SELECT r.origin_item, i.state FROM exchange_received r JOIN publishing_item i ON i.id = r.item_id"
            " WHERE i.carried"
        )
    )


def test_items_flow_up_and_down_and_survive_the_city_going_away(
    city: City, publish: Callable[..., Item], office: Any, signer_a: Any, settings: Any
) -> None:
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("the SQLite run covers it; the PostgreSQL run keeps its budget (RULINGS.md 3)")
    settings.EXCHANGE_ALLOW_PRIVATE = True
    settings.EXCHANGE_MAX_RECORDS = 3  # several batches
    ours = [publish(f"区级通知{n}号") for n in range(5)]
    answer = city.shell(
        CITY_SETUP, DISTRICT_CREDENTIALS=json.dumps(identity.credentials("http://127.0.0.1:2")), CITY_ITEMS="4"
    )
    setup = json.loads(answer)
    city.start()
    partner = partners.create(
        office, name="测试市", base_url=city.url, direction="up", peer_credentials=setup["credentials"], mode="both"
    )

    counts = cycle.run().as_dict()
    assert counts["pushed"] == 5 and counts["accepted"] == 5 and counts["rejected"] == 0, counts
    assert counts["received"] == 4 and counts["received_rejected"] == 0, counts
    assert sorted(carried_in_city(city)) == sorted(i.pk for i in ours)
    mine = Item.objects.filter(carried=True, exchange_origin__isnull=False)
    assert mine.count() == 4 and {i.kind for i in mine} == {"policy"}
    assert {i.policy.level for i in mine} == {"city"}  # 上级文件 in our policy library

    # The city goes away; meanwhile one item more, and a withdrawal.
    city.stop()
    ours.append(publish("区级通知5号"))
    perform(signer_a, ours[0].pk, "withdraw", reason="已被新文件替代")
    counts = cycle.run().as_dict()
    assert counts["failed_partners"] == 1, counts
    partner.refresh_from_db()
    assert partner.failures == 1 and partner.last_error
    assert partner.next_attempt_at is not None and partner.next_attempt_at > timezone.now()
    assert cycle.run().as_dict()["waiting_partners"] == 1  # backing off

    city.start()
    counts = cycle.run(force=True).as_dict()
    assert counts["failed_partners"] == 0 and counts["accepted"] == 2, counts
    held = carried_in_city(city)
    assert sorted(held) == sorted(i.pk for i in ours)  # nothing lost, nothing twice
    assert held[ours[0].pk] == "withdrawn" and held[ours[5].pk] == "published"
    partner.refresh_from_db()
    assert partner.failures == 0 and partner.last_success_at is not None
    assert partners.summary(partner)["lag_seconds"] == 0

    again = cycle.run().as_dict()
    assert again["pushed"] == 0 and again["received"] == 0, again
    assert city.rows("SELECT count(*) FROM exchange_received")[0][0] == 6


# -- without a network ------------------------------------------------------------------------


@pytest.fixture
def paired(district: Any, settings: Any) -> Partner:
    settings.EXCHANGE_ALLOW_PRIVATE = True
    from gongkai.exchange import signing

    return Partner.objects.create(
        name="测试市", base_url="http://127.0.0.1:9", direction="up", mode="push",
        peer_instance="city", peer_public_key=signing.new_key_pair()[1],
    )  # fmt: skip


def answering(receipts_for: Callable[[list[dict[str, Any]]], list[dict[str, Any]]]) -> Callable[..., Any]:
    def call(partner: Partner, method: str, path: str, **kwargs: Any) -> Any:
        records = json.loads(kwargs["body"])["records"]
        return {"receipts": receipts_for(records)}

    return call


def receipt(record: dict[str, Any], status: str = "accepted", **extra: Any) -> dict[str, Any]:
    return {
        "origin": record["origin"],
        "item": record["item"],
        "revision": record["revision"],
        "status": status,
        **extra,
    }


def test_the_cursor_moves_only_over_records_with_a_receipt(
    paired: Partner, publish: Callable[..., Item], monkeypatch: pytest.MonkeyPatch
) -> None:
    items = [publish(f"通知{n}") for n in range(3)]
    calls: list[int] = []

    def cut_short(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
        calls.append(len(records))
        if len(calls) > 1:
            raise client.PartnerError("无法连接对方平台：ConnectionError")  # then it went away
        return [receipt(records[0])]  # it answered for the first record only

    monkeypatch.setattr(client, "call", answering(cut_short))
    counts = cycle.run().as_dict()
    paired.refresh_from_db()
    assert paired.pushed_cursor == Change.objects.get(item=items[0]).seq
    assert counts["accepted"] == 1 and counts["failed_partners"] == 1 and calls == [3, 2]
    sent: list[int] = []

    def everything(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
        sent.extend(r["item"] for r in records)
        return [receipt(r) for r in records]

    monkeypatch.setattr(client, "call", answering(everything))
    assert cycle.run(force=True).as_dict()["accepted"] == 2
    assert sent == [items[1].pk, items[2].pk]  # resumed after the last receipt


def test_a_rejected_record_is_kept_and_does_not_hold_up_the_rest(
    paired: Partner, publish: Callable[..., Item], monkeypatch: pytest.MonkeyPatch
) -> None:
    items = [publish(f"通知{n}") for n in range(3)]

    def reject_the_second(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [
            receipt(r, "rejected", reason="附件类型不符") if r["item"] == items[1].pk else receipt(r) for r in records
        ]

    monkeypatch.setattr(client, "call", answering(reject_the_second))
    counts = cycle.run().as_dict()
    assert (counts["accepted"], counts["rejected"], counts["failed_partners"]) == (2, 1, 0)
    failure = DeliveryFailure.objects.get()
    assert (failure.origin_item, failure.reason) == (items[1].pk, "附件类型不符")
    partners.retry(_office(), paired, failure)
    monkeypatch.setattr(client, "call", answering(lambda records: [receipt(r) for r in records]))
    counts = cycle.run().as_dict()
    assert counts["accepted"] == 1
    failure.refresh_from_db()
    assert failure.resolved_at is not None


def _office() -> Any:
    from gongkai.orgs.models import Role, Unit
    from tests import builders

    return builders.person("office_x", Role.OFFICE, Unit.objects.get(kind=Unit.Kind.GOVERNMENT))


def test_backoff_doubles_up_to_an_hour(
    paired: Partner, publish: Callable[..., Item], monkeypatch: pytest.MonkeyPatch
) -> None:
    publish()

    def down(*args: Any, **kwargs: Any) -> Any:
        raise client.PartnerError("无法连接对方平台：ConnectionError")

    monkeypatch.setattr(client, "call", down)
    delays = []
    for _ in range(9):
        before = timezone.now()
        cycle.run(force=True)
        paired.refresh_from_db()
        assert paired.next_attempt_at is not None
        delays.append(round((paired.next_attempt_at - before).total_seconds() / 60))
    assert delays == [1, 2, 4, 8, 16, 32, 60, 60, 60]
    assert paired.failures == 9 and "ConnectionError" in paired.last_error


def test_an_error_on_our_side_frees_the_partner_and_backs_off(
    paired: Partner, publish: Callable[..., Item], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cycle that fails on our side (here: the database locked) never leaves the partner
    claimed for ten minutes unseen: it backs off with the error's kind, and the next cycle that
    may run, runs."""
    from django.db import OperationalError

    publish()

    def locked(*args: Any, **kwargs: Any) -> Any:
        raise OperationalError("database is locked")

    monkeypatch.setattr(cycle, "push", locked)
    counts = cycle.run().as_dict()
    paired.refresh_from_db()
    assert counts["failed_partners"] == 1 and paired.busy_until is None
    assert paired.failures == 1 and paired.last_error == "本地错误：OperationalError"
    assert cycle._claim(paired, timezone.now())  # free: another cycle may claim it at once
    assert cycle.run(force=True).as_dict()["busy_partners"] == 1  # … and while claimed, it is counted


def test_a_partner_on_an_internal_address_is_refused_unless_allowed(paired: Partner, settings: Any) -> None:
    settings.EXCHANGE_ALLOW_PRIVATE = False
    with pytest.raises(client.PartnerError, match="内部网络"):
        client.check_address("http://127.0.0.1:9/api")
    settings.EXCHANGE_ALLOW_PRIVATE = True
    client.check_address("http://127.0.0.1:9/api")


def test_the_command_prints_one_line_of_json(paired: Partner, monkeypatch: pytest.MonkeyPatch) -> None:
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("exchange_cycle", stdout=out)
    (line,) = out.getvalue().strip().splitlines()
    assert json.loads(line)["partners"] == 1


def test_a_partners_answer_is_read_only_up_to_the_bound(paired: Partner, settings: Any) -> None:
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Flood(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(b'{"records": [], "next": 0, "pad": "' + b"x" * 5000 + b'"}')

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Flood)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        Partner.objects.filter(pk=paired.pk).update(base_url=f"http://127.0.0.1:{server.server_address[1]}")
        paired.refresh_from_db()
        settings.EXCHANGE_MAX_BODY = 1000
        with pytest.raises(client.PartnerError, match="超过上限"):
            client.call(paired, "GET", client.CHANGES, params={"after": 0})
        settings.EXCHANGE_MAX_BODY = 100_000
        assert client.call(paired, "GET", client.CHANGES, params={"after": 0})["next"] == 0
    finally:
        server.shutdown()
        server.server_close()


def test_a_failures_title_keeps_no_personal_data(paired: Partner) -> None:
    """A record refused for personal data is listed for the office with its title masked."""
    cycle._failure(paired, "in", 1, 7, 1, "关于张三（身份证150627199001011235）的公示", "含个人信息")
    kept = DeliveryFailure.objects.get().title
    assert "150627199001011235" not in kept and kept.startswith("关于张三")
