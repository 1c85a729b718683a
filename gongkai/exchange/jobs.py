"""The exchange cycle as a job (django-tasks, gongkai/ops/jobs.py), for a deployment that queues
it rather than running ``manage.py exchange_cycle`` from the minutely timer."""

from __future__ import annotations

import json
import logging

from django_tasks import task

log = logging.getLogger("gongkai.exchange")


@task()
def exchange_cycle(partner_id: int | None = None) -> str:
    """One cycle with every partner, or with one (the workbench's 立即同步 and 重试)."""
    from gongkai.exchange import cycle

    counts = cycle.run(partner_ids=None if partner_id is None else [partner_id]).as_dict()
    log.info("exchange cycle", extra={"event": "exchange.cycle", **counts})
    return json.dumps(counts)
