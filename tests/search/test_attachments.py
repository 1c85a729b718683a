"""Search reads attachments (issue 24, item 2): a match inside a public file finds its item, names
the file and shows a snippet of its text, and ranks below a match in a title; a withdrawn item
leaves the index with its files, a taken-down file leaves it at once while its item stays
findable, and no snippet ever comes from a taken-down file. A results page costs a fixed number
of queries, whatever the number of results."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongkai.orgs.models import Unit
from gongkai.publishing import services, signals
from gongkai.publishing.models import Attachment, AttachmentText, Item, TextState
from gongkai.publishing.workflow import perform
from gongkai.search.documents import Filters
from gongkai.search.engine import search
from gongkai.search.present import present

Capture = Callable[..., AbstractContextManager[Any]]

FILE_NAME = "名单.pdf"
FILE_TEXT = (
    "附件 2026年城镇老旧小区改造项目资金分配表\n"
    "序号 小区名称 改造内容 补助资金（万元）\n"
    "1 青春家园小区 外墙保温与雨污分流改造 120\n"
    "2 <b>东胜</b>花园小区 加装电梯 80"
)
PHRASE = "外墙保温与雨污分流"  # only in the file


def add_file(item: Item, name: str, text: str, *, read: bool = True) -> Attachment:
    """A file of a draft whose text has been read, as publishing.textlayer stores it (no findings:
    the privacy guard lets it through)."""
    attachment = Attachment.objects.create(
        item=item,
        file=f"attachments/2026/12/{hashlib.sha256(text.encode()).hexdigest()[:16]}.pdf",
        name=name,
        kind="pdf",
        size=len(text.encode()),
        sha256=hashlib.sha256(text.encode()).hexdigest(),
        uploaded_by=item.author,
        position=item.attachments.count(),
        text_state=TextState.READ if read else TextState.PENDING,
        findings=[] if read else None,
    )
    if read:
        AttachmentText.objects.create(
            attachment=attachment,
            places=[["第1页", line] for line in text.splitlines()],
            text=text,
            method="test",
            pages=1,
        )
    return attachment


@pytest.fixture
def publish(
    editor_a: Any, unit_a: Unit, flow: Callable[[Item], Item], django_capture_on_commit_callbacks: Capture
) -> Callable[..., Item]:
    """Publish an item with files through the pipeline; the index follows as it commits."""

    def run(title: str, body: str = "正文。", files: list[tuple[str, str]] | None = None) -> Item:
        with django_capture_on_commit_callbacks(execute=True):
            item = services.create_item(
                editor_a,
                unit_a,
                title=title,
                body_html=f"<p>{body}</p>",
                formed_on=dt.date(2026, 11, 2),
                genre="notice",
                topic="civil",
            )
            for name, text in files or []:
                add_file(item, name, text)
            return flow(item)

    return run


@pytest.fixture
def in_file(publish: Callable[..., Item]) -> Item:
    return publish(
        "关于下达2026年第二批项目资金的通知", "各街道：现将资金下达给你们，请按附件执行。", [(FILE_NAME, FILE_TEXT)]
    )


def hit_ids(query: str) -> list[int]:
    """What the index answers (before presentation, which drops what is no longer public)."""
    return [h.id for h in search(query, Filters(), 0, 20).hits]


def test_a_phrase_only_in_a_file_finds_its_item_with_the_file_named(client: Any, in_file: Item) -> None:
    body = client.get("/api/v1/search", {"q": PHRASE}).json()
    first = body["results"][0]
    assert first["id"] == in_file.pk
    assert first["matched_in"] == "attachment" and first["attachment"] == FILE_NAME
    assert "<mark>外墙保温与雨污分流</mark>改造" in first["snippet"]
    assert "资金下达给你们" not in first["snippet"]  # not the body's


def test_the_search_page_names_the_file_links_it_and_shows_its_text(client: Any, in_file: Item) -> None:
    page = client.get("/search/", {"q": PHRASE}).content.decode()
    results = page.split('class="search-results"')[1]
    attachment = in_file.attachments.get()
    assert f'附件：<a href="/xxgk/items/{in_file.pk}/attachments/{attachment.pk}/">{FILE_NAME}</a>' in results
    assert "<mark>外墙保温与雨污分流</mark>" in results


def test_file_text_is_escaped_in_snippets(client: Any, in_file: Item) -> None:
    first = client.get("/api/v1/search", {"q": "花园小区加装电梯"}).json()["results"][0]
    assert first["matched_in"] == "attachment"
    assert "&lt;b&gt;东胜&lt;/b&gt;" in first["snippet"] and "<b>" not in first["snippet"]


def test_a_file_is_found_by_its_name(client: Any, publish: Callable[..., Item]) -> None:
    item = publish("关于公示的通知", "详见附件。", [("困难群众救助对象花名册.pdf", "序号 街道 人数")])
    first = client.get("/api/v1/search", {"q": "救助对象花名册"}).json()["results"][0]
    assert (first["id"], first["matched_in"], first["attachment"]) == (
        item.pk,
        "attachment",
        "困难群众救助对象花名册.pdf",
    )


def test_title_and_body_matches_say_so_and_name_no_file(client: Any, in_file: Item) -> None:
    title = client.get("/api/v1/search", {"q": "第二批项目资金"}).json()["results"][0]
    assert (title["id"], title["matched_in"], title["attachment"]) == (in_file.pk, "title", None)
    body = client.get("/api/v1/search", {"q": "资金下达给你们"}).json()["results"][0]
    assert (body["id"], body["matched_in"], body["attachment"]) == (in_file.pk, "body", None)
    assert "<mark>" in body["snippet"]


def test_the_typed_text_in_a_file_beats_one_of_its_words_in_the_body(client: Any, in_file: Item) -> None:
    # 资金 is in the body; the whole query only in the file: the file is where it was found.
    first = client.get("/api/v1/search", {"q": "项目资金分配表"}).json()["results"][0]
    assert (first["id"], first["matched_in"], first["attachment"]) == (in_file.pk, "attachment", FILE_NAME)


def test_words_typed_apart_are_placed_as_words(client: Any, publish: Callable[..., Item], in_file: Item) -> None:
    # Both words in the title: a title match, although only the file holds them side by side.
    both = publish("城市燃气经营安全管理规定", "为了加强安全，制定本规定。", [("附表.pdf", "燃气管理台账")])
    first = client.get("/api/v1/search", {"q": "燃气 管理"}).json()["results"][0]
    assert (first["id"], first["matched_in"], first["attachment"]) == (both.pk, "title", None)
    # Words that only the file holds, typed apart: found in the file.
    first = client.get("/api/v1/search", {"q": "青春家园 雨污分流"}).json()["results"][0]
    assert (first["id"], first["matched_in"], first["attachment"]) == (in_file.pk, "attachment", FILE_NAME)
    assert "<mark>青春</mark><mark>家园</mark>小区" in first["snippet"]


def test_a_title_match_ranks_above_a_file_only_match(client: Any, publish: Callable[..., Item]) -> None:
    # The file repeats the words forty times; the other item holds them once, in its title.
    in_files = publish("关于下达项目资金的通知", "现将资金下达。", [("方案.pdf", "城镇老旧小区改造实施方案。" * 40)])
    in_title = publish("城镇老旧小区改造实施方案", "为改善居住条件，制定本方案。")
    for query in ("老旧小区改造实施方案", "老旧小区 改造"):
        results = client.get("/api/v1/search", {"q": query}).json()["results"]
        assert [r["id"] for r in results][:2] == [in_title.pk, in_files.pk], query
        assert [r["matched_in"] for r in results][:2] == ["title", "attachment"]


def test_a_withdrawn_item_leaves_the_index_with_its_files(
    in_file: Item, signer_a: Any, django_capture_on_commit_callbacks: Capture
) -> None:
    assert hit_ids(PHRASE) == [in_file.pk]
    with django_capture_on_commit_callbacks(execute=True):
        perform(signer_a, in_file.pk, "withdraw", reason="有误", reason_code="error")
    assert hit_ids(PHRASE) == [] and in_file.pk not in hit_ids("第二批项目资金")


def test_a_taken_down_file_leaves_the_index_at_once_and_its_item_stays(
    client: Any, in_file: Item, signer_a: Any, django_capture_on_commit_callbacks: Capture
) -> None:
    from gongkai.publishing.attachments import take_down

    attachment = in_file.attachments.get()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        take_down(signer_a, attachment, "含有未去标识化的个人信息")
    # In this process as the take-down commits (a job is not awaited): no queued reindex.
    assert len(callbacks) == 1
    assert hit_ids(PHRASE) == [] and hit_ids("外墙保温") == []
    results = client.get("/api/v1/search", {"q": "第二批项目资金"}).json()["results"]
    assert results[0]["id"] == in_file.pk and results[0]["matched_in"] == "title"
    assert client.get("/api/v1/search", {"q": "资金下达给你们"}).json()["results"][0]["id"] == in_file.pk


def test_a_take_down_the_index_cannot_follow_at_once_is_queued(
    in_file: Item, signer_a: Any, django_capture_on_commit_callbacks: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The index is busy (another process writes it): the job re-indexes the item instead."""
    from gongkai.publishing.attachments import take_down
    from gongkai.search import hooks

    real, calls = hooks.documents_changed, []

    def busy_once(ids: Any) -> None:
        calls.append(list(ids))
        if len(calls) == 1:
            raise OSError("index writer busy")
        real(ids)

    monkeypatch.setattr(hooks, "documents_changed", busy_once)
    with django_capture_on_commit_callbacks(execute=True):
        take_down(signer_a, in_file.attachments.get(), "含有未去标识化的个人信息")
    assert calls == [[in_file.pk], [in_file.pk]] and hit_ids(PHRASE) == []


def test_no_snippet_from_a_taken_down_file_even_before_the_index_follows(
    client: Any, in_file: Item, signer_a: Any
) -> None:
    from gongkai.publishing.attachments import take_down

    take_down(signer_a, in_file.attachments.get(), "含有未去标识化的个人信息")  # commit hooks not run
    assert hit_ids(PHRASE) == [in_file.pk]  # the index has not followed yet …
    for result in client.get("/api/v1/search", {"q": PHRASE}).json()["results"]:
        # … yet what the public reads never comes from the file.
        assert result["matched_in"] != "attachment" and result["attachment"] is None
        assert "外墙保温" not in result["snippet"]
    page = client.get("/search/", {"q": PHRASE}).content.decode()
    results = page.split('class="search-results"')[1]
    assert FILE_NAME not in page and "外墙保温" not in results and "附件：" not in results


def test_a_file_removed_in_a_new_revision_leaves_the_index_when_that_revision_is_published(
    in_file: Item, flow: Callable[[Item], Item], django_capture_on_commit_callbacks: Capture
) -> None:
    from gongkai.publishing.attachments import remove_attachment

    perform(in_file.author, in_file.pk, "revise")
    remove_attachment(in_file.author, Attachment.objects.get(item_id=in_file.pk))  # the item as revised
    assert hit_ids(PHRASE) == [in_file.pk]  # the shown revision still has it
    Item.objects.filter(pk=in_file.pk).update(change_note="删除附件")
    with django_capture_on_commit_callbacks(execute=True):
        flow(Item.objects.get(pk=in_file.pk))
    assert hit_ids(PHRASE) == [] and hit_ids("第二批项目资金")[0] == in_file.pk


def test_a_file_read_after_publication_is_indexed_then(
    publish: Callable[..., Item], django_capture_on_commit_callbacks: Capture
) -> None:
    """The archive sweep reads a file published before the text layer existed: the ``text_read``
    signal re-indexes its public item."""
    item = publish("关于2025年度惠民补贴发放情况的公告", "详见附件。")
    old = add_file(item, "发放情况.pdf", "", read=False)
    Attachment.objects.filter(pk=old.pk).update(public=True)  # published before the guard existed
    old.refresh_from_db()
    assert hit_ids("耕地地力保护") == []
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        AttachmentText.objects.create(
            attachment=old, places=[["第1页", "耕地地力保护补贴发放明细"]], text="耕地地力保护补贴发放明细"
        )
        signals.text_read.send(sender=Item, item=item, attachment=old)
    assert len(callbacks) == 1 and hit_ids("耕地地力保护") == [item.pk]


def test_a_file_read_that_the_public_does_not_see_changes_nothing(
    in_file: Item, editor_a: Any, unit_a: Unit, django_capture_on_commit_callbacks: Capture
) -> None:
    draft = services.create_item(
        editor_a,
        unit_a,
        title="草稿",
        body_html="<p>正文</p>",
        formed_on=dt.date(2026, 11, 2),
        genre="notice",
        topic="civil",
    )
    unpublished = add_file(draft, "草稿附件.pdf", "临时仓储场地租赁合同")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        signals.text_read.send(sender=Item, item=draft, attachment=unpublished)
    assert callbacks == [] and hit_ids("临时仓储场地租赁合同") == []


def test_reading_a_real_spreadsheet_after_upload_makes_its_cells_searchable(
    client: Any,
    editor_a: Any,
    unit_a: Unit,
    flow: Callable[[Item], Item],
    django_capture_on_commit_callbacks: Capture,
) -> None:
    """End to end: upload (the reading job runs as the upload commits), publish, search."""
    openpyxl = pytest.importorskip("openpyxl")
    from gongkai.publishing import attachments

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "明细"
    for row in [("社区", "项目", "金额"), ("青春社区", "老年助餐服务点运营补贴", 3000)]:
        sheet.append(list(row))
    data = io.BytesIO()
    book.save(data)
    item = services.create_item(
        editor_a, unit_a, title="关于2026年养老服务补贴的公示", body_html="<p>详见附件。</p>",
        formed_on=dt.date(2026, 11, 2), genre="notice", topic="civil",
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        attachments.add_attachment(editor_a, item, "补贴明细.xlsx", data.getvalue())
    with django_capture_on_commit_callbacks(execute=True):
        flow(item)
    first = client.get("/api/v1/search", {"q": "老年助餐服务点"}).json()["results"][0]
    assert (first["id"], first["matched_in"], first["attachment"]) == (item.pk, "attachment", "补贴明细.xlsx")
    assert "<mark>老年助餐服务点</mark>" in first["snippet"]


# --- the work per results page ---------------------------------------------------------------


@pytest.fixture
def many(publish: Callable[..., Item]) -> Iterator[list[Item]]:
    """Ten items whose files hold 公共租赁住房保障对象; two of them also 人才公寓配租."""
    items = []
    for n in range(10):
        text = (
            f"第{n + 1}批 公共租赁住房保障对象名单公示\n"
            + ("人才公寓配租名单\n" if n < 2 else "")
            + "序号 姓名 户型\n" * 50
        )
        items.append(
            publish(f"关于第{n + 1}批住房事项的公告", "详见附件。", [(f"第{n + 1}批.pdf", text), ("说明.pdf", "说明")])
        )
    yield items


def test_presenting_a_page_costs_two_queries_for_2_or_10_results(
    many: list[Item], django_assert_num_queries: Any
) -> None:
    for query, count in (("人才公寓配租", 2), ("公共租赁住房保障对象名单", 10)):
        found = search(query, Filters(), 0, 10)
        assert len(found.hits) == count
        with django_assert_num_queries(2):  # the items; the files' positions and excerpts
            results = present(found.hits, query, found.full_names)
        assert len(results) == count and {r.matched_in for r in results} == {"attachment"}
        assert all(r.attachment and r.attachment != "说明.pdf" for r in results)


def test_the_search_page_and_the_api_cost_the_same_for_2_or_10_results(client: Any, many: list[Item]) -> None:
    counts = {}
    for query, count in (("人才公寓配租", 2), ("公共租赁住房保障对象名单", 10)):
        client.get("/search/", {"q": query})  # the first search of a text records it (hot topics)
        with CaptureQueriesContext(connection) as page:
            html = client.get("/search/", {"q": query}).content.decode()
        assert html.count('class="snippet search-file"') == count
        with CaptureQueriesContext(connection) as api:
            assert len(client.get("/api/v1/search", {"q": query}).json()["results"]) == count
        counts[count] = (len(page), len(api))
    assert counts[2] == counts[10]


def test_presenting_title_matches_reads_no_file(in_file: Item, django_assert_num_queries: Any) -> None:
    found = search("第二批项目资金", Filters(), 0, 10)
    with django_assert_num_queries(1):
        assert present(found.hits, "第二批项目资金", [])[0].matched_in == "title"
