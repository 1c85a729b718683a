"""Requests this server makes to addresses staff typed: new-media feed URLs and the external
links of published pages (site inspection).

http and https only (also through a redirect), no environment proxies, and never to a loopback,
private, link-local, shared or reserved address unless ``settings.OUTBOUND_ALLOWED_NETWORKS``
lists its network (an intranet deployment may). The host is resolved here and only allowed
addresses are connected to, so a public name that resolves inward is refused as well, before
any packet reaches it (refused and open ports look the same: no port scan through a feed URL).
"""

from __future__ import annotations

import functools
import http.client
import ipaddress
import socket
import urllib.request
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _


class InternalAddress(OSError):
    """The host resolves only to addresses this server does not call."""

    def __init__(self, host: str) -> None:
        super().__init__(_("地址指向内部网络（%(host)s），不予访问") % {"host": host})


@functools.lru_cache(maxsize=8)
def _networks(listed: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(n.strip(), strict=False) for n in listed if n.strip())


def allowed(ip: str) -> bool:
    """A public address, or one in a network the settings allow."""
    address = ipaddress.ip_address(ip.split("%", 1)[0])  # an IPv6 zone (fe80::1%eth0) is dropped
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    listed = tuple(getattr(settings, "OUTBOUND_ALLOWED_NETWORKS", ()))
    if any(address in network for network in _networks(listed)):
        return True
    return address.is_global and not address.is_multicast


_NO_TIMEOUT = getattr(socket, "_GLOBAL_DEFAULT_TIMEOUT", None)  # http.client's "not given"


def connect(address: tuple[str, int], timeout: Any = _NO_TIMEOUT, source: Any = None) -> socket.socket:
    """socket.create_connection, to allowed addresses only (InternalAddress otherwise)."""
    host, port = address
    candidates = [info for info in socket.getaddrinfo(host, port, 0, socket.SOCK_STREAM) if allowed(str(info[4][0]))]
    if not candidates:
        raise InternalAddress(host)
    failure: OSError | None = None
    for family, kind, proto, _name, sockaddr in candidates:
        sock = socket.socket(family, kind, proto)
        try:
            if timeout is not _NO_TIMEOUT:
                sock.settimeout(timeout)
            if source:
                sock.bind(source)
            sock.connect(sockaddr)
            return sock
        except OSError as exc:
            failure = exc
            sock.close()
    assert failure is not None
    raise failure


class _HTTPConnection(http.client.HTTPConnection):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._create_connection = connect


class _HTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._create_connection = connect


class _HTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_HTTPConnection, req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_HTTPSConnection, req, context=getattr(self, "_context", None))


def opener() -> urllib.request.OpenerDirector:
    """An opener with exactly the handlers above: no proxies, no file:, ftp: or data:."""
    director = urllib.request.OpenerDirector()
    for handler in (
        _HTTPHandler(),
        _HTTPSHandler(),
        urllib.request.UnknownHandler(),  # any other scheme: URLError("unknown url type")
        urllib.request.HTTPRedirectHandler(),
        urllib.request.HTTPDefaultErrorHandler(),
        urllib.request.HTTPErrorProcessor(),
    ):
        director.add_handler(handler)
    return director
