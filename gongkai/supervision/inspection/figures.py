"""Inspection figures for dashboards."""

from __future__ import annotations

from django.db.models import Count

from gongkai.supervision.inspection.models import Inspection


def findings_by_unit(inspection: Inspection) -> dict[int, int]:
    """unit id → number of findings of ``inspection`` that concern it (findings without a unit,
    such as site-wide columns, are not counted)."""
    rows = inspection.findings.exclude(unit=None).values("unit_id").annotate(n=Count("pk"))
    return {row["unit_id"]: row["n"] for row in rows}


def findings_by_unit_of_every_site() -> dict[int, int]:
    """unit id → findings concerning it in the latest finished inspection of each site (issue
    19: the schedule inspects the sites in turn; the latest run alone is one site's). One query."""
    from gongkai.supervision.inspection.access import latest_per_site
    from gongkai.supervision.inspection.models import Finding

    rows = (
        Finding.objects.filter(inspection_id__in=latest_per_site())
        .exclude(unit=None)
        .values("unit_id")
        .annotate(n=Count("pk"))
    )
    return {row["unit_id"]: row["n"] for row in rows}
