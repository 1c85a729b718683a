"""API.md "Task ledger": a refused import answers 422 ``{"detail", "field", "errors": [{"row",
"field", "detail"}]}``, and so does every other 422 of the operation: a file that is no workbook,
a missing file, a bad query parameter (``errors`` is then empty and ``field`` names what is wrong);
bodies that list row errors carry ``"field": null`` (API.md "Conventions")."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client

from gongkai.api import errors, tokens
from gongkai.api.api import api
from gongkai.supervision.ledger.models import Task
from tests.supervision.ledger.conftest import workbook


def _import(office: Any, files: dict[str, Any], query: str = "") -> Any:
    headers = {"Authorization": f"Bearer {tokens.issue(office)}"}
    return Client().post(f"/api/v1/tasks/import{query}", files, headers=headers)


@pytest.mark.parametrize(
    "upload",
    [b"not a zip", b"%PDF-1.4\n%%EOF\n", b"PK\x03\x04 but no workbook", "序号,工作任务\n1,任务\n".encode()],
    ids=["text", "pdf", "damaged-zip", "csv"],
)
def test_a_file_that_is_no_workbook_is_422_with_errors(office: Any, upload: bytes) -> None:
    response = _import(office, {"file": io.BytesIO(upload)})

    assert response.status_code == 422
    assert response.json()["errors"] == []
    assert response.json()["field"] == "file" and "Excel" in response.json()["detail"]
    assert not Task.objects.exists()


def test_a_missing_file_or_a_bad_query_is_422_with_errors(office: Any) -> None:
    missing = _import(office, {})
    bad_year = _import(office, {"file": io.BytesIO(workbook([]))}, "?year=abc")

    assert missing.status_code == 422 and missing.json() == {**missing.json(), "field": "file", "errors": []}
    assert bad_year.status_code == 422 and bad_year.json() == {**bad_year.json(), "field": "year", "errors": []}


def test_bad_rows_are_listed_with_field_null(office: Any, unit_a: Any) -> None:
    response = _import(office, {"file": io.BytesIO(workbook([["1", "", "测试区民政局", "", "2026-12-31", ""]]))})

    assert response.status_code == 422
    assert response.json()["field"] is None
    assert [(e["row"], e["field"]) for e in response.json()["errors"]] == [(2, "工作任务")]


def test_only_the_import_routes_add_errors_to_a_422(office: Any, api_as: Any) -> None:
    response = api_as(office).post("/units", {"name": "x"})

    assert response.status_code == 422 and set(response.json()) == {"detail", "field"}


def test_the_row_error_routes_are_the_operations_whose_422_lists_rows() -> None:
    """ROW_ERROR_ROUTES (gongkai/api/errors.py) is exactly where the schema's 422 has ``errors``."""
    schema = api.get_openapi_schema()
    components = schema["components"]["schemas"]
    listing = set()
    for path, operations in schema["paths"].items():
        for operation in operations.values():
            answer = operation["responses"].get(422, {})
            ref = answer.get("content", {}).get("application/json", {}).get("schema", {}).get("$ref", "")
            if "errors" in components.get(ref.rsplit("/", 1)[-1], {}).get("properties", {}):
                listing.add(path.removeprefix("/api/v1/"))
    assert listing == errors.ROW_ERROR_ROUTES
