"""Add the hot-topic tallies (searches, reads of answers) of past minutes to the database.

Run every minute beside publish_scheduled (cron in production, the loop of `make demo`): the
public pages only append to tally files, so a surge of readers never waits on a database write
(issue 18, point 1; gongkai.participation.knowledge.hot)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from gongkai.participation.knowledge import hot


class Command(BaseCommand):
    help = "把热点问题的计数（检索词、答复阅读数）从计数文件写入数据库。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--all", action="store_true", help="连同当前这一分钟的计数文件一并写入（停机前）")

    def handle(self, *args: Any, **options: Any) -> None:
        written = hot.flush(everything=options["all"])
        if options["verbosity"] > 1 or written:
            self.stdout.write(f"写入 {written} 次计数")
