"""What must hold before an item goes live: the one function the publish action and the
scheduled-publication job call. The rules live with their domains (policies: 三同步;
consultations: the minimum comment period), which receive the ``publishing`` signal and refuse
by raising Conflict (409)."""

from __future__ import annotations

from gongkai.publishing import signals
from gongkai.publishing.models import Item


def check_publishable(item: Item) -> None:
    # send, not send_robust: a receiver's refusal must reach the user.
    signals.publishing.send(sender=Item, item=item)
