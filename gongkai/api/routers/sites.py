"""API routes (issue 19): filled in by the sites/services/exchange work."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["sites"])
