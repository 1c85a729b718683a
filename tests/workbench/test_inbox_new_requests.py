"""A new application is the handler's task at once (issue 17, point 11): 我的待办 listed only the
applications whose due date was near, so a new online application appeared only in the list."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from gongkai.foi import handling, intake
from gongkai.orgs.models import Role, Unit
from gongkai.workbench.inbox import tasks_for
from tests.foi.conftest import CITIZEN, NOW

pytestmark = pytest.mark.django_db


@pytest.fixture
def online(site: Any, unit_a: Unit) -> Any:
    with time_machine.travel(NOW, tick=False):
        return intake.register(None, intake.Application(**{**CITIZEN, "unit_id": unit_a.pk}))


def test_a_new_online_application_is_in_the_handlers_inbox(
    online: Any, handler_a: Any, make_person: Any, unit_b: Unit, logged_in: Any
) -> None:
    with time_machine.travel(NOW, tick=False):
        assert online.due_on > dt.date(2026, 12, 8)  # 20 working days away: not "due soon"
        page = logged_in(handler_a).get(reverse("workbench:inbox")).content.decode()
        assert f"新申请待办理（网上申请）：{online.number}" in page
        assert reverse("workbench:request", args=[online.pk]) in page
        other = make_person("handler_b", Role.HANDLER, unit_b)
        assert online.number not in logged_in(other).get(reverse("workbench:inbox")).content.decode()


def test_once_accepted_it_is_no_longer_new(online: Any, handler_a: Any) -> None:
    with time_machine.travel(NOW, tick=False):
        handling.record_event(handler_a, online.pk, "accepted", dt.date(2026, 12, 1))
        titles = [task.title for task in tasks_for(handler_a, dt.date(2026, 12, 1))]
    assert not any(online.number in title for title in titles)
