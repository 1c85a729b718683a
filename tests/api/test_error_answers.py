"""The OpenAPI schema documents every operation's error answers (API.md "Conventions"), and what
it claims is true: no 401 for a public operation, 429 exactly where a handler counts a rate
limit, a table (gongkai/api/openapi.py ANSWERS) that names real operations only."""

from __future__ import annotations

import inspect
from typing import Any

from gongkai.api import openapi
from gongkai.api.api import api

PREFIX = "/api/v1"


def _operations() -> dict[str, tuple[dict[str, Any], Any]]:
    """ "METHOD /path" → (the schema's operation, the handler)."""
    schema = api.get_openapi_schema()
    handlers = {
        (method, f"/{path.strip('/')}"): operation.view_func
        for _prefix, router in api._routers
        for path, view in router.path_operations.items()
        for operation in view.operations
        for method in operation.methods
    }
    return {
        f"{method.upper()} {path.removeprefix(PREFIX)}": (
            operation,
            handlers[(method.upper(), path.removeprefix(PREFIX))],
        )
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
    }


def test_the_table_names_only_real_operations() -> None:
    assert set(openapi.ANSWERS) - set(_operations()) == set()


def test_every_error_answer_has_a_body_with_detail_and_field() -> None:
    schema = api.get_openapi_schema()
    components = schema["components"]["schemas"]
    for name, (operation, _handler) in _operations().items():
        for code, answer in operation["responses"].items():
            if int(code) < 400:
                continue
            ref = answer["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
            assert {"detail", "field"} <= set(components[ref]["required"]), (name, code)


def test_401_only_where_a_token_is_read() -> None:
    for name, (operation, _handler) in _operations().items():
        takes_token = bool(operation.get("security")) or name == "POST /requests"
        assert (401 in operation["responses"]) == takes_token, name


def test_429_exactly_where_the_handler_counts_a_rate_limit() -> None:
    for name, (operation, handler) in _operations().items():
        counted = "ratelimit.guard(" in inspect.getsource(handler)
        assert (429 in operation["responses"]) == counted, name
        if counted:
            assert "Retry-After" in operation["responses"][429]["headers"], name


def test_415_and_413_for_every_method_with_a_body_404_for_every_path_parameter() -> None:
    for name, (operation, _handler) in _operations().items():
        method = name.split()[0]
        codes = set(operation["responses"])
        assert ({413, 415} <= codes) == (method in {"POST", "PUT", "PATCH", "DELETE"}), name
        if any(p["in"] == "path" for p in operation.get("parameters", [])):
            assert 404 in codes, name
        if operation.get("parameters") or "requestBody" in operation:
            assert 422 in codes, name


def test_the_served_schema_documents_them_too(client: Any, db: Any) -> None:
    served = client.get(f"{PREFIX}/openapi.json").json()
    answers = served["paths"][f"{PREFIX}/tasks/import"]["post"]["responses"]
    assert set(answers) == {"201", "400", "401", "403", "404", "413", "415", "422"}
    assert answers["422"]["content"]["application/json"]["schema"]["$ref"].endswith("/TaskImportRejectedOut")
    assert answers["415"]["content"]["application/json"]["schema"]["$ref"].endswith("/ApiErrorOut")
