"""The demo's policy documents: published with their interpretations, one follow-up later."""

from __future__ import annotations

import io
from typing import Any

from django.core.management import call_command

from gongkai.policies.demo import seed_policies
from gongkai.policies.models import Interpretation, PolicyDocument
from gongkai.policies.public import normative_list
from gongkai.publishing.models import Item


def test_seed_policies(db: Any) -> None:
    call_command("seed_demo", stdout=io.StringIO())  # calls seed_policies
    documents = PolicyDocument.objects.select_related("item")
    assert documents.count() == 2
    assert all(d.item.state == "published" and d.item.normative for d in documents)
    assert normative_list().count() == 2
    interpretations = Interpretation.objects.select_related("item")
    assert interpretations.count() == 3
    assert all(i.item.state == "published" for i in interpretations)
    follow_up = interpretations.get(follow_up=True)
    together = interpretations.filter(follow_up=False, document=follow_up.document).get()
    document_revision = follow_up.document.item.published_revision
    assert together.item.published_revision.published_at == document_revision.published_at
    assert follow_up.item.published_revision.published_at >= document_revision.published_at
    assert "同步发布" in together.item.events.get(action="publish").note
    assert "同步发布" not in follow_up.item.events.get(action="publish").note
    count = Item.objects.count()
    assert seed_policies() == 0
    assert Item.objects.count() == count
