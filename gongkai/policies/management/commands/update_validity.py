"""``manage.py update_validity``: mark items whose 失效日期 has passed as 失效 (run daily)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from gongkai.policies.validity import expire_due


class Command(BaseCommand):
    help = "将已过失效日期的信息标记为“失效”（工作副本和已发布版本），并记入审计日志。"

    def handle(self, *args: Any, **options: Any) -> None:
        changed = expire_due()
        self.stdout.write(f"已标记失效 {len(changed)} 条")
