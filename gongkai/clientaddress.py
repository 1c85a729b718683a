"""The client's address, the one rule for every part that needs it: the rate limits, the audit
trail, the hot topics' once-a-day count and django-axes' login lockout (issue 15, point 1).

Behind nginx on the same host every request comes from 127.0.0.1; the client is in
X-Forwarded-For. That header is believed only when the connecting peer is one of the configured
trusted proxies (``GONGKAI_TRUSTED_PROXIES``: addresses or networks, e.g. ``127.0.0.1,::1``), and
then read from the right: each address a trusted proxy added is stepped over, and the first one
that is not a trusted proxy is the client. What a client writes into the header itself sits to
the left of that and is never read. With no trusted proxy configured the header is ignored.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def trusted_networks(values: tuple[str, ...]) -> tuple[Network, ...]:
    """The configured proxies as networks (parsed once per setting); ValueError naming a value
    that is not one."""
    networks = []
    for value in values:
        try:
            networks.append(ipaddress.ip_network(value, strict=False))
        except ValueError as exc:
            raise ValueError(f"GONGKAI_TRUSTED_PROXIES: {value!r} is not an address or network") from exc
    return tuple(networks)


def _trusted(address: str, networks: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_address(request: HttpRequest | None) -> str | None:
    """The client's address, or None when there is no request."""
    if request is None:
        return None
    peer = request.META.get("REMOTE_ADDR") or None
    networks = trusted_networks(tuple(getattr(settings, "TRUSTED_PROXIES", ())))
    if peer is None or not _trusted(peer, networks):
        return peer
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    for address in reversed(forwarded):
        try:
            ipaddress.ip_address(address)
        except ValueError:
            return peer  # a malformed entry added after the proxies: nothing further left is believed
        if not _trusted(address, networks):
            return address
    return forwarded[0] if forwarded else peer
