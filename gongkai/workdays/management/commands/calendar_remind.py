"""``manage.py calendar_remind``: remind the office to enter next year's calendar (run daily from cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from gongkai.workdays.jobs import send_calendar_reminders


class Command(BaseCommand):
    help = "提醒公开办：录入尚缺的年度工作日历（国务院办公厅节假日安排通知）。"

    def handle(self, *args: Any, **options: Any) -> None:
        result = send_calendar_reminders.enqueue(timezone.localdate().isoformat())
        sent = result.return_value if result.is_finished else None
        self.stdout.write(f"已发送 {sent} 条提醒" if sent is not None else "提醒已排入后台任务队列")
