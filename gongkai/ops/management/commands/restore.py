"""``manage.py restore ARCHIVE [--yes]``: check a backup completely, then put it in place."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.module_loading import import_string

from gongkai.ops import backup


class Command(BaseCommand):
    help = "从备份文件恢复数据库和上传文件：先校验清单和校验和，确认后再覆盖。请先停止应用和后台任务进程。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path, help="manage.py backup 生成的 .tar.gz 文件")
        parser.add_argument("--yes", action="store_true", help="不再询问，直接恢复")

    def handle(self, *args: Any, **options: Any) -> None:
        archive: Path = options["archive"].resolve()
        self.stdout.write(f"正在校验备份文件：{archive}")
        try:
            with backup.verified_backup(archive) as verified:
                self._describe(verified)
                if not options["yes"] and not self._confirm():
                    raise CommandError("已取消，未做任何改动。")
                backup.restore_backup(verified, say=self.stdout.write)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write("恢复完成。请重新启动应用和后台任务进程。")
        self._next_steps(verified)

    def _next_steps(self, verified: backup.VerifiedBackup) -> None:
        missing = len(verified.missing_migrations)
        if missing:
            self.stdout.write(f"提示：备份比当前程序少 {missing} 个数据库迁移，请运行 manage.py migrate。")
        if index_outside_database():
            # Told, not run: a rebuild takes 26 s for the 3,406-document corpus and 222 s at 100k
            # (docs/benchmarks.md), it needs the migrations above first, and a failure there must
            # not blur that the restore itself succeeded.
            then = "在 migrate 之后" if missing else ""
            self.stdout.write(
                f"提示：检索索引不在备份中，已与恢复的数据不符。请{then}运行 manage.py reindex 重建检索索引。"
            )

    def _describe(self, verified: backup.VerifiedBackup) -> None:
        self.stdout.write(
            f"校验通过：备份创建于 {verified.manifest.get('created_at')}，数据库 {verified.vendor}，"
            f"上传文件 {verified.media_count} 个。"
        )

    def _confirm(self) -> bool:
        prompt = "恢复将覆盖当前的数据库和全部上传文件，且无法撤销。输入 yes 继续："
        try:
            return input(prompt).strip().lower() == "yes"
        except EOFError:
            return False


def index_outside_database() -> bool:
    """The embedded index (tantivy, in $GONGKAI_DATA_DIR/search) is not in a backup; the PostgreSQL
    backend keeps its index in the database, so the restore brought it back with the rest."""
    return not getattr(import_string(settings.SEARCH_BACKEND), "index_in_database", False)
