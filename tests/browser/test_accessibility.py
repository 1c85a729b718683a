"""Accessibility of the public portal in a real browser: axe-core in every reading mode,
the no-JavaScript mode switch, and the phone-width layout."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from gongkai.orgs.models import SiteProfile
from gongkai.portal.context import A11Y_COOKIE
from tests.browser.conftest import axe_in_mode, blocking, describe, run_axe

pytestmark = pytest.mark.browser

PAGES = {
    "home": "/",
    "xxgk": "/xxgk/",
    "guide": "/xxgk/guide/",
    "rules": "/xxgk/rules/",
    "statutory": "/xxgk/statutory/",
    "annual-reports": "/xxgk/annual-reports/",
    "units": "/units/",
    "404": "/no-such-page/",
}
MODES = ["standard", "large", "contrast"]


def open_in_mode(new_context: Any, live_server: Any, mode: str, path: str) -> Page:
    context = new_context()
    if mode != "standard":
        context.add_cookies([{"name": A11Y_COOKIE, "value": mode, "url": live_server.url}])
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.errors = errors  # type: ignore[attr-defined]
    response = page.goto(live_server.url + path)
    assert response is not None
    assert response.status == (404 if path == PAGES["404"] else 200)
    return page


@pytest.mark.parametrize("mode", MODES)
def test_no_serious_axe_violations(new_context: Any, live_server: Any, demo_site: SiteProfile, mode: str) -> None:
    """Every page of PAGES in the mode, one after the other in one tab as a visitor reads them: no
    serious axe violation (conftest.axe_in_mode), the mode's class on <body>, nothing refused by
    the Content-Security-Policy. Every page is reported."""
    found: list[str] = []
    page = open_in_mode(new_context, live_server, mode, PAGES["home"])
    for name, path in PAGES.items():
        page.errors.clear()  # type: ignore[attr-defined]
        response = page.goto(live_server.url + path)
        assert response is not None and response.status == (404 if name == "404" else 200), name
        problems = blocking(axe_in_mode(page, mode))
        if problems:
            found.append(f"{name} ({mode}):\n{describe(problems)}")
        if not page.evaluate("() => document.body.className").startswith(f"a11y-{mode}"):
            found.append(f"{name} ({mode}): <body> lacks a11y-{mode}")
        console_errors = [error for error in page.errors if "404" not in error]  # type: ignore[attr-defined]
        if console_errors:
            found.append(f"{name} ({mode}): console errors {console_errors}")
    assert not found, "\n".join(found)


def test_the_other_modes_still_check_contrast(new_context: Any, live_server: Any, demo_site: SiteProfile) -> None:
    """The shorter axe run of the large and high-contrast modes does run the contrast rules:
    grey text at 5.7:1 passes AA (4.5:1) and fails the AAA 7:1 the high-contrast mode is held to."""
    grey = "() => { const p = document.createElement('p'); p.textContent = '灰色文字'; "
    grey += "p.style.setProperty('color', '#666', 'important'); p.style.setProperty('background', '#fff', 'important');"
    grey += "document.querySelector('main').append(p); }"
    ids = {}
    for mode in ["large", "contrast"]:
        page = open_in_mode(new_context, live_server, mode, "/")
        page.evaluate(grey)
        ids[mode] = {violation["id"] for violation in axe_in_mode(page, mode)}
    assert "color-contrast-enhanced" in ids["contrast"] and "color-contrast-enhanced" not in ids["large"]


def test_contrast_mode_is_black_on_white_with_yellow_links(
    new_context: Any, live_server: Any, demo_site: SiteProfile
) -> None:
    page = open_in_mode(new_context, live_server, "contrast", "/")
    colours = page.evaluate(
        """() => ({
            body: getComputedStyle(document.body).backgroundColor,
            header: getComputedStyle(document.querySelector('.site-header')).backgroundColor,
            text: getComputedStyle(document.querySelector('h1')).color,
            link: getComputedStyle(document.querySelector('.part-tile a')).color,
        })"""
    )
    assert colours == {
        "body": "rgb(0, 0, 0)",
        "header": "rgb(0, 0, 0)",
        "text": "rgb(255, 255, 255)",
        "link": "rgb(255, 255, 0)",
    }


def test_large_font_switch_works_by_clicking_without_javascript(
    new_context: Any, live_server: Any, demo_site: SiteProfile
) -> None:
    context = new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/xxgk/guide/")

    def body_font_px() -> float:
        return float(page.locator("body").evaluate("body => getComputedStyle(body).fontSize").removesuffix("px"))

    # evaluate() runs through the debugging protocol, so it works with page scripts disabled.
    standard = body_font_px()
    page.get_by_role("button", name="大字版").click()
    expect(page.locator("body")).to_have_class(re.compile(r"\ba11y-large\b"))
    assert page.url == live_server.url + "/xxgk/guide/"
    assert "a11y-large" in (page.locator("body").get_attribute("class") or "")
    assert body_font_px() >= 20 > standard
    assert page.get_by_role("button", name="大字版").get_attribute("aria-pressed") == "true"
    assert any(cookie["name"] == A11Y_COOKIE and cookie["value"] == "large" for cookie in context.cookies())

    # The choice stays on the next page and is undone by 标准版.
    with page.expect_navigation():
        page.get_by_role("link", name="政府信息公开", exact=True).first.click()
    assert "a11y-large" in (page.locator("body").get_attribute("class") or "")
    page.get_by_role("button", name="标准版").click()
    expect(page.locator("body")).to_have_class("a11y-standard")
    assert body_font_px() == standard
    assert not any(cookie["name"] == A11Y_COOKIE for cookie in context.cookies())


@pytest.mark.parametrize("mode", ["standard", "large"])
def test_home_fits_a_phone_without_horizontal_scroll(
    new_context: Any, live_server: Any, demo_site: SiteProfile, mode: str
) -> None:
    context = new_context(viewport={"width": 375, "height": 812}, device_scale_factor=2, is_mobile=True)
    if mode != "standard":
        context.add_cookies([{"name": A11Y_COOKIE, "value": mode, "url": live_server.url}])
    page = context.new_page()
    for path in ["/", "/xxgk/guide/", "/xxgk/statutory/"]:
        page.goto(live_server.url + path)
        widths = page.evaluate(
            "() => ({scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth})"
        )
        assert widths["client"] == 375
        assert widths["scroll"] <= widths["client"], f"{path} ({mode}) scrolls sideways: {widths}"
    page.goto(live_server.url + "/")
    # One column: the four parts of 政府信息公开 stack.
    lefts = page.locator(".part-tile").evaluate_all(
        "tiles => tiles.map(t => Math.round(t.getBoundingClientRect().left))"
    )
    assert len(lefts) == 4
    assert len(set(lefts)) == 1


def test_skip_link_is_first_and_moves_focus_to_main(page: Page, live_server: Any, demo_site: SiteProfile) -> None:
    page.goto(live_server.url + "/xxgk/guide/")
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.textContent.trim()")
    assert focused == "跳到主要内容"
    box = page.locator(".skip-link").bounding_box()
    assert box is not None
    assert box["y"] >= 0  # visible when focused
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    # Following the link is a same-document navigation that lands after the key press returns:
    # wait for it rather than reading the address at once (CI saw the old address).
    page.wait_for_url("**#main")
    # main has tabindex=-1, so the browser moves focus onto it: the next Tab starts inside it.
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'main'")


def test_run_axe_does_report_violations(page: Page, live_server: Any, demo_site: SiteProfile) -> None:
    """Guards the guard: an image without alternative text must be caught."""
    page.goto(live_server.url + "/")
    page.evaluate("() => document.querySelector('main').appendChild(document.createElement('img'))")
    assert "image-alt" in {violation["id"] for violation in blocking(run_axe(page))}
