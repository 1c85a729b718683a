"""The demo gazette: two published issues with generated PDFs whose contents link the demo
documents; loading it twice changes nothing."""

from __future__ import annotations

import io
from typing import Any

from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from gongkai.gazette.access import public_contents, public_issues
from gongkai.gazette.demo import seed_gazette
from gongkai.gazette.models import GazetteEntry


def test_seed_demo_loads_two_published_issues_once(db: Any) -> None:
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert "政府公报：新建 2 期" in out.getvalue()
    issues = list(public_issues().order_by("year"))
    assert [(i.year, i.number) for i in issues] == [(2021, 2), (2026, 10)]
    for issue in issues:
        contents = public_contents(issue)
        assert contents.pdf is not None and contents.page_count == 2
        assert "Kangbashi District People's Government Gazette" in contents.text
        assert any(entry.url for entry in contents.entries)  # the demo document it carries
        assert issue.item.unit.name == "康巴什区人民政府"
    html = Client().get(reverse("portal:gazette_issue", args=[2021, 2])).content.decode()
    assert "康政发〔2021〕6号" in html
    entries = GazetteEntry.objects.count()
    assert seed_gazette() == 0
    assert GazetteEntry.objects.count() == entries
