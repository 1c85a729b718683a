"""Rich text of published items: an allow-list sanitiser and a plain-text extractor.

Plain Python: no Django. Item bodies come from editors' paste, from imported Word files and
from the API; all of it is published on the public portal, so nothing that can run script,
load a frame, submit a form or restyle the page survives. The allow-list is what government
documents need (GB/T 9704 text, headings, lists and tables); everything else is dropped.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

import lxml.html
import nh3
from lxml import etree

TAGS = frozenset(
    {
        "p", "br", "hr", "div", "span", "h2", "h3", "h4", "h5", "h6",
        "strong", "b", "em", "i", "u", "s", "sub", "sup",
        "ul", "ol", "li", "blockquote", "pre", "code", "figure", "figcaption",
        "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
        "a", "img",
    }
)  # fmt: skip

# "*" is given explicitly because nh3 otherwise allows lang and title on every element.
ATTRIBUTES: dict[str, set[str]] = {
    "*": set(),
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
}

# Removed together with their content: their text is code or a foreign document, never part
# of the item. Other unknown tags (form, font, o:p from Word …) are unwrapped and their text kept.
DROP_WITH_CONTENT = frozenset(
    {"script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "svg", "math"}
    | {"template", "noscript", "noembed", "noframes", "title", "textarea", "select", "head"}
)

URL_SCHEMES = frozenset({"http", "https", "mailto"})
_SCOPES = frozenset({"row", "col", "rowgroup", "colgroup"})
_MAX_SPAN = 1000  # larger colspan/rowspan values only serve to stall the browser's table layout
_URL_ATTRIBUTES = frozenset({"href", "src"})
# An URL "scheme": what precedes the first colon when no / ? # comes before it (RFC 3986 §3.1).
_SCHEME = re.compile(r"^([^/?#]*):")
# h1 is the page's own title (one per page for screen readers), so a pasted h1 becomes h2
# rather than being unwrapped into the surrounding text.
_H1_OPEN = re.compile(r"<h1(?=[\s/>])", re.IGNORECASE)
_H1_CLOSE = re.compile(r"</h1(?=[\s/>])", re.IGNORECASE)
# Misnested input ("<h2><table><h2>") serialises to a tree that parses differently the second
# time; cleaning until nothing changes makes the result a fixed point. Two passes settle every
# case found by the property test; the bound only guards against a parser surprise.
_MAX_PASSES = 4


def _safe_url(value: str) -> str | None:
    """Keep http, https, mailto and relative URLs. nh3 already checks the scheme; this also
    drops what browsers might read differently: control characters anywhere (WHATWG removes
    tab and newline inside a scheme, "jav&#x09;ascript:"), a replaced NUL, and "relative"
    URLs whose first segment has a colon."""
    if any(unicodedata.category(ch) == "Cc" or ch == "\ufffd" for ch in value):
        return None
    match = _SCHEME.match(value.strip())
    if match and match.group(1).lower() not in URL_SCHEMES:
        return None
    return value


def _number(value: str) -> str | None:
    digits = value.strip()
    if digits.isascii() and digits.isdigit() and 0 < int(digits) <= _MAX_SPAN:
        return str(int(digits))
    return None


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    if attribute in _URL_ATTRIBUTES:
        return _safe_url(value)
    if attribute in {"colspan", "rowspan", "width", "height"}:
        return _number(value)
    if attribute == "scope":
        return value.strip().lower() if value.strip().lower() in _SCOPES else None
    return value


_CLEANER = nh3.Cleaner(
    tags=set(TAGS),
    clean_content_tags=set(DROP_WITH_CONTENT),
    attributes=ATTRIBUTES,
    attribute_filter=_filter_attribute,
    strip_comments=True,
    link_rel="noopener noreferrer",
    url_schemes=set(URL_SCHEMES),
)


# Word's HTML (its clipboard, a page saved from Word) writes a list as paragraphs marked
# "mso-list:l<list> level<n>", each beginning with its number or bullet in a span marked
# "mso-list:Ignore"; whether a list is bulleted is said once, in the <style> element.
_MSO_ITEM = re.compile(r"mso-list:\s*l(\d+)\s+level(\d+)", re.IGNORECASE)
_MSO_MARKER = re.compile(r"mso-list:\s*ignore", re.IGNORECASE)
_MSO_BULLET = re.compile(r"@list\s+l(\d+):level(\d+)\s*\{[^}]*mso-level-number-format:\s*bullet", re.IGNORECASE)


def _wrapper(marker: etree._Element) -> etree._Element:
    """The marker with the spans that hold nothing else (its font)."""
    node = marker
    while (parent := node.getparent()) is not None and parent.tag == "span" and len(parent) == 1:
        if (parent.text or "").strip() or (node.tail or "").strip():
            break
        node = parent
    return node


def _list_items(root: etree._Element) -> list[tuple[etree._Element, int, int]]:
    found = []
    for element in root.iter():
        match = _MSO_ITEM.search(element.get("style") or "") if isinstance(element.tag, str) else None
        if match and not _MSO_MARKER.search(element.get("style") or ""):
            found.append((element, int(match.group(1)), int(match.group(2))))
    return found


def _runs(items: list[tuple[etree._Element, int, int]]) -> Iterator[list[tuple[etree._Element, int, int]]]:
    """Consecutive sibling paragraphs of one Word list."""
    run: list[tuple[etree._Element, int, int]] = []
    for item in items:
        if run and (item[1] != run[-1][1] or run[-1][0].getnext() is not item[0]):
            yield run
            run = []
        run.append(item)
    if run:
        yield run


def _build_list(run: list[tuple[etree._Element, int, int]], bullets: set[tuple[int, int]]) -> etree._Element:
    """One <ul>/<ol> for a run of Word list paragraphs, deeper levels nested in the item before."""
    stack: list[tuple[int, etree._Element]] = []
    for paragraph, number, level in run:
        while stack and stack[-1][0] > level:
            stack.pop()
        if not stack or stack[-1][0] < level:
            new = etree.Element("ul" if (number, level) in bullets else "ol")
            if stack and len(stack[-1][1]):
                stack[-1][1][-1].append(new)
            elif stack:
                stack[-1][1].append(new)
            stack.append((level, new))
        item = etree.SubElement(stack[-1][1], "li")
        item.text = paragraph.text
        item.extend(list(paragraph))
    return stack[0][1]


def word_lists(html: str) -> str:
    """``html`` with Word's list paragraphs made into <ul>/<ol> lists (their markers dropped);
    HTML without them is returned unchanged."""
    if "mso-list" not in html.lower():
        return html
    bullets = {(int(a), int(b)) for a, b in _MSO_BULLET.findall(html)}
    root = lxml.html.document_fromstring(html)
    for marker in [e for e in root.iter() if isinstance(e.tag, str) and _MSO_MARKER.search(e.get("style") or "")]:
        _wrapper(marker).drop_tree()
    for run in _runs(_list_items(root)):
        first = run[0][0]
        built = _build_list(run, bullets)
        built.tail = run[-1][0].tail
        for paragraph, _number, _level in run[1:]:
            paragraph.getparent().remove(paragraph)
        first.getparent().replace(first, built)
    body = root.find("body")
    if body is None:
        return html
    return (body.text or "") + "".join(lxml.html.tostring(child, encoding=str) for child in body)


def clean_html(html: str) -> str:
    """The publishable subset of ``html``; idempotent (cleaning twice changes nothing)."""
    html = word_lists(html)
    cleaned = _CLEANER.clean(_H1_CLOSE.sub("</h2", _H1_OPEN.sub("<h2", html)))
    for _ in range(_MAX_PASSES - 1):
        again = _CLEANER.clean(cleaned)
        if again == cleaned:
            break
        cleaned = again
    return cleaned


# Elements whose start and end break a line in the plain text; cells are separated by a space.
BLOCKS = frozenset(
    {"p", "div", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd"}
    | {"blockquote", "pre", "figure", "figcaption", "table", "caption", "thead", "tbody", "tfoot", "tr"}
    | {"section", "article", "header", "footer", "nav", "aside", "address", "main", "body"}
)
_CELLS = frozenset({"td", "th"})
_BREAK = "\n"


def _pieces(element: etree._Element) -> Iterator[str]:
    """Text of ``element`` and its descendants in document order, with line breaks around
    blocks; comments, processing instructions and dropped elements contribute nothing."""
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag and tag.lower() not in DROP_WITH_CONTENT:
        boundary = _BREAK if tag.lower() in BLOCKS else " " if tag.lower() in _CELLS else ""
        yield boundary
        yield element.text or ""
        for child in element:
            yield from _pieces(child)
        yield boundary
    yield element.tail or ""


def plain_text(html: str) -> str:
    """The readable text of ``html`` for the search index and result snippets: one line per
    block, runs of whitespace (including the full-width spaces Word uses to indent) collapsed."""
    if not html.strip():
        return ""
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    text = "".join(_pieces(root))
    lines = (" ".join(line.split()) for line in text.split(_BREAK))
    return "\n".join(line for line in lines if line)
