"""Test data builders: plain functions that make the suite's cast (the district government, its
units, people with a role) so that a fixture of any scope can use them, and ``module_data``,
which builds a module's data once for all its tests.

The function-scoped fixtures of ``tests/conftest.py`` (``unit_a``, ``office``, ``make_person`` …)
call these; a permission matrix builds its world once with ``module_data`` and each test runs in a
savepoint inside it, so a test that changes something (a POST that approves) leaves the next
test the world as built."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction

from gongkai.orgs import creditcode
from gongkai.orgs.models import Membership, Role, SiteProfile, Unit

PASSWORD = "correct-horse-battery-9"
T = TypeVar("T")
ROLES = [Role.EDITOR, Role.REVIEWER, Role.SIGNER, Role.HANDLER]

# The cast: (fixture name, unit name, number in the credit code); all under the government.
UNITS = {
    "unit_a": ("测试区民政局", 2),
    "unit_b": ("测试区教育局", 3),
    "office_unit": ("测试区人民政府办公室", 4),
}


def make_code(n: int) -> str:
    return creditcode.make("11", "150603", f"MA{n:06d}")


def government() -> Unit:
    return Unit.objects.create(name="测试区人民政府", kind=Unit.Kind.GOVERNMENT, credit_code=make_code(1))


def unit(which: str, parent: Unit) -> Unit:
    """One of the cast's departments (``UNITS``) under ``parent``."""
    name, n = UNITS[which]
    return Unit.objects.create(name=name, kind=Unit.Kind.DEPARTMENT, credit_code=make_code(n), parent=parent)


def person(username: str, role: str | None = None, in_unit: Unit | None = None) -> Any:
    """A user with the suite's password, a member of ``in_unit`` in ``role`` when both are given."""
    user = get_user_model().objects.create_user(username=username, password=PASSWORD, first_name=username)
    if role is not None and in_unit is not None:
        Membership.objects.create(user=user, unit=in_unit, role=role)
    return user


def site(government: Unit) -> SiteProfile:
    """The site profile of the test district."""
    return SiteProfile.objects.create(
        site_name="测试区人民政府",
        government=government,
        office_name="测试区政务公开办公室",
        address="测试路1号",
        office_hours="工作日 9:00—17:00",
        phone="0477-1234567",
    )


class Cast:
    """The government, unit A, unit B and the office's unit; the office's user; everyone else
    made on demand with ``person``."""

    def __init__(self) -> None:
        self.government = government()
        self.unit_a = unit("unit_a", self.government)
        self.unit_b = unit("unit_b", self.government)
        self.office_unit = unit("office_unit", self.government)
        self.office = person("office", Role.OFFICE, self.office_unit)

    def personas(self) -> dict[str, Any]:
        """The personas of a permission matrix: the anonymous visitor (None), a user with no
        role, the office, and an editor, reviewer, signer and handler of unit A."""
        people: dict[str, Any] = {"anonymous": None, "office": self.office, "no_role": person("nobody")}
        for role in ROLES:
            people[role] = person(f"{role}_a", role, self.unit_a)
        return people


def module_data(build: Callable[[], T]) -> Any:
    """A module-scoped fixture whose value is ``build()``, made once for the module's tests.

    It is built inside a transaction that is rolled back after the module's last test. A test
    that uses it asks for pytest-django's ``db`` too (or the module has ``pytestmark =
    pytest.mark.django_db``); pytest sets up the module-scoped fixture first, so the test's
    transaction is a savepoint inside the module's and whatever the test writes is undone before
    the next. For data that many tests read (a permission matrix's world), never with
    ``transactional_db``."""

    @pytest.fixture(scope="module")
    def outer(django_db_setup: Any, django_db_blocker: Any) -> Iterator[T]:
        with django_db_blocker.unblock():
            atomic = transaction.atomic()
            atomic.__enter__()
            try:
                data = build()
            except BaseException:
                transaction.set_rollback(True)
                atomic.__exit__(None, None, None)
                raise
        try:
            yield data
        finally:
            with django_db_blocker.unblock():
                transaction.set_rollback(True)
                atomic.__exit__(None, None, None)

    return outer
