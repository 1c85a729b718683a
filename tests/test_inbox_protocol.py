"""The inbox protocol (gongkai/inbox.py): every provider's tasks name objects — the capabilities'
registered with the core, the workbench's own listed in it — and the workbench maps every kind
of object named to its page (domains build no URL)."""

from __future__ import annotations

from gongkai import inbox
from gongkai.participation.models import Consultation, Inquiry
from gongkai.supervision.inspection.models import Finding, Inspection
from gongkai.supervision.ledger.models import Task as LedgerTask
from gongkai.supervision.newmedia.models import Account
from gongkai.workbench.inbox import PROVIDERS, capability_tasks, url_for


def test_every_capability_below_the_views_registers_its_provider() -> None:
    assert set(inbox._PROVIDERS) == {"consultations", "inquiries", "ledger", "newmedia", "inspection", "exchange"}
    assert capability_tasks in PROVIDERS


def test_the_workbench_has_a_page_for_every_kind_of_object_a_provider_names() -> None:
    assert url_for(Consultation(pk=1)) == "/workbench/consultations/1/"
    assert url_for(Inquiry(pk=2)) == "/workbench/inquiries/2/"
    assert url_for(LedgerTask(pk=3)) == "/workbench/tasks/3/"
    assert url_for(Account(pk=4)) == "/workbench/newmedia/4/"
    assert url_for(Finding(pk=5)) == "/workbench/inspections/mine/"
    assert url_for(Inspection) == "/workbench/inspections/"


def test_the_workbench_own_tasks_name_objects_too() -> None:
    from gongkai.foi.models import Request
    from gongkai.publishing.models import Item
    from gongkai.reminders.models import Reminder
    from gongkai.reports.models import AnnualReport
    from gongkai.workdays.models import CalendarYear

    assert url_for(Item(pk=1)) == "/workbench/items/1/"
    assert url_for(Request(pk=2)) == "/workbench/requests/2/"
    assert url_for(AnnualReport(pk=3)) == "/workbench/reports/3/"
    assert url_for(AnnualReport) == "/workbench/reports/"
    assert url_for(CalendarYear) == "/workbench/calendar/"
    assert url_for(Reminder) == "/workbench/reminders/?state=failed"
