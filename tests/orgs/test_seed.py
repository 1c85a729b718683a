"""seed_demo loads 康巴什区 and is idempotent."""

from __future__ import annotations

import io
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management import call_command

from gongkai.audit.models import AuditEntry
from gongkai.orgs import access, creditcode
from gongkai.orgs.models import Membership, SiteProfile, Unit


def _state() -> tuple[Any, ...]:
    return (
        list(Unit.objects.order_by("pk").values_list("name", "credit_code", "parent_id", "updated_at")),
        list(Membership.objects.order_by("pk").values_list("user__username", "unit__name", "role")),
        list(get_user_model().objects.order_by("pk").values_list("username", "password")),
        AuditEntry.objects.count(),
        SiteProfile.objects.count(),
    )


def test_seed_demo_is_idempotent(db: Any) -> None:
    first = io.StringIO()
    call_command("seed_demo", stdout=first)
    state = _state()
    second = io.StringIO()
    call_command("seed_demo", stdout=second)
    assert _state() == state
    assert "密码" in first.getvalue() and "密码未改动" in second.getvalue()


def test_seed_demo_loads_the_district(db: Any) -> None:
    call_command("seed_demo", stdout=io.StringIO())
    government = Unit.objects.get(name="康巴什区人民政府")
    assert government.kind == "government" and government.parent is None
    assert Unit.objects.filter(kind="street").count() == 4
    assert all(creditcode.is_valid(code) for code in Unit.objects.values_list("credit_code", flat=True))
    assert all(code[2:8] == "150603" for code in Unit.objects.values_list("credit_code", flat=True))
    users = {u.username: u for u in get_user_model().objects.all()}
    assert set(users) == {"office", "office2", "editor", "reviewer", "signer", "handler"}
    assert access.is_office(users["office"])
    department = Unit.objects.get(name="康巴什区民政局")
    for role in ["editor", "reviewer", "signer", "handler"]:
        assert access.roles_in(users[role], department) == {role}
    assert SiteProfile.current() is not None


def test_seed_demo_loads_catalogue_and_items(db: Any) -> None:
    from gongkai.catalog.models import CatalogueEntry, Domain
    from gongkai.publishing.models import Item

    call_command("seed_demo", stdout=io.StringIO())
    assert Domain.objects.filter(kind="pilot").count() == 26
    assert CatalogueEntry.objects.filter(level="township").exists()
    plans = Item.objects.filter(genre="plan", state="published").order_by("written_on")
    assert [p.written_on.year for p in plans] == [2011, 2016, 2021]
    assert set(Item.objects.values_list("state", flat=True)) == {
        "published",
        "signed",
        "approved",
        "submitted",
        "draft",
    }
    counts = (Item.objects.count(), CatalogueEntry.objects.count())
    call_command("seed_demo", stdout=io.StringIO())
    assert (Item.objects.count(), CatalogueEntry.objects.count()) == counts
