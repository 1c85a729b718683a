"""Signed requests: the signature itself, and every refusal of the inbox and the change log —
each with a clear error in the API's shape and nothing stored."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from django.test import Client

from gongkai.exchange import signing
from gongkai.exchange.models import Nonce, Received
from gongkai.publishing.models import Item
from tests.exchange.conftest import Peer, record

pytestmark = pytest.mark.django_db
INBOX = "/exchange/inbox"


def test_a_signature_holds_only_for_the_same_request() -> None:
    private, public = signing.new_key_pair()
    message = signing.canonical(
        "POST", "/api/v1/exchange/inbox", "1700000000", "a" * 32, b'{"records":[]}', receiver="us"
    )
    signature = signing.sign(private, message)
    assert signing.verify(public, message, signature)
    for changed in (
        signing.canonical("POST", "/api/v1/exchange/inbox", "1700000000", "a" * 32, b'{"records":[{}]}', receiver="us"),
        signing.canonical("GET", "/api/v1/exchange/inbox", "1700000000", "a" * 32, b'{"records":[]}', receiver="us"),
        signing.canonical(
            "POST", "/api/v1/exchange/inbox?x=1", "1700000000", "a" * 32, b'{"records":[]}', receiver="us"
        ),
        signing.canonical("POST", "/api/v1/exchange/inbox", "1700000001", "a" * 32, b'{"records":[]}', receiver="us"),
        # Signed for another receiver: a request one partner got cannot be replayed to another.
        signing.canonical("POST", "/api/v1/exchange/inbox", "1700000000", "a" * 32, b'{"records":[]}', receiver="them"),
    ):
        assert not signing.verify(public, changed, signature)
    assert not signing.verify(signing.new_key_pair()[1], message, signature)
    assert not signing.verify(public, message, "not base64!")


def test_public_keys_are_checked() -> None:
    assert signing.valid_public_key(signing.new_key_pair()[1])
    assert not signing.valid_public_key("abc")
    assert not signing.valid_public_key("")


def _nothing_stored() -> None:
    assert not Item.objects.filter(carried=True).exists()
    assert not Received.objects.exists()


def _refused(answer: Any, status: int, words: str) -> dict[str, Any]:
    assert answer.status_code == status, answer.content
    body = answer.json()
    assert set(body) >= {"detail", "field"}
    assert words in body["detail"], body
    _nothing_stored()
    return body


def test_the_inbox_accepts_a_signed_batch(peer: Peer) -> None:
    answer = peer.post(INBOX, {"records": [record()]})
    assert answer.status_code == 200, answer.content
    assert answer.json()["receipts"][0]["status"] == "accepted"


def test_unsigned_and_anonymous_requests_are_401(peer: Peer) -> None:
    body = json.dumps({"records": [record()]}).encode()
    answer = Client().generic("POST", "/api/v1/exchange/inbox", body, content_type="application/json")
    assert _refused(answer, 401, "请求未签名")["field"] == signing.INSTANCE
    assert Client().get("/api/v1/exchange/changes").status_code == 401


def test_an_unknown_instance_is_401(peer: Peer) -> None:
    answer = peer.post(INBOX, {"records": [record()]}, headers={signing.INSTANCE: "someone-else"})
    _refused(answer, 401, "未登记或未配对")


def test_an_unpaired_partner_is_401(peer: Peer) -> None:
    peer.partner.peer_public_key = ""
    peer.partner.save()
    _refused(peer.post(INBOX, {"records": [record()]}), 401, "未登记或未配对")


def test_a_tampered_body_is_403(peer: Peer) -> None:
    good = json.dumps({"records": [record()]}).encode()
    headers = peer.headers("POST", "/api/v1/exchange/inbox", good)
    tampered = good.replace(b'"revision": 1', b'"revision": 9')
    assert tampered != good
    answer = Client().generic(
        "POST", "/api/v1/exchange/inbox", tampered, content_type="application/json", headers=headers
    )
    assert _refused(answer, 403, "签名无效")["field"] == signing.SIGNATURE
    assert not Nonce.objects.exists()  # a nonce is spent only by a valid signature


def test_a_wrong_key_is_403(peer: Peer) -> None:
    peer.private_key = signing.new_key_pair()[0]
    _refused(peer.post(INBOX, {"records": [record()]}), 403, "签名无效")


def test_a_replayed_nonce_is_403(peer: Peer) -> None:
    body = json.dumps({"records": [record()]}).encode()
    headers = peer.headers("POST", "/api/v1/exchange/inbox", body)
    first = Client().generic("POST", "/api/v1/exchange/inbox", body, content_type="application/json", headers=headers)
    assert first.status_code == 200
    Item.objects.filter(carried=True).delete()
    Received.objects.all().delete()
    again = Client().generic("POST", "/api/v1/exchange/inbox", body, content_type="application/json", headers=headers)
    assert _refused(again, 403, "拒绝重放")["field"] == signing.NONCE


@pytest.mark.parametrize("offset", [-400, 400])
def test_a_stale_or_future_timestamp_is_403(peer: Peer, offset: int) -> None:
    answer = peer.post(INBOX, {"records": [record()]}, now=time.time() + offset)
    assert _refused(answer, 403, "时间戳")["field"] == signing.TIMESTAMP


def test_an_oversized_body_is_413(peer: Peer, settings: Any) -> None:
    settings.EXCHANGE_MAX_BODY = 2000
    big = record(body_html="<p>" + "很长的正文" * 400 + "</p>")
    _refused(peer.post(INBOX, {"records": [big]}), 413, "请求体超过上限")


def test_a_body_bigger_than_djangos_own_bound_is_read(peer: Peer, settings: Any) -> None:
    """A batch with files is larger than DATA_UPLOAD_MAX_MEMORY_SIZE; our own bound applies."""
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    answer = peer.post(INBOX, {"records": [record(body_html="<p>" + "正文" * 1000 + "</p>")]})
    assert answer.status_code == 200, answer.content


def test_too_many_records_is_422(peer: Peer, settings: Any) -> None:
    settings.EXCHANGE_MAX_RECORDS = 2
    answer = peer.post(INBOX, {"records": [record(item=n) for n in range(501, 504)]})
    assert _refused(answer, 422, "每批最多 2 条")["field"] == "records"


def test_the_change_log_wants_a_signature_too(peer: Peer) -> None:
    assert peer.get("/exchange/changes?after=0").status_code == 200
    peer.private_key = signing.new_key_pair()[0]
    assert peer.get("/exchange/changes?after=0").status_code == 403
    path = "/api/v1/exchange/changes?after=0"
    headers = peer.headers("GET", "/api/v1/exchange/changes?after=5", b"")  # signed for another query
    assert Client().get(path, headers=headers).status_code == 403


def test_an_inactive_partner_is_refused(peer: Peer) -> None:
    peer.partner.active = False
    peer.partner.save()
    _refused(peer.post(INBOX, {"records": [record()]}), 401, "未登记或未配对")


def test_a_record_too_big_for_any_answer_never_holds_up_the_pull(peer: Peer, publish: Any, settings: Any) -> None:
    """Its files (here: its body) alone exceed the bound: it is left out, stays a failure for the
    office, and the records after it are answered; the cursor moves past it."""
    from gongkai.exchange.models import DeliveryFailure

    settings.EXCHANGE_MAX_BODY = 20_000
    big = publish("很长的通知", body_html="<p>" + "长" * 10_000 + "</p>")
    small = publish("短通知")
    answer = peer.get("/exchange/changes?after=0")
    assert answer.status_code == 200, answer.content
    sent = [r["item"] for r in answer.json()["records"]]
    assert big.pk not in sent and small.pk in sent
    failure = DeliveryFailure.objects.get(origin_item=big.pk)
    assert "大小上限" in failure.reason
