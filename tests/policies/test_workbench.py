"""The workbench pages of policy documents: new document with metadata, the document page
(gate, relations, interpretations, exemption), editing metadata, new and edited interpretations."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.audit.models import AuditEntry
from gongkai.policies.models import Interpretation, InterpretationExemption, PolicyDocument, PolicyRelation
from gongkai.publishing.models import Item
from tests.policies.conftest import MakeDocument

pytestmark = pytest.mark.django_db
Step = Callable[[Item], Item]
Login = Callable[[Any], Client]


def test_new_policy_document(editor_a: Any, unit_a: Any, logged_in: Login) -> None:
    client = logged_in(editor_a)
    assert client.get(reverse("workbench:policy_create")).status_code == 200
    data = {
        "unit": unit_a.pk,
        "title": "康巴什区城乡低保实施办法",
        "topic": "civil",
        "genre": "measures",
        "doc_number": "康民发〔2026〕12号",
        "formed_on": "2026-09-25",
        "validity": "valid",
        "disclosure_mode": "proactive",
        "normative": "on",
        "body_html": "<p>正文</p>",
        "policy-issuer": "",
        "policy-level": "district",
        "policy-effective_on": "2026-11-01",
    }
    response = client.post(reverse("workbench:policy_create"), data)
    item = Item.objects.get(title="康巴什区城乡低保实施办法")
    assert response.status_code == 302 and response["Location"] == reverse("workbench:policy", args=[item.pk])
    assert item.kind == "policy" and item.normative and item.state == "draft"
    assert item.policy.issuer == unit_a.name and item.policy.effective_on == dt.date(2026, 11, 1)
    assert AuditEntry.objects.filter(action="policy.created").exists()
    page = client.get(reverse("workbench:policy", args=[item.pk])).content.decode()
    assert "政策解读同步发布" in page  # the gate is announced before anyone tries to publish


def test_new_policy_document_errors(editor_a: Any, unit_a: Any, logged_in: Login) -> None:
    data = {"unit": unit_a.pk, "title": "", "policy-level": "planet"}
    response = logged_in(editor_a).post(reverse("workbench:policy_create"), data)
    assert response.status_code == 422
    assert not Item.objects.exists()


def test_edit_metadata_of_a_draft_only(
    make_document: MakeDocument, editor_a: Any, logged_in: Login, sign: Step
) -> None:
    document = make_document()
    client = logged_in(editor_a)
    url = reverse("workbench:policy_edit", args=[document.pk])
    assert client.get(url).status_code == 200
    data = {
        "issuer": "康巴什区人民政府",
        "level": "district",
        "category": "",
        "effective_on": "2026-12-01",
        "version": 1,
    }
    assert client.post(url, data).status_code == 302
    document.refresh_from_db()
    assert document.issuer == "康巴什区人民政府" and document.effective_on == dt.date(2026, 12, 1)
    entry = AuditEntry.objects.get(action="policy.changed")
    assert entry.after == {"issuer": "康巴什区人民政府", "effective_on": "2026-12-01"}
    stale = client.post(url, {**data, "issuer": "别的机关"})
    assert stale.status_code == 409  # the version moved on
    item = sign(document.item)
    assert client.post(url, {**data, "version": item.version}).status_code == 409


def test_relations_by_number_in_any_bracket_style(
    make_document: MakeDocument, editor_a: Any, logged_in: Login, sign: Step, publish: Step
) -> None:
    target = make_document("旧办法", normative=False, doc_number="康民发〔2020〕5号")
    sign(target.item)
    publish(target.item)
    source = make_document("新办法")
    client = logged_in(editor_a)
    url = reverse("workbench:policy_relation_add", args=[source.pk])
    assert client.post(url, {"kind": "amends", "target": "康民发[2020]5号"}).status_code == 302
    relation = PolicyRelation.objects.get()
    assert (relation.source_id, relation.target_id, relation.kind) == (source.pk, target.pk, "amends")
    page = client.get(reverse("workbench:policy", args=[target.pk])).content.decode()
    assert "本文件被《新办法》修改" in page
    missing = client.post(url, {"kind": "amends", "target": "不存在〔2020〕1号"}, follow=True)
    assert "没有找到该文件" in missing.content.decode()
    remove = reverse("workbench:policy_relation_remove", args=[source.pk, relation.pk])
    assert client.post(remove).status_code == 302
    assert not PolicyRelation.objects.exists()


def test_exemption_by_the_signer(make_document: MakeDocument, signer_a: Any, logged_in: Login) -> None:
    document = make_document()
    url = reverse("workbench:policy_exemption", args=[document.pk])
    client = logged_in(signer_a)
    assert "登记不进行解读的理由" in client.get(reverse("workbench:policy", args=[document.pk])).content.decode()
    assert client.post(url, {"reason": ""}).status_code == 302
    assert not InterpretationExemption.objects.exists()
    assert client.post(url, {"reason": "仅调整执行期限"}).status_code == 302
    assert InterpretationExemption.objects.get().reason == "仅调整执行期限"


def test_new_and_edited_interpretation(
    make_document: MakeDocument, editor_a: Any, unit_a: Any, logged_in: Login
) -> None:
    document = make_document()
    client = logged_in(editor_a)
    url = reverse("workbench:interpretation_create", args=[document.pk])
    assert client.get(url).status_code == 200
    data = {
        "unit": unit_a.pk,
        "title": "《低保办法》政策解读",
        "topic": "civil",
        "genre": "other",
        "formed_on": "2026-09-25",
        "disclosure_mode": "proactive",
        "body_html": "<p>解读</p>",
        "interpretation-form": "graphic",
        "interpretation-agency": unit_a.name,
        "interpretation-person": "赵建国",
        "interpretation-phone": "0477-8583210",
    }
    response = client.post(url, data)
    interpretation = Interpretation.objects.select_related("item").get()
    assert response.status_code == 302 and response["Location"] == reverse("workbench:item", args=[interpretation.pk])
    assert interpretation.document == document and interpretation.item.kind == "interpretation"
    assert interpretation.form == "graphic" and not interpretation.follow_up
    edit = reverse("workbench:interpretation_edit", args=[interpretation.pk])
    assert client.get(edit).status_code == 200
    changed = {"form": "video", "agency": unit_a.name, "person": "钱敏", "phone": "0477-8583211", "follow_up": "on"}
    assert client.post(edit, {**changed, "version": interpretation.item.version}).status_code == 302
    interpretation.refresh_from_db()
    assert (interpretation.form, interpretation.person, interpretation.follow_up) == ("video", "钱敏", True)
    page = client.get(reverse("workbench:policy", args=[document.pk])).content.decode()
    assert "《低保办法》政策解读" in page and "钱敏" in page


def test_list(make_document: MakeDocument, editor_a: Any, editor_b: Any, logged_in: Login) -> None:
    make_document("本单位的办法")
    assert "本单位的办法" in logged_in(editor_a).get(reverse("workbench:policies")).content.decode()
    assert "本单位的办法" not in logged_in(editor_b).get(reverse("workbench:policies")).content.decode()
    found = logged_in(editor_a).get(reverse("workbench:policies"), {"q": "本单位"}).content.decode()
    assert "本单位的办法" in found
    assert PolicyDocument.objects.count() == 1
