"""An operator sets up a real installation with ``manage.py setup_site``, without the demo district."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client

from gongkai.audit.models import AuditEntry
from gongkai.orgs.models import Membership, SiteProfile, Unit
from tests.builders import make_code

pytestmark = pytest.mark.django_db

PASSWORD = "Wulanmulun-river-2026"
GOVERNMENT_CODE = make_code(101)
OFFICE_CODE = make_code(102)
WRONG_CODE = GOVERNMENT_CODE[:-1] + ("0" if GOVERNMENT_CODE[-1] != "0" else "1")  # a typo in the check digit
OPTIONS = {
    "government_name": "某某区人民政府",
    "credit_code": GOVERNMENT_CODE,
    "office_unit_name": "某某区人民政府办公室",
    "office_unit_credit_code": OFFICE_CODE,
    "site_name": "某某区人民政府网站",
    "username": "gongkaiban",
    "full_name": "李明",
}


def setup_site(**options: Any) -> str:
    out = io.StringIO()
    call_command("setup_site", stdout=out, stderr=io.StringIO(), **{"noinput": True, **OPTIONS, **options})
    return out.getvalue()


def nothing_created() -> bool:
    return not (Unit.objects.exists() or SiteProfile.objects.exists() or get_user_model().objects.exists())


@pytest.fixture(autouse=True)
def setup_password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GONGKAI_SETUP_PASSWORD", PASSWORD)


def test_operator_sets_up_the_government_the_office_and_its_first_account() -> None:
    output = setup_site()

    government = Unit.objects.get(name="某某区人民政府")
    office_unit = Unit.objects.get(name="某某区人民政府办公室")
    assert (government.kind, government.credit_code, government.parent) == ("government", GOVERNMENT_CODE, None)
    assert (office_unit.kind, office_unit.parent) == ("department", government)
    assert Unit.objects.count() == 2  # no demo district
    site = SiteProfile.objects.get()
    assert (site.site_name, site.government, site.office_name) == ("某某区人民政府网站", government, office_unit.name)
    user = get_user_model().objects.get(username="gongkaiban")
    assert user.first_name == "李明" and user.check_password(PASSWORD)
    assert Membership.objects.filter(user=user, unit=office_unit, role="office").exists()
    assert "网站与公开办" in output and PASSWORD not in output
    actions = sorted(AuditEntry.objects.filter(note="setup_site").values_list("action", flat=True))
    assert actions == ["membership.granted", "person.created", "site.created", "unit.created", "unit.created"]
    trail = json.dumps([[e.before, e.after] for e in AuditEntry.objects.all()], ensure_ascii=False)
    assert PASSWORD not in trail and user.password not in trail


def test_the_office_logs_in_and_the_guide_shows_what_is_still_to_fill_in() -> None:
    setup_site()
    client = Client()

    login = client.post("/workbench/login/", {"username": "gongkaiban", "password": PASSWORD, "otp_token": ""})
    guide = client.get("/xxgk/guide/").content.decode()

    assert login.status_code == 302
    assert client.get("/workbench/site/").status_code == 200  # the office's site page
    assert "（待填写：办公地址）" in guide and "（待填写：联系电话）" in guide


def test_a_second_run_is_refused_and_changes_nothing() -> None:
    setup_site()
    before = AuditEntry.objects.count()

    with pytest.raises(CommandError, match="已完成初始设置"):
        setup_site(government_name="另一个区人民政府", credit_code=make_code(103), username="other")

    assert Unit.objects.count() == 2 and AuditEntry.objects.count() == before


def test_installation_with_the_demo_is_refused() -> None:
    call_command("seed_demo", stdout=io.StringIO())

    with pytest.raises(CommandError, match="已完成初始设置"):
        setup_site()


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"credit_code": WRONG_CODE}, "--credit-code（本级人民政府的统一社会信用代码）：统一社会信用代码校验码错误"),
        (
            {"office_unit_credit_code": "12345"},
            "--office-unit-credit-code（该单位的统一社会信用代码）：统一社会信用代码应为18位",
        ),
        ({"office_unit_credit_code": GOVERNMENT_CODE}, "--office-unit-credit-code：与本级人民政府"),
        ({"office_unit_name": "某某区人民政府"}, "--office-unit-name：与本级人民政府名称相同"),
        ({"site_name": "  "}, "--site-name（网站名称（例如：某某区人民政府网站））：不能为空"),
        ({"username": "has space"}, "--username"),
        ({"username": None}, "--username（第一个公开办账号的用户名）：缺少此项"),
    ],
    ids=["wrong check digit", "short code", "same codes", "same names", "empty site name", "bad username", "missing"],
)
def test_bad_values_are_refused_naming_the_option(options: dict[str, Any], message: str) -> None:
    with pytest.raises(CommandError) as refused:
        setup_site(**options)

    assert message in str(refused.value)
    assert nothing_created()


def test_wrong_check_digit_says_what_the_check_digit_should_be() -> None:
    with pytest.raises(CommandError, match=f"统一社会信用代码校验码错误：第18位应为{GOVERNMENT_CODE[-1]}"):
        setup_site(credit_code=WRONG_CODE)


def test_without_prompts_the_password_must_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GONGKAI_SETUP_PASSWORD")
    with pytest.raises(CommandError, match="GONGKAI_SETUP_PASSWORD"):
        setup_site()

    monkeypatch.setenv("GONGKAI_SETUP_PASSWORD", "1234567890")
    with pytest.raises(CommandError, match="密码（GONGKAI_SETUP_PASSWORD）："):
        setup_site()

    assert nothing_created()


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[list[str], list[str]]]:
    """What the operator types at the prompts (input) and at the password prompts (getpass)."""
    from gongkai.orgs.management.commands import setup_site as command

    typed: list[str] = []
    secret: list[str] = []
    monkeypatch.delenv("GONGKAI_SETUP_PASSWORD")
    monkeypatch.setattr("builtins.input", lambda prompt="": typed.pop(0))
    monkeypatch.setattr(command.getpass, "getpass", lambda prompt="": secret.pop(0))
    yield typed, secret
    assert typed == [] and secret == []  # every answer was asked for


def test_operator_answers_the_questions_and_is_asked_again_after_a_mistake(
    answers: tuple[list[str], list[str]],
) -> None:
    typed, secret = answers
    typed += ["某某区人民政府", "12345", GOVERNMENT_CODE, "某某区人民政府办公室", OFFICE_CODE]
    typed += ["某某区人民政府网站", "gongkaiban", "李明"]
    secret += [PASSWORD, PASSWORD + "x", "1234567890", "1234567890", PASSWORD, PASSWORD]
    errors = io.StringIO()

    call_command("setup_site", stdout=io.StringIO(), stderr=errors)

    assert "统一社会信用代码应为18位" in errors.getvalue()
    assert "两次输入不一致" in errors.getvalue()
    assert get_user_model().objects.get(username="gongkaiban").check_password(PASSWORD)
    assert SiteProfile.objects.get().site_name == "某某区人民政府网站"
