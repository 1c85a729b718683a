"""The Markdown of the law corpus as simple HTML. Plain Python: no Django.

The corpus files are plain: a ``# title`` line (the page shows the title itself, so it is
dropped), dated history lines, a ``<!-- INFO END -->`` marker, then paragraphs with ``##``
chapter and ``###`` section headings, and a few pipe tables after a ``<!-- TABLE -->`` marker.
Every text is escaped here; the caller still passes the result through the sanitiser.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_COMMENT = re.compile(r"^<!--.*-->$")
_RULE_ROW = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$")
# ## → h2, ### → h3, deeper → h4 (h1 is the page's own title).
_LEVELS = {2: "h2", 3: "h3"}


def _cells(line: str) -> list[str]:
    return [html.escape(cell.strip()) for cell in line.strip().strip("|").split("|")]


def _table(rows: list[str]) -> str:
    body = [row for row in rows if not _RULE_ROW.match(row.strip())]
    if not body:
        return ""
    head, *rest = body
    parts = ["<table><thead><tr>", *(f"<th>{c}</th>" for c in _cells(head)), "</tr></thead><tbody>"]
    for row in rest:
        parts += ["<tr>", *(f"<td>{c}</td>" for c in _cells(row)), "</tr>"]
    parts.append("</tbody></table>")
    return "".join(parts)


def _tag(marks: int, shift: int) -> str:
    tag = _LEVELS.get(marks, "h2" if marks == 1 else "h4")
    return f"h{min(int(tag[1]) + shift, 4)}"


def _blocks(lines: list[str], shift: int = 0) -> Iterator[str]:
    table: list[str] = []
    for raw in lines:
        line = raw.strip()
        if line.startswith("|"):
            table.append(line)
            continue
        if table:
            yield _table(table)
            table = []
        if not line or _COMMENT.match(line):
            continue
        heading = _HEADING.match(line)
        if heading:
            tag = _tag(len(heading.group(1)), shift)
            yield f"<{tag}>{html.escape(heading.group(2).strip())}</{tag}>"
        else:
            yield f"<p>{html.escape(line)}</p>"
    if table:
        yield _table(table)


def markdown_to_html(text: str, *, drop_title: bool = True, shift: int = 0) -> str:
    """Headings, paragraphs (one per non-empty line) and pipe tables; nothing else is markup.
    ``shift`` moves headings down (1: ## → h3), for a part shown under its own h2."""
    lines = text.splitlines()
    if drop_title and lines and lines[0].startswith("# "):
        lines = lines[1:]
    return "".join(_blocks(lines, shift))
