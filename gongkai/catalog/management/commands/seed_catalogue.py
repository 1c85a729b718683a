"""``manage.py seed_catalogue``: load the 41 domains and the demo catalogue. Idempotent."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from gongkai.catalog.models import CatalogueEntry, Domain
from gongkai.catalog.services import seed_catalogue


class Command(BaseCommand):
    help = "载入标准目录的26个试点领域和《条例》第二十条的15个类别，以及演示区的标准目录事项；已有内容不会被改动。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--domains-only",
            action="store_true",
            help="只载入领域，不载入演示区（康巴什区）的目录事项",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        created = seed_catalogue(entries=not options["domains_only"])
        domains, entries = Domain.objects.count(), CatalogueEntry.objects.count()
        self.stdout.write(f"标准目录：新建 {created} 条记录，现有领域 {domains} 个、事项 {entries} 个")
