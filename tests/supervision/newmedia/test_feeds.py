"""Reading feeds: parsing RSS 2.0 and Atom (plain), and the check of every live account against a
local HTTP server in a thread (no internet): good RSS, good Atom, broken XML, 404, a server that
answers too slowly, one that sends too much."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core.management import call_command

from gongkai.audit.models import AuditEntry
from gongkai.orgs.models import Unit
from gongkai.supervision.newmedia import feeds, services
from gongkai.supervision.newmedia import lifecycle as lc
from gongkai.supervision.newmedia.checking import FetchError, Limits, check_feeds, fetch
from gongkai.supervision.newmedia.models import Account

TODAY = dt.date(2026, 12, 2)

RSS = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>\xe5\xba\xb7\xe5\xb7\xb4\xe4\xbb\x80\xe5\x8f\x91\xe5\xb8\x83</title>
<item><title>a</title><pubDate>Mon, 23 Nov 2026 09:00:00 +0800</pubDate></item>
<item><title>b</title><pubDate>Sun, 29 Nov 2026 17:30:00 GMT</pubDate></item>
<item><title>c</title><pubDate>not a date</pubDate></item>
</channel></rss>"""
ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
<entry><title>a</title><updated>2026-11-20T08:00:00Z</updated></entry>
<entry><title>b</title><published>2026-11-30T23:30:00+08:00</published></entry>
<entry><title>future</title><updated>2027-01-01T00:00:00+08:00</updated></entry>
</feed>"""
XXE = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><item><title>&x;</title>
<pubDate>Tue, 01 Dec 2026 08:00:00 +0800</pubDate></item></channel></rss>"""


def test_rss_gives_the_newest_pubdate_as_a_local_date() -> None:
    # 29 Nov 17:30 GMT is 30 Nov 01:30 in Shanghai.
    assert feeds.newest_entry_on(RSS, TODAY) == dt.date(2026, 11, 30)


def test_atom_reads_updated_or_published_and_ignores_future_entries() -> None:
    assert feeds.newest_entry_on(ATOM, TODAY) == dt.date(2026, 11, 30)


def test_entities_are_never_resolved() -> None:
    assert feeds.newest_entry_on(XXE, TODAY) == dt.date(2026, 12, 1)


def test_broken_xml_and_other_documents_are_errors() -> None:
    with pytest.raises(feeds.FeedError, match="不是有效的XML"):
        feeds.newest_entry_on(b"<rss><channel>", TODAY)
    with pytest.raises(feeds.FeedError, match=r"RSS 2\.0或Atom"):
        feeds.newest_entry_on(b"<html><body>hi</body></html>", TODAY)


def test_a_feed_without_dated_entries_has_no_date() -> None:
    assert feeds.newest_entry_on(b'<rss version="2.0"><channel><title>x</title></channel></rss>', TODAY) is None


class _Handler(BaseHTTPRequestHandler):
    routes: dict[str, tuple[int, bytes]] = {
        "/rss": (200, RSS),
        "/atom": (200, ATOM),
        "/broken": (200, b"<rss><channel><item>"),
        "/big": (200, b"<rss>" + b" " * 5000 + b"</rss>"),
    }

    def do_GET(self) -> None:
        if self.path == "/slow":
            time.sleep(1.5)
        status, body = self.routes.get(self.path, (404, b"not found"))
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (the timeout test)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def server(settings: Any) -> Iterator[str]:
    settings.OUTBOUND_ALLOWED_NETWORKS = ["127.0.0.0/8"]  # gongkai.outbound refuses loopback otherwise
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


LIMITS = Limits(timeout=0.3, max_bytes=1000, workers=4)


def test_fetch_refuses_other_schemes() -> None:
    with pytest.raises(FetchError, match="http"):
        fetch("file:///etc/passwd", LIMITS)


def test_fetch_stops_at_the_size_limit(server: str) -> None:
    with pytest.raises(FetchError, match="1000字节"):
        fetch(f"{server}/big", LIMITS)


def test_every_live_account_is_checked_and_failures_do_not_stop_the_others(
    server: str, make_account: Callable[..., Account], unit_a: Unit
) -> None:
    paths = ["rss", "atom", "broken", "missing", "slow"]
    accounts = {p: make_account(unit_a, lc.OPERATING, feed_url=f"{server}/{p}") for p in paths}
    closed = make_account(unit_a, lc.CLOSED, feed_url=f"{server}/rss")
    started = time.monotonic()
    summary = check_feeds(TODAY, LIMITS)
    assert time.monotonic() - started < 1.4  # the slow one was abandoned at the timeout
    assert (summary.checked, summary.updated, summary.failed) == (5, 2, 3)
    found = {p: Account.objects.get(pk=a.pk) for p, a in accounts.items()}
    assert found["rss"].last_content_on == dt.date(2026, 11, 30)
    assert found["rss"].content_source == Account.Source.FEED and found["rss"].feed_error == ""
    assert found["atom"].last_content_on == dt.date(2026, 11, 30)
    assert "不是有效的XML" in found["broken"].feed_error
    assert found["missing"].feed_error == "订阅源地址返回HTTP 404"
    assert "超时" in found["slow"].feed_error
    assert all(a.feed_checked_at is not None for a in found.values())
    assert Account.objects.get(pk=closed.pk).feed_checked_at is None
    assert AuditEntry.objects.filter(action="newmedia.feed_checked").count() == 5


def test_a_feed_never_moves_an_entered_date_back(
    server: str, make_account: Callable[..., Account], unit_a: Unit, office: Any
) -> None:
    account = make_account(unit_a, lc.OPERATING, feed_url=f"{server}/rss")
    Account.objects.filter(pk=account.pk).update(last_content_on=dt.date(2026, 12, 1))
    assert check_feeds(TODAY, LIMITS).updated == 0
    assert Account.objects.get(pk=account.pk).last_content_on == dt.date(2026, 12, 1)
    # A second check finding the same: no new audit entry.
    check_feeds(TODAY, LIMITS)
    assert AuditEntry.objects.filter(action="newmedia.feed_checked").count() == 0


def test_the_command_and_the_job(
    server: str, make_account: Callable[..., Account], unit_a: Unit, settings: Any
) -> None:
    settings.NEWMEDIA_FEED_TIMEOUT = 2
    make_account(unit_a, lc.OPERATING, feed_url=f"{server}/atom")
    make_account(unit_a, lc.RECTIFICATION, feed_url=f"{server}/missing")
    out = StringIO()
    with time_machine.travel(dt.datetime(2026, 12, 2, 10, tzinfo=dt.timezone(dt.timedelta(hours=8)))):
        call_command("newmedia_check_feeds", stdout=out)
    assert out.getvalue().strip() == "已读取 2 个订阅源，更新 1 个，失败 1 个"
    from gongkai.supervision.newmedia.jobs import check_feeds_job

    result = check_feeds_job.enqueue(TODAY.isoformat())
    assert result.return_value == {"checked": 2, "updated": 0, "failed": 1}


def test_record_feed_result_for_a_missing_account_does_nothing(db: Any) -> None:
    assert services.record_feed_result(999, TODAY, "") is False
