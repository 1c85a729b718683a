"""The change log: what is logged, in which order, what a reader gets after a cursor, and the
record built from it (gongkai-exchange/1)."""

from __future__ import annotations

import base64
import hashlib
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, transaction

from gongkai.exchange import changelog
from gongkai.exchange import format as fmt
from gongkai.exchange.models import Change, Partner
from gongkai.publishing import attachments
from gongkai.publishing.models import Item, ItemRevision
from gongkai.publishing.workflow import perform
from tests.exchange.conftest import Peer

pytestmark = pytest.mark.django_db


def changes_of(item: Item) -> list[tuple[int, str, bool]]:
    return list(Change.objects.filter(item=item).order_by("seq").values_list("version", "kind", "superseded"))


def test_a_publication_is_logged_once(publish: Callable[..., Item]) -> None:
    item = publish()
    assert changes_of(item) == [(1, "published", False)]


def test_a_revision_supersedes_the_earlier_record(
    publish: Callable[..., Item], editor_a: Any, reviewer_a: Any, signer_a: Any
) -> None:
    from gongkai.publishing import services
    from gongkai.publishing.workflow import drive

    item = publish()
    perform(editor_a, item.pk, "revise")
    item = Item.objects.get(pk=item.pk)
    services.update_item(editor_a, item, item.version, body_html="<p>新的正文</p>", change_note="更正标准")
    drive(item.pk, editor_a, reviewer_a, signer_a)
    assert changes_of(item) == [(1, "published", True), (2, "published", False)]


def test_a_withdrawal_is_the_tombstone(publish: Callable[..., Item], signer_a: Any) -> None:
    item = publish()
    perform(signer_a, item.pk, "withdraw", reason="标准已调整")
    assert changes_of(item) == [(1, "published", True), (2, "withdrawn", False)]
    change = Change.objects.get(item=item, superseded=False)
    built = fmt.build(change, "us", "https://www.example.gov.cn")
    assert built.kind == "withdrawn"
    assert built.withdraw_reason == "标准已调整"
    assert built.body_html == "" and built.attachments == []


def test_a_file_taken_down_is_a_new_record_without_it(publish_with_file: Callable[..., Item], signer_a: Any) -> None:
    item = publish_with_file()
    first = fmt.build(Change.objects.get(item=item), "us", "")
    assert [f.name for f in first.attachments] == ["发放标准.xlsx"]
    attachments.take_down(signer_a, item.attachments.get(), "含有不应公开的信息")
    assert changes_of(item) == [(1, "published", True), (2, "published", False)]
    latest = fmt.build(Change.objects.get(item=item, superseded=False), "us", "")
    assert latest.revision == 2 and latest.attachments == []


def test_the_record_carries_the_metadata_and_the_files(publish_with_file: Callable[..., Item]) -> None:
    item = publish_with_file()
    record = fmt.build(Change.objects.get(item=item), "us-1", "https://www.example.gov.cn")
    assert record.format == "gongkai-exchange/1"
    assert (record.origin, record.item, record.revision, record.kind) == ("us-1", item.pk, 1, "published")
    assert record.index_number == item.index_number and record.index_number
    assert record.organ == "测试区民政局" and record.credit_code == item.unit.credit_code
    assert (record.topic.code, record.genre.code, record.validity.code) == ("civil", "notice", "valid")
    assert record.topic.label and record.genre.label
    assert record.url == f"https://www.example.gov.cn/xxgk/items/{item.pk}/"
    (file,) = record.attachments
    data = base64.b64decode(file.data)
    assert hashlib.sha256(data).hexdigest() == file.sha256 == item.attachments.get().sha256
    assert fmt.Record.model_validate_json(record.model_dump_json()) == record


def test_carried_and_unlisted_items_are_never_logged(
    publish: Callable[..., Item], editor_a: Any, reviewer_a: Any, signer_a: Any, unit_a: Any
) -> None:
    import datetime as dt

    from gongkai.publishing import services
    from gongkai.publishing.workflow import drive

    listless = services.create_item(
        editor_a, unit_a, title="补贴名单", body_html="<p>名单</p>", formed_on=dt.date(2026, 9, 25),
        genre="notice", topic="civil",
    )  # fmt: skip
    Item.objects.filter(pk=listless.pk).update(unlisted=True)  # RULINGS.md 11: set by the fiscal import
    drive(listless.pk, editor_a, reviewer_a, signer_a)
    assert not Change.objects.filter(item=listless).exists()
    carried = publish("转载的文件")
    Change.objects.filter(item=carried).delete()
    Item.objects.filter(pk=carried.pk).update(carried=True)
    carried.refresh_from_db()
    changelog.on_published(Item, carried)
    changelog.on_withdrawn(Item, carried)
    assert not Change.objects.filter(item=carried).exists()


def test_a_rolled_back_publication_logs_nothing(publish: Callable[..., Item]) -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        publish("回滚的信息")
        raise RuntimeError
    assert not Change.objects.exists()


def test_personal_data_is_withheld(publish: Callable[..., Item], peer: Peer) -> None:
    item = publish()
    from gongkai.personaldata import check_character

    number = "11010119900307123" + check_character("11010119900307123")
    # As if it had slipped past the guard: the public revision holds an ID number.
    ItemRevision.objects.filter(pk=item.published_revision_id).update(title=f"名单：{number}")
    item = Item.objects.select_related("published_revision").get(pk=item.pk)
    change = changelog.append(item, "published")
    assert change.withheld
    assert change.pk not in [c.pk for c in changelog.granted(None)]
    Change.objects.filter(pk=change.pk).update(withheld="")
    with pytest.raises(fmt.Withheld):
        fmt.build(Change.objects.select_related("item__unit").get(pk=change.pk), "us", "")
    # Its tombstone names it by number only: the title with the ID number stays here.
    Item.objects.filter(pk=item.pk).update(state="withdrawn", withdraw_reason="撤回")
    tombstone = changelog.append(Item.objects.select_related("published_revision").get(pk=item.pk), "withdrawn")
    record = fmt.build(Change.objects.select_related("item__unit").get(pk=tombstone.pk), "us", "")
    assert record.kind == "withdrawn" and record.title == "" and number not in record.model_dump_json()


def test_a_reader_gets_changes_after_its_cursor_oldest_first(publish: Callable[..., Item]) -> None:
    items = [publish(f"通知{n}") for n in range(5)]
    found, following = changelog.after(None, 0, 3)
    assert [c.item_id for c in found] == [i.pk for i in items[:3]]
    assert following == found[-1].seq
    rest, end = changelog.after(None, following, 3)
    assert [c.item_id for c in rest] == [i.pk for i in items[3:]]
    again, same = changelog.after(None, end, 3)
    assert again == [] and same == end


def test_the_partners_filters_choose_what_it_reads(
    publish: Callable[..., Item], peer: Peer, unit_b: Any, editor_b: Any
) -> None:
    policy = publish("政策文件", kind="policy")
    publish("普通信息")
    peer.partner.kinds = ["policy"]
    peer.partner.save()
    found, following = changelog.after(Partner.objects.get(pk=peer.partner.pk), 0, 10)
    assert [c.item_id for c in found] == [policy.pk]
    assert following == Change.objects.order_by("-seq").first().seq  # nothing else for it: past all
    peer.partner.kinds, peer.partner.unit_ids = [], [unit_b.pk]
    peer.partner.save()
    assert changelog.after(Partner.objects.get(pk=peer.partner.pk), 0, 10)[0] == []


@pytest.mark.django_db(transaction=True)
def test_numbers_are_handed_out_in_commit_order(publish: Callable[..., Item]) -> None:
    """Two publications at once on PostgreSQL: the one that takes the counter first commits first,
    so a reader never sees a higher number committed before a lower one."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks are exercised on PostgreSQL")
    items = [publish(f"并发{n}") for n in range(2)]
    Change.objects.all().delete()
    first_has_number = threading.Event()
    seen: dict[str, Any] = {}

    def slow() -> None:
        with transaction.atomic():
            changelog.append(Item.objects.get(pk=items[0].pk), "published")
            first_has_number.set()
            threading.Event().wait(1.0)  # still uncommitted: the other append must wait for us
        connection.close()

    def fast() -> None:
        first_has_number.wait(5)
        with transaction.atomic():
            change = changelog.append(Item.objects.get(pk=items[1].pk), "published")
            seen["visible"] = list(Change.objects.exclude(pk=change.pk).values_list("seq", flat=True))
        connection.close()

    threads = [threading.Thread(target=slow), threading.Thread(target=fast)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    numbers = dict(Change.objects.values_list("item_id", "seq"))
    assert numbers[items[0].pk] < numbers[items[1].pk]
    assert seen["visible"] == [numbers[items[0].pk]]  # the lower number had committed before


def test_an_item_withheld_for_an_unread_file_is_logged_again_once_read(publish_with_file: Callable[..., Item]) -> None:
    from gongkai.publishing import signals
    from gongkai.publishing.models import TextState

    item = publish_with_file()
    attachment = item.attachments.get()
    attachment.text_state = TextState.PENDING
    attachment.save()
    withheld = changelog.append(item, "published")
    assert withheld.withheld
    attachment.text_state = TextState.READ
    attachment.save()
    signals.text_read.send(sender=Item, item=item, attachment=attachment)
    latest = Change.objects.get(item=item, superseded=False)
    assert latest.version == withheld.version + 1 and not latest.withheld
