"""The exchange format, ``gongkai-exchange/1`` (docs/exchange.md): one record per change of an item.

A record is built from the item as it is now (``build``): its public revision and the files
public with it, or, once withdrawn, a tombstone with the public reason and no body or files.
The pydantic models are the contract; the API's OpenAPI schema shows them (routers/exchange.py).
"""

from __future__ import annotations

import base64
import datetime as dt
from typing import Any, Literal

from django.utils import timezone
from pydantic import AwareDatetime, BaseModel, Field

from gongkai import publiclinks
from gongkai.exchange.models import Change, ChangeKind
from gongkai.publishing import privacy, vocab
from gongkai.publishing.models import Attachment, Item, Kind, State
from gongkai.publishing.sanitize import plain_text

VERSION = "gongkai-exchange/1"
SHA256 = r"^[0-9a-f]{64}$"


class Coded(BaseModel):
    code: str = Field(max_length=20)
    label: str = Field("", max_length=100)


class CatalogueRef(BaseModel):
    """Catalogue ids differ between instances: the entry travels by its names."""

    domain: str = Field(max_length=100)
    first_level: str = Field(max_length=100)
    second_level: str = Field("", max_length=100)


class PolicyMeta(BaseModel):
    issuer: str = Field("", max_length=200)
    level: str = Field("", max_length=10)
    category: str = Field("", max_length=50)
    effective_on: dt.date | None = None
    region: str = Field("", max_length=50)


class FileRecord(BaseModel):
    name: str = Field(max_length=200)
    kind: str = Field(max_length=10)
    size: int = Field(ge=1)
    sha256: str = Field(pattern=SHA256)
    data: str = Field(description="the file's bytes, base64 (RFC 4648)")


class Record(BaseModel):
    format: Literal["gongkai-exchange/1"] = "gongkai-exchange/1"
    seq: int = Field(ge=1, description="the origin's change number (its change log's cursor)")
    origin: str = Field(max_length=64, description="the origin instance id")
    item: int = Field(ge=1, description="the item's id at the origin")
    revision: int = Field(ge=1, description="grows with every publication, file take-down and withdrawal")
    kind: Literal["published", "withdrawn"]
    public_revision: int = Field(ge=1, description="the number of the public text at the origin")
    item_kind: str = Field(max_length=20, description="publishing.Kind: item, policy, interpretation …")
    index_number: str = Field("", max_length=60)
    organ: str = Field(max_length=200)
    credit_code: str = Field("", max_length=18)
    doc_number: str = Field("", max_length=100)
    written_on: dt.date | None = None
    published_at: AwareDatetime
    first_published_on: dt.date | None = None
    topic: Coded
    genre: Coded
    validity: Coded
    normative: bool = False
    catalogue_entry: CatalogueRef | None = None
    title: str = Field(max_length=300)
    body_html: str = Field("", description="sanitised HTML; empty in a tombstone")
    change_note: str = Field("", max_length=300)
    attachments: list[FileRecord] = Field(default_factory=list, max_length=30)
    url: str = Field("", max_length=500, description="the public page at the origin")
    withdrawn_on: dt.date | None = None
    withdraw_reason: str = Field("", description="the public reason of a withdrawal")
    policy: PolicyMeta | None = None


class Withheld(Exception):
    """An item that must not leave this platform (personal data in what it would send)."""


def personal_data(item: Item, files: list[Attachment]) -> str:
    """Why the public text may not be exchanged: unmasked ID, mobile or card numbers in the title,
    the body or a file (gongkai.personaldata, the publication context), or a file not screened."""
    revision = item.published_revision
    title = revision.title if revision is not None else item.title
    body = revision.body_html if revision is not None else item.body_html
    places = privacy.places_in(title) + privacy.places_in(plain_text(body))
    if places or any(f.findings for f in files):
        return "含有未去标识化的个人信息，不予交换"
    if any(f.text_state != "read" for f in files):
        return "附件未经个人信息检查，不予交换"
    return ""


def public_files(item: Item) -> list[Attachment]:
    if item.state == State.WITHDRAWN:
        return []
    return list(item.attachments.filter(public=True, taken_down_at__isnull=True).order_by("position", "pk"))


def files_size(files: list[Attachment]) -> int:
    return sum(f.size for f in files)


def _label(choices: list[tuple[str, Any]], code: str) -> Coded:
    return Coded(code=code, label=str(dict(choices).get(code, "")))


def _catalogue(item: Item) -> CatalogueRef | None:
    revision = item.published_revision
    entry = revision.catalogue_entry if revision is not None else None
    if entry is None:
        return None
    return CatalogueRef(domain=entry.domain.name, first_level=entry.first_level, second_level=entry.second_level)


def _policy(item: Item) -> PolicyMeta | None:
    document = getattr(item, "policy", None) if item.kind == Kind.POLICY else None
    if document is None:
        return None
    return PolicyMeta(
        issuer=document.issuer,
        level=document.level,
        category=document.category,
        effective_on=document.effective_on,
        region=document.region,
    )


def _file(attachment: Attachment) -> FileRecord:
    with attachment.file.open("rb") as handle:
        data = handle.read()
    return FileRecord(
        name=attachment.name,
        kind=attachment.kind,
        size=attachment.size,
        sha256=attachment.sha256,
        data=base64.b64encode(data).decode(),
    )


def origin_url(item: Item, base: str) -> str:
    try:
        path = publiclinks.public_url("item", item.pk)
    except LookupError:  # a domain used without the portal (a command in a bare test)
        return ""
    return f"{base.rstrip('/')}{path}" if base else path


def build(change: Change, instance: str, base: str) -> Record:
    """The record of ``change``, from the item as it is now (raises Withheld)."""
    item = change.item
    revision = item.published_revision
    assert revision is not None  # a change is only logged for a published item
    withdrawn = change.kind == ChangeKind.WITHDRAWN or item.state == State.WITHDRAWN
    files = [] if withdrawn else public_files(item)
    why = personal_data(item, files)
    if why and not withdrawn:
        raise Withheld(why)
    # A tombstone of an item that holds personal data (published here with a legal basis, never
    # sent) names it by number only: its title, 文号 and change note stay here.
    hidden = bool(why)
    return Record(
        seq=change.seq,
        origin=instance,
        item=item.pk,
        revision=change.version,
        kind="withdrawn" if withdrawn else "published",
        public_revision=revision.number,
        item_kind=revision.kind,
        index_number=item.index_number,
        organ=item.unit.name,
        credit_code=item.unit.credit_code,
        doc_number="" if hidden else revision.doc_number,
        written_on=revision.written_on,
        published_at=timezone.localtime(revision.published_at),
        first_published_on=item.first_published_on,
        topic=_label(vocab.TOPICS, revision.topic),
        genre=_label(vocab.GENRES, revision.genre),
        validity=_label(vocab.VALIDITY, revision.validity),
        normative=revision.normative,
        catalogue_entry=_catalogue(item),
        title="" if hidden else revision.title,
        body_html="" if withdrawn else revision.body_html,
        change_note="" if hidden else revision.change_note,
        attachments=[_file(f) for f in files],
        url=origin_url(item, base),
        withdrawn_on=item.withdrawn_on if withdrawn else None,
        withdraw_reason=item.withdraw_reason if withdrawn else "",
        policy=_policy(item),
    )


def estimate(item: Item, files: list[Attachment]) -> int:
    """Bytes the record will take in a request (base64 is 4/3 of the files), roughly."""
    revision = item.published_revision
    body = len(revision.body_html.encode()) if revision is not None else 0
    return body + files_size(files) * 4 // 3 + 4096
