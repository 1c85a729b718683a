"""What the exchange runs publish, revise, withdraw and compare inside an instance (bench/instances.py):
scripts run after ``django.setup()`` in the instance's own environment, as ``manage.py shell``
would run them, each taking its arguments as one JSON string and printing one line of JSON.

Every item goes through the real pipeline (publishing.services.create_item or
policies.services.create_policy, then workflow.drive: submit → approve → sign → publish by three
people), so the lifecycle signals fire and the exchange's change log is written as it would be by
staff; revisions go revise → update_item → drive again; withdrawals through the withdraw action.
Nothing is written behind the pipeline's back (bench/bulk.py does that for page benchmarks, which
is exactly what an exchange run must not do).

The fingerprint of an item is SHA-256 over (title, body, revision number, state) — the public
revision's title and body, the revision's number at the origin (the provenance's at a receiver)
— keyed by (origin instance id, origin item id), so origin and receiver can be compared exactly.
"""

from __future__ import annotations

# Publish ``count`` items of ``kind`` ("item" or "policy") numbered from ``start``; prints their ids.
PUBLISH = """
import datetime as dt, json, sys
from django.contrib.auth import get_user_model
from django.db import transaction
from gongkai.orgs.models import Unit
from gongkai.policies import services as policies
from gongkai.publishing import services
from gongkai.publishing.workflow import drive
spec = json.loads(sys.argv[1])
users = get_user_model().objects
editor, reviewer, signer = (users.get(username=n) for n in ("editor", "reviewer", "signer"))
unit = Unit.objects.get(pk=spec["unit"])
tag, ids = spec["tag"], []
for n in range(spec["start"], spec["start"] + spec["count"]):
    fields = dict(
        title=f"{unit.name}关于第{n}号交换测试事项的{'实施办法' if spec['kind'] == 'policy' else '通知'}（{tag}）",
        body_html=f"<p>{tag}第{n}号正文：为做好政务公开工作，现将有关事项通知如下。</p><p>一、第{n}项要求。</p>",
        formed_on=dt.date(2026, 11, 2) + dt.timedelta(days=n % 20),
        topic="civil",
    )
    with transaction.atomic():
        if spec["kind"] == "policy":
            fields |= dict(doc_number=f"{tag}发〔2026〕{n}号", written_on=fields["formed_on"], genre="measures")
            issuer = unit.parent.name if unit.parent else unit.name
            item = policies.create_policy(editor, unit, {"issuer": issuer}, **fields).item
        else:
            item = services.create_item(editor, unit, genre="notice", **fields)
        drive(item.pk, editor, reviewer, signer)
    ids.append(item.pk)
print(json.dumps(ids))
"""

# Revise each of ``ids`` once more (a new paragraph) and publish the new revision; then withdraw
# each of ``withdraw``.
REVISE = """
import json, sys
from django.contrib.auth import get_user_model
from django.db import transaction
from gongkai.publishing import services
from gongkai.publishing.models import Item
from gongkai.publishing.workflow import drive, perform
spec = json.loads(sys.argv[1])
users = get_user_model().objects
editor, reviewer, signer = (users.get(username=n) for n in ("editor", "reviewer", "signer"))
for pk in spec["ids"]:
    with transaction.atomic():
        item = perform(editor, pk, "revise")
        body = item.body_html + f"<p>修订{spec['round']}：补充说明。</p>"
        services.update_item(editor, item, item.version, body_html=body, change_note=f"第{spec['round']}次修订")
        drive(pk, editor, reviewer, signer)
for pk in spec.get("withdraw", []):  # and these withdrawn, in the same process
    perform(signer, pk, "withdraw", reason="交换测试：该信息已过时，予以撤回", reason_code="other")
print(json.dumps(len(spec["ids"])))
"""

WITHDRAW = """
import json, sys
from django.contrib.auth import get_user_model
from gongkai.publishing.workflow import perform
spec = json.loads(sys.argv[1])
signer = get_user_model().objects.get(username="signer")
for pk in spec["ids"]:
    perform(signer, pk, "withdraw", reason="交换测试：该信息已过时，予以撤回", reason_code="other")
print(json.dumps(len(spec["ids"])))
"""

# The fingerprints of what this instance wrote (its change log) and of what it received, keyed by
# "<origin instance>/<origin item id>"; and the counts beside them.
PRINTS = """
import hashlib, json
from django.db.models import Max
from gongkai.exchange.identity import ours
from gongkai.exchange.models import Change, Received
from gongkai.publishing.models import Item, State

def digest(title, body, revision, state):
    return hashlib.sha256(json.dumps([title, body, revision, state], ensure_ascii=False).encode()).hexdigest()

# A withdrawn item shows its reason, not its text: its fingerprint is its revision alone, the same
# as a tombstone's that reached a receiver which never held the item (withdrawn before its first
# delivery: the change log sends the tombstone only).
def public(item):
    if item.state == State.WITHDRAWN:
        return None, None, "withdrawn"
    shown = item.published_revision or item
    return shown.title, shown.body_html, "published"

me = ours().instance_id
versions = dict(Change.objects.values("item_id").annotate(v=Max("version")).values_list("item_id", "v"))
own = {}
for item in Item.objects.filter(pk__in=list(versions)).select_related("published_revision").iterator():
    title, body, state = public(item)
    own[f"{me}/{item.pk}"] = digest(title, body, versions[item.pk], state)
received, inconsistent = {}, []
for got in Received.objects.select_related("item__published_revision").iterator():
    title, body, state = public(got.item) if got.item is not None else (None, None, "withdrawn")
    if got.withdrawn != (state == "withdrawn"):
        inconsistent.append(f"{got.origin_instance}/{got.origin_item}")
    received[f"{got.origin_instance}/{got.origin_item}"] = digest(title, body, got.revision, state)
prints = ({"instance": me, "own": own, "received": received, "inconsistent": inconsistent,
    "withdrawn_own": Item.objects.filter(pk__in=list(versions), state=State.WITHDRAWN).count(),
    "withdrawn_received": Received.objects.filter(withdrawn=True).count()})
"""

# Every partner's state: the change log's head against what it has receipts for.
STATUS = """
import json
from django.db.models import Max
from gongkai.exchange.changelog import oldest_pending
from gongkai.exchange.models import Change, DeliveryFailure, Partner
head = Change.objects.aggregate(m=Max("seq"))["m"] or 0
out = []
for p in Partner.objects.order_by("pk"):
    open_failures = DeliveryFailure.objects.filter(partner=p, resolved_at__isnull=True)
    out.append({"name": p.name, "peer": p.peer_instance, "mode": p.mode, "head": head,
        "pushed_cursor": p.pushed_cursor, "pulled_cursor": p.pulled_cursor,
        "pending": oldest_pending(p) is not None,
        "failures": p.failures, "last_error": p.last_error[:300],
        "open_out": open_failures.filter(direction="out").count(),
        "open_in": open_failures.filter(direction="in").count(),
        "reasons": [f"{f.direction} {f.origin_item} v{f.revision}: {f.reason}"[:300] for f in open_failures[:3]],
        "last_success_at": p.last_success_at.isoformat() if p.last_success_at else None})
"""

# Both at once: one process per instance for the final check.
CHECK = (
    PRINTS
    + STATUS
    + """
print(json.dumps({"prints": prints, "status": out}))
"""
)

# Whether any partner still has a change of ours without a receipt (the drain's last word: a quiet
# round can hide a partner that no cycle worked on, e.g. one left claimed by a cycle that died).
PENDING = """
import json
from gongkai.exchange.changelog import oldest_pending
from gongkai.exchange.models import Partner
print(json.dumps([p.name for p in Partner.objects.filter(active=True) if oldest_pending(p) is not None]))
"""
