"""The contract every search backend passes (STYLE habit 10). Each backend listed in BACKENDS
runs the same tests; a backend that needs a server is included when that server is the test
database."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connection
from django.utils.module_loading import import_string

from gongkai.search.backends.base import Query, SearchBackend
from gongkai.search.documents import Filters, SearchDocument
from gongkai.search.present import Result, present
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
    carried: bool = False,
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
        carried=carried,
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


# --- the engine over each backend (issue 17, points 4 and 5): the famous name first, the
# district's own currently valid documents first on equal relevance, 文号 typed loosely ---


@pytest.fixture
def engine(backend: SearchBackend, monkeypatch: pytest.MonkeyPatch) -> SearchBackend:
    """The shared engine (gongkai.search.engine.search) asking this backend."""
    from gongkai.search import engine as engine_module

    monkeypatch.setattr(engine_module, "get_backend", lambda: backend)
    return backend


def found(text: str, **filters: object) -> list[int]:
    from gongkai.search.engine import search

    return [h.id for h in search(text, Filters(**filters), 0, 10).hits]  # type: ignore[arg-type]


CIVIL_CODE_BODY = "第一条 为了保护民事主体的合法权益，调整民事关系，维护社会和经济秩序，制定本法。" * 20
INTERPRETATIONS = ["时间效力的若干规定", "物权编的解释（一）", "总则编若干问题的解释", "继承编的解释（一）"]


def _civil_code_corpus(code_titles: list[str]) -> list[SearchDocument]:
    """Judicial interpretations whose titles and bodies say 民法典 over and over (they ranked
    above the code itself), and the code (one document, or its books)."""
    citing = "根据《中华人民共和国民法典》，民法典施行后，适用民法典的规定。" * 15
    docs = [
        doc(300 + i, f"最高人民法院关于适用《中华人民共和国民法典》{name}", citing, kind="policy", carried=True)
        for i, name in enumerate(INTERPRETATIONS)
    ]
    return docs + [
        doc(320 + i, title, CIVIL_CODE_BODY, kind="policy", carried=True, level="national")
        for i, title in enumerate(code_titles)
    ]


def test_the_common_name_of_a_code_ranks_the_code_first(engine: SearchBackend) -> None:
    engine.index(_civil_code_corpus(["中华人民共和国民法典"]))
    assert found("民法典")[0] == 320
    assert found("《民法典》")[0] == 320
    assert found("中华人民共和国民法典")[0] == 320


def test_the_books_of_a_code_carry_its_name_and_are_one_hit(engine: SearchBackend) -> None:
    """A code stored as books (中华人民共和国民法典·总则 …) is still what 民法典 names, and its
    books are one hit (the best-ranked one), not one each."""
    engine.index(_civil_code_corpus(["中华人民共和国民法典·总则", "中华人民共和国民法典·物权编"]))
    hits = found("民法典")
    assert hits[0] in {320, 321} and not {320, 321} <= set(hits)


@pytest.fixture
def civil_code(engine: SearchBackend, government: object, tmp_path: Path) -> SearchBackend:
    """The eight books of the 民法典 and an interpretation citing it, imported and indexed in
    this backend alone."""
    from gongkai.search.documents import searchable
    from tests.policies.civil_code import import_civil_code

    import_civil_code(tmp_path)
    engine.clear()
    engine.index(list(searchable()))
    return engine


def shown(text: str) -> list[Result]:
    from gongkai.search.engine import search

    found_ = search(text, Filters(), 0, 10)
    return present(found_.hits, text, found_.full_names)


def test_a_code_in_books_is_one_result_for_its_name_with_its_parts(civil_code: SearchBackend) -> None:
    """API.md, Search: one result for its own name, with the source_id of its first part and
    ``parts``, the other parts' source ids in order (issue 17, point 4)."""
    from tests.policies.civil_code import FIRST_ID, OTHER_IDS, WHOLE

    for query in ("民法典", "中华人民共和国民法典", "《民法典》"):
        results = shown(query)
        first = results[0]
        assert (first.title, first.source_id, first.parts) == (WHOLE, FIRST_ID, OTHER_IDS)
        assert [r.title for r in results].count(WHOLE) == 1
        assert not any("·" in r.title for r in results)
        assert "/xxgk/policies/code/" in first.url


def test_a_hit_in_one_book_leads_into_the_whole(civil_code: SearchBackend) -> None:
    """要约 is only in the text of 合同编, the third book: the result is the whole, at that book."""
    from tests.policies.civil_code import FIRST_ID, OTHER_IDS, WHOLE

    [result] = shown("要约")
    assert (result.title, result.source_id, result.parts) == (WHOLE, FIRST_ID, OTHER_IDS)
    assert result.url.endswith("#part-3") and "<mark>要约</mark>" in result.snippet


def test_a_short_names_document_ranks_first(engine: SearchBackend) -> None:
    """个保法 (an alias of the office's dictionary) names the law, not the texts citing it."""
    citing = "依照《中华人民共和国个人信息保护法》处理个人信息，个人信息保护法规定" * 10
    engine.index(
        [
            doc(330, "关于贯彻落实个人信息保护法的实施意见", citing),
            doc(331, "中华人民共和国个人信息保护法（2021年）", "为了保护个人信息权益，制定本法。", carried=True),
        ]
    )
    assert found("个保法")[0] == 331


def _subsistence_corpus() -> list[SearchDocument]:
    """低保: another city's and the State Council's regulations, whose bodies say 最低生活保障 far
    more often than the district's own 办法 (they ranked above it), and the district's own
    older, repealed 办法."""
    many = "最低生活保障标准，最低生活保障对象，最低生活保障资金。" * 20
    return [
        doc(340, "重庆市城乡居民最低生活保障条例", many, kind="policy", carried=True, level="city"),
        doc(341, "城市居民最低生活保障条例", many, kind="policy", carried=True, level="national"),
        doc(342, "康巴什区城乡居民最低生活保障实施办法", "第一条 为规范低保工作，制定本办法。", kind="policy"),
        doc(343, "康巴什区城乡居民最低生活保障暂行办法", many, kind="policy", validity="repealed"),
        doc(344, "关于做好社会救助工作的通知", "落实最低生活保障政策。", kind="item"),
    ]


def test_the_districts_own_valid_document_comes_first_on_equal_relevance(engine: SearchBackend) -> None:
    engine.index(_subsistence_corpus())
    for query in ("低保", "最低生活保障"):
        ranked = found(query)
        # the district's own, currently valid (342, and 2 of CORPUS) before the carried ones
        assert set(ranked[:2]) == {2, 342} and ranked.index(342) < min(ranked.index(340), ranked.index(341)), query
        assert ranked.index(343) > max(ranked.index(340), ranked.index(341)), query  # repealed: last of the titles
        assert ranked.index(344) > ranked.index(343), query  # only in the body: below every title match


def test_an_exact_name_outranks_the_districts_own_title_matches(engine: SearchBackend) -> None:
    """Preference orders equal relevance only: the document a query names stays first."""
    engine.index(_subsistence_corpus())
    assert found("城市居民最低生活保障条例")[0] == 341


@pytest.mark.parametrize(
    "typed",
    [
        "康民发〔2026〕12号",
        "康民发2026 12号",
        "康民发（2026）12号",
        "康民发〔2026〕第12号",
        "康民发[2026]012号",
        "康民发2026年12号",
        "康民发 ( 2026 ) 12 号",
    ],
)
def test_a_doc_number_typed_loosely_finds_the_document(engine: SearchBackend, typed: str) -> None:
    engine.index(
        [
            doc(350, "关于调整特困人员救助供养标准的通知", "经研究决定。", number="康民发〔2026〕12号"),
            doc(351, "关于开展低保专项治理的通知", "经研究决定。", number="康民发〔2026〕1号"),
            doc(352, "关于做好冬季救助的通知", "经研究决定。", number="康民发〔2026〕120号"),
            doc(353, "关于印发2026年12号文件学习安排的通知", "康民发2026年度安排。", number="康财发〔2026〕12号"),
        ]
    )
    assert found(typed)[0] == 350


def test_a_doc_number_with_a_serial_written_with_di_is_indexed_like_without(engine: SearchBackend) -> None:
    engine.index([doc(354, "关于下达资金的通知", "经研究决定。", number="康财发〔2026〕第007号")])
    assert found("康财发〔2026〕7号")[0] == 354
