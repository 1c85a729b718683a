"""What must hold before an item goes live: the one function the publish action and the
scheduled-publication job call. The core's own rule is the privacy guard (publishing.privacy:
personal data, unread files); the others live with their domains (policies: 三同步;
consultations: the minimum comment period), which receive the ``publishing`` signal and refuse
by raising Conflict (409)."""

from __future__ import annotations

from gongkai.publishing import privacy, signals
from gongkai.publishing.models import Item


def check_publishable(item: Item) -> None:
    privacy.check(item)
    # send, not send_robust: a receiver's refusal must reach the user.
    signals.publishing.send(sender=Item, item=item)
