"""Domain and entry validation: Chinese messages that name the field."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from gongkai.catalog.models import CatalogueEntry, Domain
from tests.catalog.factories import a_domain, an_entry

pytestmark = pytest.mark.django_db


def messages_of(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return exc.value.message_dict


def test_empty_entry_names_every_missing_field() -> None:
    entry = CatalogueEntry(domain=a_domain(), level="county")
    with pytest.raises(ValidationError) as exc:
        entry.full_clean()
    errors = messages_of(exc)
    assert errors["first_level"] == ["一级事项不能为空"]
    assert errors["content_elements"] == ["公开内容（要素）不能为空"]
    assert errors["basis"] == ["公开依据不能为空"]
    assert errors["subject"] == ["公开主体不能为空"]
    assert errors["channels"] == ["公开渠道和载体不能为空"]


def test_whitespace_first_level_is_empty() -> None:
    entry = an_entry()
    entry.first_level = "   "
    with pytest.raises(ValidationError) as exc:
        entry.full_clean()
    assert messages_of(exc)["first_level"] == ["一级事项不能为空"]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("level", "city", "公开层级的值“city”无效"),
        ("audience", "all", "公开对象的值“all”无效"),
        ("mode", "x", "公开方式的值“x”无效"),
        ("first_level", "事" * 101, "一级事项不能超过100个字（当前101个字）"),
        ("time_limit_days", 0, "更短的公开时限（工作日）至少为1个工作日"),
        ("time_limit_days", 25, "更短的公开时限（工作日）不能超过《条例》第二十六条规定的20个工作日"),
    ],
)
def test_bad_value_names_the_field(field: str, value: Any, message: str) -> None:
    entry = an_entry()
    setattr(entry, field, value)
    with pytest.raises(ValidationError) as exc:
        entry.full_clean()
    assert message in messages_of(exc)[field]


def test_time_limit_days_follow_the_text_and_may_not_exceed_it() -> None:
    entry = an_entry(time_limit="作出行政处罚决定之日起7个工作日内")
    entry.full_clean()
    assert entry.time_limit_days == 7 and entry.working_days == 7
    entry.time_limit_days = 10
    with pytest.raises(ValidationError) as exc:
        entry.full_clean()
    assert messages_of(exc)["time_limit_days"] == ["更短的公开时限（工作日）不能长于公开时限中写明的7个工作日"]


def test_default_time_limit_is_article_26() -> None:
    entry = an_entry()
    assert entry.time_limit == "信息形成或者变更之日起20个工作日内"
    assert entry.time_limit_days is None and entry.working_days == 20


def test_same_item_twice_in_a_domain_and_level_is_refused() -> None:
    first = an_entry()
    twin = CatalogueEntry(
        domain=first.domain,
        level=first.level,
        first_level=first.first_level,
        second_level=first.second_level,
        content_elements="x",
        basis="x",
        subject="x",
        channels="x",
    )
    with pytest.raises(ValidationError) as exc:
        twin.full_clean()
    assert "同一领域、同一层级下已有相同的一级事项和二级事项" in str(exc.value)
    twin.level = CatalogueEntry.Level.TOWNSHIP
    twin.full_clean()


def test_second_level_may_not_repeat_the_first() -> None:
    entry = an_entry()
    entry.second_level = entry.first_level
    with pytest.raises(ValidationError) as exc:
        entry.full_clean()
    assert messages_of(exc)["second_level"] == ["二级事项不能与一级事项相同"]


def test_domain_code_and_general_basis() -> None:
    domain = Domain(name="测试类别", code="Bad Code", kind=Domain.Kind.GENERAL)
    with pytest.raises(ValidationError) as exc:
        domain.full_clean()
    errors = messages_of(exc)
    assert errors["code"] == ["代码只能由小写英文字母、数字和连字符组成"]
    assert "条例第二十条第（一）项" in errors["basis"][0]
    a_domain()
    duplicate = Domain(name="社会救助", code="other", kind=Domain.Kind.PILOT)
    with pytest.raises(ValidationError) as exc:
        duplicate.full_clean()
    assert messages_of(exc)["name"] == ["领域名称已存在"]
