"""Resident ID numbers (GB 11643-1999), tracking codes and masking. Plain functions."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.foi import idcard, masking, tracking

# The GB 11643-1999 worked example: 11010519491231002X.
EXAMPLE = "11010519491231002X"


def test_the_standard_example_is_valid() -> None:
    assert idcard.validate(EXAMPLE) == EXAMPLE
    assert idcard.validate("11010519491231002x") == EXAMPLE
    assert idcard.validate("１１０１０５１９４９１２３１００２Ｘ") == EXAMPLE


@pytest.mark.parametrize(
    ("number", "words"),
    [
        ("110105194912310021", "校验码错误"),
        ("1101051949123100", "18位"),
        ("11010519491331002X", "出生日期"),
        ("01010519491231002X", "行政区划"),
        ("11010519491231A02X", "数字"),
    ],
)
def test_wrong_numbers_say_what_is_wrong(number: str, words: str) -> None:
    with pytest.raises(idcard.IdNumberError, match=words):
        idcard.validate(number)


def test_a_birth_date_in_the_future_is_refused() -> None:
    number = idcard.make("15060220300101123")
    with pytest.raises(idcard.IdNumberError, match="出生日期"):
        idcard.validate(number, today=dt.date(2026, 12, 1))


@given(
    st.from_regex(r"[1-6][0-9]{5}(19[5-9][0-9]|200[0-9])(0[1-9]|1[0-2])(0[1-9]|1[0-9]|2[0-8])[0-9]{3}", fullmatch=True)
)
def test_made_numbers_validate_and_one_changed_digit_does_not(first17: str) -> None:
    number = idcard.make(first17)
    assert idcard.validate(number) == number
    changed = first17[:16] + str((int(first17[16]) + 1) % 10)
    with pytest.raises(idcard.IdNumberError):
        idcard.validate(changed + number[17])


def test_tracking_codes_are_unambiguous_and_read_back() -> None:
    code = tracking.new_code(2026)
    assert code.startswith("YSQ-2026-")
    assert tracking.normalise(code) == code
    assert tracking.normalise(code.lower().replace("-", " ")) == code
    assert tracking.normalise("ysq2026 o1l0 abcd") == "YSQ-2026-0110-ABCD"
    assert tracking.normalise("YSQ-2026-ABCD") is None
    assert tracking.normalise("<script>") is None
    assert len({tracking.new_code(2026) for _ in range(1000)}) == 1000


def test_masks() -> None:
    assert masking.mask_id_number("150602199001011238") == "150602********1238"
    assert masking.mask_phone("13812341234") == "138****1234"
    assert masking.mask_phone("0477-8599000") == "********9000"
    assert masking.mask_name("张三") == "张*"
    assert masking.mask_name("欧阳修文") == "欧阳**"
    assert masking.mask_text("康巴什区市民中心") == "康*******"
