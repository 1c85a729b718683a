"""The demo's inspection data: the default column rules, dictionaries and settings where missing
(the data migration normally loaded them already). Idempotent."""

from __future__ import annotations

from gongkai.supervision.inspection import defaults
from gongkai.supervision.inspection.models import ColumnRule, InspectionSettings, WordEntry


def seed_inspection() -> int:
    """Create the missing defaults; returns how many rows were created (0 on a second run)."""
    return defaults.seed(ColumnRule, WordEntry, InspectionSettings)
