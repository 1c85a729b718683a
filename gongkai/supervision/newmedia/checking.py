"""Reading every live account's feed: the newest entry's date becomes the last content date.

``check_feeds(today)`` fetches the feeds of accounts in 运营中/整改中 that have a feed URL, at most
``NEWMEDIA_FEED_WORKERS`` at a time (default 4), each with ``NEWMEDIA_FEED_TIMEOUT`` seconds
(default 10, for the whole download, not only per socket read) and at most
``NEWMEDIA_FEED_MAX_BYTES`` (default 2 MB). A failure is recorded on that account and never stops
the others. Only the threads touch the network; the results are written by the calling thread
through ``services.record_feed_result`` (one database connection, no writes from threads).

Feed URLs are entered by staff: fetched through ``gongkai.outbound`` (http and https only, also
through a redirect, no environment proxies, no internal addresses).
"""

from __future__ import annotations

import datetime as dt
import logging
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from http.client import HTTPException

from django.conf import settings
from django.utils.translation import gettext as _

from gongkai import outbound
from gongkai.supervision.newmedia import feeds
from gongkai.supervision.newmedia import lifecycle as lc
from gongkai.supervision.newmedia.models import Account

log = logging.getLogger("gongkai.newmedia")
CHUNK = 64 * 1024
USER_AGENT = "gongkai-newmedia-check/1.0"


@dataclass(frozen=True)
class Reading:
    """What one fetch found: the newest entry's date, or an error message (Chinese)."""

    account_id: int
    newest_on: dt.date | None = None
    error: str = ""


@dataclass(frozen=True)
class Limits:
    timeout: float
    max_bytes: int
    workers: int

    @classmethod
    def from_settings(cls) -> Limits:
        return cls(
            timeout=float(getattr(settings, "NEWMEDIA_FEED_TIMEOUT", 10)),
            max_bytes=int(getattr(settings, "NEWMEDIA_FEED_MAX_BYTES", 2 * 1024 * 1024)),
            workers=max(1, int(getattr(settings, "NEWMEDIA_FEED_WORKERS", 4))),
        )


class FetchError(Exception):
    pass


def fetch(url: str, limits: Limits) -> bytes:
    """The body at ``url``; :class:`FetchError` with a Chinese message for every failure."""
    if not url.lower().startswith(("http://", "https://")):
        raise FetchError(_("订阅源地址应以http://或https://开头"))
    deadline = time.monotonic() + limits.timeout
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})  # noqa: S310 (scheme checked)
    try:
        with outbound.opener().open(request, timeout=limits.timeout) as response:
            body = bytearray()
            while chunk := response.read(CHUNK):
                body += chunk
                if len(body) > limits.max_bytes:
                    raise FetchError(_("订阅源超过%(n)s字节，未读取") % {"n": limits.max_bytes})
                if time.monotonic() > deadline:
                    raise TimeoutError
            return bytes(body)
    except urllib.error.HTTPError as exc:
        raise FetchError(_("订阅源地址返回HTTP %(code)s") % {"code": exc.code}) from exc
    except TimeoutError as exc:
        raise FetchError(_("读取订阅源超时（%(s)s秒）") % {"s": f"{limits.timeout:g}"}) from exc
    except (urllib.error.URLError, HTTPException, OSError, ValueError) as exc:
        why = getattr(exc, "reason", exc)
        if isinstance(why, TimeoutError):
            raise FetchError(_("读取订阅源超时（%(s)s秒）") % {"s": f"{limits.timeout:g}"}) from exc
        raise FetchError((_("无法读取订阅源：%(why)s") % {"why": why})[:300]) from exc


def read_one(account_id: int, url: str, today: dt.date, limits: Limits) -> Reading:
    """Fetch and parse one feed; never raises (the other accounts go on)."""
    try:
        newest = feeds.newest_entry_on(fetch(url, limits), today)
    except (FetchError, feeds.FeedError) as exc:
        return Reading(account_id, error=str(exc)[:500])
    except Exception as exc:  # a bug in one feed's handling must not stop the run
        log.exception("feed check failed", extra={"event": "newmedia.feed_failed", "account_id": account_id})
        return Reading(account_id, error=(_("读取订阅源出错：%(why)s") % {"why": type(exc).__name__})[:500])
    if newest is None:
        return Reading(account_id, error=_("订阅源中没有带日期的内容"))
    return Reading(account_id, newest_on=newest)


def due_accounts() -> list[tuple[int, str]]:
    """(id, feed URL) of every live account with a feed URL."""
    found = Account.objects.filter(state__in=lc.LIVE).exclude(feed_url="").order_by("pk")
    return list(found.values_list("pk", "feed_url"))


@dataclass(frozen=True)
class Summary:
    checked: int
    updated: int
    failed: int


def check_feeds(today: dt.date, limits: Limits | None = None) -> Summary:
    """Read the feed of every live account and record what each one found."""
    from gongkai.supervision.newmedia.services import record_feed_result

    limits = limits or Limits.from_settings()
    targets = due_accounts()
    with ThreadPoolExecutor(max_workers=limits.workers, thread_name_prefix="newmedia-feed") as pool:
        readings = list(pool.map(lambda t: read_one(t[0], t[1], today, limits), targets))
    updated = sum(record_feed_result(r.account_id, r.newest_on, r.error) for r in readings)
    failed = sum(1 for r in readings if r.error)
    log.info("feeds checked", extra={"event": "newmedia.feeds_checked", "checked": len(readings), "failed": failed})
    return Summary(len(readings), updated, failed)
