"""The lifecycle of a government new-media account (政务新媒体开办、备案、运营、整改、关停), as data.

Plain Python, no database: the table ``TRANSITIONS`` names every allowed step, the state it
starts from, the state it leads to, who takes it and what it needs. ``services.transition``
asks here and never decides a step on its own.

The steps follow the seed's point 三（二）2 (建立政务新媒体备案管理制度，完善开办关停等管理机制,
every account filed in the 全国政务新媒体报送系统):

    application 申请开设 ─approve→ approved 已批准 ─file→ filed 已备案 ─start→ operating 运营中
         └─reject→ rejected 未予批准            operating ─order_rectification→ rectification 整改中
                                               rectification ─report_rectified→ operating
    operating | rectification ─close→ closed 已关停    operating | rectification ─cancel→ cancelled 已注销

A unit's 信息员 applies, starts operation once filed, and reports a rectification done; the office
(公开办) approves or rejects, files (with the national filing number), orders rectification and
closes or cancels.
"""

from __future__ import annotations

from dataclasses import dataclass

# States
APPLICATION = "application"
APPROVED = "approved"
FILED = "filed"
OPERATING = "operating"
RECTIFICATION = "rectification"
CLOSED = "closed"
CANCELLED = "cancelled"
REJECTED = "rejected"
STATES = (APPLICATION, APPROVED, FILED, OPERATING, RECTIFICATION, CLOSED, CANCELLED, REJECTED)

# Open to the public: what the national check monitors (国办秘函〔2019〕19号) and the matrix shows.
LIVE = (OPERATING, RECTIFICATION)
ENDED = (CLOSED, CANCELLED, REJECTED)
# From 已备案 on, the account carries its national filing number (a database constraint too).
NEEDS_FILING_NUMBER = (FILED, OPERATING, RECTIFICATION, CLOSED, CANCELLED)

# Who takes a step
UNIT = "unit"  # the unit's 信息员 (the office may act for every unit)
OFFICE = "office"

# Actions
APPROVE = "approve"
REJECT = "reject"
FILE = "file"
START = "start"
ORDER_RECTIFICATION = "order_rectification"
REPORT_RECTIFIED = "report_rectified"
CLOSE = "close"
CANCEL = "cancel"


@dataclass(frozen=True)
class Transition:
    action: str
    sources: tuple[str, ...]
    target: str
    actor: str
    reason_required: bool = False
    needs_filing_number: bool = False
    needs_account_id: bool = False


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition(APPROVE, (APPLICATION,), APPROVED, OFFICE),
        Transition(REJECT, (APPLICATION,), REJECTED, OFFICE, reason_required=True),
        Transition(FILE, (APPROVED,), FILED, OFFICE, needs_filing_number=True),
        Transition(START, (FILED,), OPERATING, UNIT, needs_account_id=True),
        Transition(ORDER_RECTIFICATION, (OPERATING,), RECTIFICATION, OFFICE, reason_required=True),
        Transition(REPORT_RECTIFIED, (RECTIFICATION,), OPERATING, UNIT, reason_required=True),
        Transition(CLOSE, LIVE, CLOSED, OFFICE, reason_required=True),
        Transition(CANCEL, LIVE, CANCELLED, OFFICE, reason_required=True),
    )
}


class NotAllowed(Exception):
    """The step does not exist or does not start from the account's state (the API answers 409)."""

    def __init__(self, action: str, state: str) -> None:
        super().__init__(f"{action} is not allowed from {state}")
        self.action = action
        self.state = state


def step(action: str, state: str) -> Transition:
    """The transition ``action`` from ``state``; :class:`NotAllowed` when the table has none."""
    found = TRANSITIONS.get(action)
    if found is None or state not in found.sources:
        raise NotAllowed(action, state)
    return found


def actions_from(state: str, actor: str | None = None) -> list[Transition]:
    """The steps the table allows from ``state`` (for ``actor`` only, if given), in table order."""
    return [t for t in TRANSITIONS.values() if state in t.sources and (actor is None or t.actor == actor)]
