"""Site self-inspection (网站与政务新媒体检查): API.md "Inspection"."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["inspections"])
