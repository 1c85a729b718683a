"""Smoke tests of the security probes (bench/probes, issue 15; RULINGS.md 3: long runs are bench
scripts with a small smoke test in the suite). Each runs a probe's core on a tiny scale in the
test database and checks both halves: it finds nothing in the product as it is, and it does
find a leak planted on purpose — a probe that cannot see anything would be worthless. The XSS
probe's smoke test needs the suite's Chromium: tests/browser/test_xss_probe.py."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command

from bench.probes import cross_unit, pii_crawl


def _seed() -> None:
    call_command("seed_demo", stdout=io.StringIO())


def test_pii_crawl_finds_nothing_then_sees_masking_switched_off(db: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """One round, numbers typed with spaces: nothing found. Then the public pages of inquiries
    show the askers' text unmasked (the scrubber switched off), and the same crawl must find the
    numbers typed into the questions there, by their digits."""
    from gongkai.participation.inquiries import public

    _seed()
    result = pii_crawl.run(rounds=1, styles=("spaced",), own_names=False, max_pages=250)
    planted = result.planted
    assert planted.refused == []
    assert len(planted.secrets) > 30 and len(result.crawl.pages) == 250
    assert result.crawl.findings == [], "\n".join(f.line() for f in result.crawl.findings)

    monkeypatch.setattr(public, "scrub", lambda text, asker, **kwargs: text)
    leaky = pii_crawl.crawl(planted.secrets, planted.holder_urls, start=planted.holder_urls, max_pages=30)
    typed = {f.secret.value for f in leaky.findings if "question (spaced)" in f.secret.where[-1]}
    assert {s.kind for s in planted.secrets if s.value in typed} >= {"id_number", "mobile", "card"}
    found = [f for f in leaky.findings if f.secret.value in typed]
    assert any(f.url.startswith("/hudong/inquiries/track/") for f in found)
    assert any(f.url.startswith("/api/v1/public/inquiries") for f in found)
    assert any(f.how == "digits, separators removed" for f in found)


def test_cross_unit_refuses_then_sees_a_rule_that_lets_everyone_in(db: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """The item pages and the item API for a tiny scale: refused, with the office's controls
    getting through; then with a broken rule (every item visible to everyone) the probe reports
    the item pages of another unit as let in."""
    from gongkai.publishing import access
    from gongkai.publishing.models import Item

    _seed()
    only = {"item", "item_edit", "attachment_download", "/items/{item_id}", "items"}
    result = cross_unit.run(targets=1, only=only)
    assert result.answers and not result.through, "\n".join(a.line() for a in result.through)
    assert result.dead_rows == [] and result.list_leaks == []
    assert result.control_list_hits > 0  # the office's list shows the target's item: the marker is seen

    monkeypatch.setattr(access, "items_visible_to", lambda user: Item.objects.all())
    broken = cross_unit.run(targets=1, only=only)
    let_in = {a.url for a in broken.through}
    assert any("/workbench/items/" in url for url in let_in), broken.through
    assert any(url.startswith("/api/v1/items/") for url in let_in), broken.through
    assert broken.list_leaks  # the list of items shows the other unit's item too
