"""The API against its own OpenAPI schema (issue 15, point 4): schemathesis sends generated and
mutated requests to every operation, in process through the WSGI application on the test
database (the demo district), and fails on any 5xx and on any answer the schema does not
describe: status code, content type, body, headers.

Bounded and repeatable: a fixed seed, a fixed number of examples per operation and a fixed date;
a minute or two on two cores. `make fuzz-api` runs it; `FUZZ_SEED=n make fuzz-api`
tries another seed and FUZZ_EXAMPLES another bound. A failure prints the request to replay (as
curl). It is left out of every wider run (tests/api/conftest.py) and prints how many requests
it sent.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import tempfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import schemathesis
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import override_settings

from gongkai.api import tokens
from gongkai.api.api import api
from gongkai.ops import ratelimit
from gongkai.wsgi import application
from tests import builders

SEED = int(os.environ.get("FUZZ_SEED", "20261115"))
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "60"))
NOW = dt.datetime(2026, 12, 2, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))  # after the demo's last date
CHECKS = [
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_schema_conformance",
    "response_headers_conformance",
]

pytestmark = pytest.mark.fuzz

# Valid and invalid inputs ("all"): the coverage phase (each parameter's edges and wrong types,
# unexpected methods) and then EXAMPLES generated cases per operation. No example database, so a
# run depends on the seed alone; no stateful phase (links between operations are not declared).
CONFIG = schemathesis.Config.from_dict(
    {
        "seed": SEED,
        "suppress-health-check": ["all"],
        "generation": {"mode": "all", "max-examples": EXAMPLES, "database": "none"},
        "checks": {"enabled": False, **{name: {"enabled": True} for name in CHECKS}},
        "phases": {"stateful": {"enabled": False}},
    }
)
schema = schemathesis.openapi.from_dict(api.get_openapi_schema(), config=CONFIG)
schema.app = application

# Requests sent, by status code (conftest.py prints them when the run ends).
SENT: Counter[int] = Counter()


@dataclass
class World:
    token: str


@pytest.fixture(scope="module", autouse=True)
def _fixed_date_and_quiet_request_log() -> Iterator[None]:
    # One JSON line per request would be thousands of captured lines; errors (a 500's traceback,
    # from django.request) are still logged.
    request_log = logging.getLogger("gongkai.request")
    level = request_log.level
    request_log.setLevel(logging.WARNING)
    with time_machine.travel(NOW, tick=False):
        yield
    request_log.setLevel(level)


def _build() -> World:
    # The demo district: units, staff, items, applications, consultations, tasks … with small
    # ids, which generated path ids often hit. Staff operations are called as the office (every
    # unit); public ones without a token.
    # Built once for the module, before the function-scoped fixture that keeps each test's files
    # in its own folder: the demo's files and accounts go to a folder of their own, never ./var.
    scratch = Path(tempfile.mkdtemp(prefix="gk-fuzz-"))
    with override_settings(MEDIA_ROOT=scratch / "media", DATA_DIR=scratch / "data"), open(os.devnull, "w") as quiet:
        call_command("seed_demo", stdout=quiet)
    return World(token=tokens.issue(get_user_model().objects.get(username="office")))


world = builders.module_data(_build)


@schema.parametrize()
def test_the_api_answers_every_request_as_its_schema_says(case: Any, world: World, db: Any, settings: Any) -> None:
    # Public POSTs reach their checks instead of the rate limit after ten (RULINGS.md 14).
    settings.GONGKAI_RATE_LIMITS = {scope: (1_000_000, 3600) for scope in ratelimit.DEFAULT_LIMITS}
    secured = bool(case.operation.definition.raw.get("security"))
    response = case.call_and_validate(headers={"Authorization": f"Bearer {world.token}"} if secured else {})
    SENT[response.status_code] += 1
