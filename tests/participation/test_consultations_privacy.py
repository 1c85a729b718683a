"""No public page, feed, sitemap, search result or API response carries a commenter's phone
number or full name (the demo's consultations, every public consultation URL)."""

from __future__ import annotations

from typing import Any

from django.test import Client

from gongkai.participation.consultations import demo
from gongkai.participation.models import Comment

PUBLIC_URLS = ["/", "/hudong/consultations/", "/sitemap.xml", "/feeds/rss/", "/feeds/atom/", "/search/?q=征求意见"]


def test_no_public_response_carries_a_commenters_contact(pipeline: Any, site: Any) -> None:
    consultations = demo.seed_consultations()
    assert len(consultations) == 2
    urls = [*PUBLIC_URLS]
    for c in consultations:
        urls += [f"/hudong/consultations/{c.pk}/", f"/xxgk/items/{c.pk}/", f"/api/v1/public/consultations/{c.pk}"]
        report = getattr(c, "adoption", None)
        if report is not None:
            urls.append(f"/xxgk/items/{report.item_id}/")
    secrets = [c.phone for c in Comment.objects.exclude(phone="")] + [c.name for c in Comment.objects.all()]
    client = Client()
    for url in urls:
        response = client.get(url)
        text = response.content.decode()
        for secret in secrets:
            assert secret not in text, f"{url} shows {secret}"
