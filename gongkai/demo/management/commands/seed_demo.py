"""``manage.py seed_demo``: load the demo district. Idempotent: a second run changes nothing.

The demo app may import every domain (and nothing imports it): each domain keeps its own
``demo.py`` with its part of the district."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from gongkai.actor import Actor
from gongkai.assessment.demo import seed_scheme
from gongkai.audit.services import record, snapshot
from gongkai.catalog.services import seed_catalogue
from gongkai.demo import accounts as demo_accounts
from gongkai.foi.demo import seed_requests
from gongkai.gazette.demo import seed_gazette
from gongkai.orgs import demo
from gongkai.orgs.models import Membership, SiteProfile, Unit
from gongkai.orgs.services import UNIT_FIELDS
from gongkai.participation.consultations.demo import seed_consultations
from gongkai.participation.inquiries.demo import seed_inquiries
from gongkai.participation.knowledge.demo import seed_knowledge
from gongkai.policies.demo import seed_policies
from gongkai.publishing.demo import seed_items
from gongkai.reports.demo import seed_reports
from gongkai.search.aliases import load as load_aliases
from gongkai.search.models import SearchAlias
from gongkai.sites.demo import seed_sites
from gongkai.sites.directory.demo import seed_services
from gongkai.supervision.inspection.demo import seed_inspection
from gongkai.supervision.ledger.demo import seed_ledger
from gongkai.supervision.newmedia.demo import seed_newmedia


@contextmanager
def quiet_logs() -> Iterator[None]:
    """Seeding logs an INFO line per read attachment and indexed document (JSON, for the
    server's log): while it runs only warnings are shown, so the summary and the accounts are
    what the person who typed the command reads (issue 17, point 16)."""
    logging.disable(logging.INFO)
    try:
        yield
    finally:
        logging.disable(logging.NOTSET)


class Command(BaseCommand):
    help = "载入演示区（康巴什区）的单位、人员和网站信息；重复运行不会改变已有数据。"

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:  # API.md: seed_demo refuses to run with GONGKAI_MODE=production
            raise CommandError(
                "生产模式（GONGKAI_MODE=production）下不能载入演示数据；真实安装请用 manage.py setup_site。"
            )
        with quiet_logs(), transaction.atomic():
            created_units = self._units()
            self._site()
            passwords = self._users()
            catalogue = seed_catalogue(None)
            load_aliases(SearchAlias)  # the short-name dictionary (also loaded by migration)
            items = seed_items()
            policies = seed_policies()
            gazette = seed_gazette()
            requests = seed_requests()
            reports = seed_reports()
            seed_scheme(2026)
            consultations = seed_consultations()
            inquiries = seed_inquiries()
            answers = seed_knowledge()
            tasks = seed_ledger()
            accounts = seed_newmedia()
            seed_inspection()  # the default column rules and word dictionaries, if missing
            sites = seed_sites()  # last: the columns select from everything above
            services = seed_services()  # after the sites: two are the street site's own
        demo_accounts.remember(passwords)  # for `manage.py demo_accounts`, after the commit
        self.stdout.write(f"单位：新建 {created_units} 个，共 {Unit.objects.count()} 个")
        self.stdout.write(f"标准目录：新建 {catalogue} 项；政府信息：新建 {items} 条；政府公报：新建 {gazette} 期")
        self.stdout.write(f"政策文件和解读：新建 {policies} 条；政府信息公开申请：新建 {requests} 件")
        self.stdout.write(f"年度报告：新建 {reports} 份（上一年度的已发布，本年度的为草稿）")
        self.stdout.write(f"征求意见：新建 {len(consultations)} 项；政务咨询：新建 {len(inquiries)} 条")
        self.stdout.write(f"统一答复口径：新建 {len(answers)} 条；任务台账：新建 {tasks} 项任务")
        self.stdout.write(f"政务新媒体：新建 {accounts} 个账号；站点：新建 {sites} 个；办事服务：新建 {services} 项")
        self.stdout.write("工作人员账号（新建的显示密码；已有的账号密码未改动）：")
        existing = set(get_user_model().objects.filter(username__in=demo.USERS).values_list("username", flat=True))
        for line in demo_accounts.table(demo_accounts.remembered(), existing, "（未创建）"):
            self.stdout.write(line)

    def _unit(
        self, index: int, name: str, short: str, kind: str, prefix: str, parent: Unit | None
    ) -> tuple[Unit, bool]:
        unit = Unit.objects.filter(name=name).first()
        if unit is not None:
            return unit, False
        unit = Unit(
            name=name,
            short_name=short,
            kind=kind,
            credit_code=demo.credit_code(index, prefix),
            parent=parent,
            position=index,
            review_organ=demo.REVIEW_ORGANS.get(name, ""),
        )
        unit.full_clean()
        unit.save()
        record(None, "unit.created", unit, unit=unit, after=snapshot(unit, UNIT_FIELDS), note="seed_demo")
        return unit, True

    def _units(self) -> int:
        government, created = self._unit(0, demo.GOVERNMENT, "区政府", Unit.Kind.GOVERNMENT, "11", None)
        count = int(created)
        for index, (name, short, kind, prefix) in enumerate(demo.UNITS, start=1):
            count += int(self._unit(index, name, short, kind, prefix, government)[1])
        return count

    def _site(self) -> None:
        if SiteProfile.objects.exists():
            return
        profile = SiteProfile(government=Unit.objects.get(name=demo.GOVERNMENT), **demo.SITE)
        profile.full_clean()
        profile.save()
        record(None, "site.created", profile, after=demo.SITE, note="seed_demo")

    def _users(self) -> dict[str, str]:
        user_model = get_user_model()
        passwords: dict[str, str] = {}
        for username, (role, unit_name, full_name) in demo.USERS.items():
            user = user_model.objects.filter(username=username).first()
            if user is None:
                password = secrets.token_urlsafe(9)
                user = user_model(username=username, first_name=full_name)
                user.set_password(password)
                user.save()
                passwords[username] = password
                record(
                    None, "person.created", user, after={"username": username, "full_name": full_name}, note="seed_demo"
                )
            self._grant(user, role, unit_name)
        for username, role, unit_name in demo.EXTRA_MEMBERSHIPS:
            self._grant(user_model.objects.get(username=username), role, unit_name)
        return passwords

    def _grant(self, user: Actor, role: str, unit_name: str) -> None:
        unit = Unit.objects.get(name=unit_name)
        membership, created = Membership.objects.get_or_create(user=user, unit=unit, role=role)
        if created:
            record(
                None,
                "membership.granted",
                membership,
                unit=unit,
                after={"user": user.get_username(), "unit": unit_name, "role": role},
                note="seed_demo",
            )
