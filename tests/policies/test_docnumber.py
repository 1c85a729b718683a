"""文号 normalisation: every way people type a number gives one key."""

from __future__ import annotations

import pytest

from gongkai.policies.docnumber import normalise_doc_number

CANONICAL = "国办发〔2016〕80号"


@pytest.mark.parametrize(
    "typed",
    [
        "国办发〔2016〕80号",
        "国办发[2016]80号",
        "国办发(2016)80号",
        "国办发（2016）80号",
        "国办发［2016］80号",
        "国办发【2016】80号",
        "国办发〖2016〗80号",
        "国办发﹝2016﹞80号",
        "国办发{2016}80号",
        "国办发〔２０１６〕８０号",
        "国办发［２０１６］８０号",
        " 国办发 〔2016〕 80 号 ",
        "国办发\u3000〔2016〕\u300080号",
        "国办发\t[2016]\n80号",
        "中华人民共和国国办发〔2016〕80号",
        "国办发[2016〕80号",
    ],
)
def test_variants_give_one_key(typed: str) -> None:
    assert normalise_doc_number(typed) == CANONICAL


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("中华人民共和国国务院令第711号", "国务院令第711号"),
        ("国务院令第７１１号", "国务院令第711号"),
        ("法释(2022)17号", "法释〔2022〕17号"),
        ("法释〔2022〕17号", "法释〔2022〕17号"),
        ("ＸＸ发〔2020〕1号", "XX发〔2020〕1号"),
        ("国家市场监督管理总局令第56号", "国家市场监督管理总局令第56号"),
        ("劳社部发〔2008〕3号", "劳社部发〔2008〕3号"),
        ("康民发【2026】12号", "康民发〔2026〕12号"),
    ],
)
def test_known_numbers(typed: str, key: str) -> None:
    assert normalise_doc_number(typed) == key


@pytest.mark.parametrize("empty", [None, "", "   ", "\u3000"])
def test_empty_gives_empty(empty: str | None) -> None:
    assert normalise_doc_number(empty) == ""


def test_different_numbers_stay_different() -> None:
    assert normalise_doc_number("国办发〔2016〕80号") != normalise_doc_number("国办发〔2016〕8号")
    assert normalise_doc_number("国办发〔2016〕80号") != normalise_doc_number("国办函〔2016〕80号")


def test_idempotent() -> None:
    for typed in ["国办发[2016]80号", "中华人民共和国主席令第1号", "法释（２０２２）17号"]:
        once = normalise_doc_number(typed)
        assert normalise_doc_number(once) == once


def test_only_a_leading_country_name_is_dropped() -> None:
    assert normalise_doc_number("中华人民共和国主席令第12号") == "主席令第12号"
    assert normalise_doc_number("关于中华人民共和国国旗的决定") == "关于中华人民共和国国旗的决定"
