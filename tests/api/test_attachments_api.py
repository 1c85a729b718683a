"""API.md "Information items", attachments and personal data (issue 24, item 5): upload to a
draft (multipart), the text state and findings in GET /items/{id}, sign refused with the places,
approve with privacy_basis, take-down and replacement, DELETE on a draft."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.publishing.models import Item
from gongkai.publishing.workflow import drive, perform
from tests.conftest import ApiClient
from tests.publishing import conftest as publishing_fixtures
from tests.publishing.test_privacy_guard import ID_ROWS, MASKED_ROWS, xlsx

pytestmark = pytest.mark.django_db
draft = publishing_fixtures.draft


def upload(api: ApiClient, path: str, name: str, data: bytes) -> Any:
    return api.client.post(f"/api/v1{path}", {"file": SimpleUploadedFile(name, data)}, headers=api.headers)


def action(api: ApiClient, item: Item, name: str, **extra: Any) -> Any:
    return api.post(f"/items/{item.pk}/actions", {"action": name, **extra})


def test_a_list_of_id_numbers_is_refused_at_sign_naming_the_cells(
    draft: Item, editor_a: Any, reviewer_a: Any, signer_a: Any, api_as: Any
) -> None:
    added = upload(api_as(editor_a), f"/items/{draft.pk}/attachments", "名单.xlsx", xlsx(ID_ROWS))
    assert added.status_code == 201, added.content
    body = added.json()
    assert {"id", "name", "kind", "size", "sha256", "text_state"} <= set(body) and body["text_state"] == "read"
    listed = api_as(editor_a).get(f"/items/{draft.pk}").json()["attachments"]
    assert listed[0]["personal_data"] == {"id_numbers": 2, "mobiles": 0, "bank_cards": 0}
    assert listed[0]["url"].endswith(f"/workbench/items/{draft.pk}/attachments/{body['id']}/")
    assert action(api_as(editor_a), draft, "submit").status_code == 200
    assert action(api_as(reviewer_a), draft, "approve").status_code == 200
    refused = action(api_as(signer_a), draft, "sign")
    assert refused.status_code == 409
    answer = refused.json()
    assert answer["field"] == "attachments" and "不能签发或发布" in answer["detail"]
    assert answer["findings"][0] == {"where": "附件“名单.xlsx”工作表“名单”单元格B2", "kind": "id_number", "count": 1}


def test_approve_with_a_privacy_basis_lets_the_signer_sign_and_shows_it(
    draft: Item, editor_a: Any, reviewer_a: Any, signer_a: Any, api_as: Any
) -> None:
    upload(api_as(editor_a), f"/items/{draft.pk}/attachments", "名单.xlsx", xlsx(ID_ROWS))
    action(api_as(editor_a), draft, "submit")
    basis = "权利人书面同意公开"
    assert action(api_as(reviewer_a), draft, "approve", privacy_basis=basis).json()["privacy_basis"] == basis
    assert action(api_as(signer_a), draft, "sign").json()["state"] == "signed"


def test_remove_on_a_draft_and_the_refusals(
    draft: Item, editor_a: Any, editor_b: Any, reviewer_a: Any, api_as: Any
) -> None:
    added = upload(api_as(editor_a), f"/items/{draft.pk}/attachments", "名单.xlsx", xlsx(MASKED_ROWS)).json()
    path = f"/items/{draft.pk}/attachments/{added['id']}"
    assert upload(api_as(reviewer_a), f"/items/{draft.pk}/attachments", "x.xlsx", xlsx(MASKED_ROWS)).status_code == 403
    assert api_as(editor_b).client.delete(f"/api/v1{path}", headers=api_as(editor_b).headers).status_code == 404
    bad = upload(api_as(editor_a), f"/items/{draft.pk}/attachments", "病毒.pdf", b"MZ\x90\x00 not a pdf")
    assert bad.status_code == 422 and bad.json()["field"] == "file"
    as_json = api_as(editor_a).post(f"/items/{draft.pk}/attachments", {"file": "x"})
    assert as_json.status_code == 422  # JSON where a file is expected: no file
    gone = api_as(editor_a).client.delete(f"/api/v1{path}", headers=api_as(editor_a).headers)
    assert gone.status_code == 204 and api_as(editor_a).get(f"/items/{draft.pk}").json()["attachments"] == []


def test_take_down_and_replacement(
    draft: Item, editor_a: Any, reviewer_a: Any, signer_a: Any, office: Any, api_as: Any
) -> None:
    added = upload(api_as(editor_a), f"/items/{draft.pk}/attachments", "名单.xlsx", xlsx(MASKED_ROWS)).json()
    drive(draft.pk, editor_a, reviewer_a, signer_a)
    path = f"/items/{draft.pk}/attachments/{added['id']}"
    assert api_as(editor_a).post(f"{path}/takedown", {"reason": "核实中"}).status_code == 403
    assert api_as(office).post(f"{path}/takedown", {"reason": ""}).status_code == 422
    done = api_as(office).post(f"{path}/takedown", {"reason": "含未去标识化内容"})
    assert done.status_code == 200 and done.json()["public"] is False and done.json()["taken_down_at"]
    assert api_as(office).post(f"{path}/takedown", {"reason": "再次"}).status_code == 409
    new = upload(api_as(editor_a), f"{path}/replacement", "名单（去标识化）.xlsx", xlsx(MASKED_ROWS))
    assert new.status_code == 201
    item = api_as(editor_a).get(f"/items/{draft.pk}").json()
    names = [a["name"] for a in item["attachments"]]
    assert item["state"] == "draft" and names == ["名单.xlsx", "名单（去标识化）.xlsx"]  # the old one: taken down
    perform(editor_a, draft.pk, "submit")
    assert Item.objects.get(pk=draft.pk).state == "submitted"
