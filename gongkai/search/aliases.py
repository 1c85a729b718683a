"""The default short-name dictionary (data/aliases.tsv): loaded by migration and by seed_demo."""

from __future__ import annotations

from pathlib import Path
from typing import Any

ALIASES = Path(__file__).with_name("data") / "aliases.tsv"


def load(model: Any) -> int:
    """Add the aliases that are missing (existing ones, maybe edited by the office, stay)."""
    created = 0
    for line in ALIASES.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        alias, full_name = (part.strip() for part in line.split("\t", 1))
        created += int(model.objects.get_or_create(alias=alias, defaults={"full_name": full_name})[1])
    return created
