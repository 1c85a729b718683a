"""A citizen comments on an open draft in Chromium and later reads the adoption report; the page
is axe-clean and fits a phone. With GONGKAI_SCREENSHOTS=1 writes docs/screenshots/consultation.png."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import Page, expect

from gongkai.orgs.models import Membership, Role, SiteProfile, Unit
from gongkai.participation.consultations import adoption, demo, services
from gongkai.participation.models import Comment, Consultation
from tests.browser.conftest import blocking, describe, keep_screenshot, run_axe
from tests.browser.test_foi_public import answer_captcha

pytestmark = pytest.mark.browser


def _people(unit: Unit) -> dict[str, Any]:
    people = {}
    for role in (Role.EDITOR, Role.REVIEWER, Role.SIGNER):
        user = get_user_model().objects.create_user(username=f"c_{role}", password="x-very-long-pass-1")
        Membership.objects.create(user=user, unit=unit, role=role)
        people[role] = user
    return people


def test_citizen_comments_and_reads_the_adoption_report(
    page: Page, new_context: Any, live_server: Any, demo_site: SiteProfile
) -> None:
    unit = Unit.objects.exclude(pk=demo_site.government_id).order_by("position").first()
    assert unit is not None
    people = _people(unit)
    today = timezone.localdate()
    consultation = services.create_consultation(
        people[Role.EDITOR],
        unit,
        title="城市养犬管理办法（征求意见稿）",
        body_html="<p>第一条 为规范养犬行为，制定本办法。</p>",
        opens_on=today,
        closes_on=today + dt.timedelta(days=29),
    )
    demo.publish_draft(consultation, people)
    url = f"{live_server.url}/hudong/consultations/{consultation.pk}/"

    page.goto(url)
    page.get_by_label("姓名").fill("张三丰")
    page.get_by_label("联系电话").fill("13912345678")
    page.get_by_label("意见内容").fill("建议增加文明养犬宣传。")
    answer_captcha(page)
    page.get_by_role("button", name="提交意见").click()
    expect(page.get_by_text("已经提交并公开").first).to_be_visible()
    assert "建议增加文明养犬宣传。" in page.content() and "13912345678" not in page.content()
    assert blocking(run_axe(page)) == [], describe(blocking(run_axe(page)))

    # The period ends; the signer records the adoption report, which publishes it.
    Consultation.objects.filter(pk=consultation.pk).update(
        opens_on=today - dt.timedelta(days=40), closes_on=today - dt.timedelta(days=2)
    )
    comment = Comment.objects.get()
    adoption.record_adoption(
        people[Role.SIGNER], consultation.pk, "共收到意见1条，已采纳。", [adoption.Entry(comment.pk, "adopted", "")]
    )
    page.goto(url)
    report = page.locator("#report-title")
    assert report.is_visible() and "共收到意见1条，已采纳。" in page.content()
    assert "13912345678" not in page.content()
    assert blocking(run_axe(page)) == [], describe(blocking(run_axe(page)))

    wide = new_context(viewport={"width": 1280, "height": 900}).new_page()
    wide.goto(url)
    keep_screenshot(wide, "consultation.png")

    phone = new_context(viewport={"width": 375, "height": 740}).new_page()
    phone.goto(url)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
