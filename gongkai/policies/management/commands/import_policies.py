"""``manage.py import_policies PATH``: import a JSON Lines file (plain or .gz) in the format of
``../shared/corpus/laws.jsonl.gz`` as published policy documents of the district government.

Says what it is doing at once, prints a progress line every 500 lines and while the search index
is built, then what was left out and why (the court cases), the books of a code (each its own document) and,
last, ``imported N``. Running it twice imports
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
        self.stdout.write(f"开始导入 {path}：每读 500 行报告一次进度，最后建立检索索引")
        self.stdout.flush()

        def progress(counts: importer.Counts) -> None:
            elapsed = time.monotonic() - started
            if counts.indexing:
                self.stdout.write(f"建立检索索引：{counts.indexed}/{counts.indexing} 件… ({elapsed:.1f} s)")
            else:
                self.stdout.write(f"… {counts.read} read, {counts.imported} new so far ({elapsed:.1f} s)")
            self.stdout.flush()

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
        for line in summary(counts, options["include_cases"]):
            self.stdout.write(line)
        self.stdout.write(f"imported {counts.imported}")


def summary(counts: importer.Counts, include_cases: bool) -> list[str]:
    """What the counts mean, in words (the skipped cases, the books of codes, the known ones)."""
    lines = []
    if counts.cases and not include_cases:
        lines.append(
            f"未导入 {counts.cases} 件“案例”：法院发布的典型案例，不是法律、法规或规范性文件；"
            "需要时加 --include-cases 导入。"
        )
    if counts.books:
        lines.append(
            f"{counts.books} 个分编属于 {counts.codes} 部法典（如《中华人民共和国民法典》的各编）："
            "每编单独导入，检索时合为一条结果，并有全文页面。"
        )
    if counts.known:
        lines.append(f"{counts.known} 件此前已导入（按语料 id 识别），未重复导入。")
    return lines
