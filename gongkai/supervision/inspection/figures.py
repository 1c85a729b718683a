"""Inspection figures for dashboards."""

from __future__ import annotations

from django.db.models import Count

from gongkai.supervision.inspection.models import Inspection


def findings_by_unit(inspection: Inspection) -> dict[int, int]:
    """unit id → number of findings of ``inspection`` that concern it (findings without a unit,
    such as site-wide columns, are not counted)."""
    rows = inspection.findings.exclude(unit=None).values("unit_id").annotate(n=Count("pk"))
    return {row["unit_id"]: row["n"] for row in rows}
