"""What the public sees of the registry: the 政务新媒体矩阵 — accounts open to the public (运营中,
and 整改中, which stays online while it is put right) by unit and platform, with name, account ID
and link. Never the state, filing number, dates or anything else staff record."""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.supervision.newmedia import lifecycle as lc
from gongkai.supervision.newmedia.models import Account


@dataclass(frozen=True)
class PublicAccount:
    platform: str
    name: str
    account_id: str
    url: str


@dataclass(frozen=True)
class UnitAccounts:
    unit_id: int
    unit: str
    accounts: list[PublicAccount]


def _safe_url(url: str) -> str:
    return url if url.lower().startswith(("https://", "http://")) else ""


def matrix(platform_id: int | None = None) -> list[UnitAccounts]:
    """Live accounts grouped by unit (in the units' order), each unit's by platform then name."""
    found = Account.objects.filter(state__in=lc.LIVE, unit__active=True).select_related("unit", "platform")
    if platform_id is not None:
        found = found.filter(platform_id=platform_id)
    found = found.order_by("unit__position", "unit_id", "platform__position", "platform_id", "name", "pk")
    groups: list[UnitAccounts] = []
    for account in found:
        if not groups or groups[-1].unit_id != account.unit_id:
            groups.append(UnitAccounts(account.unit_id, account.unit.name, []))
        entry = PublicAccount(account.platform.name, account.name, account.account_id, _safe_url(account.home_url))
        groups[-1].accounts.append(entry)
    return groups
