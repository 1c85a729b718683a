"""``manage.py publish_scheduled``: publish items whose scheduled time has come (run every minute
from cron or a systemd timer; safe to run concurrently)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from gongkai.publishing.workflow import publish_scheduled


class Command(BaseCommand):
    help = "发布已到定时发布时间的信息。"

    def handle(self, *args: Any, **options: Any) -> None:
        done = publish_scheduled()
        self.stdout.write(f"已发布 {len(done)} 条定时信息")
