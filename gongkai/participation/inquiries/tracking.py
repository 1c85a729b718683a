"""Tracking codes (查询码) of inquiries: ``ZX-2026-7KQ3-M9XD``. Plain Python.

FOI's codes (``foi.tracking``: 40 random bits, Crockford base-32) with their own prefix, so a code
says which lookup it belongs to.
"""

from __future__ import annotations

from gongkai.foi import tracking

PREFIX = "ZX"


def new_code(year: int) -> str:
    return tracking.new_code(year, PREFIX)


def normalise(text: str) -> str | None:
    """The canonical form of what someone typed, or None when it cannot be a code."""
    return tracking.normalise(text, PREFIX)
