"""Task ledger (任务台账): API.md "Task ledger"."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["tasks"])
