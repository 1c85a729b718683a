"""``manage.py reminders_retry``: send again the reminder mails the server refused whose next
attempt is due (cron, every ten minutes; the daily reminder commands also retry first)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from gongkai.reminders import engine


class Command(BaseCommand):
    help = "重新发送邮件服务器曾拒收、已到重试时间的提醒邮件。"

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"已重新发送 {engine.retry()} 封提醒邮件")
