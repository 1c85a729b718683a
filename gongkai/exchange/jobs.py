"""The exchange cycle as a job (django-tasks, gongkai/ops/jobs.py), for a deployment that queues
it rather than running ``manage.py exchange_cycle`` from the minutely timer."""

from __future__ import annotations

import json
import logging

from django_tasks import task

log = logging.getLogger("gongkai.exchange")


@task()
def exchange_cycle() -> str:
    from gongkai.exchange import cycle

    counts = cycle.run().as_dict()
    log.info("exchange cycle", extra={"event": "exchange.cycle", **counts})
    return json.dumps(counts)
