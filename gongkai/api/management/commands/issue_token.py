"""``manage.py issue_token USERNAME``: print a new API token for that user and nothing else."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.api import tokens


class Command(BaseCommand):
    help = "为指定用户签发一个新的接口令牌，只在标准输出打印令牌本身。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, username: str, **options: Any) -> None:
        try:
            user = tokens.user_by_name(username)
        except get_user_model().DoesNotExist as exc:
            raise CommandError(f"用户 {username} 不存在") from exc
        if not user.is_active:
            raise CommandError(f"用户 {username} 已停用")
        self.stdout.write(tokens.issue(user))
