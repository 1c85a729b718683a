"""The API fuzz run (test_fuzz.py, marker ``fuzz``) takes a minute or two: it runs only when a run
asks for it by its marker (``-m fuzz``: make fuzz-api), never inside a wider selection (make test,
the PostgreSQL run's ``-m postgres``, ``pytest tests/api``)."""

from __future__ import annotations

import sys
from itertools import pairwise
from typing import Any


def _asks_for_fuzz(markexpr: str) -> bool:
    words = markexpr.replace("(", " ").replace(")", " ").split()
    return "fuzz" in words and not any(a == "not" and b == "fuzz" for a, b in pairwise(words))


def pytest_collection_modifyitems(config: Any, items: list[Any]) -> None:
    if _asks_for_fuzz(config.option.markexpr or ""):
        return
    left_out = [item for item in items if item.get_closest_marker("fuzz")]
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = [item for item in items if not item.get_closest_marker("fuzz")]


def pytest_terminal_summary(terminalreporter: Any) -> None:
    fuzz = sys.modules.get("tests.api.test_fuzz")
    if fuzz is None or not fuzz.SENT:
        return
    counts = ", ".join(f"{code}: {n}" for code, n in sorted(fuzz.SENT.items()))
    terminalreporter.write_line(
        f"fuzz-api: {sum(fuzz.SENT.values())} requests (seed {fuzz.SEED}, {fuzz.EXAMPLES} examples an operation;"
        f" by status {counts})"
    )
