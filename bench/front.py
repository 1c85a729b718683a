"""The recommended front under load (not a test): deploy/nginx/gongkai.conf, rendered as an
operator fills it in, before a gunicorn of gongkai (production mode, two sync workers, the page
cache on), against the same nginx serving a saved copy of the same page from disk over the same
TLS — issue 18's "cached public pages through the front ≥ 50% of nginx's throughput for the same
bytes from disk".

    .venv/bin/python -m bench.front --data-dir /tmp/bench100k-sqlite [--duration 15]

wrk (``-t2 -c32``, keep-alive, HTTPS) runs on the same two cores as nginx and gunicorn; both
targets are measured in one run, one after the other. The page's answers are anonymous, so the
micro-cache (two seconds) and the page cache serve them: ``X-Front-Cache`` says HIT.
"""

from __future__ import annotations

import argparse
import re
import signal
import ssl
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

from bench.serve import free_port, gunicorn, production_env

ROOT = Path(__file__).resolve().parent.parent
CONF = ROOT / "deploy" / "nginx" / "gongkai.conf"
BROTLI = "/usr/lib/nginx/modules/ngx_http_brotli_static_module.so"
MAIN = """load_module {brotli};
user root;  # the scratch folders are the bench's own (0700); a real install runs workers as www-data
worker_processes 2;
pid {folder}/nginx.pid;
error_log {folder}/error.log;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    client_body_temp_path {folder}/body; proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi; uwsgi_temp_path {folder}/uwsgi; scgi_temp_path {folder}/scgi;
{site}
    server {{
        listen 127.0.0.1:{copy_port} ssl;
        ssl_certificate {certificate}; ssl_certificate_key {key};
        access_log off;
        root {folder}/copy;
        location / {{ try_files /index.html =404; default_type "text/html; charset=utf-8"; }}
    }}
}}
"""


def render(folder: Path, app: str, ports: dict[str, int]) -> tuple[str, Path, Path]:
    certificate, key = folder / "cert.pem", folder / "key.pem"
    command = ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    command += ["-days", "1", "-subj", "/CN=localhost", "-keyout", str(key), "-out", str(certificate)]
    subprocess.run(command, check=True, capture_output=True)  # noqa: S603 (a fixed command)
    values = {
        "server_name": "localhost",
        "listen_https": f"127.0.0.1:{ports['https']}",
        "listen_http": f"127.0.0.1:{ports['http']}",
        "certificate": str(certificate),
        "certificate_key": str(key),
        "app_node": app.removeprefix("http://"),
        "static_root": str(ROOT / "staticfiles"),
        "access_log": str(folder / "access.log"),
        "error_log": str(folder / "site-error.log"),
        "cache_path": str(folder / "cache"),
    }
    site = CONF.read_text()
    for name, value in values.items():
        site = site.replace("{{" + name + "}}", value)
    left = re.findall(r"\{\{\w+\}\}", site)
    if left:
        raise SystemExit(f"deploy/nginx/gongkai.conf has placeholders this script does not fill: {left}")
    return site, certificate, key


def wrk(url: str, duration: int, connections: int) -> tuple[float, str]:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", url]
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout  # noqa: S603
    found = re.search(r"Requests/sec:\s+([\d.]+)", out)
    return (float(found.group(1)) if found else 0.0), out


def fetch(url: str) -> tuple[bytes, dict[str, str]]:
    context = ssl._create_unverified_context()  # noqa: S323 (our own self-signed loopback front)
    with urllib.request.urlopen(url, context=context, timeout=30) as answer:  # noqa: S310
        return answer.read(), dict(answer.headers)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--database-url")
    parser.add_argument("--path", default="/")
    parser.add_argument("--duration", type=int, default=15)
    parser.add_argument("--connections", type=int, default=32)
    args = parser.parse_args()
    env = production_env(args.data_dir, args.database_url, GONGKAI_PAGE_CACHE="1")
    with tempfile.TemporaryDirectory() as scratch, gunicorn(env) as app:
        folder = Path(scratch)
        ports = {"https": free_port(), "http": free_port(), "copy": free_port()}
        site, certificate, key = render(folder, app, ports)
        (folder / "copy").mkdir()
        main_conf = MAIN.format(
            brotli=BROTLI, folder=folder, site=site, copy_port=ports["copy"], certificate=certificate, key=key
        )
        (folder / "nginx.conf").write_text(main_conf)
        nginx = subprocess.Popen(  # noqa: S603
            ["/usr/sbin/nginx", "-p", str(folder), "-c", str(folder / "nginx.conf"), "-g", "daemon off;"]
        )
        try:
            time.sleep(1)
            front = f"https://127.0.0.1:{ports['https']}{args.path}"
            body, headers = fetch(front)
            body, headers = fetch(front)
            (folder / "copy" / "index.html").write_bytes(body)
            print(f"[front] {len(body)} bytes; X-Front-Cache {headers.get('X-Front-Cache')}", flush=True)
            cached, cached_out = wrk(front, args.duration, args.connections)
            copy, copy_out = wrk(f"https://127.0.0.1:{ports['copy']}/", args.duration, args.connections)
        finally:
            nginx.send_signal(signal.SIGQUIT)
            nginx.wait(timeout=20)
    print(cached_out, copy_out, sep="\n")
    print(f"| through the front (cached {args.path}) | {cached:,.0f} req/s |")
    print(f"| nginx, the same bytes from disk | {copy:,.0f} req/s |")
    print(f"| ratio | {cached / copy:.0%} |" if copy else "| ratio | — |")


if __name__ == "__main__":
    main()
