"""Benchmark: the cost of statutory deadline arithmetic (not a test; numbers go to docs/benchmarks.md).

Run: .venv/bin/python -m bench.calendar
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import time


def main() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    django.setup()
    from django.core.management import call_command

    from gongkai.workdays.services import get_calendar

    call_command("migrate", verbosity=0)
    starts = [dt.date(2026, 1, 1) + dt.timedelta(days=i) for i in range(0, 330)]

    timings = []
    for _ in range(200):
        t0 = time.perf_counter()
        get_calendar()
        timings.append((time.perf_counter() - t0) * 1000)
    print(f"get_calendar (2 queries, SQLite): median {statistics.median(timings):.3f} ms")

    calendar = get_calendar()
    t0 = time.perf_counter()
    for start in starts:
        calendar.add_working_days(start, 20)
    per_call = (time.perf_counter() - t0) * 1e6 / len(starts)
    print(f"add_working_days(start, 20) over {len(starts)} starts in 2026: {per_call:.1f} µs per call")

    t0 = time.perf_counter()
    for start in starts:
        calendar.working_days_between(start, start + dt.timedelta(days=30))
    per_call = (time.perf_counter() - t0) * 1e6 / len(starts)
    print(f"working_days_between over 30 days: {per_call:.1f} µs per call")


if __name__ == "__main__":
    main()
