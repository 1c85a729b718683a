"""The annual report as HTML: the body of the published item, and the workbench preview.

    report_html(document) -> str    # published: sections 一–六 and Tables 二–四, no checks
    preview_html(document) -> str   # workbench: the balance checks and draft notes, then the same body

Both come from templates in ``templates/reports`` rendered by a private ``Engine`` with
autoescaping (officials' text is untrusted; it must never become markup), like the letters'
PDF, so rendering does not depend on the project's template settings. The markup uses only what
``gongkai.publishing.sanitize.clean_html`` keeps (h2, p, br, table sections, th/td with
colspan/rowspan/scope; no class or style), so the sanitiser the pipeline runs on every body
leaves every cell and span in place. The title is not in the body: the item page prints it.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from django.template import Context, Engine
from django.utils.translation import gettext as _

from gongkai.reports import layout

TEMPLATES = Path(__file__).resolve().parent / "templates"


@functools.cache
def engine() -> Engine:
    return Engine(dirs=[str(TEMPLATES)], autoescape=True)


def render(template: str, report: layout.Report, **context: Any) -> str:
    return engine().get_template(template).render(Context({"report": report, **context})).strip()


def report_html(document: dict[str, Any]) -> str:
    """The report as published: an HTML fragment for the item's body."""
    return render("reports/report_body.html", layout.build(document), styled=False)


def _check_lines(report: layout.Report) -> list[dict[str, Any]]:
    lines = []
    for check in report.checks:
        status = _("通过") if check.ok else _("未通过")
        text = _("%(status)s：%(rule)s") % {"status": status, "rule": check.rule}
        if check.detail:
            text += _("（%(detail)s）") % {"detail": check.detail}
        lines.append({"ok": check.ok, "text": text})
    return lines or [{"ok": False, "text": _("未进行勾稽关系校验")}]


def preview_html(document: dict[str, Any]) -> str:
    """The workbench preview: the balance checks first (a failing one blocks submission, so the
    editor sees why), the draft or correction notes, then the body exactly as it will be published."""
    report = layout.build(document)
    checks = _check_lines(report)
    return render("reports/report_preview.html", report, styled=False, checks=checks, checks_heading=_("勾稽关系校验"))
