"""The contract every search backend passes (STYLE habit 10). Each backend listed in BACKENDS
runs the same tests; a backend that needs a server is included when that server is the test
database."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from django.db import connection
from django.utils.module_loading import import_string

from gongkai.search.backends.base import Query, SearchBackend
from gongkai.search.documents import Filters, SearchDocument
from gongkai.search.text import doc_number_key, phrase_tokens, query_tokens

BACKENDS = ["gongkai.search.backends.tantivy_backend.TantivyBackend"]
if connection.vendor == "postgresql":
    BACKENDS.append("gongkai.search.backends.postgres_backend.PostgresBackend")


def doc(
    pk: int,
    title: str,
    body: str = "",
    *,
    number: str = "",
    unit: int = 1,
    year: int = 2026,
    kind: str = "item",
    validity: str = "valid",
    level: str = "",
    files: str = "",
) -> SearchDocument:
    return SearchDocument(
        id=pk,
        source_id=None,
        kind=kind,
        title=title,
        body=body,
        doc_number=doc_number_key(number) if number else "",
        unit_id=unit,
        unit="单位",
        year=year,
        validity=validity,
        level=level,
        published_on=dt.date(year, 1, 1),
        files=files,
    )


CORPUS = [
    doc(
        1,
        "中华人民共和国政府信息公开条例",
        "行政机关应当及时、准确地公开政府信息。第二十条 行政机关应当依照本条例主动公开本行政机关的下列政府信息",
        number="国务院令第711号",
        unit=1,
        year=2019,
        kind="policy",
        level="national",
    ),
    doc(
        2,
        "关于调整城乡居民最低生活保障标准的通知",
        "各街道办事处：经区人民政府同意，提高城乡低保标准。",
        number="康民发〔2026〕8号",
        unit=2,
        year=2026,
    ),
    doc(3, "康巴什区国民经济和社会发展第十四个五年规划纲要", "坚持以人民为中心，推动高质量发展。", unit=3, year=2021),
    doc(
        4,
        "关于做好冬季供热保障工作的通知",
        "各供热企业要确保居民温暖过冬。",
        number="康住建发〔2026〕41号",
        unit=3,
        year=2026,
        validity="expired",
    ),
    doc(5, "政府采购信息公开办法", "采购人应当公开政府采购信息，政府信息公开工作机构负责监督。", unit=2, year=2020),
]


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest, db: object) -> Iterator[SearchBackend]:
    instance: SearchBackend = import_string(request.param)(path=None)
    instance.clear()
    instance.index(CORPUS)
    yield instance
    instance.clear()


def q(text: str) -> Query:
    return Query(terms=query_tokens(text), phrase=phrase_tokens(text), alias_phrases=[])


def ids(backend: SearchBackend, text: str, filters: Filters | None = None) -> list[int]:
    return [h.id for h in backend.search(q(text), filters or Filters(), 10)[0]]


def test_counts_what_was_indexed(backend: SearchBackend) -> None:
    assert backend.count() == 5


def test_topic_word_finds_the_document(backend: SearchBackend) -> None:
    assert ids(backend, "最低生活保障")[0] == 2
    assert ids(backend, "供热")[0] == 4


def test_title_outranks_body(backend: SearchBackend) -> None:
    # 供热 is in the title of 4 and nowhere else; 居民 is in the bodies of 2 and 4 and in no title.
    assert ids(backend, "居民 供热")[0] == 4
    assert set(ids(backend, "政府信息公开")) >= {1, 5}


def test_phrase_from_the_body(backend: SearchBackend) -> None:
    assert ids(backend, "确保居民温暖过冬")[0] == 4


def test_total_counts_all_matches(backend: SearchBackend) -> None:
    hits, total = backend.search(q("公开"), Filters(), 1)
    assert len(hits) == 1 and total == 2


def test_filters(backend: SearchBackend) -> None:
    assert ids(backend, "通知", Filters(unit_id=2)) == [2]
    assert ids(backend, "通知", Filters(validity="expired")) == [4]
    assert ids(backend, "公开", Filters(kind="policy")) == [1]
    assert ids(backend, "公开", Filters(year=2020)) == [5]
    assert ids(backend, "公开", Filters(level="national")) == [1]


def test_doc_number_exact(backend: SearchBackend) -> None:
    assert [h.id for h in backend.by_doc_number(["康民发〔2026〕8号"], Filters())] == [2]
    assert [h.id for h in backend.by_doc_number(["国务院令第711号"], Filters())] == [1]
    assert backend.by_doc_number(["康民发〔2026〕9号"], Filters()) == []


def test_reindexing_replaces_and_delete_removes(backend: SearchBackend) -> None:
    backend.index([doc(2, "关于调整临时救助标准的通知", "临时救助")])
    assert backend.count() == 5
    assert 2 not in ids(backend, "最低生活保障")
    assert ids(backend, "临时救助") == [2]
    backend.delete([2, 999])
    assert backend.count() == 4 and ids(backend, "临时救助") == []


def test_empty_query_and_no_match(backend: SearchBackend) -> None:
    assert backend.search(Query(terms=[], phrase=[], alias_phrases=[]), Filters(), 10) == ([], 0)
    assert ids(backend, "量子计算机") == []


def test_alias_phrase_lifts_the_full_name(backend: SearchBackend) -> None:
    query = Query(
        terms=query_tokens("信息公开条例"),
        phrase=phrase_tokens("信息公开条例"),
        alias_phrases=[phrase_tokens("政府信息公开条例")],
    )
    assert backend.search(query, Filters(), 10)[0][0].id == 1


def test_a_large_batch_is_indexed_like_small_ones(backend: SearchBackend) -> None:
    """A batch this large is analysed in worker processes (text.analyse_many): same results."""
    from gongkai.search.text import PARALLEL_FROM

    numbers = "零一二三四五六七八九"
    names = [f"第{numbers[i // 100]}{numbers[i // 10 % 10]}{numbers[i % 10]}号公告" for i in range(PARALLEL_FROM + 20)]
    batch = [doc(1000 + i, f"关于{name}的说明", f"正文{name}：城市供水价格调整。") for i, name in enumerate(names)]
    assert backend.index(batch) == len(batch)
    assert backend.count() == len(CORPUS) + len(batch)
    hits = backend.search(q("供水价格"), Filters(), 10)
    assert hits[1] == len(batch)
    assert ids(backend, "第一二三号公告")[0] == 1123


def test_topic_words_spread_over_a_title_beat_bodies_repeating_one_of_them(backend: SearchBackend) -> None:
    """Every query word in the title names the document's subject, even when other documents'
    bodies repeat one of the words many times."""
    body = "青岛市燃气条例。" * 30
    noise = [doc(2000 + i, f"青岛市第{i}号条例汇编", body) for i in range(30)]
    target = doc(2100, "青岛市燃气经营与使用安全管理条例", "为了规范经营活动，保障公共安全，制定本条例。" * 20)
    backend.index([*noise, target])
    assert ids(backend, "青岛市 燃气 条例")[0] == 2100


def test_a_short_names_full_name_in_the_title_outranks_bodies_citing_it(backend: SearchBackend) -> None:
    """民诉法: the law's title holds none of the short name's own words; other titles hold more
    of the full name's words, and their bodies cite it."""
    backend.index(
        [
            doc(101, "民事诉讼诉讼法学习问答", "依照民事诉讼法办理。民事诉讼法规定"),
            doc(102, "民事诉讼", "民事诉讼法第一条"),
            doc(103, "中华人民共和国民事诉讼法", "为保护当事人行使诉讼权利，制定本法。"),
        ]
    )
    query = Query(
        terms=query_tokens("民诉法") + query_tokens("民事诉讼法"),
        phrase=phrase_tokens("民诉法"),
        alias_phrases=[phrase_tokens("民事诉讼法")],
    )
    assert backend.search(query, Filters(), 10)[0][0].id == 103


# --- files (attachments, issue 24 item 2): a field of their own, weighted below title and body ---

FILE_TEXT = "附件1 城镇老旧小区改造项目资金分配表\n序号 小区名称 改造内容 补助资金（万元）\n1 青春家园 外墙保温 120"


def test_a_phrase_only_in_a_file_finds_its_item(backend: SearchBackend) -> None:
    backend.index([doc(10, "关于下达2026年第二批项目资金的通知", "各街道：现将资金下达给你们。", files=FILE_TEXT)])
    assert ids(backend, "老旧小区改造项目资金")[0] == 10
    assert ids(backend, "外墙保温") == [10]
    assert ids(backend, "资金分配表", Filters(unit_id=1)) == [10]  # filters apply to file matches
    assert ids(backend, "资金分配表", Filters(unit_id=2)) == []


def test_a_title_match_ranks_above_a_file_only_match(backend: SearchBackend) -> None:
    # 11 has the words many times over in a file; 12 once, in its title.
    backend.index(
        [
            doc(11, "关于下达项目资金的通知", "现将资金下达。", files="城镇老旧小区改造实施方案。" * 40),
            doc(12, "城镇老旧小区改造实施方案", "为改善居住条件，制定本方案。"),
        ]
    )
    assert ids(backend, "老旧小区改造实施方案")[:2] == [12, 11]
    assert ids(backend, "老旧小区 改造")[:2] == [12, 11]


def test_a_body_match_ranks_above_a_file_only_match(backend: SearchBackend) -> None:
    backend.index(
        [
            doc(13, "关于下达项目资金的通知", "现将资金下达。", files="对符合条件的困难家庭给予临时救助。" * 10),
            doc(14, "临时救助办法", "第三条 对符合条件的困难家庭给予临时救助，并及时公开。"),
        ]
    )
    assert ids(backend, "符合条件的困难家庭给予临时救助")[:2] == [14, 13]


def test_reindexing_without_the_file_and_deleting_remove_its_text(backend: SearchBackend) -> None:
    backend.index([doc(15, "关于下达项目资金的通知", "现将资金下达。", files=FILE_TEXT)])
    assert ids(backend, "外墙保温") == [15]
    backend.index([doc(15, "关于下达项目资金的通知", "现将资金下达。")])  # the file taken down
    assert ids(backend, "外墙保温") == [] and ids(backend, "下达项目资金")[0] == 15
    backend.index([doc(15, "关于下达项目资金的通知", "现将资金下达。", files=FILE_TEXT)])
    backend.delete([15])  # the item withdrawn
    assert ids(backend, "外墙保温") == [] and ids(backend, "下达项目资金") == []


def test_a_phrase_deep_inside_a_long_file(backend: SearchBackend) -> None:
    """A file of many pages: a phrase near its end is found (the PostgreSQL backend keeps files
    in parts; a phrase across the boundary of two parts is inside their overlap)."""
    filler = "".join(f"第{i}条 本项目按照规定程序组织实施并接受监督。" for i in range(3000))
    across = filler[:19_990] + "特别困难群众一次性生活补贴发放明细" + filler  # across 20,000
    near_end = filler + "城乡特困人员救助供养资金明细表" + filler[:500]
    backend.index(
        [
            doc(16, "关于印发实施细则的通知", "详见附件。", files=across),
            doc(17, "关于印发实施细则的通知", "详见附件。", files=near_end),
        ]
    )
    assert ids(backend, "特别困难群众一次性生活补贴")[0] == 16
    assert ids(backend, "特困人员救助供养资金")[0] == 17
