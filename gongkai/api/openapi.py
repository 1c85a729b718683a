"""The error answers in the OpenAPI schema (API.md "Conventions": each error documented there).

Every operation gets the refusals it can give, in the one error shape of errors.py, by rules
where the schema itself says when a refusal is possible (a token → 401, a path parameter → 404,
a method with a body → 415 …) and, for the refusals only the handler knows about (403, 409, 429,
503, a 404 for a query parameter), by the table ``ANSWERS`` below. A response an operation
declares itself (``response={422: ...}``) is kept as it is.
"""

from __future__ import annotations

from typing import Any

from ninja import Schema
from ninja.openapi.schema import REF_TEMPLATE
from pydantic import Field

from gongkai.api.errors import BODY_METHODS

REF = "#/components/schemas/{}"


class ApiErrorOut(Schema):
    """Every refusal of the API: a Chinese message and the field it is about."""

    detail: str = Field(description="中文说明")
    field: str | None = Field(description="the field the refusal is about, or null")


# Why each status is answered; the body is always ApiErrorOut unless the operation declares another.
WHY: dict[int, str] = {
    400: "The body is not valid JSON.",
    401: "No valid bearer token (`Authorization: Bearer <token>`).",
    403: "The caller's roles do not allow this.",
    404: "Not found, or not visible to the caller.",
    409: "The object's state does not allow this now (the reason is in `detail`).",
    413: "The request body is larger than the server takes.",
    415: "The body is not `application/json` (`multipart/form-data` where a file is uploaded).",
    422: "Invalid input: `field` names the field and `detail` says what is wrong (for a coded field, every allowed "
    "code with its Chinese label).",
    429: "Too many requests from this address: `Retry-After` says when to try again.",
    503: "The server cannot do this now (the reason is in `detail`); another try later may succeed.",
}

# The refusals the schema alone does not show, by operation ("METHOD path" as the router has it).
# 403: the caller may see the object or use the endpoint but their role does not allow this;
# where the access rules answer 404 for what a caller may not touch, there is no 403.
ANSWERS: dict[str, set[int]] = {
    "POST /units": {403},
    "POST /items": {403},
    "PATCH /items/{item_id}": {403, 409},
    "POST /items/{item_id}/actions": {403, 409},
    "POST /items/{item_id}/attachments": {403, 409},
    "DELETE /items/{item_id}/attachments/{attachment_id}": {403, 409},
    "POST /items/{item_id}/attachments/{attachment_id}/takedown": {403, 409},
    "POST /items/{item_id}/attachments/{attachment_id}/replacement": {403, 409},
    "POST /requests": {401, 403, 429},  # 401: a token sent that is not valid; 403: staff-only fields
    "POST /requests/{request_id}/events": {409},
    "GET /requests/{request_id}/letters/{letter_id}/{fmt}": {503},  # the PDF's fonts are missing
    "GET /public/requests/{tracking_code}": {429},
    "POST /public/consultations/{consultation_id}/comments": {409, 429},
    "POST /consultations/{consultation_id}/adoption": {403, 409},
    "POST /public/inquiries": {429},
    "GET /public/inquiries/{tracking_code}": {429},
    "POST /inquiries/{inquiry_id}/answer": {403, 409},
    "POST /tasks/import": {403, 404},  # 404: an unknown ledger_id
    "GET /tasks/export": {403, 404},  # 404: an unknown ledger_id
    "POST /tasks/{task_id}/progress": {403, 409},
    "GET /newmedia/accounts": {403},
    "POST /newmedia/accounts/{account_id}/content": {403, 409},
    "POST /inspections": {403, 409},
    "GET /inspections": {403},
    "GET /inspections/{inspection_id}": {403},
    # The exchange (issue 19): the office's operations, and a partner's signed requests (403: a
    # bad signature, a stale timestamp or a replayed nonce).
    "GET /exchange/credentials": {403},
    "GET /exchange/partners": {403},
    "POST /exchange/partners": {403},
    "GET /exchange/partners/{partner_id}": {403},
    "PATCH /exchange/partners/{partner_id}": {403},
    "GET /exchange/partners/{partner_id}/failures": {403},
    "POST /exchange/partners/{partner_id}/retry": {403},
    "POST /exchange/partners/{partner_id}/failures/{failure_id}/retry": {403},
    "GET /exchange/changes": {403},
    "POST /exchange/inbox": {403},
}


def _codes(method: str, path: str, operation: dict[str, Any]) -> set[int]:
    codes = set(ANSWERS.get(f"{method.upper()} {path}", set()))
    parameters = operation.get("parameters", [])
    has_body = "requestBody" in operation
    if operation.get("security"):
        codes.add(401)
    if any(p["in"] == "path" for p in parameters):
        codes.add(404)
    if method.upper() in BODY_METHODS:
        codes |= {413, 415}  # any body sent is measured and its type checked (errors.py)
    if has_body:
        codes.add(400)
    if parameters or has_body:
        codes.add(422)
    return codes


def _error_schema(schema: dict[str, Any]) -> dict[str, Any]:
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    name = ApiErrorOut.__name__
    components[name] = ApiErrorOut.model_json_schema(ref_template=REF_TEMPLATE)
    return {"$ref": REF.format(name)}


def document_errors(schema: dict[str, Any], path_prefix: str) -> dict[str, Any]:
    """Add the error answers to every operation of ``schema`` (in place; also returned)."""
    ref = _error_schema(schema)
    for full_path, operations in schema.get("paths", {}).items():
        path = full_path.removeprefix(path_prefix.rstrip("/"))
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            for code in sorted(_codes(method, path, operation)):
                answer = responses.setdefault(code, {"content": {"application/json": {"schema": ref}}})
                answer["description"] = WHY[code]
                if code == 429:
                    answer["headers"] = {
                        "Retry-After": {"description": "seconds to wait", "schema": {"type": "integer"}}
                    }
    return schema
