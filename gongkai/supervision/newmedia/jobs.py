"""Background work of the new-media registry (django-tasks, the one job mechanism).

``manage.py newmedia_check_feeds`` (cron, once a day; `make demo` may run it in its loop) runs the
check at once; ``check_feeds_job`` is the same work for a worker.
"""

from __future__ import annotations

import datetime as dt

from django_tasks import task


@task()
def check_feeds_job(today_iso: str) -> dict[str, int]:
    """Read every live account's feed as of ``today_iso`` (the local date, YYYY-MM-DD)."""
    from gongkai.supervision.newmedia.checking import check_feeds

    summary = check_feeds(dt.date.fromisoformat(today_iso))
    return {"checked": summary.checked, "updated": summary.updated, "failed": summary.failed}
