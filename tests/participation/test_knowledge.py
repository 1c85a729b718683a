"""一号答: a uniform answer is an item of kind "answer" taken through the one pipeline; its links;
promotion from an answered inquiry without the asker's contact data; search; hot topics; the
public pages. Real SQLite, time frozen on 2026 dates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client, RequestFactory
from django.urls import reverse

from gongkai.audit.models import AuditEntry
from gongkai.orgs.models import Unit
from gongkai.participation.inquiries import services as inquiry_services
from gongkai.participation.knowledge import hot, public, services
from gongkai.participation.knowledge.demo import seed_knowledge
from gongkai.participation.models import Inquiry, KnowledgeEntry, SearchCount
from gongkai.policies import services as policy_services
from gongkai.policies.models import PolicyDocument
from gongkai.publishing.models import Item, Kind, State
from gongkai.publishing.workflow import drive, perform
from gongkai.search.hooks import reindex_all

SH = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 9, 15, 10, 0, tzinfo=SH)
QUESTION = "申请城乡低保需要准备哪些材料？"
ANSWER = "<p>申请人向户籍所在地街道办事处提出书面申请，提供户口簿、居民身份证。</p>"
ASKER = {"name": "郝美玲", "phone": "13904770123"}


@pytest.fixture(autouse=True)
def frozen() -> Iterator[Any]:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def policy(editor_a: Any, unit_a: Unit, reviewer_a: Any, signer_a: Any) -> PolicyDocument:
    """A published policy document of unit A (not normative: no interpretation needed)."""
    document = policy_services.create_policy(
        editor_a,
        unit_a,
        {"issuer": unit_a.name, "level": "district"},
        title="康巴什区城乡居民最低生活保障实施办法",
        doc_number="康民发〔2026〕12号",
        normative=False,
        formed_on=dt.date(2026, 9, 1),
        genre="measures",
        topic="civil",
        body_html="<p>第一条 为规范城乡居民最低生活保障工作，制定本办法。</p>",
    )
    publish_item(document.item, reviewer_a, signer_a)
    return PolicyDocument.objects.get(pk=document.pk)


def publish_item(item: Item, reviewer: Any, signer: Any) -> Item:
    return drive(item.pk, item.author, reviewer, signer)


@pytest.fixture
def make_entry(editor_a: Any, unit_a: Unit) -> Callable[..., KnowledgeEntry]:
    def make(**changes: Any) -> KnowledgeEntry:
        values: dict[str, Any] = {"question": QUESTION, "answer_html": ANSWER, "topic": "civil", **changes}
        return services.create_entry(editor_a, changes.pop("unit", unit_a), **values)

    return make


@pytest.fixture
def published(
    make_entry: Callable[..., KnowledgeEntry],
    policy: PolicyDocument,
    reviewer_a: Any,
    signer_a: Any,
    django_capture_on_commit_callbacks: Any,
) -> KnowledgeEntry:
    """A published uniform answer citing the policy, indexed as publication does after commit."""
    entry = make_entry(policy_ids=[policy.pk], aliases="办低保要带什么")
    with django_capture_on_commit_callbacks(execute=True):
        publish_item(entry.item, reviewer_a, signer_a)
    return KnowledgeEntry.objects.get(pk=entry.pk)


def answered_inquiry(unit: Unit, editor: Any, *, public: bool = True) -> Inquiry:
    question = inquiry_services.Question(
        unit.pk,
        ASKER["name"],
        ASKER["phone"],
        "低保申请材料",
        "我是郝美玲，电话13904770123，想问申请低保要什么材料？",
        public,
    )
    inquiry = inquiry_services.ask(question)
    answer = "<p>郝美玲您好：请携带户口簿、身份证到街道申请。可拨打0477-8583210咨询。</p>"
    return inquiry_services.answer(editor, inquiry.pk, answer)


# --- the entry is an item of kind answer, through the one pipeline --------------------------


def test_create_makes_a_draft_answer_item_with_links(make_entry: Any, policy: PolicyDocument, editor_a: Any) -> None:
    entry = make_entry(policy_ids=[policy.pk])
    item = entry.item
    assert (item.kind, item.state, item.title, item.author) == (Kind.ANSWER, State.DRAFT, QUESTION, editor_a)
    assert list(entry.policies.all()) == [policy]
    assert AuditEntry.objects.filter(action="knowledge.created", object_id=str(entry.pk)).exists()
    assert AuditEntry.objects.filter(action="item.created", object_id=str(item.pk)).exists()


def test_create_names_the_missing_field_in_chinese(make_entry: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        make_entry(question=" ", answer_html="")
    assert caught.value.message_dict == {"title": ["请填写“问题”"], "body_html": ["请填写“统一答复口径”"]}


def test_links_only_to_public_documents(make_entry: Any, editor_a: Any, unit_a: Unit) -> None:
    draft = policy_services.create_policy(
        editor_a, unit_a, {}, title="草稿文件", normative=False, formed_on=dt.date(2026, 9, 1), body_html="<p>x</p>"
    )
    with pytest.raises(ValidationError) as caught:
        make_entry(policy_ids=[draft.pk])
    assert "关联政策文件" in caught.value.message_dict["policies"][0]
    assert not KnowledgeEntry.objects.exists() and not Item.objects.filter(kind=Kind.ANSWER).exists()


def test_other_units_editor_may_not_create_or_link(make_entry: Any, editor_b: Any, unit_a: Unit) -> None:
    with pytest.raises(PermissionDenied):
        services.create_entry(editor_b, unit_a, question=QUESTION, answer_html=ANSWER)
    entry = make_entry()
    with pytest.raises(PermissionDenied):
        services.update_links(editor_b, entry.pk, policy_ids=[], catalogue_ids=[])


def test_update_links_is_audited(make_entry: Any, policy: PolicyDocument, editor_a: Any) -> None:
    entry = make_entry()
    services.update_links(editor_a, entry.pk, policy_ids=[policy.pk], catalogue_ids=[], aliases="a\n\na\nb")
    entry.refresh_from_db()
    assert entry.alias_list() == ["a", "b"]
    logged = AuditEntry.objects.get(action="knowledge.links_changed")
    assert logged.after == {"policies": [policy.pk], "aliases": 2}


def test_not_public_until_published_and_revision_keeps_versions(
    make_entry: Any, reviewer_a: Any, signer_a: Any, editor_a: Any, frozen: Any
) -> None:
    entry = make_entry()
    assert not public.browse().exists()
    publish_item(entry.item, reviewer_a, signer_a)
    assert list(public.browse()) == [entry]
    frozen.move_to(NOW + dt.timedelta(days=20))
    perform(editor_a, entry.pk, "revise")
    Item.objects.filter(pk=entry.pk).update(body_html="<p>新口径</p>", change_note="依据新办法更新")
    publish_item(Item.objects.get(pk=entry.pk), reviewer_a, signer_a)
    shown = public.detail(KnowledgeEntry.objects.get(pk=entry.pk))
    assert shown.revision.number == 2 and "新口径" in shown.revision.body_html
    assert [r.change_note for r in shown.revisions] == ["", "依据新办法更新"]
    assert shown.updated_on == dt.date(2026, 10, 5) and shown.first_published_on == dt.date(2026, 9, 15)


def test_withdrawn_answer_leaves_the_knowledge_base(published: KnowledgeEntry, signer_a: Any) -> None:
    perform(signer_a, published.pk, "withdraw", reason="政策已调整", reason_code="other")
    assert not public.browse().exists()
    assert Client().get(reverse("portal:knowledge_detail", args=[published.pk])).status_code == 404


# --- search: the same Chinese search finds it -------------------------------------------------


def test_published_answer_is_indexed_and_found_by_site_search(published: KnowledgeEntry) -> None:
    page = Client().get(reverse("portal:search"), {"q": "低保材料", "kind": "answer"})
    assert page.status_code == 200
    assert QUESTION in page.content.decode()
    assert '<option value="answer" selected>统一答复口径</option>' in page.content.decode()
    # The result opens the knowledge base's page of the answer (its links and versions).
    assert f'href="{reverse("portal:knowledge_detail", args=[published.pk])}"' in page.content.decode()


def test_knowledge_search_finds_by_words_and_by_other_phrasing(published: KnowledgeEntry) -> None:
    assert public.find("低保需要什么材料") == [published]
    assert public.find("办低保要带什么") == [published]
    assert public.find("养犬") == []


def test_reindex_all_includes_answers(published: KnowledgeEntry) -> None:
    reindex_all()
    assert public.find("户口簿") == [published]


# --- promotion from an answered inquiry -------------------------------------------------------


def test_promotion_drafts_an_answer_without_the_askers_contact_data(unit_a: Unit, editor_a: Any) -> None:
    inquiry = answered_inquiry(unit_a, editor_a)
    entry = services.promote(editor_a, inquiry.pk)
    item = entry.item
    assert (item.kind, item.state, item.unit, entry.source_inquiry) == (Kind.ANSWER, State.DRAFT, unit_a, inquiry)
    text = item.title + item.body_html
    assert ASKER["name"] not in text and ASKER["phone"] not in text
    assert "0477-8583210" in text  # a number the unit gives in its answer is not personal (RULINGS.md 6)
    assert "郝**" in text and "139****0123" in text and "街道申请" in text
    promoted = AuditEntry.objects.get(action="inquiry.promoted")
    assert promoted.after == {"knowledge_entry": entry.pk}
    assert ASKER["name"] not in str(list(AuditEntry.objects.values_list("before", "after", "note")))


def test_an_inquiry_its_asker_kept_private_is_not_promoted(unit_a: Unit, editor_a: Any) -> None:
    inquiry = answered_inquiry(unit_a, editor_a, public=False)
    with pytest.raises(services.Conflict, match="未同意公开"):
        services.promote(editor_a, inquiry.pk)
    assert not KnowledgeEntry.objects.exists()


def test_promotion_needs_an_answered_inquiry_of_ones_unit_and_happens_once(
    unit_a: Unit, editor_a: Any, editor_b: Any, reviewer_a: Any, office: Any
) -> None:
    inquiry = answered_inquiry(unit_a, editor_a)
    for person in (editor_b, reviewer_a):
        with pytest.raises(PermissionDenied):
            services.promote(person, inquiry.pk)
    services.promote(office, inquiry.pk)
    with pytest.raises(services.Conflict, match="已转入知识库"):
        services.promote(editor_a, inquiry.pk)
    waiting = inquiry_services.ask(inquiry_services.Question(unit_a.pk, "王五", "13900000000", "问", "问题", False))
    with pytest.raises(services.Conflict, match="已答复"):
        services.promote(editor_a, waiting.pk)


def test_promote_button_and_action_in_the_workbench(unit_a: Unit, editor_a: Any, logged_in: Any) -> None:
    inquiry = answered_inquiry(unit_a, editor_a)
    client = logged_in(editor_a)
    page = client.get(reverse("workbench:inquiry", args=[inquiry.pk])).content.decode()
    assert reverse("workbench:knowledge_promote", args=[inquiry.pk]) in page and "转入知识库" in page
    response = client.post(reverse("workbench:knowledge_promote", args=[inquiry.pk]))
    entry = KnowledgeEntry.objects.get(source_inquiry=inquiry)
    assert response.status_code == 302 and response["Location"] == reverse("workbench:knowledge_entry", args=[entry.pk])
    page = client.get(reverse("workbench:inquiry", args=[inquiry.pk])).content.decode()
    assert reverse("workbench:knowledge_entry", args=[entry.pk]) in page
    again = client.post(reverse("workbench:knowledge_promote", args=[inquiry.pk]))
    assert again.status_code == 302 and again["Location"] == reverse("workbench:inquiry", args=[inquiry.pk])


def test_promoted_and_published_answer_shows_no_contact_data_publicly(
    unit_a: Unit, editor_a: Any, reviewer_a: Any, signer_a: Any, django_capture_on_commit_callbacks: Any
) -> None:
    inquiry = answered_inquiry(unit_a, editor_a, public=True)
    entry = services.promote(editor_a, inquiry.pk)
    with django_capture_on_commit_callbacks(execute=True):
        publish_item(entry.item, reviewer_a, signer_a)
    client = Client()
    pages = [
        client.get(reverse("portal:knowledge")),
        client.get(reverse("portal:knowledge"), {"q": "低保申请材料"}),
        client.get(reverse("portal:knowledge_detail", args=[entry.pk])),
        client.get(reverse("portal:item", args=[entry.pk])),
        client.get(reverse("portal:search"), {"q": "低保申请材料"}),
    ]
    for response in pages:
        body = response.content.decode()
        assert response.status_code == 200
        assert ASKER["name"] not in body and ASKER["phone"] not in body
    assert "低保申请材料" in pages[1].content.decode()


# --- hot topics ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("  低保  材料 ", "低保 材料"),
        ("ＡＢＣ低保", "abc低保"),
        ("13904770123", None),
        ("150602199001011234", None),
        ("15060219900101123X 低保", None),
        ("0477-8583210", None),
        ("me@example.com", None),
        ("低" * 51, None),
        ("", None),
    ],
)
def test_queries_are_normalised_and_personal_ones_dropped(typed: str, stored: str | None) -> None:
    assert hot.normalised_query(typed) == stored


def visitor(address: str) -> Any:
    """A request from one client address (hot topics count a text once per client and day)."""
    return RequestFactory().get("/", REMOTE_ADDR=address)


def test_hot_topics_count_the_last_30_days_and_hide_one_offs(db: Any, frozen: Any) -> None:
    frozen.move_to(NOW - dt.timedelta(days=31))
    for n in range(5):
        hot.record_search("养犬登记", visitor(f"10.1.0.{n}"))  # too old
    frozen.move_to(NOW - dt.timedelta(days=29))
    hot.record_search("低保", visitor("10.1.1.1"))
    frozen.move_to(NOW)
    for n, text in enumerate(["低保", "低保", "低保", "临时救助", "临时救助", "临时救助"]):
        hot.record_search(text, visitor(f"10.1.2.{n}"))
    for _ in range(5):  # one person repeating a text counts once a day and never reaches the page
        hot.record_search("张三的事", visitor("10.1.3.1"))
    assert not SearchCount.objects.exists()  # counted in the tally until the job adds it up
    assert hot.flush(everything=True) == 13
    assert [(t.text, t.count) for t in hot.hot_queries()] == [("低保", 4), ("临时救助", 3)]
    assert SearchCount.objects.get(query="张三的事").count == 1
    assert set(SearchCount.objects.values_list("query", flat=True)) == {"养犬登记", "低保", "临时救助", "张三的事"}


def test_search_pages_record_queries_and_list_shows_hot_topics(published: KnowledgeEntry) -> None:
    for address in ("10.2.0.1", "10.2.0.2"):
        Client(REMOTE_ADDR=address).get(reverse("portal:search"), {"q": "低保"})
    client = Client(REMOTE_ADDR="10.2.0.3")
    client.get(reverse("portal:search"), {"q": "低保"})
    client.get(reverse("portal:knowledge"), {"q": "低保"})  # the same client again: not counted
    client.get(reverse("portal:knowledge"), {"q": "低保", "page": "2"})  # not a new search
    client.get(reverse("portal:search"), {"q": "13904770123"})
    hot.flush(everything=True)
    assert list(SearchCount.objects.values_list("query", "count")) == [("低保", 3)]
    page = client.get(reverse("portal:knowledge")).content.decode()
    assert "热点问题" in page and reverse("portal:knowledge") + "?q=%E4%BD%8E%E4%BF%9D" in page


def test_reads_of_an_answer_are_counted(published: KnowledgeEntry) -> None:
    client = Client()
    for _ in range(3):
        client.get(reverse("portal:knowledge_detail", args=[published.pk]))
    hot.flush(everything=True)
    assert hot.most_read(public.browse()) == [(published, 3)]
    assert "大家都在看" in client.get(reverse("portal:knowledge")).content.decode()


# --- public pages ---------------------------------------------------------------------------------


def test_answer_page_shows_question_answer_documents_and_version(
    published: KnowledgeEntry, policy: PolicyDocument
) -> None:
    body = Client().get(reverse("portal:knowledge_detail", args=[published.pk])).content.decode()
    assert QUESTION in body and "户口簿" in body
    assert reverse("portal:item", args=[policy.pk]) in body and "康民发〔2026〕12号" in body
    assert "2026-09-15" in body and "办低保要带什么" not in body  # other phrasings are not shown


def test_list_filters_by_unit_and_topic(published: KnowledgeEntry, unit_b: Unit) -> None:
    client = Client()
    assert QUESTION in client.get(reverse("portal:knowledge"), {"topic": "civil"}).content.decode()
    assert QUESTION not in client.get(reverse("portal:knowledge"), {"topic": "health"}).content.decode()
    assert QUESTION not in client.get(reverse("portal:knowledge"), {"unit": unit_b.pk}).content.decode()
    assert QUESTION not in client.get(reverse("portal:knowledge"), {"q": "低保", "unit": unit_b.pk}).content.decode()
    assert client.get(reverse("portal:knowledge"), {"unit": "x", "topic": "<b>"}).status_code == 200


def test_drafts_are_not_public(make_entry: Any) -> None:
    entry = make_entry()
    assert Client().get(reverse("portal:knowledge_detail", args=[entry.pk])).status_code == 404
    assert QUESTION not in Client().get(reverse("portal:knowledge")).content.decode()


# --- workbench -------------------------------------------------------------------------------------


def test_editor_creates_an_entry_in_the_workbench(
    logged_in: Any, editor_a: Any, unit_a: Unit, policy: PolicyDocument
) -> None:
    client = logged_in(editor_a)
    data = {
        "unit": unit_a.pk,
        "title": QUESTION,
        "body_html": ANSWER,
        "topic": "civil",
        "policies": "康民发〔2026〕12号",
        "aliases": "",
    }
    response = client.post(reverse("workbench:knowledge_create"), data)
    entry = KnowledgeEntry.objects.get()
    assert response.status_code == 302 and list(entry.policies.all()) == [policy]
    page = client.get(reverse("workbench:knowledge_entry", args=[entry.pk])).content.decode()
    assert reverse("workbench:item", args=[entry.pk]) in page and "提交审核" in page


def test_workbench_form_names_bad_fields(logged_in: Any, editor_a: Any, unit_a: Unit) -> None:
    client = logged_in(editor_a)
    data = {"unit": unit_a.pk, "title": "", "body_html": "", "topic": "civil", "policies": "康民发〔2099〕1号"}
    response = client.post(reverse("workbench:knowledge_create"), data)
    body = response.content.decode()
    assert response.status_code == 422
    assert "问题：" in body and "统一答复口径：" in body and "找不到已公开的文件：康民发〔2099〕1号" in body
    assert not KnowledgeEntry.objects.exists()


def test_seed_knowledge_is_idempotent(db: Any, frozen: Any) -> None:
    from django.core.management import call_command

    frozen.move_to(dt.datetime(2026, 12, 2, 10, 0, tzinfo=SH))  # the demo's data is dated up to late November
    call_command("seed_demo", verbosity=0)  # seeds the knowledge base too
    first = list(KnowledgeEntry.objects.all())
    assert 3 <= len(first) <= 5
    assert set(Item.objects.filter(kind=Kind.ANSWER).values_list("state", flat=True)) == {State.PUBLISHED}
    assert all(e.policies.exists() for e in first)
    assert seed_knowledge() == []
    call_command("seed_demo", verbosity=0)
    assert KnowledgeEntry.objects.count() == len(first)


def test_a_text_that_finds_nothing_never_becomes_a_hot_topic(published: KnowledgeEntry) -> None:
    """The security probe: any string searched from three addresses was listed on the public
    knowledge page. Only texts that found published content are counted."""
    for n in range(4):
        Client(REMOTE_ADDR=f"10.4.0.{n}").get(reverse("portal:search"), {"q": "某局长是骗子"})
        Client(REMOTE_ADDR=f"10.4.1.{n}").get(reverse("portal:knowledge"), {"q": "某局长是骗子"})
    assert not SearchCount.objects.exists()
    page = Client().get(reverse("portal:knowledge")).content.decode()
    assert "某局长是骗子" not in page


def test_counting_pages_write_nothing_to_the_database(published: KnowledgeEntry) -> None:
    """Issue 18, point 1: a public GET that counts (a search, a read of an answer) only appends to
    its process's tally file; the database sees no INSERT or UPDATE until the job flushes."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = Client(REMOTE_ADDR="10.4.0.1")
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("portal:search"), {"q": "低保"})
        client.get(reverse("portal:knowledge"), {"q": "临时救助"})
        client.get(reverse("portal:knowledge_detail", args=[published.pk]))
    writes = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]
    assert writes == []
    assert hot.flush(everything=True) == 2  # the read, and 低保 (临时救助 found nothing: not kept)
    assert list(SearchCount.objects.values_list("query", "count")) == [("低保", 1)]
    assert hot.most_read(public.browse()) == [(published, 1)]


def test_flush_leaves_the_current_minute_to_its_writers(db: Any, frozen: Any) -> None:
    hot.record_search("低保", visitor("10.5.0.1"))
    assert hot.flush() == 0 and not SearchCount.objects.exists()  # the minute is still being written
    frozen.shift(dt.timedelta(minutes=1))
    hot.record_search("临时救助", visitor("10.5.0.1"))
    assert hot.flush() == 1
    assert list(SearchCount.objects.values_list("query", flat=True)) == ["低保"]
    assert hot.flush(everything=True) == 1 and SearchCount.objects.count() == 2
    assert hot.flush(everything=True) == 0  # nothing counted twice
