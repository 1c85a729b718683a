"""``manage.py read_attachments``: read the text layer of every file still pending — after the
upgrade that brought the privacy guard (files stored before it were never read), or after a
worker outage. ``--again`` reads every file once more (e.g. after OCR was switched on).
Each file's state is saved as it is read, so an interrupted run loses nothing."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from gongkai.publishing.models import Attachment, TextState
from gongkai.publishing.textlayer import read


class Command(BaseCommand):
    help = "读取附件文字并检查个人信息（默认只读取尚未读取的附件）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--again", action="store_true", help="重新读取全部附件")
        parser.add_argument("--limit", type=int, default=0, help="最多读取的附件数（0为不限）")

    def handle(self, *args: Any, **options: Any) -> None:
        files = Attachment.objects.select_related("item").order_by("pk")
        if not options["again"]:
            files = files.filter(text_state=TextState.PENDING)
        total = files.count() if not options["limit"] else min(files.count(), options["limit"])
        counts: dict[str, int] = {}
        for done, attachment in enumerate(files[:total].iterator(chunk_size=50), start=1):
            state = read(attachment).text_state
            counts[state] = counts.get(state, 0) + 1
            self.stdout.write(f"[{done}/{total}] {attachment.pk} {state}")
        summary = "，".join(f"{TextState(state).label} {n}" for state, n in sorted(counts.items()))
        self.stdout.write(f"读取完毕：{total} 个附件" + (f"（{summary}）" if summary else ""))
