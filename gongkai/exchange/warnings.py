"""Lag, and the office's inbox warning when a partner lags beyond ``EXCHANGE_LAG_WARNING``.

Lag is the age of the oldest change of ours not yet delivered to the partner (push), and for a
partner we pull from, the time since the last successful cycle with it; the larger counts. A
partner never reached counts from when it was registered.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.exchange import changelog, conf
from gongkai.exchange.models import Mode, Partner
from gongkai.inbox import Task
from gongkai.orgs import access


def lag_seconds(partner: Partner, now: dt.datetime | None = None) -> int:
    now = now or timezone.now()
    lag = 0.0
    if partner.mode in (Mode.PUSH, Mode.BOTH):
        oldest = changelog.oldest_pending(partner)
        if oldest is not None:
            lag = (now - oldest.created_at).total_seconds()
    if partner.mode in (Mode.PULL, Mode.BOTH):
        since = partner.last_success_at or partner.created_at
        lag = max(lag, (now - since).total_seconds())
    return max(0, int(lag))


def lagging_partners(user: Any, today: dt.date) -> list[Task]:
    """Inbox provider (gongkai/inbox.py): for the office only."""
    if not access.is_office(user):
        return []
    limit = int(conf.get("EXCHANGE_LAG_WARNING"))
    now = timezone.now()
    tasks = []
    for partner in Partner.objects.filter(active=True):
        lag = lag_seconds(partner, now)
        if lag > limit:
            title = _("数据交换伙伴“%(name)s”已滞后%(minutes)s分钟，请检查连接和失败记录") % {
                "name": partner.name,
                "minutes": lag // 60,
            }
            tasks.append(Task(title=title, target=partner, due_on=today, kind="exchange_lag"))
    return tasks
