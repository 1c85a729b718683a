"""Issue 17, point 16: a letter quotes the application's words mid-sentence, so their own end
mark goes (申请获取“…依据”。, never “…依据。”。) and quotation marks inside become ‘’ (GB/T
15834-2011). Every letter kind opens with the same sentence (``content._intro``)."""

from __future__ import annotations

import pytest

from gongkai.foi.letters import build
from tests.foi.test_letters import context

INTRO_END = "（文号："  # the intro goes on with the document number when there is one


def intro(description: str, kind: str = "reply") -> str:
    return build(context(kind, description=description, doc_number="")).paragraphs[0]


@pytest.mark.parametrize(
    ("description", "quoted"),
    [
        ("2026年低保标准调整的测算依据。", "“2026年低保标准调整的测算依据”。"),
        ("能否提供2026年低保标准的测算依据？", "“能否提供2026年低保标准的测算依据”。"),
        ("请公开2026年低保资金发放明细！", "“请公开2026年低保资金发放明细”。"),
        ("请公开2026年低保资金发放明细。\n", "“请公开2026年低保资金发放明细”。"),
        ("请提供“关于调整低保标准的通知”", "“请提供‘关于调整低保标准的通知’”。"),
        ("请提供“关于调整低保标准的通知。”", "“请提供‘关于调整低保标准的通知’”。"),
        ("请提供“关于调整低保标准的通知”。", "“请提供‘关于调整低保标准的通知’”。"),
        ("请提供《关于调整低保标准的通知》", "“请提供《关于调整低保标准的通知》”。"),
        ("2026年低保标准调整的测算依据", "“2026年低保标准调整的测算依据”。"),
    ],
)
def test_the_quoted_request_ends_once(description: str, quoted: str) -> None:
    text = intro(description)
    assert text.endswith("申请获取" + quoted), text
    assert "。”。" not in text and "？”。" not in text and "！”。" not in text


@pytest.mark.parametrize("kind", ["reply", "correction", "extension", "fee"])
def test_every_letter_to_the_applicant_quotes_alike(kind: str) -> None:
    assert intro("2026年低保标准调整的测算依据。", kind).endswith("“2026年低保标准调整的测算依据”。")


def test_the_whole_letter_never_ends_a_quote_twice() -> None:
    text = build(context("reply", description="低保标准的测算依据。")).text()
    assert "。”。" not in text
    assert "申请获取“低保标准的测算依据”" in text
