"""The API: the accounts list with its filters and the stale flag, recording the last content
date, and errors in the {"detail", "field"} shape (never a 500 for bad input)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
import time_machine

from gongkai.orgs.models import Unit
from gongkai.supervision.newmedia import lifecycle as lc
from gongkai.supervision.newmedia.models import Account

NOW = dt.datetime(2026, 12, 2, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


@pytest.fixture
def accounts(make_account: Callable[..., Account], unit_a: Unit, unit_b: Unit) -> dict[str, Account]:
    with time_machine.travel(NOW, tick=False):
        fresh = make_account(unit_a, name="新鲜号")
        Account.objects.filter(pk=fresh.pk).update(last_content_on=dt.date(2026, 11, 30))
        return {
            "fresh": fresh,
            "stale": make_account(unit_a, name="陈旧号"),
            "other": make_account(unit_b, lc.APPLICATION, name="申请号"),
        }


@time_machine.travel(NOW, tick=False)
def test_the_list_has_the_contract_fields(accounts: dict[str, Account], api_as: Any, office: Any) -> None:
    rows = api_as(office).get("/newmedia/accounts").json()
    fresh = next(r for r in rows if r["name"] == "新鲜号")
    account = accounts["fresh"]
    assert fresh == {
        "id": account.pk, "platform": "微信公众号", "name": "新鲜号", "account_id": account.account_id,
        "unit": {"id": account.unit_id, "name": "测试区民政局"}, "state": "operating",
        "filing_number": account.filing_number, "last_content_on": "2026-11-30", "stale": False,
    }  # fmt: skip
    assert next(r for r in rows if r["name"] == "陈旧号")["stale"] is True


@time_machine.travel(NOW, tick=False)
def test_the_list_filters(accounts: dict[str, Account], api_as: Any, office: Any, unit_b: Unit) -> None:
    client = api_as(office)

    def names(**query: Any) -> set[str]:
        response = client.get("/newmedia/accounts", **query)
        assert response.status_code == 200, response.content
        return {r["name"] for r in response.json()}

    assert names() == {"新鲜号", "陈旧号", "申请号"}
    assert names(unit_id=unit_b.pk) == {"申请号"}
    assert names(state="operating") == {"新鲜号", "陈旧号"}
    assert names(stale="true") == {"陈旧号"}
    assert names(stale="false") == {"新鲜号", "申请号"}


@pytest.mark.parametrize(
    ("query", "field"),
    [({"unit_id": "abc"}, "unit_id"), ({"unit_id": "0"}, "unit_id"), ({"unit_id": str(2**70)}, "unit_id"),
     ({"state": "nonsense"}, "state"), ({"stale": "perhaps"}, "stale")],
)  # fmt: skip
def test_bad_filters_are_422_naming_the_field(api_as: Any, office: Any, query: dict[str, str], field: str) -> None:
    response = api_as(office).get("/newmedia/accounts", **query)
    assert response.status_code == 422
    assert response.json()["field"] == field and field in response.json()["detail"]


@time_machine.travel(NOW, tick=False)
def test_recording_the_content_date(accounts: dict[str, Account], api_as: Any, editor_a: Any) -> None:
    account = accounts["stale"]
    response = api_as(editor_a).post(f"/newmedia/accounts/{account.pk}/content", {"on": "2026-12-01"})
    assert response.status_code == 200
    assert response.json()["last_content_on"] == "2026-12-01" and response.json()["stale"] is False
    assert Account.objects.get(pk=account.pk).content_source == Account.Source.ENTERED


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("body", "status", "field"),
    [({"on": "2026-12-03"}, 422, "on"), ({"on": "2026-02-30"}, 422, "on"), ({"on": "yesterday"}, 422, "on"),
     ({}, 422, "on"), ({"on": None}, 422, "on")],
)  # fmt: skip
def test_bad_dates_are_422(
    accounts: dict[str, Account], api_as: Any, editor_a: Any, body: dict[str, Any], status: int, field: str
) -> None:
    response = api_as(editor_a).post(f"/newmedia/accounts/{accounts['stale'].pk}/content", body)
    assert response.status_code == status, response.content
    assert response.json()["field"] == field
    assert "最近更新日期" in response.json()["detail"] or "on" in response.json()["detail"]


@time_machine.travel(NOW, tick=False)
def test_not_json_and_unknown_ids_are_not_500(accounts: dict[str, Account], api_as: Any, office: Any) -> None:
    client = api_as(office)
    url = f"/api/v1/newmedia/accounts/{accounts['stale'].pk}/content"
    raw = client.client.post(url, "{", content_type="application/json", headers=client.headers)
    assert raw.status_code == 400 and set(raw.json()) == {"detail", "field"}
    assert client.post("/newmedia/accounts/999999/content", {"on": "2026-12-01"}).status_code == 404
    assert client.post(f"/newmedia/accounts/{2**70}/content", {"on": "2026-12-01"}).status_code in {404, 422}


@time_machine.travel(NOW, tick=False)
def test_content_for_an_application_is_a_conflict(accounts: dict[str, Account], api_as: Any, office: Any) -> None:
    response = api_as(office).post(f"/newmedia/accounts/{accounts['other'].pk}/content", {"on": "2026-12-01"})
    assert response.status_code == 409
    assert response.json() == {"detail": "账号当前状态为“申请开设”，不能填报最近更新日期", "field": "state"}


def test_the_state_filter_names_every_lifecycle_state() -> None:
    from typing import get_args

    from gongkai.api.vocab import NewMediaState

    assert set(get_args(NewMediaState)[1].codes) == set(lc.STATES)
