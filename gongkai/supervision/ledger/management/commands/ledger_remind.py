"""``manage.py ledger_remind``: queue today's e-mail reminders of the task ledger (cron, daily)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from gongkai.supervision.ledger.jobs import send_task_reminders


class Command(BaseCommand):
    help = "提醒责任单位：任务台账中即将到期和已逾期的任务（邮件）。"

    def handle(self, *args: Any, **options: Any) -> None:
        result = send_task_reminders.enqueue(timezone.localdate().isoformat())
        sent = result.return_value if result.is_finished else None
        self.stdout.write(f"已发送 {sent} 条提醒" if sent is not None else "提醒已排入后台任务队列")
