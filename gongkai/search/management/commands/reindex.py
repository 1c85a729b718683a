"""``manage.py reindex``: rebuild the search index from the database, with a progress bar."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from gongkai.search.documents import searchable
from gongkai.search.hooks import reindex_all

BAR = 30


class Command(BaseCommand):
    help = "重建全文检索索引（只收录已公开的信息）。"

    def handle(self, *args: Any, **options: Any) -> None:
        total = sum(1 for _ in searchable())
        started = time.perf_counter()

        def progress(done: int) -> None:
            filled = BAR * done // total if total else BAR
            self.stdout.write(f"\r[{'#' * filled}{'.' * (BAR - filled)}] {done}/{total}", ending="")
            self.stdout.flush()

        done = reindex_all(progress)
        self.stdout.write(f"\n已索引 {done} 条，用时 {time.perf_counter() - started:.1f} 秒")
