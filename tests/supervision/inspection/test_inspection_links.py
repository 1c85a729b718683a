"""Link extraction and checking: external links against a local HTTP server (200, 404, timeout,
connection refused, HEAD refused), internal links against this site's URLs and data."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from django.core.files.base import ContentFile

from gongkai.publishing.models import Attachment, Item, State
from gongkai.supervision.inspection import linkcheck, links
from gongkai.supervision.inspection.links import Checker, Outcome
from tests.supervision.inspection.conftest import Handler, Publish

HOSTS = ["localhost", "testserver", ".example.gov.cn"]


def test_extracts_href_and_src_once_each() -> None:
    body = '<p><a href="/a/">a</a><img src="/b.png" alt=""><a href=" /a/ ">again</a><a name="x">no</a></p>'
    assert links.extract_links(body) == ["/a/", "/b.png"]


@pytest.mark.parametrize(
    ("link", "expected"),
    [
        ("#top", ("skip", "")),
        ("mailto:office@example.gov.cn", ("skip", "")),
        ("javascript:void(0)", ("skip", "")),
        ("ftp://files.example.org/x", ("skip", "")),
        ("/xxgk/items/3/?a=1#p", ("internal", "/xxgk/items/3/?a=1")),
        ("../../guide/", ("internal", "/xxgk/guide/")),
        ("http://testserver/xxgk/", ("internal", "/xxgk/")),
        ("https://www.example.gov.cn/xxgk/", ("internal", "/xxgk/")),
        ("https://www.gov.cn/zhengce/#x", ("external", "https://www.gov.cn/zhengce/")),
        ("http://localhost:8123/x", ("external", "http://localhost:8123/x")),
    ],
)
def test_classifies_links(link: str, expected: tuple[str, str]) -> None:
    assert links.classify(link, "/xxgk/items/3/", HOSTS) == expected


def test_an_ok_page_passes(server: str) -> None:
    assert links.check_external(f"{server}/ok", timeout=2) == Outcome(True)
    assert Handler.calls == [("HEAD", "/ok")]


def test_a_missing_page_is_broken_after_head_and_get(server: str) -> None:
    outcome = links.check_external(f"{server}/missing", timeout=2)
    assert not outcome.ok and "404" in outcome.reason
    assert Handler.calls == [("HEAD", "/missing"), ("GET", "/missing")]


def test_a_server_refusing_head_is_asked_with_get(server: str) -> None:
    assert links.check_external(f"{server}/nohead", timeout=2).ok
    assert Handler.calls == [("HEAD", "/nohead"), ("GET", "/nohead")]


def test_a_slow_server_times_out_without_a_second_try(server: str) -> None:
    outcome = links.check_external(f"{server}/slow", timeout=0.3)
    assert outcome == Outcome(False, "连接超时")
    assert Handler.calls == [("HEAD", "/slow")]


def test_links_with_chinese_paths_are_sent_encoded(server: str) -> None:
    assert links.ascii_url("http://例子.中国/政策/文件?关键词=公开") == (
        "http://xn--fsqu00a.xn--fiqs8s/%E6%94%BF%E7%AD%96/%E6%96%87%E4%BB%B6?%E5%85%B3%E9%94%AE%E8%AF%8D=%E5%85%AC%E5%BC%80"
    )
    assert links.check_external(f"{server}/ok/政策文件", timeout=2).ok
    assert Handler.calls == [("HEAD", "/ok/%E6%94%BF%E7%AD%96%E6%96%87%E4%BB%B6")]


@pytest.mark.parametrize("link", ["http://[::1/x", "http://127.0.0.1:abc/"])
def test_a_malformed_link_is_broken_not_an_error(link: str) -> None:
    kind, target = links.classify(link, "/xxgk/items/1/", HOSTS)
    assert kind == "external" and links.check_external(target, timeout=1) == Outcome(False, "链接格式不正确")


def test_a_refused_connection_is_broken(dead_url: str) -> None:
    assert links.check_external(dead_url, timeout=2) == Outcome(False, "连接被拒绝")


def test_each_target_is_checked_once_per_run_and_the_cap_holds() -> None:
    asked: list[str] = []

    def external(url: str, timeout: float) -> Outcome:
        asked.append(url)
        return Outcome(True)

    checker = Checker(lambda path: Outcome(True), cap=3, external=external)
    checker.check([("external", "http://a/"), ("external", "http://a/"), ("external", "http://b/")])
    checker.check([("external", "http://a/"), ("external", "http://c/"), ("external", "http://d/")])
    assert sorted(asked) == ["http://a/", "http://b/", "http://c/"]
    assert checker.skipped == 1


def test_no_more_than_the_worker_limit_run_at_once() -> None:
    lock, running, peak = threading.Lock(), [0], [0]

    def external(url: str, timeout: float) -> Outcome:
        with lock:
            running[0] += 1
            peak[0] = max(peak[0], running[0])
        time.sleep(0.05)
        with lock:
            running[0] -= 1
        return Outcome(True)

    checker = Checker(lambda path: Outcome(True), workers=2, external=external)
    results = checker.check([("external", f"http://h/{i}") for i in range(8)])
    assert len(results) == 8 and peak[0] == 2


# --- internal links, judged against this site ----------------------------------------------


def test_a_published_item_is_found_and_a_missing_one_is_not(publish: Publish) -> None:
    item = publish("关于开展排查的通知")
    assert linkcheck.internal_outcome(f"/xxgk/items/{item.pk}/").ok
    missing = linkcheck.internal_outcome(f"/xxgk/items/{item.pk + 100}/")
    assert not missing.ok and "不存在或未公开" in missing.reason


def test_a_draft_is_not_public(office: Any, unit_a: Any, publish: Publish) -> None:
    from gongkai.publishing import services

    draft = services.create_item(office, unit_a, title="草稿", formed_on=publish("x").formed_on, body_html="<p>x</p>")
    assert not linkcheck.internal_outcome(f"/xxgk/items/{draft.pk}/").ok


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "ok", "reason"),
    [
        ("/xxgk/", True, ""),
        ("/xxgk/no-such-page/", False, "404"),
        ("/workbench/", False, "工作台"),
        ("/media/attachments/2026/01/x.pdf", False, "上传文件"),
        ("/static/css/site.css", True, ""),
        ("/static/css/none.css", False, "静态文件"),
        ("/xxgk/statutory/topic/nope/", False, "不存在"),
        ("/xxgk/statutory/topic/general/", True, ""),
    ],
)
def test_internal_paths(path: str, ok: bool, reason: str) -> None:
    outcome = linkcheck.internal_outcome(path)
    assert outcome.ok is ok and reason in outcome.reason


def test_broken_links_name_the_item_page_and_the_target(publish: Publish, server: str, dead_url: str) -> None:
    body = f'<p><a href="{server}/ok">好</a><a href="{dead_url}">坏</a><a href="/xxgk/nope/">站内</a></p>'
    item = publish("含有链接的通知", body=body)
    source = linkcheck.Source(item.pk, item.title, f"/xxgk/items/{item.pk}/", body, item.unit_id)
    hits = linkcheck.broken_links([source], Checker(linkcheck.internal_outcome, timeout=2))
    assert {h.target for h in hits} == {dead_url, "/xxgk/nope/"}
    assert all(
        h.url == f"/xxgk/items/{item.pk}/" and h.rule == "broken_link" and h.unit_id == item.unit_id for h in hits
    )
    assert any("连接被拒绝" in h.detail and "含有链接的通知" in h.detail for h in hits)


def test_a_public_attachment_whose_file_is_gone_is_a_broken_link(publish: Publish, office: Any) -> None:
    item = publish("附件通知")
    attachment = Attachment(item=item, name="表格.xlsx", kind="xlsx", size=2, sha256="0" * 64, uploaded_by=office)
    attachment.public = True
    attachment.file.save("form.xlsx", ContentFile(b"ok"))
    target = f"/xxgk/items/{item.pk}/attachments/{attachment.pk}/"
    assert linkcheck.internal_outcome(target).ok
    attachment.file.storage.delete(attachment.file.name)
    assert not linkcheck.internal_outcome(target).ok


def test_a_withdrawn_items_attachment_is_not_public(publish: Publish, office: Any) -> None:
    item = publish("撤回的通知")
    attachment = Attachment(item=item, name="a.pdf", kind="pdf", size=2, sha256="0" * 64, uploaded_by=office)
    attachment.public = True
    attachment.file.save("a.pdf", ContentFile(b"ok"))
    Item.objects.filter(pk=item.pk).update(state=State.WITHDRAWN)
    assert not linkcheck.internal_outcome(f"/xxgk/items/{item.pk}/attachments/{attachment.pk}/").ok
