"""``manage.py import_policies PATH``: import a JSON Lines file (plain or .gz) in the format of
``../shared/corpus/laws.jsonl.gz`` as published policy documents of the district government.

Prints a progress line every 500 lines and, last, ``imported N``. Running it twice imports
nothing new (documents are matched by the corpus ``id``, kept as ``source_id``).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.policies import corpus, importer


class Command(BaseCommand):
    help = "导入法律法规语料（JSON Lines，可为 .gz）为已发布的政策文件；重复运行不会重复导入。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--include-cases", action="store_true", help="同时导入“案例”类（默认不导入）")
        parser.add_argument("--user", default=None, help="记录为导入人的用户名（默认：不能登录的系统账号 importer）")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        if not path.is_file():
            raise CommandError(f"文件不存在：{path}")
        started = time.monotonic()

        def progress(counts: importer.Counts) -> None:
            elapsed = time.monotonic() - started
            self.stdout.write(f"… {counts.read} read, {counts.imported} new so far ({elapsed:.1f} s)")

        try:
            counts = importer.import_file(
                path, include_cases=options["include_cases"], username=options["user"], progress=progress
            )
        except importer.ImportRefused as exc:
            raise CommandError(exc.message) from exc
        except corpus.CorpusError as exc:
            raise CommandError(f"{path}: {exc}") from exc
        elapsed = time.monotonic() - started
        self.stdout.write(
            f"{counts.read} read, {counts.known} already present, {counts.cases} cases skipped ({elapsed:.1f} s)"
        )
        self.stdout.write(f"imported {counts.imported}")
