"""Tracking codes (查询码) handed to applicants on the receipt. Plain Python.

``YSQ-2026-7KQ3-M9XD``: the year, then 8 characters of Crockford's base-32 alphabet (no I, L,
O, U, so nothing is misread over the phone): 40 random bits, so guessing a valid code among a
district's few thousand a year takes ~10^8 tries, and the public lookup is rate-limited.
"""

from __future__ import annotations

import functools
import re
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
PREFIX = "YSQ"
# What people mistype when they read a code aloud or copy it by hand.
_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})


@functools.cache
def _shape(prefix: str) -> re.Pattern[str]:
    return re.compile(rf"^{prefix}(\d{{4}})([{ALPHABET}]{{8}})$")


def new_code(year: int, prefix: str = PREFIX) -> str:
    """A fresh code; ``prefix`` says which lookup it belongs to (FOI's by default)."""
    body = "".join(secrets.choice(ALPHABET) for _ in range(8))
    return f"{prefix}-{year}-{body[:4]}-{body[4:]}"


def normalise(text: str, prefix: str = PREFIX) -> str | None:
    """The canonical form of what someone typed, or None when it cannot be a code."""
    compact = re.sub(r"[\s\-－—_]", "", text.upper())
    if not compact.startswith(prefix):
        return None
    compact = prefix + compact[len(prefix) :].translate(_CONFUSABLE)
    match = _shape(prefix).match(compact)
    if match is None:
        return None
    year, body = match.groups()
    return f"{prefix}-{year}-{body[:4]}-{body[4:]}"
