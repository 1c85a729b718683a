"""Structured (JSON lines) logging.

Only the fields named here are written: a log line never carries request bodies or query
strings, so applicants' personal data cannot reach the log through it. The request log is kept
for six months (网络安全法 Art. 21, RULINGS.md 8: client addresses and staff identities may be);
what a visitor typed may not, and neither may a credential.

A path can hold one: the tracking code (查询码, gongkai/foi/tracking.py) that opens an
application's or an inquiry's status to whoever has it sits in the receipt, check and public
API paths. :func:`loggable_path` writes ``<code>`` in its place, in this log and (with the same
rule) in nginx's (deploy/nginx/gongkai.conf), so a log reader cannot follow anyone's case.
"""

from __future__ import annotations

import json
import logging
import re
from datetime import UTC, datetime

_EXTRA_FIELDS = ("method", "path", "status", "duration_ms", "user_id", "request_id", "event")

# The routes whose next path segment is a tracking code, whatever was typed there (a mistyped or
# lower-case code still finds the case: foi.tracking.normalise forgives it). The same list as the
# page cache's PAGE_CACHE_SKIP (settings.py) and the `map` of deploy/nginx/gongkai.conf;
# tests/ops/test_front.py fails when a route with a code in its path is missing here.
_ROUTES = (
    r"/xxgk/apply/receipt/"
    r"|/xxgk/apply/track/(?!(?:letters|files|link)(?:[/\s'\"?#]|$))"
    r"|/hudong/inquiries/receipt/"
    r"|/api/v1/public/(?:requests|inquiries)/"
)
_CODE_ROUTE = re.compile(rf"^(?P<head>{_ROUTES})[^/]+")
_CODE_ROUTE_IN_TEXT = re.compile(rf"(?P<head>{_ROUTES})[^/\s'\"?#]+")  # "Internal Server Error: /xxgk/…"
# And anywhere else, whatever looks like a code: a prefix, the year and eight characters, in any
# case, with or without the separators people type (foi.tracking's shape, read as loosely as
# normalise reads it: O/I/L stand for 0/1, U for V).
_SEP = r"[\s\-－—_]*"
_CODE_SHAPE = re.compile(rf"(?i)\b[A-Z]{{2,4}}{_SEP}(?:[0-9OIL]{_SEP}){{4}}(?:[0-9A-Z]{_SEP}){{7}}[0-9A-Z]\b")
CODE_PLACEHOLDER = "<code>"


def loggable_path(path: str) -> str:
    """``path`` as the log keeps it: the tracking code of a receipt, tracking or public-API path,
    and anything else shaped like one, replaced by ``<code>``."""
    path = re.sub(r"/{2,}", "/", path)  # "//xxgk/…" is the same route to a reader of the log
    path = _CODE_ROUTE.sub(rf"\g<head>{CODE_PLACEHOLDER}", path, count=1)
    return _CODE_SHAPE.sub(CODE_PLACEHOLDER, path)


def loggable_text(text: str) -> str:
    """A message or a traceback with the same codes hidden: Django's error line names the path
    ("Internal Server Error: /xxgk/apply/receipt/…/")."""
    text = _CODE_ROUTE_IN_TEXT.sub(rf"\g<head>{CODE_PLACEHOLDER}", text)
    return _CODE_SHAPE.sub(CODE_PLACEHOLDER, text)


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": loggable_text(record.getMessage()),
        }
        for field in _EXTRA_FIELDS:
            if hasattr(record, field):
                entry[field] = getattr(record, field)
        if isinstance(entry.get("path"), str):
            entry["path"] = loggable_path(str(entry["path"]))
        if record.exc_info:
            entry["exception"] = loggable_text(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False, default=str)
