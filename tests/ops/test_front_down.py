"""The front when no application node answers: nginx's 502 becomes the site's 503 page with
Retry-After (deploy/nginx/gongkai.conf: error_page), from a static file — never nginx's bare page."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.ops import REPO
from tests.ops.nginxfront import NGINX, free_port, running_front


def test_every_node_away_gives_the_chinese_503_page_with_retry_after(tmp_path: Path) -> None:
    if not NGINX.exists():
        pytest.skip("Debian's nginx is not installed (system-packages.txt: nginx)")
    tmp_path.chmod(0o700)
    static_root = tmp_path / "static"
    (static_root / "errors").mkdir(parents=True)
    shutil.copy(REPO / "gongkai" / "static" / "errors" / "503.html", static_root / "errors" / "503.html")
    nobody_listens = f"127.0.0.1:{free_port()}"
    with running_front(tmp_path, nobody_listens, static_root) as front:
        for path in ("/", "/xxgk/policies/?page=2", "/api/v1/sites"):
            connection = front.connect()
            connection.request("GET", path, headers={"Host": "localhost"})
            answer = connection.getresponse()
            body = answer.read().decode()
            assert answer.status == 503, (path, answer.status)
            assert answer.getheader("Retry-After") == "30"
            assert answer.getheader("Content-Type", "").startswith("text/html")
            assert "服务暂时不可用" in body and "<center>nginx" not in body
            connection.close()
