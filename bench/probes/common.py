"""What the probes share: a fresh demo district in a temporary data directory, quiet logs, the
demo's people, and the rate limits raised for the run (RULINGS.md 14).

``start_demo`` must run before Django is set up: the data directory, the database and the mode
are environment variables read by gongkai/settings.py. The probe's database is always SQLite in
the temporary directory, whatever DATABASE_URL or REDIS_URL say in the caller's shell: a probe
never seeds the demo into somebody's real database. The demo is seeded in demo mode
(``seed_demo`` refuses production mode, RULINGS.md 12).
"""

from __future__ import annotations

import io
import os
import time
from pathlib import Path
from typing import Any

# Environment variables that would point the probe at something other than its own directory.
FOREIGN = ("DATABASE_URL", "REDIS_URL", "GONGKAI_TASKS", "GONGKAI_SEARCH_BACKEND", "GONGKAI_SMTP_HOST")


def start_demo(data_dir: str, *, seed: bool = True) -> float:
    """Point Django at ``data_dir`` (SQLite, in-process jobs, demo mode), set it up, migrate and
    seed the demo district. Returns the seconds it took."""
    started = time.perf_counter()
    for name in FOREIGN:
        os.environ.pop(name, None)
    os.environ["GONGKAI_DATA_DIR"] = data_dir
    os.environ["GONGKAI_MODE"] = "demo"
    os.environ["DATABASE_URL"] = f"sqlite:///{Path(data_dir) / 'gongkai.sqlite3'}"
    os.environ.setdefault("GONGKAI_LOG_LEVEL", "WARNING")  # one JSON line per request otherwise
    os.environ["DJANGO_SETTINGS_MODULE"] = "gongkai.settings"
    import django

    django.setup()
    from django.core.management import call_command

    quiet_mail()
    call_command("migrate", verbosity=0)
    if seed:
        call_command("seed_demo", stdout=io.StringIO())
    return time.perf_counter() - started


def quiet_mail() -> None:
    """Mail stays in memory: the demo's console backend would print every reminder."""
    from django.conf import settings

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def raise_rate_limits() -> None:
    """Every public rate limit far above what a run sends (RULINGS.md 14: by setting, for the run)."""
    from django.conf import settings

    from gongkai.ops.ratelimit import DEFAULT_LIMITS

    settings.GONGKAI_RATE_LIMITS = {scope: (1_000_000, window) for scope, (_n, window) in DEFAULT_LIMITS.items()}


def demo_people() -> dict[str, Any]:
    """The demo district's staff by username (office, editor, reviewer, signer, handler)."""
    from django.contrib.auth import get_user_model

    from gongkai.orgs import demo

    return {u.username: u for u in get_user_model().objects.filter(username__in=demo.USERS)}


def demo_unit() -> Any:
    """The demo department (区民政局): where the demo's editor, reviewer, signer and handler work."""
    from gongkai.orgs import demo
    from gongkai.orgs.models import Unit

    return Unit.objects.get(name=demo.DEMO_DEPARTMENT)


def logged_in(user: Any) -> Any:
    """A test client with ``user``'s session (login itself is not what the probes test)."""
    from django.test import Client

    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def machine() -> str:
    """One line about where the run happened, for the summary."""
    import platform

    cores = os.cpu_count() or 0
    return f"{platform.node()} · Python {platform.python_version()} · {cores} cores"
