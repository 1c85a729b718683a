"""The lifecycle table (plain Python): every allowed step, and nothing else."""

from __future__ import annotations

import pytest

from gongkai.supervision.newmedia import lifecycle as lc

EXPECTED = {
    (lc.APPLICATION, lc.APPROVE): (lc.APPROVED, lc.OFFICE),
    (lc.APPLICATION, lc.REJECT): (lc.REJECTED, lc.OFFICE),
    (lc.APPROVED, lc.FILE): (lc.FILED, lc.OFFICE),
    (lc.FILED, lc.START): (lc.OPERATING, lc.UNIT),
    (lc.OPERATING, lc.ORDER_RECTIFICATION): (lc.RECTIFICATION, lc.OFFICE),
    (lc.RECTIFICATION, lc.REPORT_RECTIFIED): (lc.OPERATING, lc.UNIT),
    (lc.OPERATING, lc.CLOSE): (lc.CLOSED, lc.OFFICE),
    (lc.RECTIFICATION, lc.CLOSE): (lc.CLOSED, lc.OFFICE),
    (lc.OPERATING, lc.CANCEL): (lc.CANCELLED, lc.OFFICE),
    (lc.RECTIFICATION, lc.CANCEL): (lc.CANCELLED, lc.OFFICE),
}


@pytest.mark.parametrize("state", lc.STATES)
@pytest.mark.parametrize("action", list(lc.TRANSITIONS))
def test_every_state_and_action_pair_is_allowed_exactly_when_listed(state: str, action: str) -> None:
    if (state, action) in EXPECTED:
        found = lc.step(action, state)
        assert (found.target, found.actor) == EXPECTED[(state, action)]
    else:
        with pytest.raises(lc.NotAllowed):
            lc.step(action, state)


def test_an_unknown_action_is_not_allowed() -> None:
    with pytest.raises(lc.NotAllowed):
        lc.step("delete", lc.OPERATING)


@pytest.mark.parametrize("state", lc.ENDED)
def test_ended_accounts_have_no_way_back(state: str) -> None:
    assert lc.actions_from(state) == []


def test_rejection_rectification_and_closure_need_a_reason() -> None:
    needing = {a for a, t in lc.TRANSITIONS.items() if t.reason_required}
    assert needing == {lc.REJECT, lc.ORDER_RECTIFICATION, lc.REPORT_RECTIFIED, lc.CLOSE, lc.CANCEL}


def test_filing_needs_the_number_and_starting_needs_the_account_id() -> None:
    assert [a for a, t in lc.TRANSITIONS.items() if t.needs_filing_number] == [lc.FILE]
    assert [a for a, t in lc.TRANSITIONS.items() if t.needs_account_id] == [lc.START]


def test_actions_from_filters_by_actor() -> None:
    assert [t.action for t in lc.actions_from(lc.OPERATING, lc.OFFICE)] == [lc.ORDER_RECTIFICATION, lc.CLOSE, lc.CANCEL]
    assert lc.actions_from(lc.OPERATING, lc.UNIT) == []
    assert [t.action for t in lc.actions_from(lc.RECTIFICATION, lc.UNIT)] == [lc.REPORT_RECTIFIED]
