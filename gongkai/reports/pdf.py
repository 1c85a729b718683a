"""``render_pdf``: the annual report as an A4 PDF, through ``templates/reports/report_pdf.html`` and
WeasyPrint.

The page is the published body (``report_body.html``, the same markup the portal shows) under
the centred title, with classes and column widths added for print; the page-number footer is the
letters' (``第 1 页 共 3 页``). Fonts: Noto Serif CJK SC for text, Noto Sans CJK SC for headings,
WenQuanYi Micro Hei as the fallback, all embedded as subsets.
Measured here (2 shared cores): the sample report, three pages, renders in 0.7–1.0 s once
WeasyPrint is loaded (a letter takes 0.3 s on the same machine: the ~300 table cells are laid out
and drawn one by one); importing WeasyPrint takes ~1 s and the first render ~0.5 s more
(fontconfig). The file is ~430 KB: three CJK faces (serif, serif bold, sans) as subsets.
"""

from __future__ import annotations

from typing import Any

from gongkai import fonts
from gongkai.foi.letters.pdf import page_css
from gongkai.reports import layout, render


def render_html(document: dict[str, Any]) -> str:
    """The standalone page WeasyPrint prints (also usable as a print preview)."""
    report = layout.build(document)
    return render.render("reports/report_pdf.html", report, styled=True, title_parts=layout.title_parts(report.title))


def render_pdf(document: dict[str, Any]) -> bytes:
    # Before WeasyPrint: without the font it prints boxes, with no font at all it crashes.
    fonts.require(fonts.CJK)
    # Imported here: WeasyPrint pulls in Pango and fontconfig, which the processes that only
    # publish the HTML (views, API, workers) should not pay for at start-up.
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher

    # The page has no external resources; refusing every protocol means untrusted text could
    # never make the renderer fetch anything, even if escaping were ever broken.
    fetcher: Any = URLFetcher(allowed_protocols=())
    page = HTML(string=render_html(document), url_fetcher=fetcher)
    pdf = page.write_pdf(stylesheets=[CSS(string=page_css(), url_fetcher=fetcher)])
    assert isinstance(pdf, bytes)  # write_pdf returns bytes when no target is given
    return pdf
