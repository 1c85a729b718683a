"""The exchange's settings: a Django setting of the name wins (tests override them), else the
environment variable of the same name with the GONGKAI_ prefix, else the default. (settings.py is
the lead's; until it names these, the environment is read here, through the typed helpers.)

    EXCHANGE_ALLOW_PRIVATE      partners on loopback or private addresses (tests, an intranet)
    EXCHANGE_BASE_URL           this platform's public address, given to partners; default: the
                                address of the request that registered the first partner
    EXCHANGE_MAX_RECORDS        records per request (a push batch, a page of the change log)
    EXCHANGE_MAX_BODY           bytes of a signed request's body
    EXCHANGE_MAX_FILES          bytes of one record's files together (before base64)
    EXCHANGE_LAG_WARNING        seconds of lag before the office's inbox warns
    EXCHANGE_TIMEOUT            seconds: connect and read timeout of one request
    EXCHANGE_CYCLE_SECONDS      seconds one partner's push or pull may take in one cycle
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

from gongkai.env import env_bool, env_str

DEFAULTS: dict[str, Any] = {
    "EXCHANGE_ALLOW_PRIVATE": False,
    "EXCHANGE_BASE_URL": "",
    "EXCHANGE_MAX_RECORDS": 100,
    # Below the site's own bound on any request (settings.MAX_REQUEST_BYTES, 55 MB, and nginx's
    # client_max_body_size): one record's files in base64 (4/3) plus its text fit in one request.
    "EXCHANGE_MAX_BODY": 48 * 1024 * 1024,
    "EXCHANGE_MAX_FILES": 32 * 1024 * 1024,
    "EXCHANGE_LAG_WARNING": 3600,
    "EXCHANGE_TIMEOUT": 30,
    "EXCHANGE_CYCLE_SECONDS": 50,
}


def get(name: str) -> Any:
    if hasattr(settings, name):
        return getattr(settings, name)
    default = DEFAULTS[name]
    variable = f"GONGKAI_{name}"
    if isinstance(default, bool):
        return env_bool(variable, default)
    raw = env_str(variable, "")
    if not raw:
        return default
    return int(raw) if isinstance(default, int) else raw
