"""``manage.py inspect_site``: run the site self-inspection when the schedule says it is due
(for cron, e.g. hourly); ``--force`` runs it now. Prints the result on one line."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.supervision.inspection import services
from gongkai.supervision.inspection.models import Inspection


class Command(BaseCommand):
    help = "按检查周期进行网站与政务新媒体检查（--force 立即检查）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--force", action="store_true", help="不论是否到期，立即检查")
        parser.add_argument("--no-links", action="store_true", help="不检查链接")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["force"] and not services.is_due():
            self.stdout.write("未到检查时间。")
            return
        try:
            inspection = services.run_inspection(
                None, check_links=not options["no_links"], trigger=Inspection.Trigger.SCHEDULE
            )
        except services.Conflict as exc:
            raise CommandError(exc.message) from exc
        if inspection.state == Inspection.State.FAILED:
            raise CommandError(f"检查 {inspection.pk} 未能完成：{inspection.error}")
        verdict = "合格" if inspection.passed else "不合格"
        self.stdout.write(
            f"检查 {inspection.pk}：{verdict}，得分 {inspection.score}，"
            f"单项否决 {len(inspection.veto)} 项，问题 {inspection.findings.count()} 个"
        )
