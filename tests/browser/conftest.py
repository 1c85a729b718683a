"""Browser fixtures: Debian's Chromium driven by Playwright (sync API), axe-core for accessibility.

The live server runs the real site with its real Content-Security-Policy; axe is served to the
page as a same-origin script through ``page.route`` so no CSP exception is needed.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

# Playwright's sync API runs an event loop in this thread; Django would otherwise refuse
# database access from the test body.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from gongkai.orgs import demo
from gongkai.orgs.models import SiteProfile, Unit
from tests.machine import AXE, CHROMIUM

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
AXE_PATH = "/__test__/axe.min.js"  # answered by page.route, never by Django
BLOCKING = {"serious", "critical"}


@pytest.fixture(scope="session")
def axe_source() -> bytes:
    return AXE.read_bytes()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_context(browser: Browser, axe_source: bytes, transactional_db: Any) -> Iterator[Any]:
    """Make browser contexts (e.g. with a viewport); all are closed after the test.

    It asks for ``transactional_db`` so that pytest tears it down first: the contexts close, and
    no request of theirs (a favicon, a late redirect) reaches the live server while the database
    is emptied after the test ("database table is locked" in one CI run)."""
    contexts: list[BrowserContext] = []

    def make(**options: Any) -> BrowserContext:
        options.setdefault("locale", "zh-CN")
        options.setdefault("viewport", {"width": 1280, "height": 900})
        context = browser.new_context(**options)
        context.route(
            f"**{AXE_PATH}", lambda route: route.fulfill(body=axe_source, content_type="application/javascript")
        )
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context: Any) -> Page:
    """A page whose console errors (a CSP refusal, a failed load) are collected in ``page.errors``."""
    context = new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.errors = errors  # type: ignore[attr-defined]
    return page


# The reading modes (标准版, 大字版, 高对比度) render the same HTML: only <body>'s class and the mode
# buttons' aria-pressed differ (portal/context.py, base.html). axe's rules on the markup answer
# alike in every mode, so a page is checked with all of them once, in the standard mode; in the
# other modes axe runs the rules that read what the stylesheet changes.
STYLE_RULES = [
    "color-contrast",
    "link-in-text-block",
    "target-size",
    "scrollable-region-focusable",
    "avoid-inline-spacing",
    "css-orientation-lock",
]


def run_axe(page: Page, *, rules: dict[str, bool] | None = None, only: list[str] | None = None) -> list[dict[str, Any]]:
    """Run axe-core on the page and return its violations (each with impact, id, help, nodes).

    ``rules`` switches single rules on or off, e.g. {"color-contrast-enhanced": True} for AAA;
    ``only`` runs just the rules named.
    """
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(page.url))
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(url=origin + AXE_PATH)
    options: dict[str, Any] = {"resultTypes": ["violations"]}
    if rules:
        options["rules"] = {rule: {"enabled": enabled} for rule, enabled in rules.items()}
    if only:
        options["runOnly"] = {"type": "rule", "values": only}
    result = page.evaluate("async (options) => await window.axe.run(document, options)", options)
    return list(result["violations"])


def axe_in_mode(page: Page, mode: str) -> list[dict[str, Any]]:
    """axe-core's violations for a page shown in a reading mode: every rule in the standard mode;
    the style rules in the others, with WCAG AAA text contrast (7:1) for the high-contrast mode."""
    if mode == "standard":
        return run_axe(page)
    if mode == "contrast":
        return run_axe(page, only=[*STYLE_RULES, "color-contrast-enhanced"])
    return run_axe(page, only=STYLE_RULES)


def blocking(violations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [violation for violation in violations if violation.get("impact") in BLOCKING]


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        targets = ", ".join(str(node["target"]) for node in violation["nodes"][:5])
        lines.append(f"[{violation['impact']}] {violation['id']}: {violation['help']} — {targets}")
    return "\n".join(lines)


@pytest.fixture
def demo_site(transactional_db: Any) -> SiteProfile:
    """The demo district's units and site profile (as seed_demo loads them, without the people)."""
    government = Unit.objects.create(
        name=demo.GOVERNMENT, short_name="区政府", kind=Unit.Kind.GOVERNMENT, credit_code=demo.credit_code(0, "11")
    )
    Unit.objects.bulk_create(
        Unit(
            name=name,
            short_name=short,
            kind=kind,
            credit_code=demo.credit_code(index, prefix),
            parent=government,
            position=index,
        )
        for index, (name, short, kind, prefix) in enumerate(demo.UNITS, start=1)
    )
    return SiteProfile.objects.create(government=government, **demo.SITE)


def keep_screenshot(page: Any, name: str) -> None:
    """Write ``docs/screenshots/<name>`` (full page) only when asked with GONGKAI_SCREENSHOTS=1:
    a test run never writes into the working tree otherwise."""
    if os.environ.get("GONGKAI_SCREENSHOTS") == "1":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / name), full_page=True)
