"""``table_regions``: a stored body's tables, each in a region that scrolls sideways.

A body (an item's sanitised HTML, an annual report's preview) may hold a table wider than a phone
or than the column it stands in (the annual report's Table 四 has fifteen columns). Each outermost
table is wrapped in a labelled, focusable region (``.table-wrap``, site.css) so that it scrolls
inside the page instead of being cut off, and a keyboard can scroll it (WCAG 2.1.1; axe's
scrollable-region-focusable). The region is named by the table's caption, else by the heading
before it. The wrapper is added when the page is shown: the sanitiser keeps no ``tabindex`` or
``role`` in what is stored.
"""

from __future__ import annotations

import re
from html import unescape

from django import template
from django.utils.html import conditional_escape, escape, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

register = template.Library()

_TOKENS = re.compile(
    r"<h[1-6][^>]*>(?P<heading>.*?)</h[1-6]\s*>|(?P<open><table\b)|(?P<close></table\s*>)", re.IGNORECASE | re.DOTALL
)
_CAPTION = re.compile(r"<table\b[^>]*>\s*<caption[^>]*>(.*?)</caption\s*>", re.IGNORECASE | re.DOTALL)


def _text(html: str) -> str:
    return " ".join(unescape(strip_tags(html)).split())


def _label(html: str, start: int, heading: str) -> str:
    """The table's caption when it has one (its first child), else the heading before it."""
    caption = _CAPTION.match(html, start)
    return (_text(caption.group(1)) if caption else "") or heading


def wrap_tables(html: str) -> str:
    """``html`` with each outermost table inside a focusable region; unchanged if its tables do not
    balance (never the case for the sanitiser's output, which is well formed)."""
    parts: list[str] = []
    heading, depth, done = "", 0, 0
    for token in _TOKENS.finditer(html):
        if token.group("heading") is not None and depth == 0:
            heading = _text(token.group("heading"))
        elif token.group("open"):
            if depth == 0:
                name = _label(html, token.start(), heading)
                label = escape(_("表格：%(name)s") % {"name": name} if name else _("表格"))
                parts += [
                    html[done : token.start()],
                    f'<div class="table-wrap" role="region" tabindex="0" aria-label="{label}">',
                ]
                done = token.start()
            depth += 1
        elif token.group("close") and depth:
            depth -= 1
            if depth == 0:
                parts += [html[done : token.end()], "</div>"]
                done = token.end()
    if depth:
        return html
    return "".join([*parts, html[done:]])


@register.filter(is_safe=False)
def table_regions(value: str) -> SafeString:
    """Escapes what is not already marked safe, then wraps its tables (see the module)."""
    return mark_safe(wrap_tables(str(conditional_escape(value))))  # noqa: S308 — escaped above unless already safe
