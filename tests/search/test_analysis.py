"""One segmentation per text (text.analyse) and its worker processes (text.analyse_many): the fast
paths give exactly what the plain definitions give, and a failing worker costs speed, never data."""

from __future__ import annotations

import itertools
import unicodedata

import pytest
import rjieba

from gongkai.search import text, workers
from gongkai.search.text import analyse, analyse_many, bigrams, index_tokens, normalise, pairs, phrase_tokens

SAMPLES = [
    "中华人民共和国政府信息公开条例（２０１９年修订）",
    "第一条　为了保障公民、法人和其他组织依法获取政府信息，提高政府工作的透明度；制定本条例。\n第二条 …",
    "国办发〔2017〕47号：关于印发《优化营商环境条例》的通知 ABC，ｄｅｆ ①②",
    "ﬁ ㎞ Ⅻ ﹝2020﹞ 全角：，；（）",  # compatibility characters beyond the frequent ones
    "",
    "税",
    "e\u0301 combining",  # a combining mark NFKC composes
]


@pytest.mark.parametrize("sample", SAMPLES)
def test_normalise_equals_plain_nfkc(sample: str) -> None:
    assert normalise(sample) == " ".join(unicodedata.normalize("NFKC", sample).lower().split())


@pytest.mark.parametrize("step", [1, 2, 3])
@pytest.mark.parametrize("compact", ["", "a", "ab", "abc", "政府信息公开", "政府信息公开条例x"])
def test_pairs_are_the_character_pairs_every_step(compact: str, step: int) -> None:
    expected = [a + b for a, b in itertools.pairwise(compact)][::step]
    assert pairs(compact, step).split() == expected


def test_bigrams_keep_letters_digits_and_han_only() -> None:
    assert bigrams("国办发〔2017〕") == ["国办", "办发", "发2", "20", "01", "17"]


@pytest.mark.parametrize("sample", SAMPLES)
def test_analysis_phrase_is_the_precise_cut_without_punctuation(sample: str) -> None:
    text._load_terms()
    expected = [t for t in rjieba.cut(normalise(sample)) if t.strip() and text._WORD.search(t)]
    assert analyse(sample).phrase.split() == expected == phrase_tokens(sample)


def test_analysis_adds_the_words_inside_long_words_without_stopwords() -> None:
    words = analyse("中华人民共和国政府信息公开条例的规定").words.split()
    assert {"政府信息公开条例", "政府", "信息", "公开", "条例", "共和国", "人民"} <= set(words)
    assert "的" not in words
    assert index_tokens("关于，的。") == []


def test_many_texts_in_workers_equal_one_by_one() -> None:
    texts = [f"{SAMPLES[i % len(SAMPLES)]} 第{i}条 行政许可" for i in range(text.PARALLEL_FROM + 50)]
    expected = [analyse(t) for t in texts]
    assert list(analyse_many(texts, parallel=True)) == expected
    assert list(analyse_many(texts, parallel=False)) == expected


def test_a_failed_worker_falls_back_to_this_process(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [f"政府信息公开 {i}" for i in range(text.PARALLEL_FROM)]

    class Broken:
        def map(self, texts: list[str], chunk: int) -> object:
            yield analyse(texts[0])  # one answer arrives, then the worker dies
            raise workers.WorkerFailed("worker exited")

    monkeypatch.setattr(text, "_workers", lambda: 2)
    monkeypatch.setattr(workers, "pool", lambda count: Broken())
    assert list(analyse_many(texts)) == [analyse(t) for t in texts]


def test_a_killed_worker_process_is_replaced() -> None:
    pool = workers.Pool(2)
    try:
        texts = [f"信息公开 {i}" for i in range(40)]
        assert list(pool.map(texts, 5)) == [analyse(t) for t in texts]
        pool.workers[0].process.kill()
        pool.workers[0].process.wait()
        assert list(pool.map(texts, 5)) == [analyse(t) for t in texts]
    finally:
        pool.stop()
