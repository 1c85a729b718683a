"""Relations between documents (shown both ways), the effect of a repeal, and the daily job
that marks documents 失效 once their 失效日期 has passed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from io import StringIO
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils.html import strip_tags

from gongkai.audit.models import AuditEntry
from gongkai.policies import services, tasks, validity
from gongkai.policies.models import PolicyDocument, PolicyRelation
from gongkai.publishing.models import Item, ItemEvent
from tests.policies.conftest import MakeDocument

pytestmark = pytest.mark.django_db
Step = Callable[[Item], Item]


@pytest.fixture
def published(make_document: MakeDocument, sign: Step, publish: Step) -> Callable[..., PolicyDocument]:
    def make(title: str, **fields: Any) -> PolicyDocument:
        document = make_document(title, normative=False, **fields)
        sign(document.item)
        publish(document.item)
        return PolicyDocument.objects.select_related("item").get(pk=document.pk)

    return make


def page(pk: int) -> str:
    response = Client().get(reverse("portal:item", args=[pk]))
    assert response.status_code == 200
    return response.content.decode()


def text(pk: int) -> str:
    """The page as read aloud: tags removed."""
    return strip_tags(page(pk))


def test_relation_is_shown_on_both_pages(published: Callable[..., PolicyDocument], editor_a: Any) -> None:
    old, new = published("旧办法"), published("新办法")
    services.add_relation(editor_a, new, old, "amends")
    assert "修改《旧办法》" in text(new.pk)
    assert "被《新办法》修改" in text(old.pk)
    assert AuditEntry.objects.filter(action="policy.relation_added").exists()


@pytest.mark.parametrize(("kind", "phrase"), [("replaces", "替代"), ("implements", "贯彻落实")])
def test_every_kind_reads_both_ways(
    published: Callable[..., PolicyDocument], editor_a: Any, kind: str, phrase: str
) -> None:
    target, source = published("上级文件"), published("本级文件")
    services.add_relation(editor_a, source, target, kind)
    assert f"{phrase}<a" in page(source.pk)
    assert f'被<a href="{reverse("portal:item", args=[source.pk])}">《本级文件》</a>{phrase}' in page(target.pk)


def test_relation_to_an_unpublished_document_is_not_shown(
    published: Callable[..., PolicyDocument], make_document: MakeDocument, editor_a: Any
) -> None:
    public = published("已发布文件")
    draft = make_document("起草中的文件", normative=False)
    services.add_relation(editor_a, draft, public, "amends")
    assert "起草中的文件" not in page(public.pk)


def test_repeal_of_a_public_document_by_a_signer(
    published: Callable[..., PolicyDocument], signer_a: Any, editor_a: Any
) -> None:
    old, new = published("旧规定"), published("新规定")
    with pytest.raises(PermissionDenied):
        services.add_relation(editor_a, new, old, "repeals")
    services.add_relation(signer_a, new, old, "repeals")
    item = Item.objects.select_related("published_revision").get(pk=old.pk)
    assert item.validity == "repealed" and item.published_revision.validity == "repealed"
    entry = AuditEntry.objects.get(action="item.validity", object_id=str(old.pk))
    assert entry.before == {"validity": "valid", "public_validity": "valid"}
    assert entry.after == {"validity": "repealed", "public_validity": "repealed"}
    assert ItemEvent.objects.filter(item=item, action="validity", note__contains="新规定").exists()
    assert "已废止" in text(old.pk) and "被《新规定》废止" in text(old.pk)


def test_repeal_recorded_on_a_draft_takes_effect_at_its_publication(
    published: Callable[..., PolicyDocument], make_document: MakeDocument, editor_a: Any, sign: Step, publish: Step
) -> None:
    old = published("旧规定")
    new = make_document("新规定", normative=False)
    services.add_relation(editor_a, new, old, "repeals")
    assert Item.objects.get(pk=old.pk).validity == "valid"
    sign(new.item)
    publish(new.item)
    assert Item.objects.get(pk=old.pk).validity == "repealed"


def test_relation_rules(published: Callable[..., PolicyDocument], editor_a: Any, editor_b: Any) -> None:
    one, two = published("甲"), published("乙")
    with pytest.raises(ValidationError):
        services.add_relation(editor_a, one, one, "amends")
    with pytest.raises(ValidationError):
        services.add_relation(editor_a, one, two, "voids")
    with pytest.raises(PermissionDenied):
        services.add_relation(editor_b, one, two, "amends")
    relation = services.add_relation(editor_a, one, two, "amends")
    with pytest.raises(ValidationError):
        services.add_relation(editor_a, one, two, "amends")
    services.remove_relation(editor_a, relation)
    assert not PolicyRelation.objects.exists()
    assert AuditEntry.objects.filter(action="policy.relation_removed").exists()


# --- the validity job ----------------------------------------------------------------------


def test_expired_documents_are_marked_on_both_copies(published: Callable[..., PolicyDocument]) -> None:
    due = published("有效期至10月底的办法", written_on=dt.date(2026, 1, 5), expires_on=dt.date(2026, 10, 31))
    last_day = published("有效期至11月1日的办法", written_on=dt.date(2026, 1, 5), expires_on=dt.date(2026, 11, 1))
    open_ended = published("长期有效的办法")
    assert validity.expire_due(dt.date(2026, 11, 1)) == [due.pk]
    item = Item.objects.select_related("published_revision").get(pk=due.pk)
    assert item.validity == "expired" and item.published_revision.validity == "expired"
    assert Item.objects.get(pk=last_day.pk).validity == "valid"
    assert Item.objects.get(pk=open_ended.pk).validity == "valid"
    entry = AuditEntry.objects.get(action="item.validity", object_id=str(due.pk))
    assert entry.actor is None and entry.after["public_validity"] == "expired"
    assert validity.expire_due(dt.date(2026, 11, 1)) == []


def test_an_expiry_gives_the_cached_pages_a_new_generation(published: Callable[..., PolicyDocument]) -> None:
    """The job changes validity with update(), which sends no signal: it must still tell the page
    cache, or a cached page would say 有效 for minutes after the document expired (issue 18)."""
    from gongkai import pagecache

    published("有效期至10月底的办法", written_on=dt.date(2026, 1, 5), expires_on=dt.date(2026, 10, 31))
    before = pagecache.generation()
    assert validity.expire_due(dt.date(2026, 11, 1))
    assert pagecache.generation() != before


def test_a_repealed_document_stays_repealed(published: Callable[..., PolicyDocument], signer_a: Any) -> None:
    old = published("旧", written_on=dt.date(2026, 1, 5), expires_on=dt.date(2026, 3, 1))
    services.add_relation(signer_a, published("新"), old, "repeals")
    assert validity.expire_due(dt.date(2026, 11, 1)) == []
    assert Item.objects.get(pk=old.pk).validity == "repealed"


def test_a_revision_in_progress_expires_by_its_own_date(
    published: Callable[..., PolicyDocument], editor_a: Any
) -> None:
    from gongkai.publishing import services as items
    from gongkai.publishing.workflow import perform

    document = published("将延期的办法", written_on=dt.date(2026, 1, 5), expires_on=dt.date(2026, 10, 31))
    item = perform(editor_a, document.pk, "revise")
    items.update_item(editor_a, item, item.version, expires_on=dt.date(2027, 10, 31), change_note="延长有效期")
    validity.expire_due(dt.date(2026, 11, 2))
    item = Item.objects.select_related("published_revision").get(pk=document.pk)
    assert item.validity == "valid" and item.published_revision.validity == "expired"


def test_command_and_task(published: Callable[..., PolicyDocument]) -> None:
    published("到期的办法", written_on=dt.date(2020, 1, 5), expires_on=dt.date(2020, 12, 31))
    out = StringIO()
    call_command("update_validity", stdout=out)
    assert out.getvalue().strip() == "已标记失效 1 条"
    published("另一件到期的办法", written_on=dt.date(2020, 1, 5), expires_on=dt.date(2021, 12, 31))
    result = tasks.update_validity.enqueue()  # the immediate backend runs it at once
    assert result.return_value == 1
    assert Item.objects.filter(validity="expired").count() == 2
