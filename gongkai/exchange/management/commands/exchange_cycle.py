"""``python manage.py exchange_cycle``: one push-and-pull cycle with every partner, now.

Prints one line of JSON with the counts. Partners still backing off are left for later unless
``--force``; ``--partner ID`` (repeatable) limits the cycle to those partners.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from gongkai.exchange import cycle


class Command(BaseCommand):
    help = "Run one exchange cycle (push and pull) with every partner now; prints the counts as JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--force", action="store_true", help="also partners still backing off")
        parser.add_argument("--partner", type=int, action="append", help="only this partner (id)")

    def handle(self, *args: Any, **options: Any) -> None:
        counts = cycle.run(force=options["force"], partner_ids=options["partner"])
        self.stdout.write(json.dumps(counts.as_dict(), ensure_ascii=False))
