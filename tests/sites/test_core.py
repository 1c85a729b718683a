"""Sites, columns and placements without HTTP: rules select, picks add, publishing and
withdrawal move placements, a column's change rebuilds them, hosts choose the site."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.publishing.models import Item
from gongkai.publishing.workflow import perform
from gongkai.sites import current, public, selection, services
from gongkai.sites.models import Column, Placement, Site

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_sites() -> None:
    current.forget()


def test_rules_are_checked_and_name_the_key(unit_a: Any) -> None:
    assert selection.clean({"kinds": ["policy"], "unit_ids": [unit_a.pk]}) == {
        "unit_ids": [unit_a.pk],
        "kinds": ["policy"],
    }
    with pytest.raises(ValidationError) as caught:
        selection.clean({"kinds": ["nonsense"]})
    assert "rules.kinds" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        selection.clean({"colour": ["red"]})
    assert "rules" in caught.value.message_dict
    with pytest.raises(ValidationError):
        selection.clean({"unit_ids": [999999]})


def test_a_column_selects_by_rules_and_picks(
    office: Any, street_site: Site, make_public: Any, unit_a: Any, unit_b: Any
) -> None:
    own = make_public("街道通知", unit=unit_b)
    other = make_public("部门通知")
    column = services.create_column(office, street_site, name="街道动态", slug="jddt", rules={"unit_ids": [unit_b.pk]})
    assert public.column_item_ids(column, 0, 10) == [own.pk]
    services.update_column(office, column, item_ids=[other.pk])
    assert set(public.column_item_ids(column, 0, 10)) == {own.pk, other.pk}
    assert [p.site for p in public.where(other)] == [street_site]


def test_publishing_and_withdrawal_move_placements(
    office: Any, street_site: Site, make_public: Any, unit_a: Any, signer_a: Any
) -> None:
    column = services.create_column(
        office, street_site, name="通知", slug="tz", rules={"genres": ["notice"], "unit_ids": [unit_a.pk]}
    )
    item = make_public("新通知")
    assert Placement.objects.filter(column=column, item=item).exists()
    perform(signer_a, item.pk, "withdraw", reason="内容有误")
    assert not Placement.objects.filter(item=item).exists()
    assert public.in_site(street_site, [item.pk]) == set()


def test_retiring_redirects_and_empties(office: Any, street_site: Site, make_public: Any, unit_b: Any) -> None:
    make_public("通知一", unit=unit_b)
    old = services.create_column(office, street_site, name="旧栏目", slug="old", rules={"unit_ids": [unit_b.pk]})
    new = services.create_column(office, street_site, name="新栏目", slug="new", rules={"unit_ids": [unit_b.pk]})
    services.update_column(office, old, retired=True, redirect_to=new)
    old.refresh_from_db()
    assert old.retired and old.retired_at is not None
    assert public.redirect_target(old) == new
    assert not Placement.objects.filter(column=old).exists()
    assert [c.slug for c in public.columns_of(street_site)] == ["new"]


def test_a_slug_is_unique_per_site_and_parents_stay_in_the_site(office: Any, street_site: Site, portal: Site) -> None:
    services.create_column(office, street_site, name="动态", slug="dt")
    with pytest.raises(ValidationError) as caught:
        services.create_column(office, street_site, name="动态2", slug="dt")
    assert "slug" in caught.value.message_dict
    services.create_column(office, portal, name="动态", slug="dt")  # another site may use it
    foreign = Column.objects.get(site=portal, slug="dt")
    with pytest.raises(ValidationError) as caught:
        services.create_column(office, street_site, name="子栏目", slug="sub", parent=foreign)
    assert "parent_id" in caught.value.message_dict


def test_a_host_is_held_once_and_chooses_the_site(office: Any, portal: Site, street_site: Site) -> None:
    with pytest.raises(services.HostTaken):
        services.create_site(office, code="dup", name="重复", host="STREET.example.cn")
    assert current.site_for_host("street.example.cn:8443") == street_site
    assert current.site_for_host("unknown.example.cn") == portal
    from django.conf import settings

    assert "street.example.cn" in settings.ALLOWED_HOSTS
    assert "street.example.cn" in list(settings.ALLOWED_HOSTS)


def test_without_sites_the_default_shows_the_whole_library(db: Any) -> None:
    site = current.site_for_host("localhost")
    assert site.whole_library and site.pk is None


def test_only_the_office_and_the_sites_managers_manage_it(office: Any, street_site: Site, editor_a: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.create_column(editor_a, street_site, name="栏目", slug="x")
    services.set_managers(office, street_site, [editor_a])
    column = services.create_column(editor_a, street_site, name="栏目", slug="x")
    with pytest.raises(PermissionDenied):
        services.update_site(editor_a, street_site, host="taken.example.cn")
    assert column.site == street_site


def test_an_item_in_two_sites_is_listed_once_per_site(
    office: Any, portal: Site, street_site: Site, make_public: Any, unit_b: Any
) -> None:
    item = make_public("两站共享", unit=unit_b)
    services.create_column(office, street_site, name="甲", slug="a", rules={"unit_ids": [unit_b.pk]})
    services.create_column(office, street_site, name="乙", slug="b", rules={"genres": ["notice"]})
    services.create_column(office, portal, name="通知", slug="tz", rules={"genres": ["notice"]})
    assert public.site_item_ids(street_site, 0, 10) == [item.pk]
    assert {p.site.code for p in public.where(item)} == {"street", "kbs"}
    assert Item.objects.filter(pk=item.pk).exists()


def test_a_site_changed_on_another_node_is_read_again_with_the_new_generation(
    office: Any, street_site: Site, django_capture_on_commit_callbacks: Any
) -> None:
    """No page rendered under the new page-cache generation shows the site as it was: another
    node's change (no signal here) starts a new generation, and this node reads the sites again
    before its TTL is out."""
    from gongkai import pagecache

    assert current.site_for_host(street_site.host).name == "街道政务公开"
    Site.objects.filter(pk=street_site.pk).update(name="改名后的街道网站")  # as another node would
    assert current.site_for_host(street_site.host).name == "街道政务公开"  # same generation: kept
    with django_capture_on_commit_callbacks(execute=True):
        pagecache.changed()
    assert current.site_for_host(street_site.host).name == "改名后的街道网站"


def test_a_rename_leaves_the_placements_and_a_new_rule_rebuilds_them(
    office: Any, street_site: Site, make_public: Any, unit_b: Any
) -> None:
    make_public("街道通知", unit=unit_b)
    column = services.create_column(office, street_site, name="动态", slug="dt", rules={"unit_ids": [unit_b.pk]})
    placed = list(Placement.objects.filter(column=column).values_list("pk", flat=True))
    assert placed
    services.update_column(office, column, name="街道动态", position=3)
    assert list(Placement.objects.filter(column=column).values_list("pk", flat=True)) == placed  # untouched
    services.update_column(office, column, rules={"kinds": ["policy"]})
    assert not Placement.objects.filter(column=column).exists()  # the new rule selects nothing here
