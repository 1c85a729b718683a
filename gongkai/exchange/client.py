"""Signed requests to a partner, with ``requests``: timeouts, no environment proxies, no
redirects (a signed request goes where the office said, or fails), and the outbound rule of
gongkai/outbound.py: never to a loopback, private or reserved address — unless
``EXCHANGE_ALLOW_PRIVATE`` says partners live there (tests on loopback, an intranet). The rule is
checked on the addresses the partner's host resolves to before connecting; outbound.py itself
stays as strict as it is.
"""

from __future__ import annotations

import json
import socket
import time
from typing import Any
from urllib.parse import urlencode, urlsplit

import requests
from django.utils.translation import gettext as _

from gongkai import outbound
from gongkai.exchange import conf, identity, signing
from gongkai.exchange.models import Partner

CHANGES = "/api/v1/exchange/changes"
INBOX = "/api/v1/exchange/inbox"


class PartnerError(Exception):
    """The partner could not be reached or answered with an error: the cycle backs off."""


def check_address(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise PartnerError(_("对方平台地址应以 http:// 或 https:// 开头：%(url)s") % {"url": url})
    if conf.get("EXCHANGE_ALLOW_PRIVATE"):
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443, 0, socket.SOCK_STREAM)
    except OSError as exc:
        raise PartnerError(_("无法解析对方平台的主机名：%(host)s") % {"host": parts.hostname}) from exc
    if not infos or not all(outbound.allowed(str(info[4][0])) for info in infos):
        raise PartnerError(str(outbound.InternalAddress(parts.hostname)))


def call(partner: Partner, method: str, path: str, *, params: dict[str, Any] | None = None, body: bytes = b"") -> Any:
    """The partner's JSON answer to a signed request, or PartnerError."""
    url = partner.base_url.rstrip("/") + path
    check_address(url)
    query = urlencode(params or {})
    full = f"{url}?{query}" if query else url
    parts = urlsplit(full)
    signed_path = parts.path + (f"?{parts.query}" if parts.query else "")
    ours = identity.ours()
    headers = signing.headers(
        ours.instance_id, ours.private_key, method, signed_path, body, time.time(), receiver=partner.peer_instance or ""
    )
    headers["Content-Type"] = "application/json"
    timeout = float(conf.get("EXCHANGE_TIMEOUT"))
    session = requests.Session()
    session.trust_env = False  # no proxies from the environment
    try:
        answer = session.request(
            method, full, data=body, headers=headers, timeout=timeout, allow_redirects=False, stream=True
        )
        status, data = answer.status_code, _bounded(answer)
    except requests.RequestException as exc:
        raise PartnerError(_("无法连接对方平台：%(error)s") % {"error": type(exc).__name__}) from exc
    finally:
        session.close()
    try:
        value = json.loads(data)
    except ValueError as exc:
        if status != 200:
            raise PartnerError(_("对方平台答复 %(status)s") % {"status": status}) from exc
        raise PartnerError(_("对方平台的答复不是JSON")) from exc
    if status != 200:
        detail = str(value.get("detail", ""))[:300] if isinstance(value, dict) else ""
        raise PartnerError(_("对方平台答复 %(status)s：%(detail)s") % {"status": status, "detail": detail})
    return value


def _bounded(answer: requests.Response) -> bytes:
    """The answer's body, read at most to the exchange's bound: a partner cannot fill our memory."""
    limit = int(conf.get("EXCHANGE_MAX_BODY"))
    try:
        data = answer.raw.read(limit + 1, decode_content=True)
    except Exception as exc:  # urllib3's read errors (a connection cut mid-answer) have no common base here
        raise requests.ConnectionError(str(exc)) from exc
    finally:
        answer.close()
    if len(data) > limit:
        raise PartnerError(_("对方平台的答复超过上限 %(mb)s MB") % {"mb": limit // (1 << 20)})
    return bytes(data)


def records_body(records: list[str]) -> bytes:
    """``{"records": [...]}`` from records already serialised (each built once)."""
    return ('{"records":[' + ",".join(records) + "]}").encode()


def dumps(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()
