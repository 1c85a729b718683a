"""New-media registry (政务新媒体备案)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["newmedia"])
