"""Where the browser tests' parts live on this machine (read by the start-of-run check in
tests/conftest.py and by tests/browser/conftest.py; importing this module changes nothing)."""

from __future__ import annotations

from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
AXE = Path(__file__).resolve().parents[1] / "node_modules" / "axe-core" / "axe.min.js"
