"""Reading a feed (RSS 2.0 or Atom): the date of its newest entry. Plain Python (lxml; gettext for
the messages).

The parser never resolves entities, loads a DTD or touches the network (XXE and "billion
laughs" stay inert), and refuses huge trees. Entries dated in the future are ignored: a
mis-set clock must not make a stale account look fresh.
"""

from __future__ import annotations

import datetime as dt
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _
from lxml import etree

LOCAL = ZoneInfo("Asia/Shanghai")
ATOM = "{http://www.w3.org/2005/Atom}"


class FeedError(Exception):
    """The document is not a readable RSS 2.0 or Atom feed; the message says why (Chinese)."""


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False
    )


def _local_date(value: dt.datetime) -> dt.date:
    aware = value if value.tzinfo is not None else value.replace(tzinfo=LOCAL)
    return aware.astimezone(LOCAL).date()


def _rss_date(text: str) -> dt.date | None:
    try:
        return _local_date(parsedate_to_datetime(text.strip()))
    except (TypeError, ValueError, IndexError):
        return None


def _atom_date(text: str) -> dt.date | None:
    try:
        return _local_date(dt.datetime.fromisoformat(text.strip()))
    except ValueError:
        return None


def _dates(root: etree._Element) -> list[dt.date | None]:
    tag = etree.QName(root).localname if isinstance(root.tag, str) else ""
    if tag == "rss":
        return [_rss_date(e.text or "") for e in root.iterfind("channel/item/pubDate")]
    if root.tag == f"{ATOM}feed":
        found = []
        for entry in root.iterfind(f"{ATOM}entry"):
            stamp = entry.find(f"{ATOM}updated")
            if stamp is None:
                stamp = entry.find(f"{ATOM}published")
            found.append(_atom_date(stamp.text or "") if stamp is not None else None)
        return found
    raise FeedError(_("不是RSS 2.0或Atom订阅源"))


def newest_entry_on(content: bytes, today: dt.date) -> dt.date | None:
    """The local date of the newest entry not after ``today``; None for a feed without dated entries.

    Raises :class:`FeedError` for anything that is not well-formed RSS 2.0 or Atom.
    """
    try:
        root = etree.fromstring(content, parser=_parser())
    except etree.XMLSyntaxError as exc:
        raise FeedError((_("订阅源不是有效的XML：%(why)s") % {"why": exc.msg})[:300]) from exc
    if root is None:
        raise FeedError(_("订阅源内容为空"))
    dates = [d for d in _dates(root) if d is not None and d <= today]
    return max(dates, default=None)
