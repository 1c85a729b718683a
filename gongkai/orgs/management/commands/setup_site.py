"""``manage.py setup_site``: the first setup of a real installation (without the demo district).

Creates the government unit, the unit of the disclosure office under it, the site profile and
the first office account, in one transaction, audited as the system. Values come from the
options or, without ``--noinput``, are asked for; the password comes from the environment
variable ``GONGKAI_SETUP_PASSWORD`` (never an option: command lines show up in ``ps`` and in the
shell history) or is asked for twice. Runs once: a site profile that exists means the site is set
up, and the rest is changed on the workbench.
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from gongkai.audit.services import record, snapshot
from gongkai.orgs import creditcode
from gongkai.orgs.models import Membership, Role, SiteProfile, Unit, validate_credit_code
from gongkai.orgs.services import SITE_FIELDS, UNIT_FIELDS

PASSWORD_VARIABLE = "GONGKAI_SETUP_PASSWORD"  # noqa: S105 (the variable's name, not a password)
# Required by the 指南 page but not asked here: visibly unfinished until the office fills them in
# on the workbench site page (网站与公开办).
PLACEHOLDERS = {
    "address": "（待填写：办公地址）",
    "office_hours": "（待填写：办公时间）",
    "phone": "（待填写：联系电话）",
}
NOTE = "setup_site"

Check = Callable[[str], str]  # returns the cleaned value or raises ValidationError


@dataclass(frozen=True)
class Question:
    option: str  # the command-line option, without the leading dashes
    label: str


QUESTIONS = [
    Question("government-name", "本级人民政府名称（例如：某某区人民政府）"),
    Question("credit-code", "本级人民政府的统一社会信用代码"),
    Question("office-unit-name", "政务公开工作机构所在单位（例如：某某区人民政府办公室）"),
    Question("office-unit-credit-code", "该单位的统一社会信用代码"),
    Question("site-name", "网站名称（例如：某某区人民政府网站）"),
    Question("username", "第一个公开办账号的用户名"),
    Question("full-name", "该账号使用人的姓名"),
]


def _text(max_length: int) -> Check:
    def check(value: str) -> str:
        value = value.strip()
        if not value:
            raise ValidationError("不能为空")
        if len(value) > max_length:
            raise ValidationError(f"不能超过{max_length}个字")
        return value

    return check


def _credit_code(value: str) -> str:
    validate_credit_code(value)
    return creditcode.normalise(value)


def _username(value: str) -> str:
    user_model = get_user_model()
    value = value.strip()
    if not value:
        raise ValidationError("不能为空")
    user_model._meta.get_field("username").run_validators(value)
    if user_model.objects.filter(username=value).exists():
        raise ValidationError("用户名已存在")
    return value


CHECKS: dict[str, Check] = {
    "government-name": _text(100),
    "credit-code": _credit_code,
    "office-unit-name": _text(100),
    "office-unit-credit-code": _credit_code,
    "site-name": _text(100),
    "username": _username,
    "full-name": _text(150),
}


def _messages(exc: ValidationError) -> str:
    return "；".join(exc.messages)


class Command(BaseCommand):
    help = (
        "正式安装的初始设置（不含演示数据）：本级人民政府、政务公开工作机构所在单位、网站名称和第一个公开办账号。"
        f"只能运行一次。密码取自环境变量 {PASSWORD_VARIABLE}，未设置时询问。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        for question in QUESTIONS:
            parser.add_argument(f"--{question.option}", help=question.label)
        parser.add_argument(
            "--noinput", "--no-input", action="store_true", help=f"不询问：缺少的选项或 {PASSWORD_VARIABLE} 视为错误"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if SiteProfile.objects.exists():
            raise CommandError("本站已完成初始设置（网站信息已存在），setup_site 不再运行。请登录工作台修改。")
        interactive = not options["noinput"]
        values = {q.option: self._value(q, options[q.option.replace("-", "_")], interactive) for q in QUESTIONS}
        self._check_distinct(values)
        password = self._password(values, interactive)
        with transaction.atomic():
            self._create(values, password)
        self._report(values)

    def _value(self, question: Question, given: str | None, interactive: bool) -> str:
        """The option's value, checked; asked again (interactive) until it passes."""
        check = CHECKS[question.option]
        while True:
            if given is None:
                if not interactive:
                    raise CommandError(f"--{question.option}（{question.label}）：缺少此项（使用了 --noinput）")
                given = input(f"{question.label}：")
            try:
                return check(given)
            except ValidationError as exc:
                message = f"--{question.option}（{question.label}）：{_messages(exc)}"
                if not interactive:
                    raise CommandError(message) from exc
                self.stderr.write(message)
                given = None

    def _check_distinct(self, values: dict[str, str]) -> None:
        if values["credit-code"] == values["office-unit-credit-code"]:
            raise CommandError("--office-unit-credit-code：与本级人民政府的统一社会信用代码相同，两个单位的代码应不同")
        if values["government-name"] == values["office-unit-name"]:
            raise CommandError("--office-unit-name：与本级人民政府名称相同，两个单位的名称应不同")
        for option in ("government-name", "office-unit-name"):
            if Unit.objects.filter(name=values[option]).exists():
                raise CommandError(f"--{option}：已有名为“{values[option]}”的单位")
        for option in ("credit-code", "office-unit-credit-code"):
            if Unit.objects.filter(credit_code=values[option]).exists():
                raise CommandError(f"--{option}：已有单位使用统一社会信用代码 {values[option]}")

    def _password(self, values: dict[str, str], interactive: bool) -> str:
        user = get_user_model()(username=values["username"], first_name=values["full-name"])
        from_env = os.environ.get(PASSWORD_VARIABLE)
        if from_env is not None or not interactive:
            if not from_env:
                raise CommandError(f"密码：请在环境变量 {PASSWORD_VARIABLE} 中给出第一个公开办账号的密码")
            try:
                validate_password(from_env, user)
            except ValidationError as exc:
                raise CommandError(f"密码（{PASSWORD_VARIABLE}）：{_messages(exc)}") from exc
            return from_env
        while True:
            password = getpass.getpass("密码（至少10个字符）：")
            if password != getpass.getpass("再次输入密码："):
                self.stderr.write("密码：两次输入不一致，请重新输入")
                continue
            try:
                validate_password(password, user)
            except ValidationError as exc:
                self.stderr.write(f"密码：{_messages(exc)}")
                continue
            return password

    def _create(self, values: dict[str, str], password: str) -> None:
        government = self._unit(values["government-name"], values["credit-code"], Unit.Kind.GOVERNMENT, None)
        office_unit = self._unit(
            values["office-unit-name"], values["office-unit-credit-code"], Unit.Kind.DEPARTMENT, government
        )
        site = SiteProfile(
            site_name=values["site-name"], government=government, office_name=office_unit.name, **PLACEHOLDERS
        )
        site.full_clean()
        site.save()
        record(None, "site.created", site, after=snapshot(site, SITE_FIELDS), note=NOTE)
        user = get_user_model()(username=values["username"], first_name=values["full-name"])
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save()
        record(None, "person.created", user, after={"username": user.username, "full_name": user.first_name}, note=NOTE)
        membership = Membership.objects.create(user=user, unit=office_unit, role=Role.OFFICE)
        after = {"user": user.username, "unit": office_unit.name, "role": Role.OFFICE.value}
        record(None, "membership.granted", membership, unit=office_unit, after=after, note=NOTE)

    def _unit(self, name: str, code: str, kind: str, parent: Unit | None) -> Unit:
        unit = Unit(name=name, kind=kind, credit_code=code, parent=parent)
        unit.full_clean()
        unit.save()
        record(None, "unit.created", unit, unit=unit, after=snapshot(unit, UNIT_FIELDS), note=NOTE)
        return unit

    def _report(self, values: dict[str, str]) -> None:
        self.stdout.write(f"已创建：{values['government-name']}、{values['office-unit-name']}（公开办所在单位）")
        self.stdout.write(f"网站名称：{values['site-name']}")
        self.stdout.write(f"公开办账号：{values['username']}（{values['full-name']}），密码即刚才给出的密码")
        self.stdout.write(
            "下一步：登录 /workbench/，在“网站与公开办”页填写办公地址、办公时间和联系电话"
            "（现为“待填写”占位内容，公开指南页会显示它们），再在“单位”页添加各部门。"
        )
