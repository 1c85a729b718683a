"""``manage.py demo_accounts``: the demo's address and staff accounts, as the last lines
``make demo`` prints before the server's own."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from gongkai.demo import accounts as demo_accounts
from gongkai.orgs import demo


class Command(BaseCommand):
    help = "显示演示系统的网址和工作人员账号、密码（由 seed_demo 生成）。"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--url", default="http://127.0.0.1:8000", help="演示网站的地址")

    def handle(self, *args: Any, url: str, **options: Any) -> None:
        from django.conf import settings

        if settings.PRODUCTION:
            raise CommandError("生产模式下没有演示账号。")
        url = url.rstrip("/")
        passwords = demo_accounts.remembered()
        existing = set(get_user_model().objects.filter(username__in=demo.USERS).values_list("username", flat=True))
        lines = [
            "",
            "================ 演示系统已就绪 ================",
            f"公众网站：{url}/",
            f"工作台（工作人员登录）：{url}/workbench/",
            "工作人员账号：",
            *demo_accounts.table(passwords, existing, "（未创建：请运行 manage.py seed_demo）"),
        ]
        lines += ["按 Ctrl+C 停止演示服务器。", "================================================", ""]
        self.stdout.write("\n".join(lines))
