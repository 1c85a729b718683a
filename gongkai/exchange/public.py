"""What the public API, search results and the portal show of a received item's provenance."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from gongkai.exchange.models import Received


def origins(item_ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    """``{item id: {"instance", "organ", "credit_code", "url"}}`` for the received items among
    ``item_ids`` (one query; items written here are simply absent: their origin is null)."""
    wanted = [int(pk) for pk in item_ids]
    if not wanted:
        return {}
    rows = Received.objects.filter(item_id__in=wanted).values(
        "item_id", "origin_instance", "organ", "credit_code", "origin_url"
    )
    return {
        row["item_id"]: {
            "instance": row["origin_instance"],
            "organ": row["organ"],
            "credit_code": row["credit_code"],
            "url": row["origin_url"],
        }
        for row in rows
    }


def origin(item_id: int) -> dict[str, Any] | None:
    return origins([item_id]).get(item_id)


def received(item_id: int) -> bool:
    """A received item is read-only here (the workbench and the API refuse to edit it)."""
    return Received.objects.filter(item_id=item_id).exists()


def read_only_reason(item: Any) -> str | None:
    """Why a received item may not be changed here (publishing.readonly asks before every action,
    edit and take-down by staff): it is changed or withdrawn at its origin only."""
    from django.utils.translation import gettext as _

    if not item.carried or not Received.objects.filter(item_id=item.pk).exists():
        return None
    return _("这条信息接收自其他层级的平台，在本平台只读：修改、撤回请在来源平台进行，下一次同步后生效。")
