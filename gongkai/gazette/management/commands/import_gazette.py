"""``manage.py import_gazette FOLDER --user USERNAME [--unit-id N]``: import archived issue PDFs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from gongkai.gazette.importer import Outcome, import_folder
from gongkai.orgs.models import SiteProfile, Unit


class Command(BaseCommand):
    help = (
        "导入政府公报档案文件夹：文件名带年份和期号的PDF（如2019年第4期.pdf、2019-04.pdf）"
        "作为已发布的历史公报导入并提取文字；已有的期次不会重复导入。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", help="存放公报PDF的文件夹")
        parser.add_argument("--user", required=True, help="以该工作人员的名义导入（须为发布单位的信息员或公开办）")
        parser.add_argument("--unit-id", type=int, help="发布单位的编号（默认：本级人民政府）")

    def handle(self, *args: Any, **options: Any) -> None:
        folder = Path(options["folder"])
        if not folder.is_dir():
            raise CommandError(_("文件夹不存在：%(path)s") % {"path": folder})
        actor = get_user_model().objects.filter(username=options["user"], is_active=True).first()
        if actor is None:
            raise CommandError(_("没有用户名为“%(name)s”的在用人员") % {"name": options["user"]})
        unit = self._unit(options["unit_id"])
        try:
            summary = import_folder(folder, actor, unit, self._progress)
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            _("完成：导入%(imported)d期，跳过%(skipped)d个文件")
            % {"imported": summary.imported, "skipped": summary.skipped}
        )

    def _unit(self, unit_id: int | None) -> Unit:
        if unit_id is not None:
            unit = Unit.objects.filter(pk=unit_id, active=True).first()
            if unit is None:
                raise CommandError(_("没有编号为%(id)d的在用单位") % {"id": unit_id})
            return unit
        profile = SiteProfile.current()
        if profile is None:
            raise CommandError(_("尚未设置网站信息，请用 --unit-id 指定发布单位"))
        return profile.government

    def _progress(self, index: int, total: int, outcome: Outcome) -> None:
        label = _("导入") if outcome.imported else _("跳过")
        self.stdout.write(f"[{index}/{total}] {label} {outcome.name}：{outcome.message}")
        for warning in outcome.warnings:
            self.stdout.write(self.style.WARNING(f"    {_('注意')}：{warning}"))
