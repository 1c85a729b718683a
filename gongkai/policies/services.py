"""Policy documents and interpretations: creating, editing, relations, exemptions and the
publication gate (三同步). Every change is checked, saved and audited here.

The gate: a 行政规范性文件 is published only together with its interpretation, which is signed
off with it and goes live in the same publish action and transaction (同步组织、同步审签、同步部署,
REGULATIONS §7), or after a signer recorded why it is not interpreted. The publishing
pipeline's lifecycle signals call :func:`check_publishable` before an item goes live
(``publishing``) and :func:`after_publish` after each publication (``published``; policies/apps.py).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.actor import Actor, staff
from gongkai.audit.services import changed, record, snapshot
from gongkai.orgs.models import Role, Unit
from gongkai.policies import validity
from gongkai.policies.docnumber import normalise_doc_number
from gongkai.policies.models import (
    Interpretation,
    InterpretationExemption,
    InterpretationRevision,
    PolicyDocument,
    PolicyRelation,
    PolicyRevision,
    RelationKind,
)
from gongkai.publishing import services as items
from gongkai.publishing.models import Item, ItemRevision, Kind, State
from gongkai.publishing.services import Conflict, require_unit_role
from gongkai.publishing.workflow import publish

POLICY_FIELDS = ["issuer", "level", "category", "effective_on"]
INTERPRETATION_FIELDS = ["document", "form", "agency", "person", "phone", "follow_up"]


# --- policy documents ----------------------------------------------------------------------


def ensure_document(item: Item) -> PolicyDocument:
    """The item's policy metadata, created with defaults (the unit as issuer) if missing."""
    document = PolicyDocument.objects.filter(item=item).first()
    if document is None:
        document = PolicyDocument.objects.create(item=item, issuer=item.unit.name)
    return document


@transaction.atomic
def create_policy(actor: Actor, unit: Unit, meta: dict[str, Any], **item_fields: Any) -> PolicyDocument:
    """A new policy document: a draft item of kind "policy" with its metadata."""
    item = items.create_item(actor, unit, kind=Kind.POLICY, **item_fields)
    document = PolicyDocument(item=item, **_only(meta, POLICY_FIELDS))
    document.issuer = (document.issuer or "").strip() or unit.name
    document.full_clean()
    document.save()
    record(actor, "policy.created", document, unit=unit, after=snapshot(document, POLICY_FIELDS))
    return document


def _only(data: dict[str, Any], allowed: list[str]) -> dict[str, Any]:
    unknown = set(data) - set(allowed)
    if unknown:
        raise ValidationError({sorted(unknown)[0]: _("不能设置此字段")})
    return data


def _lock_draft(actor: Actor, item: Item, version: int) -> Item:
    """The item under a row lock if ``actor`` may edit it now (its draft, the version loaded)."""
    require_unit_role(actor, item, Role.EDITOR)
    current = Item.objects.select_for_update().select_related("unit").get(pk=item.pk)
    if current.version != version:
        raise Conflict(_("此信息已被他人修改（当前版本%(v)s），请刷新后重新编辑") % {"v": current.version})
    if current.state not in items.EDITABLE_STATES:
        raise Conflict(
            _("“%(state)s”状态的信息不能修改；已发布的文件请先修订") % {"state": current.get_state_display()}
        )
    return current


def _save_extension(actor: Actor, item: Item, obj: Any, fields: list[str], action: str, data: dict[str, Any]) -> None:
    before = snapshot(obj, fields)
    for key, value in _only(data, fields).items():
        setattr(obj, key, value)
    obj.full_clean()
    obj.save()
    Item.objects.filter(pk=item.pk).update(version=F("version") + 1, updated_at=timezone.now())
    old, new = changed(before, snapshot(obj, fields))
    if new:
        record(actor, action, obj, unit=item.unit, before=old, after=new)


@transaction.atomic
def update_policy(actor: Actor, document: PolicyDocument, version: int, **meta: Any) -> PolicyDocument:
    """Change the metadata of a draft (published with its next revision, like the item)."""
    item = _lock_draft(actor, document.item, version)
    current = PolicyDocument.objects.get(pk=document.pk)
    _save_extension(actor, item, current, POLICY_FIELDS, "policy.changed", meta)
    return current


# --- interpretations -----------------------------------------------------------------------


@transaction.atomic
def create_interpretation(
    actor: Actor, unit: Unit, document: PolicyDocument, meta: dict[str, Any], **item_fields: Any
) -> Interpretation:
    """A draft interpretation of ``document``; it goes through the item workflow like any item."""
    item = items.create_item(actor, unit, kind=Kind.INTERPRETATION, **item_fields)
    interpretation = Interpretation(item=item, document=document)
    for key, value in _only(meta, INTERPRETATION_FIELDS).items():
        setattr(interpretation, key, value)
    interpretation.full_clean()
    interpretation.save()
    record(
        actor,
        "interpretation.created",
        interpretation,
        unit=unit,
        after=snapshot(interpretation, INTERPRETATION_FIELDS),
    )
    return interpretation


@transaction.atomic
def update_interpretation(actor: Actor, interpretation: Interpretation, version: int, **meta: Any) -> Interpretation:
    item = _lock_draft(actor, interpretation.item, version)
    current = Interpretation.objects.get(pk=interpretation.pk)
    _save_extension(actor, item, current, INTERPRETATION_FIELDS, "interpretation.changed", meta)
    return current


# --- relations and exemptions ----------------------------------------------------------------


@transaction.atomic
def add_relation(actor: Actor, source: PolicyDocument, target: PolicyDocument, kind: str) -> PolicyRelation:
    """Record that ``source`` amends / repeals / replaces / implements ``target``.

    A repeal makes the target 已废止 once the source is public: at once if it is already (which
    states the repeal publicly, so only a signer records it then), else when it is published.
    """
    require_unit_role(actor, source.item, Role.EDITOR, Role.SIGNER)
    if kind not in RelationKind.values:
        raise ValidationError({"kind": _("文件关系不在规定范围内")})
    if source.pk == target.pk:
        raise ValidationError({"target": _("文件不能与自身建立关系")})
    if kind == RelationKind.REPEALS and source.item.is_public:
        require_unit_role(actor, source.item, Role.SIGNER)
    if PolicyRelation.objects.filter(source=source, target=target, kind=kind).exists():
        raise ValidationError({"target": _("该文件关系已登记")})
    relation = PolicyRelation.objects.create(source=source, target=target, kind=kind, created_by=staff(actor))
    after = {"source": source.pk, "target": target.pk, "kind": kind}
    record(actor, "policy.relation_added", relation, unit=source.item.unit, after=after)
    if kind == RelationKind.REPEALS and source.item.is_public:
        _repeal(target, source, actor)
    return relation


@transaction.atomic
def remove_relation(actor: Actor, relation: PolicyRelation) -> None:
    """Remove a relation. A validity it caused is not reverted: the target's own revision does."""
    source = relation.source
    require_unit_role(actor, source.item, Role.EDITOR, Role.SIGNER)
    before = {"source": source.pk, "target": relation.target_id, "kind": relation.kind}
    record(actor, "policy.relation_removed", relation, unit=source.item.unit, before=before)
    relation.delete()


def _repeal(target: PolicyDocument, source: PolicyDocument, actor: Actor) -> None:
    note = _("被《%(title)s》废止") % {"title": source.item.title}
    validity.set_validity(target.pk, validity.REPEALED, actor, note)


@transaction.atomic
def record_exemption(actor: Actor, document: PolicyDocument, reason: str) -> InterpretationExemption:
    """A signer records why a normative document is published without an interpretation."""
    require_unit_role(actor, document.item, Role.SIGNER)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("请填写不进行政策解读的理由")})
    previous = InterpretationExemption.objects.filter(document=document).first()
    exemption, _created = InterpretationExemption.objects.update_or_create(
        document=document, defaults={"reason": reason, "recorded_by": actor}
    )
    before = {"reason": previous.reason} if previous else None
    record(actor, "policy.exemption", exemption, unit=document.item.unit, before=before, after={"reason": reason})
    return exemption


# --- the publication gate ------------------------------------------------------------------


def _interpreted(document: PolicyDocument) -> bool:
    signed = Q(item__state=State.SIGNED)
    public = Q(item__published_revision__isnull=False) & ~Q(item__state=State.WITHDRAWN)
    return document.interpretations.filter(signed | public).exists()


def check_publishable(item: Item) -> None:
    """Raise Conflict (409) when publishing ``item`` now would break 三同步."""
    if item.kind == Kind.POLICY and item.normative:
        document = PolicyDocument.objects.filter(item=item).first()
        exempt = document is not None and InterpretationExemption.objects.filter(document=document).exists()
        if not exempt and (document is None or not _interpreted(document)):
            raise Conflict(
                _(
                    "行政规范性文件须与政策解读同步发布：请先将解读材料审核签发（将随文件一并发布），"
                    "或由签发人登记不进行解读的理由"
                )
            )
    elif item.kind == Kind.INTERPRETATION:
        interpretation = Interpretation.objects.filter(item=item).select_related("document__item").first()
        if interpretation is None:
            raise Conflict(_("该解读尚未关联所解读的政策文件"))
        if interpretation.document.item.state != State.PUBLISHED:
            raise Conflict(_("政策解读随所解读的文件一并发布：签发后请发布该文件；文件发布后，二次解读可单独发布"))


def after_publish(item: Item, revision: ItemRevision, actor: Actor, now: dt.datetime) -> None:
    """Snapshot the extension with the revision; for a document, also publish its signed
    interpretations in this transaction and apply the repeals it records."""
    if item.kind == Kind.POLICY:
        document = ensure_document(item)
        PolicyRevision.objects.create(revision=revision, **snapshot(document, POLICY_FIELDS))
        document.doc_number_key = normalise_doc_number(item.doc_number)
        document.save(update_fields=["doc_number_key"])
        for relation in document.relations_out.filter(kind=RelationKind.REPEALS).select_related("target__item"):
            _repeal(relation.target, document, actor)
        _publish_companions(document, actor, now)
    elif item.kind == Kind.INTERPRETATION:
        interpretation = Interpretation.objects.filter(item=item).first()
        if interpretation is not None:
            fields = {name: getattr(interpretation, name) for name in INTERPRETATION_FIELDS}
            InterpretationRevision.objects.create(revision=revision, **fields)


def _publish_companions(document: PolicyDocument, actor: Actor, now: dt.datetime) -> None:
    note = _("与政策文件《%(title)s》同步发布") % {"title": document.item.title}
    published = []
    for item_id in document.interpretations.filter(item__state=State.SIGNED).values_list("item_id", flat=True):
        companion = Item.objects.select_for_update().select_related("unit").get(pk=item_id)
        if companion.state != State.SIGNED:
            continue
        publish(companion, actor, before=State.SIGNED, note=note, now=now)  # re-indexed after commit
        published.append(companion.pk)
    if published:
        # 三同步: the document's own trail names the interpretations that went live with it.
        record(actor, "policy.published_together", document, unit=document.item.unit, after={"items": published})
