"""One exchange cycle with every partner (``manage.py exchange_cycle``, the minutely job).

Push: our change log after the partner's ``pushed_cursor``, in batches bounded by
``EXCHANGE_MAX_RECORDS`` and ``EXCHANGE_MAX_BODY``; the cursor moves only over records that got a
receipt, so a batch cut short (the partner killed mid-request) is sent again and answered
``duplicate`` — nothing lost, nothing twice. A ``rejected`` record is kept as a DeliveryFailure
with its reason (retryable) and does not hold up the rest.

Pull: the partner's change log after ``pulled_cursor``, received here record by record (every
record a receipt, rejections kept as failures), the cursor moved to the partner's ``next``.

A partner that cannot be reached or answers an error backs off: 1, 2, 4 … minutes up to 60
(``next_attempt_at``), and the next cycle resumes from the cursors. A cycle claims each partner
for a while (``busy_until``) so two cycles never work on one partner at once.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from dataclasses import asdict, dataclass
from typing import Any

from django.db.models import F, Q
from django.utils import timezone

from gongkai import personaldata
from gongkai.exchange import changelog, client, identity, receive
from gongkai.exchange import format as fmt
from gongkai.exchange.conf import get
from gongkai.exchange.models import Change, DeliveryFailure, FailureDirection, Mode, Nonce, Partner
from gongkai.exchange.receive import ACCEPTED, DUPLICATE, REJECTED

log = logging.getLogger("gongkai.exchange")
MAX_BACKOFF_MINUTES = 60
CLAIM = dt.timedelta(minutes=10)


@dataclass
class Counts:
    partners: int = 0
    pushed: int = 0
    accepted: int = 0
    duplicate: int = 0
    rejected: int = 0
    withheld: int = 0
    pulled: int = 0
    received: int = 0
    received_duplicate: int = 0
    received_rejected: int = 0
    failed_partners: int = 0
    waiting_partners: int = 0
    unpaired_partners: int = 0
    busy_partners: int = 0

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def run(now: dt.datetime | None = None, *, force: bool = False, partner_ids: list[int] | None = None) -> Counts:
    """Push and pull with every active partner whose backoff has run out (all with ``force``)."""
    now = now or timezone.now()
    counts = Counts()
    Nonce.objects.filter(expires_at__lt=now).delete()
    partners = Partner.objects.filter(active=True)
    if partner_ids is not None:
        partners = partners.filter(pk__in=partner_ids)
    for partner in partners.order_by("pk"):
        counts.partners += 1
        if not partner.paired:
            counts.unpaired_partners += 1
        elif not force and partner.next_attempt_at is not None and partner.next_attempt_at > now:
            counts.waiting_partners += 1
        elif _claim(partner, now):
            _with_partner(partner, counts)
        else:
            counts.busy_partners += 1  # another cycle (another node, a 立即同步) has it now
    return counts


def _claim(partner: Partner, now: dt.datetime) -> bool:
    free = Q(busy_until__isnull=True) | Q(busy_until__lt=now)
    return bool(Partner.objects.filter(free, pk=partner.pk).update(busy_until=now + CLAIM))


def _with_partner(partner: Partner, counts: Counts) -> None:
    deadline = time.monotonic() + float(get("EXCHANGE_CYCLE_SECONDS"))
    try:
        if partner.mode in (Mode.PUSH, Mode.BOTH):
            push(partner, counts, deadline)
        if partner.mode in (Mode.PULL, Mode.BOTH):
            pull(partner, counts, deadline)
    except client.PartnerError as exc:
        counts.failed_partners += 1
        _failed(partner, str(exc))
    except Exception as exc:
        # Our own side failed (the database locked or away, a bug): the partner is not left
        # claimed for CLAIM minutes without a word — it backs off like a failed partner, with the
        # error's kind as the reason (the kind only: a message could quote a record's text), and
        # the other partners still get their turn.
        counts.failed_partners += 1
        log.warning(
            "exchange partner failed on our side",
            extra={"event": "exchange.local_error", "partner": partner.pk, "error": type(exc).__name__},
        )
        _release(partner, f"本地错误：{type(exc).__name__}")
    else:
        now = timezone.now()
        Partner.objects.filter(pk=partner.pk).update(
            last_success_at=now, failures=0, last_error="", next_attempt_at=None, busy_until=None
        )


def _release(partner: Partner, error: str) -> None:
    """Record the failure and free the claim, as far as the database lets us (if it is away,
    the claim runs out by itself after CLAIM)."""
    try:
        _failed(partner, error)
    except Exception:
        log.warning("exchange claim kept", extra={"event": "exchange.claim_kept", "partner": partner.pk})


def _failed(partner: Partner, error: str) -> None:
    partner.refresh_from_db(fields=["failures"])
    failures = partner.failures + 1
    delay = min(MAX_BACKOFF_MINUTES, 2 ** min(failures - 1, 6))
    log.warning(
        "exchange partner failed",
        extra={"event": "exchange.partner_failed", "partner": partner.pk, "failures": failures, "retry_in": delay},
    )
    Partner.objects.filter(pk=partner.pk).update(
        failures=failures,
        last_error=error[:2000],
        next_attempt_at=timezone.now() + dt.timedelta(minutes=delay),
        busy_until=None,
    )


# -- push --------------------------------------------------------------------------------------


def _failure(partner: Partner, direction: str, seq: int, item: int, revision: int, title: str, reason: str) -> None:
    found, created = DeliveryFailure.objects.get_or_create(
        partner=partner,
        direction=direction,
        origin_item=item,
        revision=revision,
        # The title as the office may read it: a record refused for personal data must not keep
        # it in our own failure list (personaldata.mask: ID, mobile and card numbers hidden).
        defaults={"seq": seq, "title": personaldata.mask(title, personaldata.PUBLICATION)[:300], "reason": reason},
    )
    if not created:
        DeliveryFailure.objects.filter(pk=found.pk).update(
            reason=reason, attempts=F("attempts") + 1, retry=False, resolved_at=None, seq=seq
        )


def _resolve(partner: Partner, direction: str, item: int, revision: int) -> None:
    DeliveryFailure.objects.filter(
        partner=partner, direction=direction, origin_item=item, revision__lte=revision, resolved_at__isnull=True
    ).update(resolved_at=timezone.now(), retry=False)


Receipts = dict[tuple[int, int], dict[str, Any]]


def _failed_out(partner: Partner, change: Change, reason: str) -> None:
    _failure(partner, FailureDirection.OUT, change.seq, change.item_id, change.version, change.item.title, reason)


TOO_BIG = "记录超过单次请求的大小上限，未发送"


def too_big(partner: Partner, change: Change, files: list[Any], bound: int) -> bool:
    """A record that can never fit one request (its files alone exceed the bound) is not built
    at all — its files are never read into memory — and stays as a failure for the office; the
    cursor moves past it, so it never holds up the records after it (push and pull alike)."""
    if fmt.estimate(change.item, files) <= bound:
        return False
    _failed_out(partner, change, TOO_BIG)
    return True


@dataclass
class Entry:
    change: Change
    payload: str | None  # the serialised record, or None when it is not sent (withheld, too big)


def _prepare(partner: Partner, changes: list[Change], instance: str, base: str, counts: Counts) -> list[Entry]:
    """Records for one request, in order, within the body bound; the first record that would
    overflow it ends the batch (it leads the next one)."""
    bound, size = int(get("EXCHANGE_MAX_BODY")) - 1024, 0
    entries: list[Entry] = []
    for change in changes:
        files = fmt.public_files(change.item)
        if too_big(partner, change, files, bound):
            entries.append(Entry(change, None))
            continue
        if entries and size + fmt.estimate(change.item, files) > bound:
            break
        try:
            payload = fmt.build(change, instance, base).model_dump_json()
        except fmt.Withheld as exc:
            counts.withheld += 1
            _failed_out(partner, change, str(exc))
            entries.append(Entry(change, None))
            continue
        if len(payload) > bound:
            _failed_out(partner, change, TOO_BIG)
            entries.append(Entry(change, None))
            continue
        size += len(payload) + 1
        entries.append(Entry(change, payload))
    return entries


def push(partner: Partner, counts: Counts, deadline: float) -> None:
    ours = identity.ours()
    base = identity.base_url()
    _retry_requested(partner, ours.instance_id, base, counts)
    limit = int(get("EXCHANGE_MAX_RECORDS"))
    while time.monotonic() < deadline:
        changes, following = changelog.after(partner, partner.pushed_cursor, limit)
        if not changes:
            # Nothing for this partner up to the newest change: the next cycle starts there.
            if following > partner.pushed_cursor:
                partner.pushed_cursor = following
                Partner.objects.filter(pk=partner.pk).update(pushed_cursor=following)
            return
        entries = _prepare(partner, changes, ours.instance_id, base, counts)
        receipts = _send(partner, [e.payload for e in entries if e.payload is not None], counts)
        cursor = _advance(partner, entries, receipts, counts)
        if cursor == partner.pushed_cursor:
            raise client.PartnerError("对方平台未对记录返回回执")
        partner.pushed_cursor = cursor
        Partner.objects.filter(pk=partner.pk).update(pushed_cursor=cursor)


def _send(partner: Partner, payloads: list[str], counts: Counts) -> Receipts:
    if not payloads:
        return {}
    answer = client.call(partner, "POST", client.INBOX, body=client.records_body(payloads))
    counts.pushed += len(payloads)
    receipts = answer.get("receipts") if isinstance(answer, dict) else None
    if not isinstance(receipts, list):
        raise client.PartnerError("对方平台的答复缺少回执（receipts）")
    found: Receipts = {}
    for receipt in receipts:
        if not isinstance(receipt, dict):
            continue
        item, revision = receipt.get("item"), receipt.get("revision")
        if isinstance(item, int) and isinstance(revision, int):
            found[(item, revision)] = receipt
    return found


def _advance(partner: Partner, entries: list[Entry], receipts: Receipts, counts: Counts) -> int:
    """The cursor after the records answered, in order; stops at the first one without a receipt."""
    cursor = partner.pushed_cursor
    for entry in entries:
        change = entry.change
        if entry.payload is not None:
            receipt = receipts.get((change.item_id, change.version))
            if receipt is None:
                break
            _count_receipt(partner, change, receipt, counts)
        cursor = change.seq
    return cursor


def _count_receipt(partner: Partner, change: Change, receipt: dict[str, Any], counts: Counts) -> None:
    status = receipt.get("status")
    if status == REJECTED:
        counts.rejected += 1
        reason = str(receipt.get("reason") or "对方拒收（未说明原因）")
        _failed_out(partner, change, reason)
        return
    if status == DUPLICATE:
        counts.duplicate += 1
    else:
        counts.accepted += 1
    _resolve(partner, FailureDirection.OUT, change.item_id, change.version)


def _retry_requested(partner: Partner, instance: str, base: str, counts: Counts) -> None:
    """Records the office asked to send again: the item's current change, whatever it is now."""
    wanted = DeliveryFailure.objects.filter(
        partner=partner, direction=FailureDirection.OUT, retry=True, resolved_at__isnull=True
    )
    items = list(wanted.values_list("origin_item", flat=True))
    if not items:
        return
    changes = list(changelog.granted(partner).filter(item_id__in=items).select_related("item__unit").order_by("seq"))
    entries = _prepare(partner, changes, instance, base, counts)
    receipts = _send(partner, [e.payload for e in entries if e.payload is not None], counts)
    for entry in entries:
        receipt = receipts.get((entry.change.item_id, entry.change.version))
        if receipt is not None:
            _count_receipt(partner, entry.change, receipt, counts)
    # Items no longer sendable to this partner (filters changed): nothing left to retry.
    wanted.exclude(origin_item__in=[c.item_id for c in changes]).update(retry=False, resolved_at=timezone.now())


# -- pull --------------------------------------------------------------------------------------


def pull(partner: Partner, counts: Counts, deadline: float) -> None:
    limit = int(get("EXCHANGE_MAX_RECORDS"))
    while time.monotonic() < deadline:
        cursor = partner.pulled_cursor
        answer = client.call(partner, "GET", client.CHANGES, params={"after": cursor, "limit": limit})
        records = answer.get("records") if isinstance(answer, dict) else None
        following = answer.get("next") if isinstance(answer, dict) else None
        if not isinstance(records, list) or not isinstance(following, int):
            raise client.PartnerError("对方平台的变更列表格式不正确")
        counts.pulled += len(records)
        for raw, receipt in zip(records, receive.receive_batch(partner, records), strict=True):
            _count_received(partner, raw, receipt, counts)
        partner.pulled_cursor = max(cursor, following)
        Partner.objects.filter(pk=partner.pk).update(pulled_cursor=partner.pulled_cursor)
        if not records or partner.pulled_cursor == cursor:
            return


def _count_received(partner: Partner, raw: Any, receipt: receive.Receipt, counts: Counts) -> None:
    if receipt.status == ACCEPTED:
        counts.received += 1
    elif receipt.status == DUPLICATE:
        counts.received_duplicate += 1
    else:
        counts.received_rejected += 1
        given = raw.get("seq", 0) if isinstance(raw, dict) else 0
        seq = given if isinstance(given, int) else 0
        title = str(raw.get("title", "")) if isinstance(raw, dict) else ""
        _failure(partner, FailureDirection.IN, seq, receipt.item or 0, receipt.revision or 0, title, receipt.reason)
        return
    if receipt.item is not None and receipt.revision is not None:
        _resolve(partner, FailureDirection.IN, receipt.item, receipt.revision)
