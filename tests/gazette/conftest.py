"""Gazette fixtures: an issue of unit A with a generated PDF, made as an editor does."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from gongkai.gazette import services
from gongkai.gazette.models import GazetteIssue
from gongkai.gazette.pdfgen import make_pdf
from gongkai.orgs.models import Unit
from gongkai.publishing import services as item_services
from gongkai.publishing.models import Item
from tests.publishing import conftest as publishing_fixtures

# `flow` takes an item through submit, approve, sign and publish (reviewer_a, signer_a).
flow = publishing_fixtures.flow
reviewer_b = publishing_fixtures.reviewer_b


def issue_pdf(year: int = 2026, number: int = 3, body: str = "Notice on heating supply") -> bytes:
    return make_pdf(
        [[f"Kangbashi Gazette {year} No. {number}", f"Issued {year}-03-15"], ["Contents", body]],
        title=f"{year}-{number}",
    )


@pytest.fixture
def issue(editor_a: Any, unit_a: Unit) -> GazetteIssue:
    made = services.create_issue(editor_a, unit_a, year=2026, number=3, issue_date=dt.date(2026, 3, 15))
    services.set_pdf(editor_a, made, "2026年第3期.pdf", issue_pdf())
    return GazetteIssue.objects.select_related("item").get(pk=made.pk)


@pytest.fixture
def document(editor_a: Any, unit_a: Unit) -> Item:
    """A draft policy document of unit A carrying a 文号."""
    return item_services.create_item(
        editor_a,
        unit_a,
        kind="policy",
        title="关于做好2026年采暖期供热保障工作的通知",
        doc_number="康政发〔2026〕3号",
        formed_on=dt.date(2026, 3, 2),
        genre="notice",
        topic="construction",
        body_html="<p>正文</p>",
    )
