"""Checking a partner's signed request before anything is read from it or stored.

Order: the four headers and a paired, active partner (401) → the body's size (413, read at most
one byte past the bound, whatever Content-Length says) → the timestamp within ±5 minutes (403) →
the signature over method, path with query, timestamp, nonce and the body's SHA-256 (403) → the
nonce never seen (403; remembered only once the signature holds, so nobody can spend a partner's
nonces). A refusal stores nothing but, after a valid signature, the nonce itself.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
import time

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.exchange import conf, identity, signing
from gongkai.exchange.models import Nonce, Partner

NONCE_SHAPE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
PRUNE_EVERY = 100  # prune expired nonces on about one request in this many


class Refused(Exception):
    def __init__(self, status: int, detail: str, field: str | None = None) -> None:
        super().__init__(detail)
        self.status, self.detail, self.field = status, detail, field


def body_of(request: HttpRequest, limit: int) -> bytes:
    """The body, bounded: Django's own bound (DATA_UPLOAD_MAX_MEMORY_SIZE, 2.5 MB) is below a
    batch with files, so the stream is read here (at most ``limit`` + 1 bytes) and kept as the
    request's body for the handler."""
    cached = getattr(request, "_body", None)
    if cached is None:
        cached = request.read(limit + 1)
        request._body = cached  # what request.body returns from now on
    return bytes(cached)


def _declared_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def _partner(instance: str) -> Partner:
    partner = Partner.objects.filter(peer_instance=instance, active=True).first()
    if partner is None or not partner.paired:
        raise Refused(401, _("未登记或未配对的交换伙伴：%(instance)s") % {"instance": instance[:64]}, signing.INSTANCE)
    return partner


def _remember_nonce(instance: str, nonce: str, now: dt.datetime) -> None:
    if secrets.randbelow(PRUNE_EVERY) == 0:
        Nonce.objects.filter(expires_at__lt=now).delete()
    try:
        with transaction.atomic():
            Nonce.objects.create(
                instance=instance, nonce=nonce, expires_at=now + dt.timedelta(seconds=2 * signing.SKEW)
            )
    except IntegrityError as exc:
        raise Refused(403, _("重复的请求：该随机数（nonce）已使用过，拒绝重放"), signing.NONCE) from exc


def verify(request: HttpRequest) -> Partner:
    """The partner that signed ``request``, or Refused."""
    values = {name: request.headers.get(name, "") for name in signing.HEADERS}
    missing = [name for name, value in values.items() if not value]
    if missing:
        raise Refused(401, _("请求未签名：缺少 %(names)s") % {"names": "、".join(missing)}, missing[0])
    partner = _partner(values[signing.INSTANCE])
    bound = int(conf.get("EXCHANGE_MAX_BODY"))
    if _declared_length(request) > bound or len(body := body_of(request, bound)) > bound:
        raise Refused(413, _("请求体超过上限 %(mb)s MB，请减少每批记录数") % {"mb": bound // (1 << 20)})
    if not signing.fresh(values[signing.TIMESTAMP], time.time()):
        raise Refused(403, _("请求时间戳超出允许范围（±5分钟）：请校准双方服务器时间"), signing.TIMESTAMP)
    nonce = values[signing.NONCE]
    if not NONCE_SHAPE.match(nonce):
        raise Refused(403, _("随机数（nonce）格式不正确"), signing.NONCE)
    message = signing.canonical(
        request.method or "GET",
        request.get_full_path(),
        values[signing.TIMESTAMP],
        nonce,
        body,
        receiver=identity.ours().instance_id,  # signed for us, not for another of its partners
    )
    if not signing.verify(partner.peer_public_key, message, values[signing.SIGNATURE]):
        raise Refused(403, _("签名无效：请求内容被改动，或签名密钥与登记的公钥不符"), signing.SIGNATURE)
    _remember_nonce(partner.peer_instance or "", nonce, timezone.now())
    return partner
