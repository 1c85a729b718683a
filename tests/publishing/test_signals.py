"""The pipeline announces its lifecycle (publishing/signals.py) and names no domain: a receiver
may refuse a publication with its own reason, and hears every publication, revision and
withdrawal with what it needs. Search and policies are receivers like any later capability."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from gongkai.publishing import signals
from gongkai.publishing.models import Item, State
from gongkai.publishing.services import Conflict
from gongkai.publishing.workflow import perform


@pytest.fixture
def heard() -> Iterator[list[tuple[str, dict[str, Any]]]]:
    """Every lifecycle signal sent during the test, with its arguments."""
    calls: list[tuple[str, dict[str, Any]]] = []
    receivers = {}
    for name in ("publishing", "published", "revised", "withdrawn"):

        def receiver(sender: Any, name: str = name, **kwargs: Any) -> None:
            assert sender is Item
            calls.append((name, {k: v for k, v in kwargs.items() if k != "signal"}))

        receivers[name] = receiver
        getattr(signals, name).connect(receiver, dispatch_uid=f"test.{name}")
    yield calls
    for name in receivers:
        getattr(signals, name).disconnect(dispatch_uid=f"test.{name}")


def test_a_receiver_refuses_a_publication_with_its_reason(
    draft: Item, editor_a: Any, reviewer_a: Any, signer_a: Any
) -> None:
    def refuse(sender: Any, item: Item, **kwargs: Any) -> None:
        raise Conflict("未经财政部门复核的预算表不得公开")

    perform(editor_a, draft.pk, "submit")
    perform(reviewer_a, draft.pk, "approve")
    perform(signer_a, draft.pk, "sign")
    signals.publishing.connect(refuse, dispatch_uid="test.refuse")
    try:
        with pytest.raises(Conflict, match="未经财政部门复核"):
            perform(signer_a, draft.pk, "publish")
    finally:
        signals.publishing.disconnect(dispatch_uid="test.refuse")
    item = Item.objects.get(pk=draft.pk)
    assert item.state == State.SIGNED and item.published_revision is None

    assert perform(signer_a, draft.pk, "publish").state == State.PUBLISHED


def test_publication_revision_and_withdrawal_are_announced(
    draft: Item,
    flow: Callable[[Item], Item],
    editor_a: Any,
    signer_a: Any,
    heard: list[tuple[str, dict[str, Any]]],
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks() as callbacks:
        item = flow(draft)
    assert [name for name, _ in heard] == ["publishing", "published"]
    published = heard[1][1]
    assert published["item"].pk == item.pk and published["revision"].number == 1
    assert published["actor"] == signer_a and published["now"] == published["revision"].published_at
    assert callbacks, "search queues its re-index after commit"

    heard.clear()
    perform(editor_a, item.pk, "revise")
    assert [(name, kwargs["actor"]) for name, kwargs in heard] == [("revised", editor_a)]

    heard.clear()
    perform(signer_a, item.pk, "withdraw", reason="已被新文件替代", reason_code="superseded")
    assert [(name, kwargs["reason"]) for name, kwargs in heard] == [("withdrawn", "已被新文件替代")]


def test_search_follows_publication_and_withdrawal(
    draft: Item, flow: Callable[[Item], Item], signer_a: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from gongkai.search.engine import search

    with django_capture_on_commit_callbacks(execute=True):
        item = flow(draft)
    assert [hit.id for hit in search("城乡低保标准").hits] == [item.pk]
    with django_capture_on_commit_callbacks(execute=True):
        perform(signer_a, item.pk, "withdraw", reason="已被新文件替代", reason_code="superseded")
    assert search("城乡低保标准").hits == []
