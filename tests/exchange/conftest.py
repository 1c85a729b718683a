"""The exchange's cast: the test district publishing (editor, reviewer, signer of unit A), and a
peer instance whose private key the tests hold, so they can sign requests as that partner."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from gongkai.exchange import identity, signing
from gongkai.exchange.models import Partner
from gongkai.orgs.models import SiteProfile, Unit
from gongkai.publishing import services
from gongkai.publishing.models import Item
from gongkai.publishing.workflow import drive
from tests.ops.test_pagecache_nodes import schema  # noqa: F401 — the migrated SQLite file test_cycle.py's city starts from

PEER_INSTANCE = "11150600MA0000999X-peer"


@pytest.fixture
def district(site: SiteProfile, unit_a: Unit) -> SiteProfile:
    """The site profile (its government holds received items) and unit A."""
    return site


@pytest.fixture
def publish(district: Any, editor_a: Any, reviewer_a: Any, signer_a: Any, unit_a: Unit) -> Callable[..., Item]:
    """Publish an item of unit A through the whole pipeline."""

    def make(title: str = "关于城乡低保标准调整的通知", **fields: Any) -> Item:
        values = {
            "title": title,
            "body_html": "<p>低保标准调整正文</p>",
            "formed_on": dt.date(2026, 9, 25),
            "genre": "notice",
            "topic": "civil",
            **fields,
        }
        item = services.create_item(editor_a, unit_a, **values)
        return drive(item.pk, editor_a, reviewer_a, signer_a)

    return make


@dataclass
class Peer:
    instance: str
    private_key: str
    public_key: str
    partner: Partner

    def headers(self, method: str, path: str, body: bytes, *, now: float | None = None) -> dict[str, str]:
        receiver = identity.ours().instance_id  # the district: this test process
        return signing.headers(
            self.instance, self.private_key, method, path, body, now or time.time(), receiver=receiver
        )

    def post(self, path: str, payload: Any, *, body: bytes | None = None, **override: Any) -> Any:
        """POST ``payload`` (or raw ``body``) to /api/v1``path`` signed as the peer."""
        raw = body if body is not None else json.dumps(payload).encode()
        full = f"/api/v1{path}"
        headers = self.headers("POST", full, raw, now=override.pop("now", None))
        headers.update(override.pop("headers", {}))
        return Client().generic("POST", full, raw, content_type="application/json", headers=headers)

    def get(self, path: str, **override: Any) -> Any:
        full = f"/api/v1{path}"
        headers = self.headers("GET", full, b"", now=override.pop("now", None))
        headers.update(override.pop("headers", {}))
        return Client().get(full, headers=headers)


@pytest.fixture
def peer(district: Any) -> Peer:
    """A paired partner above us (a city), sending to and reading from us."""
    private, public = signing.new_key_pair()
    partner = Partner.objects.create(
        name="测试市人民政府",
        base_url="http://city.example.test",
        direction="up",
        peer_instance=PEER_INSTANCE,
        peer_public_key=public,
    )
    return Peer(PEER_INSTANCE, private, public, partner)


def file_record(name: str, data: bytes, **override: Any) -> dict[str, Any]:
    return {
        "name": name,
        "kind": "pdf",
        "size": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
        "data": base64.b64encode(data).decode(),
        **override,
    }


def record(item: int = 501, revision: int = 1, **override: Any) -> dict[str, Any]:
    """A record as the peer sends it (gongkai-exchange/1)."""
    base = {
        "format": "gongkai-exchange/1",
        "seq": item * 10 + revision,
        "origin": PEER_INSTANCE,
        "item": item,
        "revision": revision,
        "kind": "published",
        "public_revision": revision,
        "item_kind": "item",
        "index_number": f"11150600MA0000999X/2026-{item:05d}",
        "organ": "测试市民政局",
        "credit_code": "11150600MA0000999X",
        "doc_number": "测民发〔2026〕1号",
        "written_on": "2026-09-20",
        "published_at": "2026-09-21T09:00:00+08:00",
        "first_published_on": "2026-09-21",
        "topic": {"code": "civil", "label": "民政、扶贫、救灾"},
        "genre": {"code": "notice", "label": "通知"},
        "validity": {"code": "valid", "label": "有效"},
        "normative": False,
        "catalogue_entry": None,
        "title": f"测试市关于社会救助的通知（{item}）",
        "body_html": f"<p>市级正文 {item} 第{revision}版</p>",
        "change_note": "" if revision == 1 else "更新正文",
        "attachments": [],
        "url": f"http://city.example.test/xxgk/items/{item}/",
        "withdrawn_on": None,
        "withdraw_reason": "",
        "policy": None,
    }
    base.update(override)
    return base


def xlsx(*rows: tuple[Any, ...]) -> bytes:
    import io

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def publish_with_file(
    district: Any,
    editor_a: Any,
    reviewer_a: Any,
    signer_a: Any,
    unit_a: Unit,
    django_capture_on_commit_callbacks: Any,
) -> Callable[..., Item]:
    """Publish an item of unit A with one small spreadsheet (read at once on upload)."""
    from gongkai.publishing import attachments

    def make(title: str = "关于补贴发放的公告", name: str = "发放标准.xlsx") -> Item:
        item = services.create_item(
            editor_a, unit_a, title=title, body_html="<p>见附件</p>", formed_on=dt.date(2026, 9, 25),
            genre="notice", topic="civil",
        )  # fmt: skip
        with django_capture_on_commit_callbacks(execute=True):
            attachments.add_attachment(editor_a, item, name, xlsx(("类别", "标准"), ("一类", 800)))
        return drive(item.pk, editor_a, reviewer_a, signer_a)

    return make
