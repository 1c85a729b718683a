"""``manage.py backup [--output DIR]``: write one archive of the database and uploaded files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.ops import backup


class Command(BaseCommand):
    help = "备份数据库和上传文件，写成一个 gongkai-backup-YYYYmmdd-HHMMSS.tar.gz 文件。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output", type=Path, default=None, help="备份文件存放目录（默认 $GONGKAI_DATA_DIR/backups）"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        output: Path = options["output"] or backup.default_backup_dir()
        try:
            archive = backup.create_backup(output.resolve(), say=self.stdout.write)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"备份完成：{archive}")
