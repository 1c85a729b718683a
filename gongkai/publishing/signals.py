"""The publishing lifecycle, announced to whoever needs to know (DESIGN.md: the core names no
domain). Every receiver runs inside the pipeline's transaction; work that must see the committed
state (the search index, later the exchange) queues itself with ``transaction.on_commit``.

    publishing  item                          before an item goes live, now or when its scheduled
                                              time comes: a receiver refuses by raising Conflict
                                              (409) or ValidationError, whose message the user sees
    published   item, revision, actor, now    a new public revision (the first or a later one)
    revised     item, actor                   a published item taken back into editing; the public
                                              revision stays until the new one is published
    withdrawn   item, actor, reason           taken down; the page stays and states the reason.
                [attachment]                  With ``attachment``: one published file of the item
                                              taken down (issue 24) — the item stays public, the
                                              file leaves the site and search (RULINGS.md 10: one
                                              withdrawal signal for every receiver)
    text_read   item, attachment              an attachment's text layer was read (or found
                                              unreadable); a public item's search document changes

``sender`` is always the Item class. Receivers connect in their app's ``ready()``.
"""

from __future__ import annotations

from django.dispatch import Signal

publishing = Signal()
published = Signal()
revised = Signal()
withdrawn = Signal()
text_read = Signal()
