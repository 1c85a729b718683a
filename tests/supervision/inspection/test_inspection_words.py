"""The word scan: the office's dictionaries against published titles and bodies."""

from __future__ import annotations

from gongkai.supervision.inspection import rules, words
from gongkai.supervision.inspection.words import Dictionary, Text, Word

PREMIER = Word("wrong", "国务院总埋", "国务院总理", veto=True)
TYPO = Word("wrong", "截止目前", "截至目前")
BANNED = Word("sensitive", "网络赌博", veto=True)


def test_finds_each_word_once_in_order() -> None:
    found = Dictionary([PREMIER, TYPO, BANNED]).find("截止目前，国务院总埋强调……截止目前")
    assert found == [TYPO, PREMIER]


def test_the_longest_entry_wins_and_sensitive_words_are_found_inside_wrong_ones() -> None:
    short = Word("wrong", "总埋", "总理")
    inside = Word("sensitive", "院总")
    found = Dictionary([short, PREMIER, inside]).find("国务院总埋")
    assert PREMIER in found and short not in found and inside in found


def test_wrong_word_finding_names_the_item_the_word_and_the_correct_form() -> None:
    text = Text("关于做好防汛工作的通知", "<p>据国务院总埋&nbsp;指示</p>", "/xxgk/items/7/", unit_id=3)
    [hit] = words.scan([text], Dictionary([PREMIER, TYPO]))
    assert hit.rule == rules.WRONG_WORD and hit.veto and hit.points == 0
    assert hit.url == "/xxgk/items/7/" and hit.target == "国务院总埋" and hit.unit_id == 3
    assert "“国务院总埋”，应为“国务院总理”" in hit.detail and "关于做好防汛工作的通知" in hit.detail


def test_plain_typos_are_deductions_and_sensitive_words_say_so() -> None:
    text = Text("截止目前的进展", "<p>严禁<b>网络</b>赌博</p>", "/xxgk/items/8/")
    typo, banned = words.scan([text], Dictionary([TYPO, BANNED]), points=2)
    assert typo.points == 2 and not typo.veto
    assert banned.rule == rules.SENSITIVE_WORD and banned.veto and "网络赌博" in banned.detail


def test_markup_is_not_text_but_entities_are() -> None:
    assert words.plain_text("<p>国务院&#24635;埋</p>") == "国务院总埋"
    assert Dictionary([Word("sensitive", "span")]).find(words.plain_text("<span>正文</span>")) == []


def test_an_empty_dictionary_finds_nothing() -> None:
    assert words.scan([Text("国务院总埋", "", "/x/")], Dictionary([])) == []


def test_a_few_thousand_items_against_a_large_dictionary() -> None:
    """Every hit among 3,000 long items and 501 words (the scan's speed is a benchmark's, not a test's)."""
    dictionary = Dictionary([Word("wrong", f"错词{i:03d}", f"正词{i:03d}") for i in range(500)] + [PREMIER])
    body = "<p>" + "依法做好政府信息公开工作，" * 200 + "</p>"
    texts = [Text(f"信息{i}", body + ("国务院总埋" if i % 100 == 0 else ""), f"/i/{i}/") for i in range(3000)]
    hits = words.scan(texts, dictionary)
    assert len(hits) == 30 and {h.target for h in hits} == {"国务院总埋"}
