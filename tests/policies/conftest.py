"""Builders for policy documents and interpretations, made through the services and the
workflow as editors, reviewers and signers do (personas from tests/conftest.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from gongkai.orgs.models import Unit
from gongkai.policies import services
from gongkai.policies.models import Interpretation, PolicyDocument
from gongkai.publishing.models import Item
from gongkai.publishing.workflow import drive, perform

MakeDocument = Callable[..., PolicyDocument]
MakeInterpretation = Callable[..., Interpretation]


@pytest.fixture
def make_document(editor_a: Any, unit_a: Unit) -> MakeDocument:
    def make(title: str = "康巴什区城乡低保实施办法", normative: bool = True, **fields: Any) -> PolicyDocument:
        meta = {
            "issuer": fields.pop("issuer", unit_a.name),
            "level": fields.pop("level", "district"),
            "effective_on": fields.pop("effective_on", dt.date(2026, 11, 1)),
        }
        data = {"formed_on": dt.date(2026, 9, 25), "genre": "measures", "topic": "civil", "body_html": "<p>正文</p>"}
        data.update(fields)
        return services.create_policy(editor_a, unit_a, meta, title=title, normative=normative, **data)

    return make


@pytest.fixture
def make_interpretation(editor_a: Any, unit_a: Unit) -> MakeInterpretation:
    def make(document: PolicyDocument, title: str = "政策解读", **meta: Any) -> Interpretation:
        values = {"form": "text", "agency": unit_a.name, "person": "赵建国", "phone": "0477-8583210"}
        values.update(meta)
        return services.create_interpretation(
            editor_a, unit_a, document, values, title=title, formed_on=dt.date(2026, 9, 25), body_html="<p>解读</p>"
        )

    return make


@pytest.fixture
def sign(reviewer_a: Any, signer_a: Any) -> Callable[[Item], Item]:
    """Submit, approve and sign (not publish)."""

    def run(item: Item) -> Item:
        return drive(item.pk, item.author, reviewer_a, signer_a, until="sign")

    return run


@pytest.fixture
def publish(signer_a: Any) -> Callable[[Item], Item]:
    def run(item: Item) -> Item:
        return perform(signer_a, item.pk, "publish")

    return run
