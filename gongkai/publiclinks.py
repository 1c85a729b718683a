"""The core's resolver of public addresses (RULINGS.md 9): a domain that must name a page of the
public site — a finding of the site inspection, a gazette entry's document, a search hit, a link
in a policy's text — asks here by the page's kind and never spells the portal's URL names. The
portal registers each kind when it loads (``PortalConfig.ready``); the several sites of a later
issue register theirs the same way.

Kinds: ``item`` (pk), ``attachment`` (item pk, attachment pk), ``answer`` (knowledge entry pk),
``statutory``, ``column`` (domain code), ``inquiries``; and, read back from an address by
``page_at`` (the site inspection's link check), ``unit`` and ``topic`` columns, ``gazette``
issues and the ``catalogue``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Page:
    """What a path of this site shows: its ``kind`` ("" for a public page no domain names), the
    values in its address (``kwargs``), and whether only staff may open it (``private``)."""

    kind: str
    kwargs: dict[str, Any] = field(default_factory=dict)
    private: bool = False


Resolver = Callable[..., str]
Reader = Callable[[str], Page | None]
_resolvers: dict[str, Resolver] = {}
_readers: list[Reader] = []


def register(kind: str, resolver: Resolver) -> None:
    _resolvers[kind] = resolver


def public_url(kind: str, *args: object) -> str:
    """The public address of the page of ``kind`` for ``args``; LookupError when no view layer
    registered that kind (a domain used without the portal)."""
    try:
        resolver = _resolvers[kind]
    except KeyError:
        raise LookupError(f"no public page registered for {kind!r} (PortalConfig.ready registers them)") from None
    return resolver(*args)


def register_reader(reader: Reader) -> None:
    _readers[:] = [reader]


def page_at(path: str) -> Page | None:
    """The page a path of this site opens, or None when nothing answers it (a 404)."""
    if not _readers:
        raise LookupError("no reader of addresses registered (PortalConfig.ready registers it)")
    return _readers[0](path)


def kinds() -> set[str]:
    return set(_resolvers)
