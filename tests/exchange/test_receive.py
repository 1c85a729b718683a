"""Receiving records: accepted, duplicate, never back to an older revision; tombstones withdraw
the copy from the site and search; files checked by content and SHA-256; a partner writes only
its own origin's records; the policy library and mapped columns get what arrives."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from gongkai.exchange import public, receive
from gongkai.exchange.models import Partner, Received
from gongkai.policies.models import PolicyDocument
from gongkai.publishing.models import Item, State
from gongkai.search.engine import search
from gongkai.sites.models import Column, ColumnPick, Site
from tests.exchange.conftest import Peer, file_record, record, xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def take(peer: Peer, django_capture_on_commit_callbacks: Any) -> Callable[..., list[dict[str, Any]]]:
    """Receive records from the peer as its push would (search updated as on commit)."""

    def run(*records: dict[str, Any]) -> list[dict[str, Any]]:
        partner = Partner.objects.get(pk=peer.partner.pk)
        with django_capture_on_commit_callbacks(execute=True):
            return [r.as_dict() for r in receive.receive_batch(partner, list(records))]

    return run


def statuses(receipts: list[dict[str, Any]]) -> list[str]:
    return [r["status"] for r in receipts]


def found(words: str) -> list[int]:
    return [hit.id for hit in search(words).hits]


def test_an_accepted_record_becomes_a_carried_read_only_copy(take: Any, district: Any) -> None:
    (receipt,) = take(record())
    assert receipt == {"origin": "11150600MA0000999X-peer", "item": 501, "revision": 1, "status": "accepted"}
    item = Item.objects.get(carried=True)
    assert item.state == State.PUBLISHED and item.published_revision is not None
    assert item.unit == district.government
    assert item.index_number == "11150600MA0000999X/2026-00501"  # the origin's, not one of ours
    assert item.author.username == "exchange" and not item.author.is_active
    assert item.published_revision.title == "测试市关于社会救助的通知（501）"
    assert public.origins([item.pk]) == {
        item.pk: {
            "instance": "11150600MA0000999X-peer",
            "organ": "测试市民政局",
            "credit_code": "11150600MA0000999X",
            "url": "http://city.example.test/xxgk/items/501/",
        }
    }
    assert public.received(item.pk)
    assert item.pk in found("社会救助")


def test_the_same_revision_again_is_a_duplicate(take: Any) -> None:
    assert statuses(take(record())) == ["accepted"]
    assert statuses(take(record())) == ["duplicate"]
    assert Item.objects.filter(carried=True).count() == 1


def test_a_newer_revision_updates_the_copy_and_an_older_one_never_goes_back(take: Any) -> None:
    take(record(revision=1))
    assert statuses(take(record(revision=3, body_html="<p>第三版正文</p>", change_note="修改标准"))) == ["accepted"]
    item = Item.objects.get(carried=True)
    assert "第三版" in item.published_revision.body_html
    assert item.published_revision.change_note == "修改标准"
    assert Received.objects.get().revision == 3
    assert statuses(take(record(revision=2, body_html="<p>第二版</p>"))) == ["duplicate"]
    assert "第三版" in Item.objects.get(carried=True).published_revision.body_html


def test_a_tombstone_withdraws_the_copy_and_it_leaves_search(take: Any) -> None:
    take(record())
    item = Item.objects.get(carried=True)
    assert item.pk in found("社会救助")
    tombstone = record(
        revision=2, kind="withdrawn", body_html="", withdraw_reason="政策已调整", withdrawn_on="2026-10-01"
    )
    assert statuses(take(tombstone)) == ["accepted"]
    item.refresh_from_db()
    assert item.state == State.WITHDRAWN and item.withdraw_reason == "政策已调整"
    assert item.pk not in found("社会救助")
    assert Received.objects.get().withdrawn
    assert statuses(take(record(revision=1))) == ["duplicate"]  # never resurrected by an old record


def test_a_tombstone_of_an_item_never_held_is_remembered(take: Any) -> None:
    assert statuses(take(record(revision=4, kind="withdrawn", withdraw_reason="撤回"))) == ["accepted"]
    assert not Item.objects.filter(carried=True).exists()
    assert statuses(take(record(revision=2))) == ["duplicate"]


def test_files_are_stored_and_checked(take: Any) -> None:
    data = xlsx(("类别", "标准"), ("一类", 800))
    (receipt,) = take(record(attachments=[file_record("标准.xlsx", data, kind="xlsx")]))
    assert receipt["status"] == "accepted", receipt
    attachment = Item.objects.get(carried=True).attachments.get()
    assert attachment.public and attachment.name == "标准.xlsx"
    with attachment.file.open("rb") as handle:
        assert handle.read() == data


def test_a_file_whose_sha256_does_not_match_is_rejected(take: Any) -> None:
    bad = file_record("标准.xlsx", xlsx(("a", 1)), kind="xlsx", sha256="0" * 64)
    (receipt,) = take(record(attachments=[bad]))
    assert receipt["status"] == "rejected" and "SHA-256" in receipt["reason"]
    assert not Item.objects.filter(carried=True).exists() and not Received.objects.exists()


def test_a_file_whose_content_is_not_allowed_is_rejected(take: Any) -> None:
    page = b"<html><script>alert(1)</script></html>"
    (receipt,) = take(record(attachments=[file_record("通知.pdf", page)]))
    assert receipt["status"] == "rejected" and "通知.pdf" in receipt["reason"]
    assert not Item.objects.filter(carried=True).exists()


def test_files_over_the_bound_are_rejected(take: Any, settings: Any) -> None:
    settings.EXCHANGE_MAX_FILES = 100
    data = xlsx(("类别", "标准"), ("一类", 800))
    (receipt,) = take(record(attachments=[file_record("标准.xlsx", data, kind="xlsx")]))
    assert receipt["status"] == "rejected" and "上限" in receipt["reason"]


def test_a_partner_cannot_write_another_origins_records(take: Any) -> None:
    (receipt,) = take(record(origin="someone-else"))
    assert receipt["status"] == "rejected" and "来源实例" in receipt["reason"]
    assert not Item.objects.filter(carried=True).exists()


def test_a_malformed_record_is_rejected_and_the_rest_goes_through(take: Any) -> None:
    broken = record(item=502)
    del broken["title"]
    receipts = take(record(item=501), broken, {"nonsense": True}, record(item=503, topic={"code": "nope"}))
    assert statuses(receipts) == ["accepted", "rejected", "rejected", "rejected"]
    assert "title" in receipts[1]["reason"]
    assert "nope" in receipts[3]["reason"]
    assert Item.objects.filter(carried=True).count() == 1


def test_personal_data_is_refused_on_arrival(take: Any) -> None:
    from gongkai.personaldata import check_character

    number = "11010119900307123" + check_character("11010119900307123")
    (receipt,) = take(record(body_html=f"<p>身份证号{number}</p>"))
    assert receipt["status"] == "rejected" and "个人信息" in receipt["reason"]


def test_a_policy_from_above_lands_in_the_policy_library(take: Any) -> None:
    take(record(item_kind="policy", policy={"issuer": "测试市人民政府", "level": "city", "category": "规范性文件"}))
    document = PolicyDocument.objects.get()
    assert document.item.carried and document.item.kind == "policy"
    assert (document.issuer, document.level) == ("测试市人民政府", "city")


def test_mapped_columns_get_what_arrives(take: Any, peer: Peer, district: Any) -> None:
    site = Site.objects.create(code="kbs", name="测试区人民政府", host="test.localhost", is_default=True)
    column = Column.objects.create(site=site, name="上级文件", slug="sjwj")
    Partner.objects.filter(pk=peer.partner.pk).update(column_ids=[column.pk])
    take(record())
    assert ColumnPick.objects.filter(column=column, item__carried=True).exists()


def test_received_items_are_never_exported_again(take: Any) -> None:
    from gongkai.exchange.models import Change

    take(record())
    take(record(revision=2, kind="withdrawn", withdraw_reason="撤回"))
    assert not Change.objects.exists()


def test_a_received_copy_is_read_only_here(take: Any, office: Any) -> None:
    """No action, edit or take-down by anyone here (publishing.readonly): 409 with the reason."""
    from gongkai.publishing import attachments, services
    from gongkai.publishing.services import Conflict
    from gongkai.publishing.workflow import allowed_actions, perform

    take(record())
    item = Item.objects.get(carried=True)
    for action in ("revise", "withdraw"):
        with pytest.raises(Conflict, match="只读"):
            perform(office, item.pk, action, reason="试图撤回")
    with pytest.raises(Conflict, match="只读"):
        services.update_item(office, item, item.version, title="改标题")
    for file in item.attachments.filter(public=True):
        with pytest.raises(Conflict, match="只读"):
            attachments.take_down(office, file, "试图下架")
    assert allowed_actions(office, item) == []
    assert Item.objects.get(pk=item.pk).title == item.title


def test_an_origin_url_that_is_no_web_address_is_not_kept(take: Any) -> None:
    take(record(url="javascript:alert(1)"))
    assert Received.objects.get().origin_url == ""


@pytest.mark.django_db(transaction=True)
def test_the_same_record_received_twice_at_once_is_accepted_once(peer: Peer) -> None:
    """A push and a pull bring the same record at the same moment (PostgreSQL, two connections):
    one is accepted, the other is a duplicate — never a rejection the office would have to retry."""
    import threading

    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers are exercised on PostgreSQL")
    partner = Partner.objects.get(pk=peer.partner.pk)
    receive.context()  # the system user exists before the race
    start = threading.Barrier(2)
    found: list[str] = []

    def one() -> None:
        start.wait(5)
        try:
            found.extend(r.status for r in receive.receive_batch(partner, [record()]))
        finally:
            connection.close()

    threads = [threading.Thread(target=one) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(found) == ["accepted", "duplicate"]
    assert Item.objects.filter(carried=True).count() == 1
