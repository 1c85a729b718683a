"""The directory's writers and public reads: validation naming the field, the office only, the
audit trail, which site shows which service, and the search the portal's search page uses."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.audit.models import AuditEntry
from gongkai.sites.directory import public, services
from gongkai.sites.directory.models import Service, missing_elements
from gongkai.sites.models import Site

pytestmark = pytest.mark.django_db


def test_the_office_creates_a_service_and_the_audit_trail_names_it(make_service: Callable[..., Service]) -> None:
    service = make_service()
    assert service.material_list == ["居民身份证", "户口簿", "家庭收入情况声明"]
    entry = AuditEntry.objects.get(action="directory.service_created")
    assert entry.object_id == str(service.pk) and entry.after["name"] == "最低生活保障申请"


def test_only_the_office_writes(editor_a: Any, make_service: Callable[..., Service]) -> None:
    with pytest.raises(PermissionDenied):
        services.create_service(editor_a, name="x", department_name="y")
    with pytest.raises(PermissionDenied):
        services.update_service(editor_a, make_service(), name="z")


@pytest.mark.parametrize(
    ("fields", "key"),
    [
        ({"name": "  "}, "name"),
        ({"url": "http://zwfw.nmg.gov.cn/x"}, "url"),
        ({"app_url": "javascript:alert(1)"}, "app_url"),
        ({"department_name": ""}, "department"),
    ],
)
def test_a_bad_field_is_refused_with_its_name(
    make_service: Callable[..., Service], fields: dict[str, Any], key: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        make_service(**fields)
    assert key in caught.value.message_dict
    if key in ("url", "app_url"):
        assert "https://" in caught.value.message_dict[key][0] and "“" in caught.value.message_dict[key][0]
    assert Service.objects.count() == 0


def test_an_unknown_site_is_refused(make_service: Callable[..., Service]) -> None:
    with pytest.raises(ValidationError) as caught:
        make_service(site_ids=[987654])
    assert "site_ids" in caught.value.message_dict


def test_a_changed_link_is_unchecked_again(office: Any, make_service: Callable[..., Service]) -> None:
    service = make_service()
    services.store_link_states({service.pk: (True, "")})
    service.refresh_from_db()
    assert service.link_state == Service.LinkState.OK
    service = services.update_service(office, service, name="最低生活保障", url=service.url)
    assert service.link_state == Service.LinkState.OK  # the same links: the state stands
    service = services.update_service(office, service, url="https://zwfw.nmg.gov.cn/bszn/other")
    assert service.link_state == Service.LinkState.UNCHECKED


def test_deactivating_takes_it_off_every_site(office: Any, portal: Site, make_service: Callable[..., Service]) -> None:
    service = make_service()
    assert public.matching("低保", portal) == [] and public.matching("最低", portal) == [service]
    services.deactivate_service(office, service)
    assert public.matching("最低", portal) == []
    assert AuditEntry.objects.filter(action="directory.service_deactivated").count() == 1


def test_a_service_without_sites_is_on_every_site_and_one_with_sites_only_there(
    portal: Site, street_site: Site, make_service: Callable[..., Service]
) -> None:
    everywhere = make_service("居住证办理")
    street_only = make_service("临时救助申请", site_ids=[street_site.pk])
    assert list(public.for_site(portal)) == [everywhere]
    assert set(public.for_site(street_site)) == {everywhere, street_only}
    assert public.get_public(portal, street_only.pk) is None


def test_the_unsaved_default_site_shows_the_services_for_every_site(make_service: Callable[..., Service]) -> None:
    from gongkai.sites.current import default_site

    service = make_service()
    assert default_site().pk is None
    assert list(public.for_site(default_site())) == [service]


def test_matching_searches_name_department_and_code_in_one_query(
    portal: Site, make_service: Callable[..., Service], django_assert_num_queries: Any
) -> None:
    dibao = make_service(code="11150600MB1234567Q")
    make_service("户口迁移", department_name="康巴什区公安分局", category="户籍")
    with django_assert_num_queries(1):
        assert public.matching("民政局", portal) == [dibao]
    assert public.matching("MB1234", portal) == [dibao]
    assert [s.name for s in public.matching("公安 户口", portal)] == ["户口迁移"]
    assert public.matching("", portal) == []
    assert len(public.matching("户" * 500, portal)) == 0
    assert public.matching("区", portal, limit=0) == []


def test_missing_elements_are_the_four_key_ones(make_service: Callable[..., Service]) -> None:
    service = make_service(basis="", materials=" ")
    assert missing_elements(service) == ["basis", "materials"]
