"""Smoke test of bench/probes/xss_render.py in the suite's own Chromium (tests/browser/conftest.py:
one Playwright per session — a second one started beside it breaks every later browser test)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command

from bench.probes import xss_render


def _seed() -> None:
    call_command("seed_demo", stdout=io.StringIO())


@pytest.mark.browser
def test_xss_render_nothing_runs_then_an_unsanitised_body_does(
    transactional_db: Any,
    live_server: Any,
    browser: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Three payloads on one page (an item's body): none runs; then with the sanitiser switched off
    when the item is saved, the same three run in Chromium and the probe says so."""
    from gongkai.publishing import services

    _seed()
    clean = xss_render.run(browser, live_server.url, fields=["item_body"], count=3, group=3, lists=False)
    assert clean.pages == 1
    assert clean.findings == [], clean.findings

    monkeypatch.setattr(services, "clean_html", lambda html: html)
    broken = xss_render.run(browser, live_server.url, fields=["item_body"], count=3, group=3, lists=False)
    assert {f.number for f in broken.ran} == {1, 2, 3}, broken.findings
