"""``manage.py foi_remind``: queue today's due-soon and overdue reminders (run daily from cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from gongkai.foi.jobs import send_reminders


class Command(BaseCommand):
    help = "提醒承办人员：即将到期和已超期的政府信息公开申请。"

    def handle(self, *args: Any, **options: Any) -> None:
        result = send_reminders.enqueue(timezone.localdate().isoformat())
        sent = result.return_value if result.is_finished else None
        self.stdout.write(f"已发送 {sent} 条提醒" if sent is not None else "提醒已排入后台任务队列")
