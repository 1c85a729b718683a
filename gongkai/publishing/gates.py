"""What must hold before an item goes live, by kind: the one function the publish action and the
scheduled-publication job call. Each rule lives with its domain and raises Conflict (409)."""

from __future__ import annotations

from gongkai.publishing.models import Item, Kind


def check_publishable(item: Item) -> None:
    # Local imports: both domains import the publishing workflow.
    from gongkai.participation.consultations.services import check_period_at_publication
    from gongkai.policies.services import check_publishable as check_policy

    check_policy(item)  # 三同步: a normative document goes live with its interpretation
    if item.kind == Kind.CONSULTATION:
        check_period_at_publication(item)  # the minimum comment period, counted from today
