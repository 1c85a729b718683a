"""Tracking codes (查询码) of inquiries: ``ZX-2026-7KQ3-M9XD``. Plain Python.

The same alphabet and strength as FOI codes (``foi.tracking``: 40 random bits, Crockford
base-32); the prefix differs so a code says which lookup it belongs to.
"""

from __future__ import annotations

import re
import secrets

from gongkai.foi.tracking import ALPHABET

PREFIX = "ZX"
_SHAPE = re.compile(rf"^{PREFIX}(\d{{4}})([{ALPHABET}]{{8}})$")
_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})


def new_code(year: int) -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(8))
    return f"{PREFIX}-{year}-{body[:4]}-{body[4:]}"


def normalise(text: str) -> str | None:
    """The canonical form of what someone typed, or None when it cannot be a code."""
    compact = re.sub(r"[\s\-－—_]", "", text.upper())
    if not compact.startswith(PREFIX):
        return None
    compact = PREFIX + compact[len(PREFIX) :].translate(_CONFUSABLE)
    match = _SHAPE.match(compact)
    if match is None:
        return None
    year, body = match.groups()
    return f"{PREFIX}-{year}-{body[:4]}-{body[4:]}"
