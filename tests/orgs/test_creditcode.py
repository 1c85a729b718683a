import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.orgs import creditcode

# Published codes: the GB 32100-2015 example and two real organs/companies.
REAL = ["91350100M000100Y43", "11100000000013127D", "91110000802100433B"]


@pytest.mark.parametrize("code", REAL)
def test_real_codes_are_valid(code: str) -> None:
    assert creditcode.validate(code) == code


def test_wrong_check_character_names_the_expected_one() -> None:
    with pytest.raises(creditcode.CreditCodeError) as err:
        creditcode.validate("91350100M000100Y44")
    assert "第18位应为3" in err.value.reason


@pytest.mark.parametrize(
    ("code", "fragment"),
    [
        ("91350100M000100Y4", "应为18位"),
        ("91350100M000100YI3", "不允许的字符"),
        ("9135A100M000100Y43", "行政区划"),
    ],
)
def test_malformed_codes_say_why(code: str, fragment: str) -> None:
    with pytest.raises(creditcode.CreditCodeError) as err:
        creditcode.validate(code)
    assert fragment in err.value.reason


def test_full_width_and_lower_case_are_normalised() -> None:
    assert creditcode.validate("９１３５０１００m０００１００y４３") == "91350100M000100Y43"


def test_org_code_check_character() -> None:
    # 国务院办公厅's organisation code 00001312-7 sits inside 11100000000013127D.
    assert creditcode.org_code_check("00001312") == "7"


body = st.text(alphabet=creditcode.ALPHABET, min_size=8, max_size=8)


@given(prefix=st.sampled_from(["11", "12", "91", "51"]), division=st.from_regex(r"\A[0-9]{6}\Z"), org=body)
def test_made_codes_validate_and_any_single_change_is_caught(prefix: str, division: str, org: str) -> None:
    code = creditcode.make(prefix, division, org)
    assert creditcode.is_valid(code)
    # Changing the check character to any other symbol is always detected.
    for other in creditcode.ALPHABET:
        if other != code[-1]:
            assert not creditcode.is_valid(code[:-1] + other)
