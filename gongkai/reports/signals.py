"""When the item of a cleared annual report is published, what the office cleared becomes what the
public sees (``published_snapshot``). A model signal keeps publishing unaware of reports: the
pipeline publishes every kind of content the same way."""

from __future__ import annotations

from typing import Any

from gongkai.publishing.models import ItemRevision, Kind


def revision_published(sender: Any, instance: ItemRevision, created: bool, **kwargs: Any) -> None:
    if not created or instance.kind != Kind.ANNUAL_REPORT:
        return
    from gongkai.reports.models import AnnualReport

    report = AnnualReport.objects.filter(item_id=instance.item_id).first()
    if report is None or report.snapshot is None:
        return
    AnnualReport.objects.filter(pk=report.pk).update(
        published_snapshot={**report.snapshot, "revision": report.revision}, published_at=instance.published_at
    )
