"""Receiving records from a partner (pushed to our inbox or pulled from its change log).

Each record gets a receipt: ``accepted``, ``duplicate`` (an (origin, item, revision) we hold, or
older than what we hold: never back) or ``rejected`` with the reason. Each record is applied in
a savepoint of its own, so a rejected one changes nothing and never holds up the rest.

An accepted record becomes a local item that is **carried** (``Item.carried``: never counted as
the district's own, never exported again — no loops), held by this platform's government unit,
published by the system user ``exchange`` through ``workflow.publish`` (so search, the sites'
placements, the page cache and the policy library follow through the lifecycle signals), with
its provenance in ``Received``. A tombstone withdraws the local copy the same way, through the
withdrawal signal. A policy record gets its ``PolicyDocument``: issuer = the origin's organ,
level from the partner (上级文件 from a partner above).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import DatabaseError, IntegrityError, OperationalError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from pydantic import ValidationError as PydanticError

from gongkai.catalog.models import CatalogueEntry
from gongkai.exchange import conf, identity
from gongkai.exchange.format import FileRecord, Record
from gongkai.exchange.models import Direction, Partner, Received
from gongkai.orgs.models import Unit
from gongkai.policies.models import Level, PolicyDocument
from gongkai.publishing import privacy, signals, textlayer, vocab
from gongkai.publishing.attachments import MAX_ATTACHMENT_BYTES
from gongkai.publishing.models import Attachment, Item, Kind, State
from gongkai.publishing.sanitize import clean_html, plain_text
from gongkai.publishing.uploads import FileInfo, UploadRejected, inspect
from gongkai.publishing.workflow import publish, record_step
from gongkai.sites import services as sites_services
from gongkai.sites.models import Column
from gongkai.storage import StorageFull, is_full

log = logging.getLogger("gongkai.exchange")
SYSTEM_USER = "exchange"
ACCEPTED, DUPLICATE, REJECTED = "accepted", "duplicate", "rejected"


class Rejected(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Receipt:
    origin: str
    item: int | None
    revision: int | None
    status: str
    reason: str = ""

    def as_dict(self) -> dict[str, Any]:
        answer: dict[str, Any] = {
            "origin": self.origin,
            "item": self.item,
            "revision": self.revision,
            "status": self.status,
        }
        if self.reason:
            answer["reason"] = self.reason
        return answer


@dataclass(frozen=True)
class Context:
    user: Any
    unit: Unit


def system_user() -> Any:
    """The inactive account received items are published under; it cannot log in."""
    user, created = get_user_model().objects.get_or_create(
        username=SYSTEM_USER, defaults={"first_name": _("数据交换"), "is_active": False}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def context() -> Context:
    unit = identity.government()
    if unit is None:
        raise Rejected(_("本平台没有“人民政府”类型的单位，无法接收：请先完成站点设置"))
    return Context(user=system_user(), unit=unit)


def receive_batch(partner: Partner, records: list[Any]) -> list[Receipt]:
    """A receipt for every record, in order."""
    try:
        ctx = context()
    except Rejected as exc:
        return [_rejected(raw, exc.reason) for raw in records]
    return [receive_one(partner, raw, ctx) for raw in records]


def _key(raw: Any) -> tuple[str, int | None, int | None]:
    if not isinstance(raw, dict):
        return "", None, None

    def number(name: str) -> int | None:
        value = raw.get(name)
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    origin = raw.get("origin")
    return (origin if isinstance(origin, str) else "")[:64], number("item"), number("revision")


def _rejected(raw: Any, reason: str) -> Receipt:
    origin, item, revision = _key(raw)
    return Receipt(origin, item, revision, REJECTED, reason)


def _describe(exc: PydanticError) -> str:
    first = exc.errors()[0]
    where = ".".join(str(part) for part in first.get("loc", ()))
    return _("记录格式不符合 gongkai-exchange/1：字段 %(field)s %(problem)s") % {
        "field": where or "-",
        "problem": first.get("msg", ""),
    }


def receive_one(partner: Partner, raw: Any, ctx: Context) -> Receipt:
    try:
        record = Record.model_validate(raw)
    except PydanticError as exc:
        return _rejected(raw, _describe(exc))
    if record.origin != partner.peer_instance:
        return _rejected(raw, _("记录的来源实例与签名方不符：伙伴只能发送其本平台的信息"))
    try:
        with transaction.atomic():
            status = _apply(partner, record, ctx)
    except Rejected as exc:
        if _held_already(record):  # the same record, received at the same moment by a pull and a push
            return Receipt(record.origin, record.item, record.revision, DUPLICATE)
        return _rejected(raw, exc.reason)
    except ValidationError as exc:
        return _rejected(raw, "；".join(exc.messages))
    except OperationalError:
        raise  # the database is away: the whole request fails (503), nothing is half-received
    except (DatabaseError, ValueError, OSError) as exc:
        log.exception("exchange: record not received", extra={"event": "exchange.receive_failed"})
        return _rejected(raw, _("接收时出错：%(error)s") % {"error": type(exc).__name__})
    return Receipt(record.origin, record.item, record.revision, status)


def _held_already(record: Record) -> bool:
    return Received.objects.filter(
        origin_instance=record.origin, origin_item=record.item, revision__gte=record.revision
    ).exists()


def _apply(partner: Partner, record: Record, ctx: Context) -> str:
    held = (
        Received.objects.select_for_update(of=("self",))
        .select_related("item")
        .filter(origin_instance=record.origin, origin_item=record.item)
        .first()
    )
    if held is not None and held.revision >= record.revision:
        return DUPLICATE
    if record.kind == "withdrawn":
        _tombstone(partner, record, held, ctx)
        return ACCEPTED
    _check_codes(record)
    _check_text(record)
    files = _check_files(record)
    item = held.item if held is not None else None
    before = item.state if item is not None else State.SIGNED
    item = _write_item(record, item, ctx)
    _write_files(item, files, ctx)
    if item.kind == Kind.POLICY:
        _write_policy(item, record, partner)
    note = _("数据交换：来自%(organ)s") % {"organ": record.organ}
    publish(item, ctx.user, before=before, note=note, now=record.published_at, by_job=True)
    _remember(held, partner, record, item)
    for column in Column.objects.filter(pk__in=partner.column_ids or [], retired=False):
        sites_services.pick(None, column, item)
    return ACCEPTED


def _check_codes(record: Record) -> None:
    checks = [
        ("topic", record.topic.code, vocab.TOPICS),
        ("genre", record.genre.code, vocab.GENRES),
        ("validity", record.validity.code, vocab.VALIDITY),
    ]
    for field, code, choices in checks:
        if code not in dict(choices):
            raise Rejected(_("%(field)s 的代码“%(code)s”不在本平台的取值中") % {"field": field, "code": code})
    if record.item_kind not in Kind.values:
        raise Rejected(_("item_kind 的代码“%(code)s”不在本平台的取值中") % {"code": record.item_kind})


def _check_text(record: Record) -> None:
    """Personal data never arrives either (the origin's guard should have stopped it)."""
    if privacy.places_in(record.title) or privacy.places_in(plain_text(record.body_html)):
        raise Rejected(_("标题或正文含有未去标识化的个人信息，不予接收"))


def _check_files(record: Record) -> list[tuple[FileRecord, bytes, FileInfo]]:
    """Every file decoded, its size and SHA-256 checked, and its content checked as an upload."""
    total = sum(f.size for f in record.attachments)
    bound = int(conf.get("EXCHANGE_MAX_FILES"))
    if total > bound:
        raise Rejected(_("附件合计超过交换上限 %(mb)s MB") % {"mb": bound // (1 << 20)})
    checked = []
    for file in record.attachments:
        try:
            data = base64.b64decode(file.data, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise Rejected(_("附件“%(name)s”的内容不是有效的base64") % {"name": file.name}) from exc
        if len(data) != file.size or hashlib.sha256(data).hexdigest() != file.sha256:
            raise Rejected(_("附件“%(name)s”的大小或SHA-256与内容不符") % {"name": file.name})
        try:
            info = inspect(file.name, data, MAX_ATTACHMENT_BYTES)
        except UploadRejected as exc:
            raise Rejected(_("附件“%(name)s”：%(why)s") % {"name": file.name, "why": exc.message}) from exc
        checked.append((file, data, info))
    return checked


def _entry(record: Record) -> CatalogueEntry | None:
    ref = record.catalogue_entry
    if ref is None:
        return None
    return (
        CatalogueEntry.objects.filter(
            domain__name=ref.domain, first_level=ref.first_level, second_level=ref.second_level
        )
        .order_by("pk")
        .first()
    )


def _write_item(record: Record, item: Item | None, ctx: Context) -> Item:
    if item is None:
        if not record.index_number or Item.objects.filter(index_number=record.index_number).exists():
            raise Rejected(_("索引号缺失或与本平台已有信息重复：%(n)s") % {"n": record.index_number or "-"})
        item = Item(unit=ctx.unit, author=ctx.user, carried=True, state=State.SIGNED)
        # The origin's 索引号 and first publication: publish_now assigns neither when present.
        item.index_number = record.index_number
        item.first_published_on = record.first_published_on or timezone.localdate(record.published_at)
    item.kind = Kind.POLICY if record.item_kind == Kind.POLICY else Kind.ITEM
    item.title = record.title
    item.body_html = clean_html(record.body_html)
    item.topic, item.genre, item.validity = record.topic.code, record.genre.code, record.validity.code
    item.doc_number = record.doc_number
    item.written_on = record.written_on
    item.formed_on = record.written_on or timezone.localdate(record.published_at)
    item.normative = record.normative
    item.catalogue_entry = _entry(record)
    # A later local revision needs a public change note (publish_now): the origin's, or ours.
    item.change_note = (record.change_note or _("随来源平台更新"))[:300]
    # The 索引号's uniqueness is the database's (below): its validation query per record would
    # cost a tenth of receiving one.
    item.full_clean(exclude=["author", "published_revision", "unit", "catalogue_entry"], validate_constraints=False)
    try:
        with transaction.atomic():
            item.save()
    except IntegrityError as exc:
        raise Rejected(_("索引号与本平台已有信息重复：%(n)s") % {"n": record.index_number}) from exc
    return item


def _store(attachment: Attachment, name: str, data: bytes) -> None:
    try:
        attachment.file.save(name, ContentFile(data), save=False)
    except OSError as exc:
        if not is_full(exc):
            raise
        raise Rejected(str(StorageFull.message)) from exc


def _write_files(item: Item, files: list[tuple[FileRecord, bytes, FileInfo]], ctx: Context) -> None:
    """The record's file list is the truth: files we hold with the same content stay, new ones
    are stored (and read for search), the others leave with this revision."""
    if not files and item.published_revision_id is None:
        return  # a new item without files: nothing to compare or remove
    held = {a.sha256: a for a in item.attachments.filter(removed=False)}
    kept: set[int] = set()
    for position, (file, data, info) in enumerate(files):
        same = held.get(file.sha256)
        if same is not None and same.pk not in kept:
            same.name, same.position = info.name, position
            same.save(update_fields=["name", "position"])
            kept.add(same.pk)
            continue
        attachment = Attachment(
            item=item,
            name=info.name,
            kind=info.kind,
            size=info.size,
            sha256=info.sha256,
            uploaded_by=ctx.user,
            position=position,
        )
        _store(attachment, f"{info.sha256[:16]}.{info.extension}", data)
        attachment.save()
        transaction.on_commit(_reader(attachment, data), robust=True)
        kept.add(attachment.pk)
    item.attachments.filter(removed=False).exclude(pk__in=kept).update(removed=True)


def _reader(attachment: Attachment, data: bytes) -> Callable[[], None]:
    """Read the file's text for search once the record is committed (publishing.textlayer)."""
    return lambda: textlayer.receive(attachment, data)


def level_of(partner: Partner) -> str:
    if partner.level in Level.values:
        return partner.level
    return Level.CITY if partner.direction == Direction.UP else Level.DISTRICT


def _write_policy(item: Item, record: Record, partner: Partner) -> None:
    meta = record.policy
    document, _created = PolicyDocument.objects.get_or_create(item=item)
    document.issuer = (meta.issuer if meta is not None and meta.issuer else record.organ)[:200]
    document.level = level_of(partner)
    document.category = meta.category if meta is not None else ""
    document.effective_on = meta.effective_on if meta is not None else None
    document.region = meta.region if meta is not None else ""
    document.save()


def safe_url(url: str) -> str:
    """The origin's page as a link here: http(s) only (a ``javascript:`` address would run)."""
    return url if urlsplit(url).scheme in ("http", "https") else ""


def _remember(held: Received | None, partner: Partner, record: Record, item: Item | None) -> None:
    values = {
        "item": item,
        "partner": partner,
        "revision": record.revision,
        "withdrawn": record.kind == "withdrawn",
        "organ": record.organ[:200],
        "credit_code": record.credit_code,
        "origin_url": safe_url(record.url),
        "index_number": record.index_number,
        "origin_kind": record.item_kind,
    }
    if held is None:
        Received.objects.create(origin_instance=record.origin, origin_item=record.item, **values)
        return
    for name, value in values.items():
        if name == "item" and value is None:
            continue  # a tombstone keeps the item it withdrew
        setattr(held, name, value)
    held.save()


def _tombstone(partner: Partner, record: Record, held: Received | None, ctx: Context) -> None:
    item = held.item if held is not None else None
    if item is not None:
        withdraw_copy(item, record, ctx)
    _remember(held, partner, record, item)


def withdraw_copy(item: Item, record: Record, ctx: Context) -> None:
    """Withdraw the local copy as the origin did: its page stays with the origin's public reason;
    search, columns, caches and feeds follow through the withdrawal signal. (workflow.perform
    would ask for a signer of the holding unit: the system acts here, like the scheduled job.)"""
    item = Item.objects.select_for_update().get(pk=item.pk)
    if item.state == State.WITHDRAWN or item.published_revision_id is None:
        return
    before = item.state
    reason = record.withdraw_reason.strip() or _("来源平台已撤回该信息")
    item.state, item.withdraw_reason, item.withdraw_reason_code = State.WITHDRAWN, reason, "other"
    item.withdrawn_on = record.withdrawn_on or timezone.localdate()
    item.save(update_fields=["state", "withdraw_reason", "withdraw_reason_code", "withdrawn_on", "updated_at"])
    signals.withdrawn.send(sender=Item, item=item, actor=ctx.user, reason=reason)
    note = _("数据交换：来源平台撤回（%(organ)s）") % {"organ": record.organ}
    record_step(item, "withdraw", ctx.user, before=before, note=note, by_job=True)
