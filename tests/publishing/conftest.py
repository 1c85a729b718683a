from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from gongkai.orgs.models import Role, Unit
from gongkai.publishing import services
from gongkai.publishing.models import Item


@pytest.fixture
def reviewer_b(make_person: Callable[..., Any], unit_b: Unit) -> Any:
    return make_person("reviewer_b", Role.REVIEWER, unit_b)


@pytest.fixture
def draft(editor_a: Any, unit_a: Unit) -> Item:
    return services.create_item(
        editor_a,
        unit_a,
        title="关于2026年城乡低保标准调整的通知",
        body_html="<p>正文</p>",
        formed_on=dt.date(2026, 9, 25),
        genre="notice",
        topic="civil",
    )


@pytest.fixture
def flow(reviewer_a: Any, signer_a: Any) -> Callable[[Item], Item]:
    """Take a draft through submit, approve, sign and publish."""
    from gongkai.publishing.workflow import drive

    def run(item: Item) -> Item:
        return drive(item.pk, item.author, reviewer_a, signer_a)

    return run
