"""The one personal-data detector (gongkai.personaldata; issue 15, point 3; RULINGS.md 6 and 7),
read against the variant corpus in tests/data/personal_data_variants.jsonl: each case is a text
as people type it, the context it is read in, what must be found and the masked text."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from gongkai import personaldata
from gongkai.personaldata import CITIZEN, PUBLICATION, Kind

CORPUS = Path(__file__).parent / "data" / "personal_data_variants.jsonl"


def variants() -> list[dict[str, Any]]:
    return [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]


def kinds(context: str) -> frozenset[Kind]:
    return CITIZEN if context == "citizen" else PUBLICATION


@pytest.mark.parametrize("case", variants(), ids=lambda case: case["case"])
def test_the_variant_corpus(case: dict[str, Any]) -> None:
    found = personaldata.find(case["text"], kinds(case["context"]))
    assert [f.kind.value for f in found] == case["found"]
    assert personaldata.mask(case["text"], kinds(case["context"])) == case["masked"]


def test_the_corpus_holds_every_variant_the_security_probe_named() -> None:
    texts = " ".join(case["text"] for case in variants() if case["found"])
    for named in ["0477-8581239", "139 0478 0001", "139-0478-0002", "+8613904780003", "１３９", "＠",
                  "150102 19880101 0012", "150102880101001", "@example.cn", "号3单元402室"]:  # fmt: skip
        assert named in texts, named


def test_masking_keeps_what_is_around_a_finding_in_full_width_text() -> None:
    text = "请联系：１３９　０４７８　０００１，谢谢"
    [finding] = personaldata.find(text)
    assert text[finding.start : finding.end] == "１３９　０４７８　０００１"  # offsets into the text as given
    assert personaldata.mask(text) == "请联系：139****0001，谢谢"


def test_the_governments_own_numbers_are_not_personal() -> None:
    public = personaldata.public_values(["0477-8581239、8581240", "gkb@kbs.gov.cn"])
    text = "我打了0477-8581239和8581240都没人接，也发了邮件到gkb@kbs.gov.cn，我的手机13904780001"
    assert [f.kind for f in personaldata.find(text, CITIZEN, public)] == [Kind.MOBILE]
    assert "0477-8581239" in personaldata.mask(text, CITIZEN, public)


def test_every_id_number_with_a_valid_check_character_is_found() -> None:
    first17 = "15062719900307123"
    number = first17 + personaldata.check_character(first17)
    assert personaldata.valid_id_number(number) and personaldata.find(f"号码{number}")[0].kind == Kind.ID_NUMBER
    assert personaldata.masked(personaldata.find(number)[0]) == "150627********" + number[-4:]  # RULINGS.md 7


def test_the_summary_counts_and_never_shows_the_values() -> None:
    found = personaldata.find("13904780001、13904780002，身份证150203199001011232")
    assert personaldata.summary(found) == "身份证号1处、手机号码2处"
