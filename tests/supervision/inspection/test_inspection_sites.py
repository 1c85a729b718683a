"""Inspection per site (issue 19: the national indicators judge sites) and 服务不实用 (REGULATIONS.md
§5 veto item 6) judged against the service directory: no service, a guide without a key element,
broken service links at or over the office's share; the site's own columns for a site that is
not the library; the API's and the workbench's site choice."""

from __future__ import annotations

from typing import Any

import pytest
import time_machine
from django.urls import reverse

from gongkai.orgs.models import Unit
from gongkai.sites import services as site_services
from gongkai.sites.directory.models import Service
from gongkai.sites.models import Site
from gongkai.supervision.inspection import jobs, servicecheck, services
from gongkai.supervision.inspection.models import Inspection, InspectionSettings
from tests.supervision.inspection.conftest import TODAY, Publish, at
from tests.supervision.inspection.test_inspection_services import ago, every_column

pytestmark = pytest.mark.django_db


def run(office: Any, **kwargs: Any) -> Inspection:
    with time_machine.travel(at(TODAY), tick=False):
        return services.run_inspection(office, **kwargs)


def vetoes(inspection: Inspection) -> list[str]:
    return [v["rule"] for v in inspection.veto]


@pytest.fixture
def street(office: Any, unit_b: Unit) -> Site:
    """A street's site over unit B's items: a news column and a notices column."""
    site = site_services.create_site(
        office, code="street", name="街道政务公开", host="street.example.cn", units=[unit_b]
    )
    rules = {"unit_ids": [unit_b.pk]}
    site_services.create_column(office, site, name="街道动态", slug="jddt", rules={**rules, "genres": ["news"]})
    site_services.create_column(office, site, name="通知公告", slug="tzgg", rules={**rules, "genres": ["notice"]})
    return site


def test_a_site_without_any_service_is_vetoed(office: Any, publish: Publish, usable_service: Service) -> None:
    every_column(publish)
    usable_service.delete()
    inspection = run(office, check_links=False)
    assert vetoes(inspection) == ["services_unusable"] and not inspection.passed
    assert "没有提供办事服务" in inspection.findings.get(rule="services_unusable").detail
    assert "服务不实用" in inspection.veto_labels


def test_an_inactive_service_or_one_for_another_site_does_not_count(
    office: Any, publish: Publish, usable_service: Service, street: Site
) -> None:
    every_column(publish)
    Service.objects.filter(pk=usable_service.pk).update(active=False)
    usable_service.pk = None
    usable_service.active = True
    usable_service.save()
    usable_service.sites.set([street])
    assert vetoes(run(office, check_links=False)) == ["services_unusable"]


def test_a_guide_without_its_basis_is_vetoed_and_named(office: Any, publish: Publish, usable_service: Service) -> None:
    every_column(publish)
    Service.objects.filter(pk=usable_service.pk).update(basis="", materials="  ")
    inspection = run(office, check_links=False)
    finding = inspection.findings.get(rule="services_unusable")
    assert finding.veto and "最低生活保障审核确认" in finding.detail
    assert "设定依据" in finding.detail and "办理材料" in finding.detail and "申请条件" not in finding.detail
    assert finding.url == f"/bszn/{usable_service.pk}/" and vetoes(inspection) == ["services_unusable"]


def _linked(server: str, name: str, path: str) -> Service:
    # The checker's local test server speaks http; the model takes https only, so set it directly.
    service = Service.objects.create(
        name=name, department_name="康巴什区民政局", basis="依据", conditions="条件", materials="材料"
    )
    Service.objects.filter(pk=service.pk).update(url=f"{server}{path}")
    return service


def test_broken_service_links_over_the_share_are_vetoed(office: Any, publish: Publish, server: str) -> None:
    every_column(publish)
    ok = _linked(server, "结婚登记", "/ok")
    broken = _linked(server, "居住证申领", "/missing")
    inspection = run(office)  # 1 of 3 services broken: 33% ≥ 20%
    assert vetoes(inspection) == ["services_unusable"]
    assert "3项办事服务中有1项" in inspection.veto[0]["detail"] and "居住证申领" in inspection.veto[0]["detail"]
    link = inspection.findings.get(rule="broken_link")
    assert link.target == f"{server}/missing" and link.url == f"/bszn/{broken.pk}/" and "404" in link.detail
    ok.refresh_from_db()
    broken.refresh_from_db()
    assert (ok.link_state, broken.link_state) == ("ok", "broken") and "404" in broken.link_detail
    assert broken.link_checked_at is not None


def test_under_the_share_a_broken_service_link_is_a_deduction(office: Any, publish: Publish, server: str) -> None:
    every_column(publish)
    InspectionSettings.objects.update_or_create(defaults={"service_broken_veto_percent": 50})
    _linked(server, "结婚登记", "/ok")
    _linked(server, "居住证申领", "/missing")
    inspection = run(office)
    assert inspection.passed and vetoes(inspection) == [] and inspection.score == 99


def test_the_workbench_checks_service_links_now(logged_in: Any, office: Any, server: str, editor_a: Any) -> None:
    _linked(server, "居住证申领", "/missing")
    assert servicecheck.check_now(office) == {"checked": 1, "ok": 0, "broken": 1}
    with pytest.raises(Exception, match="公开办"):
        servicecheck.check_now(editor_a)


def test_a_street_site_is_judged_by_its_own_columns(office: Any, publish: Publish, street: Site, unit_b: Unit) -> None:
    every_column(publish)  # unit A's fresh items: the library's columns are fine
    publish("街道召开会议", genre="news", on=ago(30), unit=unit_b)
    inspection = run(office, check_links=False, site=street)
    assert inspection.site == street and inspection.site_name == "街道政务公开"
    stale = inspection.findings.get(rule="stale_column")
    assert "街道动态" in stale.detail and stale.url == "/lm/jddt/"
    empty = inspection.findings.get(rule="empty_column")
    assert "通知公告" in empty.detail and empty.url == "/lm/tzgg/"
    assert vetoes(inspection) == ["home_not_updated"]  # its newest item is 30 days old
    library = run(office, check_links=False)
    assert library.site is None and library.passed and not library.findings.filter(rule="stale_column").exists()


def test_the_api_takes_a_site_and_names_it(api_as: Any, office: Any, publish: Publish, street: Site) -> None:
    every_column(publish)
    with time_machine.travel(at(TODAY), tick=False):
        body = api_as(office).post("/inspections?check_links=false", {"site_id": street.pk}).json()
        default = api_as(office).post("/inspections?check_links=false", {}).json()
    assert body["site"] == {"id": street.pk, "name": "街道政务公开"}
    assert default["site"]["id"] is None
    with time_machine.travel(at(TODAY), tick=False):
        refused = api_as(office).post("/inspections", {"site_id": 987654})
    assert refused.status_code == 422 and refused.json()["field"] == "site_id"
    listed = api_as(office).get("/inspections").json()["results"]
    assert {r["site"]["name"] for r in listed} == {"街道政务公开", default["site"]["name"]}


def test_the_workbench_runs_a_chosen_site(
    logged_in: Any, office: Any, street: Site, monkeypatch: Any, django_capture_on_commit_callbacks: Any
) -> None:
    monkeypatch.setattr(jobs, "start_thread", lambda pk, links: None)
    client = logged_in(office)
    page = client.get(reverse("workbench:inspections")).content.decode()
    assert "检查的站点" in page and "街道政务公开" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("workbench:inspection_run"), {"site": street.pk})
    inspection = Inspection.objects.get()
    assert inspection.site == street
    assert "街道政务公开" in client.get(reverse("workbench:inspections")).content.decode()
    bad = client.post(reverse("workbench:inspection_run"), {"site": 987654}, follow=True)
    assert "检查的站点" in bad.content.decode() and Inspection.objects.count() == 1


def test_the_schedule_inspects_every_active_site_in_turn(office: Any, publish: Publish, street: Site) -> None:
    from io import StringIO

    from django.core.management import call_command

    every_column(publish)
    out = StringIO()
    with time_machine.travel(at(TODAY), tick=False):
        call_command("inspect_site", "--force", "--no-links", stdout=out)
        call_command("inspect_site", "--force", "--no-links", "--site", "street", stdout=out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 3 and "街道政务公开" in lines[1] and "街道政务公开" in lines[2]
    assert [i.site for i in Inspection.objects.order_by("pk")] == [None, street, street]


def test_a_units_staff_see_the_latest_findings_of_every_site(
    logged_in: Any, office: Any, publish: Publish, street: Site, unit_b: Unit, editor_b: Any
) -> None:
    from gongkai.supervision.inspection import reminders

    publish("街道召开会议", genre="news", on=ago(30), unit=unit_b, body="<p>国务院总埋指出</p>")
    from gongkai.supervision.inspection.models import WordEntry

    WordEntry.objects.get_or_create(kind="wrong", word="国务院总埋", defaults={"correct": "国务院总理", "veto": True})
    library = run(office, check_links=False)
    street_run = run(office, check_links=False, site=street)
    page = logged_in(editor_b).get(reverse("workbench:inspection_unit_findings")).content.decode()
    assert "街道政务公开" in page and library.site_name in page
    with time_machine.travel(at(TODAY), tick=False):
        tasks = reminders.inbox_tasks(editor_b, TODAY)
    assert {t.target.inspection_id for t in tasks} == {library.pk, street_run.pk}
