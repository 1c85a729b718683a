"""What a search result is labelled (issue 17, point 6): laws by their branch, the district's own
policies as 本级规范性文件, other kinds by name; validity in words."""

from __future__ import annotations

from types import SimpleNamespace

from gongkai.search.labels import kind_label, validity_label


def policy(category: str) -> SimpleNamespace:
    return SimpleNamespace(category=category)


def test_carried_policies_are_labelled_by_their_category() -> None:
    assert kind_label("policy", policy("民法典"), carried=True) == "法律"
    assert kind_label("policy", policy("社会法"), carried=True) == "法律"
    assert kind_label("policy", policy("行政法规"), carried=True) == "行政法规"
    assert kind_label("policy", policy("地方性法规"), carried=True) == "地方性法规"
    assert kind_label("policy", policy("司法解释"), carried=True) == "司法解释"
    assert kind_label("policy", policy(""), carried=True) == "上级文件"


def test_the_districts_own_and_other_kinds() -> None:
    assert kind_label("policy", policy("行政规范性文件"), carried=False) == "本级规范性文件"
    assert kind_label("policy", None, carried=False) == "本级规范性文件"
    assert kind_label("interpretation", None, carried=False) == "政策解读"
    assert kind_label("answer", None, carried=False) == "答问"
    assert kind_label("item", None, carried=False) == "政府信息"


def test_validity_in_words() -> None:
    assert [validity_label(v) for v in ("valid", "amended", "repealed", "")] == ["有效", "已修改", "已废止", ""]
