"""``manage.py inspect_site``: run the site self-inspection when the schedule says it is due
(for cron, e.g. hourly); ``--force`` runs it now. The default site is inspected first, then every
other active site in turn (issue 19: the indicators judge sites); ``--site CODE`` inspects one.
Prints each result on one line."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.sites.models import Site
from gongkai.supervision.inspection import services
from gongkai.supervision.inspection.models import Inspection


class Command(BaseCommand):
    help = "按检查周期进行网站与政务新媒体检查（--force 立即检查；默认依次检查所有在用站点）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--force", action="store_true", help="不论是否到期，立即检查")
        parser.add_argument("--no-links", action="store_true", help="不检查链接")
        parser.add_argument("--site", help="只检查此站点（站点代码）")

    def _sites(self, code: str | None) -> list[Site | None]:
        if code:
            site = Site.objects.filter(code=code, active=True).first()
            if site is None:
                raise CommandError(f"没有代码为 {code} 的在用站点")
            return [site]
        others = Site.objects.filter(active=True, is_default=False).order_by("position", "pk")
        return [None, *others]

    def handle(self, *args: Any, **options: Any) -> None:
        sites = self._sites(options["site"])
        if not options["force"] and not services.is_due():
            self.stdout.write("未到检查时间。")
            return
        for site in sites:
            self._run(site, check_links=not options["no_links"])

    def _run(self, site: Site | None, *, check_links: bool) -> None:
        try:
            inspection = services.run_inspection(
                None, check_links=check_links, trigger=Inspection.Trigger.SCHEDULE, site=site
            )
        except services.Conflict as exc:
            raise CommandError(exc.message) from exc
        if inspection.state == Inspection.State.FAILED:
            raise CommandError(f"检查 {inspection.pk}（{inspection.site_name}）未能完成：{inspection.error}")
        verdict = "合格" if inspection.passed else "不合格"
        self.stdout.write(
            f"检查 {inspection.pk}（{inspection.site_name}）：{verdict}，得分 {inspection.score}，"
            f"单项否决 {len(inspection.veto)} 项，问题 {inspection.findings.count()} 个"
        )
