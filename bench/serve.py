"""A gunicorn of gongkai for the benchmarks (bench/pages.py, bench/load.py runs, the smoke test):
production mode, two sync workers, started and stopped by whoever asked for it.

Production mode needs (gongkai/settings.py): GONGKAI_MODE=production, SECRET_KEY of 32+
characters, ALLOWED_HOSTS, the data dir or DATABASE_URL, GONGKAI_SSL_REDIRECT=0 (plain HTTP on
the loopback, as behind the recommended nginx), and collected static files (the manifest storage
refuses a page whose static file it does not know). GONGKAI_TRUSTED_PROXIES=127.0.0.1: the load
client gives each visitor its own X-Forwarded-For address, as nginx would.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
SECRET = "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"  # noqa: S105 (bench only, never deployed)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def production_env(data_dir: str, database_url: str | None = None, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}}
    env |= {
        "GONGKAI_MODE": "production",
        "SECRET_KEY": SECRET,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "GONGKAI_DATA_DIR": data_dir,
        "GONGKAI_SSL_REDIRECT": "0",
        "GONGKAI_TRUSTED_PROXIES": "127.0.0.1",
        "GONGKAI_LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "gongkai.settings",
    }
    if database_url:
        env["DATABASE_URL"] = database_url
    return env | extra


def collectstatic(env: dict[str, str]) -> None:
    """Production serves collected static files (staticfiles/, ignored by git)."""
    command = [str(BIN / "python"), "manage.py", "collectstatic", "--noinput", "-v0"]
    subprocess.run(command, cwd=ROOT, env=env, check=True)  # noqa: S603 (our own manage.py)


def wait_ready(base: str, process: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=5) as answer:  # noqa: S310 (loopback)
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("gunicorn did not answer /healthz in time")


@contextmanager
def gunicorn(env: dict[str, str], workers: int = 2, port: int | None = None, static: bool = True) -> Iterator[str]:
    """Start gunicorn (sync workers), yield its base URL, stop it (only this process group)."""
    if static:
        collectstatic(env)
    port = port or free_port()
    command = [str(BIN / "gunicorn"), "gongkai.wsgi", "--workers", str(workers), "--bind", f"127.0.0.1:{port}"]
    # gunicorn 27's control socket defaults to one path per user: give each run its own, so two
    # servers on the machine never take each other's over.
    command += ["--control-socket", f"{tempfile.gettempdir()}/bench-gunicorn-{port}.ctl"]
    process = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)  # noqa: S603
    base = f"http://127.0.0.1:{port}"
    try:
        wait_ready(base, process)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
