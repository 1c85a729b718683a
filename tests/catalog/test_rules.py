"""Plain rules: the working-day limit a 公开时限 text states, and the spellings of coded columns."""

from __future__ import annotations

import pytest

from gongkai.catalog import rules


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("作出行政处罚决定之日起7个工作日内", 7),
        ("收到批准文件之日起十五个工作日内", 15),
        ("中标、成交供应商确定之日起2个工作日内", 2),
        ("自形成之日起５个工作日内", 5),
        ("信息形成或者变更之日起20个工作日内", None),  # the statutory period is not "stricter"
        ("信息形成或者变更之日起二十个工作日内", None),
        ("批准后20日内", None),  # calendar days are not working days
        ("预告时间不少于10个工作日", None),  # how long a notice stays up, not a deadline
        ("预警发布后即时公开", None),
        ("", None),
    ],
)
def test_stricter_working_days(text: str, days: int | None) -> None:
    assert rules.stricter_working_days(text) == days


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("七", 7),
        ("十", 10),
        ("十五", 15),
        ("二十", 20),
        ("二十三", 23),
        ("两", 2),
        ("十十", None),
        ("百", None),
        ("", None),
    ],
)
def test_chinese_number(text: str, number: int | None) -> None:
    assert rules.chinese_number(text) == number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("区（县）级", "county"),
        ("区(县)级", "county"),
        ("县级", "county"),
        (" 乡级 ", "township"),
        ("街道（乡镇）级", "township"),
        ("市级", None),
        ("", None),
    ],
)
def test_level_spellings(text: str, value: str | None) -> None:
    assert rules.parse_choice(text, rules.LEVEL_SPELLINGS) == value


def test_audience_and_mode_spellings() -> None:
    assert rules.parse_choice("全社会", rules.AUDIENCE_SPELLINGS) == "public"
    assert rules.parse_choice("特定群众", rules.AUDIENCE_SPELLINGS) == "specific"
    assert rules.parse_choice("主动", rules.MODE_SPELLINGS) == "proactive"
    assert rules.parse_choice("依申请公开", rules.MODE_SPELLINGS) == "on_request"
    assert rules.parse_choice("所有人", rules.AUDIENCE_SPELLINGS) is None
