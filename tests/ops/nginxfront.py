"""Debian's nginx with the repository's deploy/nginx/gongkai.conf, for the tests that need the
real front: tests/ops/test_front.py (TLS, headers, static files, the micro-cache, the logs) and
tests/ops/test_behind_nginx.py (client addresses, rate limits, the login lockout, the 413).

The file is rendered as an operator renders it (``render_front`` fills its placeholders: free
loopback ports, a self-signed certificate made with ``openssl req``, folders of the test's own)
and wrapped in an nginx.conf whose every path is in the test's folder. nginx runs as one process
(``master_process off``): run as root, nginx would otherwise hand the requests to a worker running
as nobody, which cannot enter pytest's private folder. Stopped at the end: that process only,
never the machine's nginx.
"""

from __future__ import annotations

import http.client
import json
import re
import signal
import socket
import ssl
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.ops import REPO

NGINX = Path("/usr/sbin/nginx")
CONF = REPO / "deploy" / "nginx" / "gongkai.conf"
BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")
HOST = "localhost"

# The whole nginx.conf around the file: everything nginx writes stays in the test's folder.
MAIN_CONF = """\
load_module {brotli};
master_process off;
error_log {folder}/error.log;
pid {folder}/nginx.pid;
events {{
    worker_connections 256;
}}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
{site}
}}
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def render_front(**values: str) -> str:
    """deploy/nginx/gongkai.conf with its placeholders filled in, as an operator does."""
    text = CONF.read_text()
    for name, value in values.items():
        assert "{{" + name + "}}" in text, f"deploy/nginx/gongkai.conf has no {{{{{name}}}}}"
        text = text.replace("{{" + name + "}}", value)
    left = re.findall(r"\{\{\w+\}\}", text)
    assert not left, f"deploy/nginx/gongkai.conf has placeholders the test does not fill: {left}"
    return text


def wait_for_port(port: int, process: subprocess.Popen[bytes], what: str, log: Path, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while True:
        if process.poll() is not None:
            pytest.fail(f"{what} stopped at once ({process.returncode}): {log.read_text(errors='replace')[-3000:]}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                pytest.fail(f"{what} does not answer on port {port}: {log.read_text(errors='replace')[-3000:]}")
            time.sleep(0.05)


def stop(process: subprocess.Popen[bytes], how: signal.Signals = signal.SIGTERM) -> None:
    """Stop ``process`` (``how``: SIGINT is gunicorn's quick shutdown), killed after 10 s."""
    process.send_signal(how)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    """A certificate for localhost and its key (EC P-256: made in milliseconds)."""
    certificate, key = folder / "cert.pem", folder / "key.pem"
    command = ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"]
    command += ["-nodes", "-days", "1", "-subj", f"/CN={HOST}", "-addext", f"subjectAltName=DNS:{HOST}"]
    command += ["-keyout", str(key), "-out", str(certificate)]
    subprocess.run(command, check=True, capture_output=True, timeout=30)  # noqa: S603
    return certificate, key


@dataclass
class Front:
    """A running nginx with deploy/nginx/gongkai.conf, and what a test reads from it."""

    folder: Path
    http_port: int
    https_port: int
    certificate: Path
    access_log: Path

    def connect(self, *, tls: bool = True, source: str = "127.0.0.1") -> http.client.HTTPConnection:
        if not tls:
            return http.client.HTTPConnection("127.0.0.1", self.http_port, timeout=15, source_address=(source, 0))
        context = ssl.create_default_context(cafile=str(self.certificate))
        context.check_hostname = False  # the address is 127.0.0.1; the chain is still verified
        return http.client.HTTPSConnection(
            "127.0.0.1", self.https_port, timeout=15, context=context, source_address=(source, 0)
        )

    def log_lines(self) -> list[dict[str, object]]:
        return [json.loads(line) for line in self.access_log.read_text().splitlines() if line.strip()]

    def logged_paths(self, expected: set[str]) -> set[str]:
        """The paths in the access log, once ``expected`` are there or after 5 s (nginx writes a
        line after the answer has gone out, so the client can be a moment ahead of it)."""
        deadline = time.monotonic() + 5
        while True:
            logged = {str(line["path"]) for line in self.log_lines()}
            if expected <= logged or time.monotonic() > deadline:
                return logged
            time.sleep(0.05)


@contextmanager
def running_front(folder: Path, app_node: str, static_root: Path | None = None) -> Iterator[Front]:
    """nginx with the repository's configuration in front of ``app_node``; stopped at the end
    (this process only, never the machine's nginx)."""
    if static_root is None:
        static_root = folder / "static"
        static_root.mkdir(exist_ok=True)
    certificate, key = self_signed_certificate(folder)
    front = Front(folder, free_port(), free_port(), certificate, folder / "access.log")
    site = render_front(
        server_name=HOST,
        listen_https=f"127.0.0.1:{front.https_port}",
        listen_http=f"127.0.0.1:{front.http_port}",
        certificate=str(certificate),
        certificate_key=str(key),
        app_node=app_node,
        static_root=str(static_root),
        access_log=str(front.access_log),
        error_log=str(folder / "site-error.log"),
        cache_path=str(folder / "cache"),
    )
    config = folder / "nginx.conf"
    config.write_text(MAIN_CONF.format(brotli=BROTLI_MODULE, folder=folder, site=site))
    error_log = folder / "error.log"
    error_log.touch()
    command = [str(NGINX), "-p", str(folder), "-e", str(error_log), "-c", str(config), "-g", "daemon off;"]
    nginx = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)  # noqa: S603
    try:
        wait_for_port(front.https_port, nginx, "nginx", error_log, seconds=5)
        wait_for_port(front.http_port, nginx, "nginx", error_log, seconds=5)
        yield front
    finally:
        stop(nginx)
