"""The report's files: .docx and PDF in the national layout, .xlsx of the tables."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from gongkai.reports import pdf, sheets, word
from gongkai.reports.models import AnnualReport

FORMATS: dict[str, tuple[str, Callable[[dict[str, Any]], bytes]]] = {
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", word.render_docx),
    "pdf": ("application/pdf", pdf.render_pdf),  # WeasyPrint itself loads on the first PDF
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", sheets.render_xlsx),
}


def export(report: AnnualReport, document: dict[str, Any], fmt: str) -> tuple[bytes, str, str]:
    """(bytes, content type, file name) of ``document`` as ``fmt``."""
    content_type, render = FORMATS[fmt]
    suffix = "" if report.revision == 1 else f"-{report.revision}"
    return render(document), content_type, f"{document['title']}{suffix}.{fmt}"
