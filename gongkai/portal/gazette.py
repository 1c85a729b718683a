"""Public pages of the government gazette (政府公报): the archive by year and one issue with its
table of contents, the PDF and the beginning of its text (seed 三(一): 完善政府公报数据库).

Issues come only from ``gazette.access.public_issues()``, which builds on
``publishing.access.public_items()``: a draft or an issue under review is never shown.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongkai.gazette import access
from gongkai.gazette.models import GazetteIssue
from gongkai.gazette.pdftext import excerpt
from gongkai.portal import disclosure
from gongkai.portal.views import Crumb
from gongkai.publishing.models import State

EXCERPT_LENGTH = 600


@dataclass(frozen=True)
class YearIssues:
    year: int
    issues: list[GazetteIssue]


def _crumbs(*last: Crumb) -> list[Crumb]:
    return [
        Crumb(_("首页"), reverse("portal:home")),
        Crumb(_("政府信息公开"), reverse("portal:disclosure")),
        *last,
    ]


def _context(**values: Any) -> dict[str, Any]:
    return {"parts": disclosure.PARTS, "current_part": "", **values}


def archive(request: HttpRequest) -> HttpResponse:
    """Every public issue, grouped by year, newest first. The whole archive by design (a dozen or
    two issues a year): it grows with the issues, never with the other documents; its query count
    is fixed and neither the PDF texts nor the bodies are read."""
    # The archive lists every issue (a few a year): never their texts or the bodies.
    texts = ("extracted_text", "kept_text", "item__body_html", "item__published_revision__body_html")
    issues = access.public_issues().defer(*texts).order_by("-year", "-number")
    groups = [YearIssues(year, list(group)) for year, group in itertools.groupby(issues, key=lambda i: i.year)]
    context = _context(groups=groups, crumbs=_crumbs(Crumb(_("政府公报"))))
    return render(request, "portal/gazette_archive.html", context)


def issue(request: HttpRequest, year: int, number: int) -> HttpResponse:
    found = access.get_public_issue(year, number)
    item = found.item
    contents = access.public_contents(found)
    withdrawn = item.state == State.WITHDRAWN
    label = _("%(year)d年第%(number)d期") % {"year": year, "number": number}
    context = _context(
        issue=found,
        item=item,
        revision=item.published_revision,
        contents=contents,
        excerpt=excerpt(contents.text, EXCERPT_LENGTH),
        withdrawn=withdrawn,
        withdraw_reason_label=item.get_withdraw_reason_code_display() if withdrawn else "",
        crumbs=_crumbs(Crumb(_("政府公报"), reverse("portal:gazette")), Crumb(label)),
    )
    return render(request, "portal/gazette_issue.html", context)
