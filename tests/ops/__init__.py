"""Operations tests: backup and restore, health, settings, background jobs.

Helpers here start ``manage.py`` or ``python`` in a subprocess with a clean configuration, the
way an operator's shell would, so a test never inherits the developer's environment.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CONFIG_VARIABLES = (
    "GONGKAI_MODE",
    "GONGKAI_DATA_DIR",
    "GONGKAI_TASKS",
    "GONGKAI_LOG_LEVEL",
    "GONGKAI_SSL_REDIRECT",
    "DATABASE_URL",
    "REDIS_URL",
    "SECRET_KEY",
    "DEBUG",
    "ALLOWED_HOSTS",
)


def clean_env(**values: str) -> dict[str, str]:
    """The current environment without any gongkai setting, plus ``values``."""
    env = {key: value for key, value in os.environ.items() if key not in CONFIG_VARIABLES}
    env["DJANGO_SETTINGS_MODULE"] = "gongkai.settings"
    env.update(values)
    return env


def run_python(env: dict[str, str], *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603
        [sys.executable, *args],
        cwd=REPO,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def manage(env: dict[str, str], *args: str, stdin: str = "", check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run ``manage.py args``; with ``check``, a failure shows the command's own output."""
    result = run_python(env, "manage.py", *args, stdin=stdin)
    if check:
        assert result.returncode == 0, f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
    return result
