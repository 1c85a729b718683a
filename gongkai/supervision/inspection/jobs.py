"""Background jobs of the inspection (django-tasks; queued after commit by ``services``)."""

from __future__ import annotations

from django_tasks import task


@task()
def check_inspection_links(inspection_id: int) -> str:
    """Check the links of a finished inspection whose link check is pending."""
    from gongkai.supervision.inspection.services import check_links

    return check_links(inspection_id).links
