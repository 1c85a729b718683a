"""``render_pdf``: a ``Letter`` as PDF, through an HTML template and WeasyPrint.

The template is rendered by its own Django template ``Engine`` pointed at this app's template
folder, so it works whether or not ``gongkai.foi`` is in INSTALLED_APPS, and with autoescaping
on: the applicant's description is untrusted text and must never become markup.
Measured here (Noto Serif CJK SC): importing WeasyPrint takes ~1 s and the first render ~0.3 s
more (fontconfig); after that a one- or two-page letter renders in ~0.2 s and is ~250 KB (the
fonts are embedded as subsets of the glyphs used).
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

from django.template import Context, Engine
from django.utils.translation import gettext as _

from gongkai import fonts
from gongkai.foi.letters.model import Letter

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
TEMPLATE = "foi/letters/letter.html"


@functools.cache
def _engine() -> Engine:
    return Engine(dirs=[str(TEMPLATES)], autoescape=True)


def render_html(letter: Letter) -> str:
    """The letter as a standalone HTML page (also usable as an on-screen preview)."""
    blocks = [{"kind": kind, "value": value} for kind, value in letter.blocks()]
    return _engine().get_template(TEMPLATE).render(Context({"letter": letter, "blocks": blocks}))


def _css_string(text: str) -> str:
    # Escape for a CSS string; "<" too, in case this ever lands inside a <style> element.
    return '"' + re.sub(r'["\\<\n]', lambda m: f"\\{ord(m.group()):x} ", text) + '"'


def page_css() -> str:
    """The footer "第 1 页 共 2 页": CSS counters, with the words taken from the translation."""
    label = _("第 %(page)s 页 共 %(pages)s 页")
    parts: list[str] = []
    for piece in re.split(r"(%\(pages?\)s)", label):
        if piece == "%(page)s":
            parts.append("counter(page)")
        elif piece == "%(pages)s":
            parts.append("counter(pages)")
        elif piece:
            parts.append(_css_string(piece))
    return f"@page {{ @bottom-center {{ content: {' '.join(parts)}; }} }}"


def render_pdf(letter: Letter) -> bytes:
    # Before WeasyPrint: without the font it prints boxes, with no font at all it crashes.
    fonts.require(fonts.CJK)
    # Imported here: WeasyPrint pulls in Pango and fontconfig, which every Django process that
    # imports this package (views, API, workers) should not pay for at start-up.
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher

    # The letter has no external resources; refusing every protocol means untrusted text could
    # never make the renderer fetch anything, even if escaping were ever broken.
    fetcher: Any = URLFetcher(allowed_protocols=())
    document = HTML(string=render_html(letter), url_fetcher=fetcher)
    pdf = document.write_pdf(stylesheets=[CSS(string=page_css(), url_fetcher=fetcher)])
    assert isinstance(pdf, bytes)  # write_pdf returns bytes when no target is given
    return pdf
