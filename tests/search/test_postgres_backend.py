"""What the PostgreSQL backend adds beyond the shared contract (tests/search/test_contract.py):
conjunctive channels before the bounded OR ones, title character pairs, four-character strings
for typed spans. Runs only when the test database is PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import connection

from gongkai.search.backends.base import Query
from gongkai.search.backends.postgres_backend import PostgresBackend
from gongkai.search.documents import Filters
from gongkai.search.engine import prepare
from tests.search.test_contract import doc

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL backend: needs a PostgreSQL test database"
)


@pytest.fixture
def backend(db: object) -> Iterator[PostgresBackend]:
    instance = PostgresBackend()
    instance.clear()
    yield instance
    instance.clear()


def ids(backend: PostgresBackend, query: Query, filters: Filters | None = None) -> list[int]:
    return [h.id for h in backend.search(query, filters or Filters(), 10)[0]]


def test_topic_words_spread_over_a_title_among_many_or_matches(backend: PostgresBackend) -> None:
    # 900 titles hold one of the words each (more than any OR channel reads); one holds all three.
    noise = [doc(i, f"关于{word}第{i}号事项的说明", "正文") for i, word in enumerate(["供热", "管理", "价格"] * 300)]
    target = doc(5000, "城市供热设施运行管理与收费价格监督办法", "正文")
    backend.index([*noise, target])
    assert ids(backend, prepare("供热 价格 管理", []))[0] == 5000


def test_title_fragment_cut_mid_word(backend: PostgresBackend) -> None:
    backend.index(
        [
            doc(1, "康巴什区城乡居民最低生活保障实施细则", "正文"),
            doc(2, "城乡居民医疗保险办法", "最低生活保障"),
            doc(3, "最低工资规定", "正文"),
        ]
    )
    assert ids(backend, prepare("乡居民最低生", []))[0] == 1


def test_span_deep_in_a_long_body(backend: PostgresBackend) -> None:
    """A tsvector keeps 256 positions of a word and none past 16,383: a phrase there is still
    found, by its four-character strings."""
    long_body = "依照本条例规定办理有关事项。" * 3000 + "第九十九条申请人应当按照本条例规定提交书面材料。"
    backend.index([doc(1, "甲条例", long_body), doc(2, "乙条例", "申请人应当提交材料。本条例规定。")])
    assert ids(backend, prepare("请人应当按照本条例规定提交书", []))[0] == 1


def test_no_document_with_every_word_falls_back_to_any(backend: PostgresBackend) -> None:
    backend.index([doc(1, "关于做好冬季供热保障的通知", "居民温暖过冬"), doc(2, "价格监督办法", "正文")])
    assert ids(backend, prepare("供热 量子计算", [])) == [1]


def test_filters_apply_to_every_channel(backend: PostgresBackend) -> None:
    backend.index([doc(1, "城乡居民最低生活保障办法", unit=1), doc(2, "城乡居民最低生活保障办法", unit=2)])
    assert ids(backend, prepare("居民最低生活保障", []), Filters(unit_id=2)) == [2]
    assert ids(backend, prepare("量子 保障", []), Filters(unit_id=1)) == [1]


def test_quotes_and_operators_in_a_query_are_text(backend: PostgresBackend) -> None:
    backend.index([doc(1, "关于供热的通知", "正文")])
    for text in ["供热' | '通知", "供热 & !通知 \\", "'':*", "<-> 供热"]:
        backend.search(prepare(text, []), Filters(), 10)  # no SQL or tsquery syntax error
    assert ids(backend, prepare("供热' | '通知", [])) == [1]
