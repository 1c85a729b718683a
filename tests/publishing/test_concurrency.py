"""Index numbers stay unique and gap-free when signers publish at the same moment (PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
from django.db import connection, connections

from gongkai.orgs.models import Unit
from gongkai.publishing import services
from gongkai.publishing.models import Item
from gongkai.publishing.workflow import perform

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are exercised on PostgreSQL")


@pytest.mark.django_db(transaction=True)
def test_concurrent_publishing_gets_distinct_serials(
    editor_a: Any, reviewer_a: Any, signer_a: Any, unit_a: Unit
) -> None:
    items = []
    for n in range(6):
        item = services.create_item(
            editor_a, unit_a, title=f"并发发布{n}", formed_on=dt.date(2026, 3, 2), genre="notice", topic="general"
        )
        perform(editor_a, item.pk, "submit")
        perform(reviewer_a, item.pk, "approve")
        perform(signer_a, item.pk, "sign")
        items.append(item.pk)
    barrier = threading.Barrier(len(items))
    errors: list[BaseException] = []

    def publish(pk: int) -> None:
        try:
            barrier.wait()
            perform(signer_a, pk, "publish")
        except BaseException as exc:  # collected and re-raised in the test thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=publish, args=(pk,)) for pk in items]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    serials = sorted(int(n.rsplit("-", 1)[1]) for n in Item.objects.values_list("index_number", flat=True))
    assert serials == list(range(1, len(items) + 1))
