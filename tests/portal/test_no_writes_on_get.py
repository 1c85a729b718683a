"""A public GET never writes to the database (issue 18, point 1): SQLite has one writer and
PostgreSQL locks rows, so a reader that wrote would queue behind the site's own work and a surge
of readers behind each other. Counting (hot topics, reads of answers) is buffered outside the
database and flushed by a job (participation.knowledge.hot).

Every anonymous public page of ``public_world`` is requested and every statement it sent is
read: none may be an INSERT, UPDATE, DELETE or REPLACE (nor a schema change).
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.builders import module_data
from tests.portal import public_world

pytestmark = pytest.mark.django_db
WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE|CREATE|ALTER|DROP)\b", re.IGNORECASE)


def _build() -> dict[str, list[str]]:
    """Page name → the writing statements its anonymous GET sent (the search of the knowledge
    base and an answer's page count what they show; they too must only buffer)."""
    tmp = Path(tempfile.mkdtemp(prefix="gk-no-writes-"))
    with public_world.quiet_settings(tmp):
        public_world.build_demo()
        public_world.grow(40)
        public_world.make_code()
        client = Client()
        writes = {}
        for page in public_world.public_pages():
            with CaptureQueriesContext(connection) as queries:
                response = client.get(page.url)
            assert response.status_code == 200, page.url
            writes[page.name] = [q["sql"] for q in queries.captured_queries if WRITE.match(q["sql"])]
    return writes


world = module_data(_build)


def test_every_public_page_is_requested(world: dict[str, list[str]]) -> None:
    assert sorted(world) == sorted(public_world.NAMES)


@pytest.mark.parametrize("name", public_world.NAMES)
def test_an_anonymous_get_writes_nothing(world: dict[str, Any], name: str) -> None:
    assert world[name] == [], f"{name} wrote: {world[name][:3]}"
