"""三同步: a normative document goes live only with its interpretation, in the same publish
action and transaction, or after a signer recorded why it is not interpreted."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from gongkai.audit.models import AuditEntry
from gongkai.policies import services
from gongkai.policies.models import InterpretationRevision, PolicyRevision
from gongkai.publishing.models import IndexCounter, Item, ItemEvent
from gongkai.publishing.services import Conflict
from gongkai.publishing.workflow import perform, publish_scheduled
from tests.policies.conftest import MakeDocument, MakeInterpretation

pytestmark = pytest.mark.django_db
Step = Callable[[Item], Item]


def fresh(item: Item) -> Item:
    return Item.objects.get(pk=item.pk)


def test_normative_document_without_interpretation_is_refused(
    make_document: MakeDocument, sign: Step, publish: Step
) -> None:
    document = make_document()
    sign(document.item)
    with pytest.raises(Conflict, match="政策解读同步发布"):
        publish(document.item)
    item = fresh(document.item)
    assert item.state == "signed" and item.published_revision is None and item.index_number == ""
    assert not IndexCounter.objects.filter(last_serial__gt=0).exists()


def test_an_unsigned_interpretation_does_not_count(
    make_document: MakeDocument, make_interpretation: MakeInterpretation, sign: Step, publish: Step
) -> None:
    document = make_document()
    interpretation = make_interpretation(document)
    perform(interpretation.item.author, interpretation.pk, "submit")
    sign(document.item)
    with pytest.raises(Conflict):
        publish(document.item)


def test_signed_interpretation_is_published_with_the_document(
    make_document: MakeDocument, make_interpretation: MakeInterpretation, sign: Step, publish: Step, signer_a: Any
) -> None:
    document = make_document(doc_number="康民发[2026]12号")
    first, second = make_interpretation(document, "文字解读"), make_interpretation(document, "图解", form="graphic")
    draft = make_interpretation(document, "尚在起草的解读")
    for item in (first.item, second.item, document.item):
        sign(item)
    publish(document.item)
    doc_item = fresh(document.item)
    assert doc_item.state == "published" and doc_item.index_number
    for interpretation in (first, second):
        item = fresh(interpretation.item)
        assert item.state == "published" and item.index_number
        assert item.published_revision.published_at == doc_item.published_revision.published_at
        snapshot = InterpretationRevision.objects.get(revision=item.published_revision)
        assert snapshot.document_id == document.pk and snapshot.person == "赵建国"
        event = ItemEvent.objects.filter(item=item, action="publish").get()
        assert event.actor == signer_a and "同步发布" in event.note
        assert AuditEntry.objects.filter(action="item.publish", object_id=str(item.pk)).exists()
    assert fresh(draft.item).state == "draft"
    assert PolicyRevision.objects.get(revision=doc_item.published_revision).issuer == document.issuer
    document.refresh_from_db()
    assert document.doc_number_key == "康民发〔2026〕12号"


def test_document_and_interpretation_go_live_in_one_transaction(
    make_document: MakeDocument, make_interpretation: MakeInterpretation, sign: Step, publish: Step
) -> None:
    document = make_document()
    interpretation = make_interpretation(document)
    sign(interpretation.item)
    sign(document.item)
    with mock.patch.object(services, "record", side_effect=RuntimeError("audit down")), pytest.raises(RuntimeError):
        publish(document.item)
    assert fresh(document.item).state == "signed" and fresh(document.item).published_revision is None
    assert fresh(interpretation.item).state == "signed" and fresh(interpretation.item).index_number == ""


def test_exemption_recorded_by_a_signer_lets_the_document_go(
    make_document: MakeDocument, sign: Step, publish: Step, signer_a: Any, editor_a: Any
) -> None:
    document = make_document()
    sign(document.item)
    with pytest.raises(PermissionDenied):
        services.record_exemption(editor_a, document, "内部管理制度")
    with pytest.raises(ValidationError):
        services.record_exemption(signer_a, document, "  ")
    services.record_exemption(signer_a, document, "本文件仅对原文件作文字性修改，不涉及实质内容")
    publish(document.item)
    assert fresh(document.item).state == "published"
    entry = AuditEntry.objects.get(action="policy.exemption")
    assert entry.after == {"reason": "本文件仅对原文件作文字性修改，不涉及实质内容"}
    assert entry.actor == signer_a


def test_follow_up_interpretation_is_published_later_on_its_own(
    make_document: MakeDocument, make_interpretation: MakeInterpretation, sign: Step, publish: Step
) -> None:
    document = make_document()
    sign(make_interpretation(document).item)
    sign(document.item)
    publish(document.item)
    follow_up = make_interpretation(document, "二次解读：常见问题", follow_up=True, form="interview")
    sign(follow_up.item)
    publish(follow_up.item)
    item = fresh(follow_up.item)
    assert item.state == "published"
    assert InterpretationRevision.objects.get(revision=item.published_revision).follow_up is True


def test_interpretation_cannot_go_ahead_of_its_document(
    make_document: MakeDocument, make_interpretation: MakeInterpretation, sign: Step, publish: Step
) -> None:
    document = make_document()
    interpretation = make_interpretation(document)
    sign(interpretation.item)
    with pytest.raises(Conflict, match="随所解读的文件一并发布"):
        publish(interpretation.item)


def test_withdrawn_interpretation_does_not_count(
    make_document: MakeDocument, make_interpretation: MakeInterpretation, sign: Step, publish: Step, signer_a: Any
) -> None:
    document = make_document()
    sign(make_interpretation(document).item)
    sign(document.item)
    publish(document.item)
    interpretation = document.interpretations.get()
    perform(signer_a, interpretation.pk, "withdraw", reason="内容有误", reason_code="error")
    perform(document.item.author, document.pk, "revise")
    Item.objects.filter(pk=document.pk).update(change_note="更正附件")
    sign(document.item)
    with pytest.raises(Conflict):
        publish(document.item)


def test_documents_that_are_not_normative_need_no_interpretation(
    make_document: MakeDocument, sign: Step, publish: Step
) -> None:
    document = make_document(normative=False)
    sign(document.item)
    publish(document.item)
    assert fresh(document.item).state == "published"


def test_scheduling_is_gated_and_the_run_publishes_both(
    make_document: MakeDocument, make_interpretation: MakeInterpretation, sign: Step, signer_a: Any
) -> None:
    later = timezone.now() + dt.timedelta(hours=2)
    document = make_document()
    sign(document.item)
    with pytest.raises(Conflict):
        perform(signer_a, document.pk, "publish", publish_at=later)
    interpretation = make_interpretation(document)
    sign(interpretation.item)
    perform(signer_a, document.pk, "publish", publish_at=later)
    assert fresh(document.item).state == "scheduled"
    assert publish_scheduled(later + dt.timedelta(minutes=1)) == [document.pk]
    assert fresh(interpretation.item).state == "published"


def test_api_answers_409_with_the_reason(
    make_document: MakeDocument, sign: Step, signer_a: Any, api_as: Callable[[Any], Any]
) -> None:
    document = make_document()
    sign(document.item)
    response = api_as(signer_a).post(f"/items/{document.pk}/actions", {"action": "publish"})
    assert response.status_code == 409
    assert "政策解读" in response.json()["detail"]


def test_workbench_publish_shows_the_reason(
    make_document: MakeDocument, sign: Step, signer_a: Any, logged_in: Callable[[Any], Any]
) -> None:
    document = make_document()
    item = sign(document.item)
    client = logged_in(signer_a)
    data = {"action": "publish", "version": item.version}
    response = client.post(reverse("workbench:item_action", args=[item.pk]), data, follow=True)
    assert "政策解读同步发布" in response.content.decode()
    assert fresh(item).state == "signed"
