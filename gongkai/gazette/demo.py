"""Two demo issues of the 康巴什区人民政府公报 with small generated PDFs and their tables of
contents, published as archive history. Entries carrying the 文号 of a demo document link to it.
Idempotent (matched by year and number); runs after ``publishing.demo.seed_items``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from gongkai.audit.services import record
from gongkai.gazette import importer, services
from gongkai.gazette.models import GazetteIssue
from gongkai.gazette.pdfgen import make_pdf
from gongkai.orgs.demo import GOVERNMENT
from gongkai.orgs.models import Unit
from gongkai.publishing.workflow import publish_now

D = dt.date
# (year, number, total number, issue date, English cover lines, [(title, page, 文号)])
ISSUES: list[tuple[int, int, int, dt.date, list[str], list[tuple[str, int, str]]]] = [
    (
        2021,
        2,
        18,
        D(2021, 4, 20),
        ["Outline of the 14th Five-Year Plan of Kangbashi District", "Kangzhengfa [2021] No. 6"],
        [
            ("康巴什区国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要", 2, "康政发〔2021〕6号"),
            ("康巴什区人民政府2021年第一季度重点工作安排", 36, ""),
        ],
    ),
    (
        2026,
        10,
        83,
        D(2026, 10, 20),
        ["Notice on heating supply for the 2026-2027 heating season", "Kangzhujianfa [2026] No. 41"],
        [
            ("关于做好2026—2027年采暖期供热保障工作的通知", 3, "康住建发〔2026〕41号"),
            ("康巴什区人民政府关于2026年第三季度政府信息公开工作情况的通报", 9, ""),
        ],
    ),
]


def _pdf(year: int, number: int, total: int, issue_date: dt.date, lines: list[str]) -> bytes:
    cover = [
        "Kangbashi District People's Government Gazette",
        f"{year} No. {number} (Total No. {total})",
        f"Issued {issue_date:%Y-%m-%d}",
    ]
    return make_pdf([cover, ["Contents", *lines]], title=f"Gazette {year}-{number}")


@transaction.atomic
def seed_gazette() -> int:
    """Create the demo issues that are missing; returns how many were created."""
    office: Any = get_user_model().objects.get(username="office")
    unit = Unit.objects.get(name=GOVERNMENT)
    created: list[int] = []
    for year, number, total, issue_date, lines, entries in ISSUES:
        if GazetteIssue.objects.filter(year=year, number=number).exists():
            continue
        issue = services.create_issue(office, unit, year=year, number=number, issue_date=issue_date, total_number=total)
        services.set_pdf(office, issue, f"{year}年第{number}期.pdf", _pdf(year, number, total, issue_date, lines))
        for title, page, doc_number in entries:
            services.add_entry(office, issue, title=title, page=page, doc_number=doc_number)
        published = dt.datetime.combine(issue_date, importer.PUBLISH_HOUR, timezone.get_current_timezone())
        publish_now(issue.item, office, published)
        record(None, "item.imported", issue.item, unit=unit, note="seed_demo: gazette")
        created.append(issue.pk)
    if created:
        transaction.on_commit(lambda: importer.documents_changed(created))
    return len(created)
