"""The API contract of API.md: conventions, who am I, units, and the OpenAPI schema."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.management import call_command

from gongkai.api.models import ApiToken
from gongkai.audit.models import AuditEntry
from gongkai.orgs.models import Unit
from tests.api.snapshot import current_schema
from tests.conftest import ApiClient

SNAPSHOT = Path(__file__).with_name("openapi.json")


def test_openapi_schema_has_not_changed_unintentionally() -> None:
    # After an intended change: `make openapi-snapshot` and commit tests/api/openapi.json.
    assert current_schema() == SNAPSHOT.read_text(encoding="utf-8")


def test_openapi_json_and_docs_are_served(client: Any, db: Any) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/calendar/deadline" in schema["paths"]
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200
    assert b"cdn" not in docs.content.lower()  # Swagger UI comes from our own static files


def test_issue_token_prints_only_the_token(editor_a: Any) -> None:
    out = io.StringIO()
    call_command("issue_token", "editor_a", stdout=out)
    token = out.getvalue().strip()
    assert token.startswith("gk_") and "\n" not in token and len(token) > 40
    assert ApiToken.objects.get(user=editor_a).key_digest != token  # only a digest is stored
    assert ApiToken.objects.get(user=editor_a).hint == token[:8]


def test_me_lists_units_and_roles(editor_a: Any, api_as: Callable[[Any], ApiClient], unit_a: Unit) -> None:
    body = api_as(editor_a).get("/me").json()
    assert body["username"] == "editor_a"
    assert body["units"] == [{"id": unit_a.pk, "name": unit_a.name, "roles": ["editor"]}]


def test_bad_or_revoked_token_is_401_in_the_error_shape(editor_a: Any, api_as: Callable[[Any], ApiClient]) -> None:
    assert ApiClient("gk_not-a-token").get("/me").status_code == 401
    client = api_as(editor_a)
    ApiToken.objects.update(revoked_at="2026-01-01T00:00:00+08:00")
    response = client.get("/me")
    assert response.status_code == 401
    assert response.json()["field"] is None and "令牌" in response.json()["detail"]


def test_units_list_shape(unit_a: Unit, api_as: Callable[[Any], ApiClient]) -> None:
    units = api_as(None).get("/units").json()
    row = next(u for u in units if u["id"] == unit_a.pk)
    assert row == {
        "id": unit_a.pk,
        "name": "测试区民政局",
        "kind": "department",
        "credit_code": unit_a.credit_code,
        "parent_id": unit_a.parent_id,
    }


def test_office_creates_unit_and_it_is_audited(
    office: Any, government: Unit, api_as: Callable[[Any], ApiClient]
) -> None:
    response = api_as(office).post(
        "/units",
        {"name": "测试区统计局", "kind": "department", "credit_code": "91350100M000100Y43", "parent_id": government.pk},
    )
    assert response.status_code == 201
    body = response.json()
    assert body["credit_code"] == "91350100M000100Y43" and body["parent_id"] == government.pk
    entry = AuditEntry.objects.get(action="unit.created", object_id=str(body["id"]))
    assert entry.actor == office and entry.after["name"] == "测试区统计局"


def test_wrong_check_digit_is_422_naming_credit_code(office: Any, api_as: Callable[[Any], ApiClient]) -> None:
    response = api_as(office).post(
        "/units", {"name": "测试区统计局", "kind": "department", "credit_code": "91350100M000100Y44"}
    )
    assert response.status_code == 422
    assert response.json()["field"] == "credit_code"
    assert "校验码" in response.json()["detail"]
    assert not Unit.objects.filter(name="测试区统计局").exists()


def test_bad_input_never_500(office: Any, api_as: Callable[[Any], ApiClient], unit_a: Unit) -> None:
    client = api_as(office)
    cases: list[tuple[Any, str | None]] = [
        ({"name": "x", "kind": "planet", "credit_code": "91350100M000100Y43"}, "kind"),
        ({"kind": "department", "credit_code": "91350100M000100Y43"}, "name"),
        ({"name": "测试区民政局", "kind": "department", "credit_code": "91350100M000100Y43"}, "name"),
        ({"name": "y", "kind": "department", "credit_code": "91350100M000100Y43", "parent_id": 999999}, "parent_id"),
    ]
    for payload, field in cases:
        response = client.post("/units", payload)
        assert response.status_code == 422, payload
        assert response.json()["field"] == field, response.json()
    raw = client.client.post("/api/v1/units", "{not json", content_type="application/json", headers=client.headers)
    assert raw.status_code in {400, 422}
    assert set(json.loads(raw.content)) == {"detail", "field"}


def test_unknown_path_is_404_in_error_shape(client: Any, db: Any) -> None:
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404


def test_responses_are_utf8_chinese_not_escapes(office: Any, api_as: Callable[[Any], ApiClient]) -> None:
    response = api_as(office).get("/me")
    assert response["Content-Type"].startswith("application/json")
    assert "测试区人民政府办公室".encode() in response.content


def test_unknown_api_path_and_bad_json_keep_the_error_shape(
    client: Any, db: Any, office: Any, api_as: Callable[[Any], ApiClient]
) -> None:
    missing = client.get("/api/v1/no/such/thing")
    assert missing.status_code == 404 and missing.json() == {"detail": "接口不存在", "field": None}
    api = api_as(office)
    bad = api.client.post("/api/v1/units", "{oops", content_type="application/json", headers=api.headers)
    assert bad.status_code == 400 and bad.json() == {"detail": "请求体不是有效的JSON", "field": None}


def test_schema_names_are_unique() -> None:
    """OpenAPI names a schema by its class name: two classes of one name would leave one of them
    documented with the other's fields."""
    from ninja import Schema

    import gongkai.api.api  # noqa: F401  (every router imported)

    def subclasses(cls: type) -> list[type]:
        return [s for sub in cls.__subclasses__() for s in (sub, *subclasses(sub))]

    ours = [c for c in subclasses(Schema) if c.__module__.startswith("gongkai.")]
    names = [c.__name__ for c in ours]
    assert sorted({n for n in names if names.count(n) > 1}) == []
