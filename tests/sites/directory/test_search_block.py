"""The search page shows the site's matching services (办事服务) after the documents, on its
first page, in one bounded query."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_a_matching_service_is_on_the_first_page_of_results(make_service: Callable[..., Any]) -> None:
    service = make_service("最低生活保障申请")
    make_service("护照办理")
    page = Client().get("/search/", {"q": "最低生活保障"}).content.decode()
    assert "办事服务" in page and f"/bszn/{service.pk}/" in page and "护照办理" not in page
    later = Client().get("/search/", {"q": "最低生活保障", "page": 2}).content.decode()
    assert f"/bszn/{service.pk}/" not in later
    nothing = Client().get("/search/", {"q": "不存在的事项"}).content.decode()
    assert 'id="search-services-title"' not in nothing
