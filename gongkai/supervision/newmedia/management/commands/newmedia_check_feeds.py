"""``manage.py newmedia_check_feeds``: read the feed of every live new-media account and record the
newest entry's date (run daily from cron or a systemd timer)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from gongkai.supervision.newmedia.checking import check_feeds


class Command(BaseCommand):
    help = "读取运营中政务新媒体账号的订阅源，记录最近更新日期。"

    def handle(self, *args: Any, **options: Any) -> None:
        summary = check_feeds(timezone.localdate())
        self.stdout.write(f"已读取 {summary.checked} 个订阅源，更新 {summary.updated} 个，失败 {summary.failed} 个")
