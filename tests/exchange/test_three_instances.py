"""The three-instance exchange run with small numbers (issue 19, Done when; RULINGS.md 3: the full
run is bench/exchange.py, this is its smoke test in `make test`).

Two districts and a city, each its own gongkai on the loopback (bench/instances.py: its own data
dir, gunicorn and office token), paired through the API both ways. The districts publish 30 items
between them, revise 5 and withdraw 3 while the cycles run; the city sends 4 policy documents
down. The city is killed (SIGKILL) after the first round of cycles and restarted. Afterwards every
side agrees exactly: the same items, and per item the same SHA-256 of title, body, revision and
state at the origin and the receiver; every partner's log delivered with a receipt for each
record. Then, against the live instances: a tampered, a replayed, a stale and an oversized signed
request, and one with too many records, are each refused with a clear error and nothing stored.

No database of the test process is used (no marker): the instances are other processes.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import requests

from bench.exchange import Plan, Result, run_in
from bench.instances import Cluster, Instance, cluster

ITEMS, REVISIONS, WITHDRAWALS, DOWN = 30, 5, 3, 4
MAX_BODY = 1024 * 1024  # the city's bound for this run (the default is 64 MiB)
MAX_RECORDS = 20


@dataclass
class Run:
    result: Result
    districts: list[Instance]
    city: Instance
    made: Cluster
    seconds: float


@pytest.fixture(scope="module")
def three(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Run]:
    plan = Plan(
        items=ITEMS,
        revisions=REVISIONS,
        withdrawals=WITHDRAWALS,
        down=DOWN,
        kill_after_round=1,
        max_rounds=30,
        workers=1,
        # Small bounds, so that the refusals below need small requests; batches go by the same
        # record bound everywhere (a sender does not shrink a batch its partner refuses).
        env={"GONGKAI_EXCHANGE_MAX_RECORDS": str(MAX_RECORDS)},
        city_env={"GONGKAI_EXCHANGE_MAX_BODY": str(MAX_BODY)},
    )
    with cluster(tmp_path_factory.mktemp("exchange")) as made:
        start = time.monotonic()
        result, districts, city = run_in(made, plan, steady_state=False)
        print("exchange smoke run:", json.dumps(result.timings), f"rounds {len(result.rounds)}")
        yield Run(result, districts, city, made, time.monotonic() - start)


def test_every_side_agrees_after_the_city_was_killed_and_restarted(three: Run) -> None:
    check = three.result.check
    assert check["agree"], json.dumps(check["problems"], ensure_ascii=False)[:3000]
    counts = check["counts"]
    assert counts["city"]["received"] == ITEMS
    assert counts["city"]["withdrawn_received"] == WITHDRAWALS
    assert counts["city"]["own"] == DOWN
    for district in ("d1", "d2"):
        assert counts[district]["received"] == DOWN  # the city's 上级文件 came down
    assert counts["d1"]["own"] + counts["d2"]["own"] == ITEMS
    assert any(round_.get("city_down") for round_ in three.result.rounds)
    assert three.result.totals.get("rejected", 0) == 0


def test_the_kill_was_felt_and_survived(three: Run) -> None:
    down = next(r for r in three.result.rounds if r.get("city_down"))
    failed = sum(int(line.get("failed_partners", 0)) for line in down["lines"].values())
    assert failed, down  # the districts could not reach the city while it was away …
    assert three.city.running  # … and it answers again
    assert three.seconds < 240, three.result.timings


# --- refused requests between live instances ---------------------------------------------------


COUNTS = """
import json
from gongkai.exchange.models import Nonce, Received
from gongkai.publishing.models import Item
print(json.dumps({"received": Received.objects.count(), "items": Item.objects.count()}))
"""

# The district's signing identity (the test signs as the district would) and its newest record.
SENDER = """
import json
from gongkai.exchange import format as fmt, identity
from gongkai.exchange.models import Change, Partner
me = identity.ours()
change = Change.objects.filter(superseded=False, kind="published").order_by("-seq").first()
record = fmt.build(change, me.instance_id, identity.base_url()).model_dump(mode="json")
city = Partner.objects.filter(direction="up").values_list("peer_instance", flat=True).first()
sender = {"instance": me.instance_id, "private_key": me.private_key, "receiver": city, "record": record}
print(json.dumps(sender, ensure_ascii=False))
"""


def encode(records: list[dict[str, Any]]) -> bytes:
    return json.dumps({"records": records}, ensure_ascii=False).encode()


def fresh_record(record: dict[str, Any], n: int, **fields: Any) -> dict[str, Any]:
    """A copy of ``record`` for an item the city has never seen (its own id and 索引号)."""
    index = f"{record['credit_code']}/2026-{90000 + n}"
    return {**record, "item": 990000 + n, "index_number": index, "title": f"交换测试第{n}条", **fields}


def _json(instance: Instance, script: str) -> Any:
    return json.loads(instance.shell(script).splitlines()[-1])


def signed(sender: dict[str, str], path: str, body: bytes, now: float | None = None) -> dict[str, str]:
    from gongkai.exchange import signing

    headers = signing.headers(
        sender["instance"], sender["private_key"], "POST", path, body, now or time.time(), receiver=sender["receiver"]
    )
    return headers | {"Content-Type": "application/json"}


def post(city: Instance, path: str, body: bytes, headers: dict[str, str]) -> requests.Response:
    return requests.post(city.url(path), data=body, headers=headers, timeout=60)


def test_tampered_replayed_stale_and_oversized_requests_are_refused_and_nothing_is_stored(three: Run) -> None:
    district, city = three.districts[0], three.city
    sender = _json(district, SENDER)
    record = sender["record"]
    path = "/api/v1/exchange/inbox"
    before = _json(city, COUNTS)

    # A record that would be stored (an item the city has never seen) if anything let it through.
    unseen = fresh_record(record, 1, title="不应被保存的信息")
    body = encode([unseen])

    # Signed, then changed on the way: the signature does not cover what arrived.
    tampered = body.replace("不应被保存的信息".encode(), "篡改后的标题".encode())
    answer = post(city, path, tampered, signed(sender, path, body))
    assert answer.status_code == 403, answer.text
    assert answer.json()["detail"]

    # A request that was answered, sent again byte for byte: the nonce was seen. (The first one
    # carries a record the cycle delivered already: a duplicate, nothing new stored.)
    known = encode([record])
    once = signed(sender, path, known)
    first = post(city, path, known, once)
    assert first.status_code == 200, first.text
    assert [r["status"] for r in first.json()["receipts"]] == ["duplicate"]
    replay = post(city, path, known, once)
    assert replay.status_code == 403, replay.text
    assert replay.json()["detail"]

    # Signed ten minutes ago: outside ±5 minutes.
    stale = post(city, path, body, signed(sender, path, body, now=time.time() - 600))
    assert stale.status_code == 403, stale.text
    assert stale.json()["detail"]

    # Over the city's body bound, properly signed.
    oversized = encode([{**unseen, "body_html": "<p>" + "长" * MAX_BODY + "</p>"}])
    answer = post(city, path, oversized, signed(sender, path, oversized))
    assert answer.status_code == 413, answer.text
    assert answer.json()["detail"]

    # More records than a batch may hold.
    many = encode([fresh_record(record, 100 + n) for n in range(MAX_RECORDS + 1)])
    answer = post(city, path, many, signed(sender, path, many))
    assert answer.status_code == 422, answer.text
    assert answer.json()["detail"]

    # Unsigned: who is asking is unknown.
    assert post(city, path, body, {"Content-Type": "application/json"}).status_code == 401

    assert _json(city, COUNTS) == before

    # And the same record, signed as sent, is taken: what refused the others was the protection.
    answer = post(city, path, body, signed(sender, path, body))
    assert answer.status_code == 200, answer.text
    assert [r["status"] for r in answer.json()["receipts"]] == ["accepted"], answer.text
    assert _json(city, COUNTS)["received"] == before["received"] + 1
