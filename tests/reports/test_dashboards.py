"""The dashboards: a small 2026 seeded through the real services, read as the office and as a unit's
staff; the CSV file of each section equals its table; an empty year says so."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from html.parser import HTMLParser
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from gongkai.catalog.models import CatalogueEntry
from gongkai.orgs.models import Membership, Role, SiteProfile, Unit
from gongkai.policies import services as policies
from gongkai.publishing import services as items
from gongkai.publishing.models import Item
from gongkai.publishing.workflow import drive, perform
from gongkai.reports import stats
from gongkai.workbench.views.dashboards import OUTCOME_LABELS, SECTIONS
from gongkai.workdays.services import get_calendar
from tests.catalog.factories import an_entry
from tests.reports.test_reports import apply, at, step
from tests.reports.test_stats import seed_december

D = dt.date
TODAY = D(2026, 12, 1)
TITLES = {
    "timeliness": "主动公开及时率",
    "domains": "各领域公开信息数",
    "applications": "依申请公开：每月收到申请与办结情况",
    "replies": "按期答复率与平均答复工作日",
    "overdue": "当前超期",
    "coverage": "规范性文件解读率",
    "inquiries": "政务咨询答复情况",
    "supervision": "任务台账、督办与检查",
}


class Tables(HTMLParser):
    """The page's tables by section key (the id of the section's heading): header + body rows of cell texts."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.section = ""
        self.row: list[str] | None = None
        self.cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "h2":
            self.section = dict(attrs).get("id") or ""
        elif tag == "table":
            self.tables[self.section] = []
        elif tag == "tr":
            self.row = []
        elif tag in ("th", "td"):
            self.cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("th", "td") and self.row is not None and self.cell is not None:
            self.row.append("".join(self.cell).strip())
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self.tables[self.section].append(self.row)
            self.row = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)


def tables(html: str) -> dict[str, list[list[str]]]:
    parser = Tables()
    parser.feed(html)
    return parser.tables


def publish(item: Item, on: dt.date, reviewer: Any, signer: Any) -> Item:
    with at(on):
        return drive(item.pk, item.author, reviewer, signer)


def new_item(editor: Any, unit: Unit, title: str, formed_on: dt.date, entry: CatalogueEntry | None = None) -> Item:
    with at(formed_on):
        return items.create_item(
            editor, unit, title=title, formed_on=formed_on, genre="notice", topic="civil", catalogue_entry=entry
        )


def normative(editor: Any, unit: Unit, title: str, formed_on: dt.date) -> Any:
    with at(formed_on):
        meta = {"issuer": unit.name, "level": "district", "effective_on": D(2026, 11, 1)}
        return policies.create_policy(
            editor, unit, meta, title=title, normative=True, formed_on=formed_on, genre="measures", topic="civil"
        )


def seed_unit_a(editor: Any, reviewer: Any, signer: Any, handler: Any, unit: Unit) -> None:
    """Items: on time, late, still waiting past its deadline; a normative document published with
    its interpretation; applications replied on time, late, one open past its deadline, one open."""
    publish(new_item(editor, unit, "按时公开的信息", D(2026, 3, 2), an_entry()), D(2026, 3, 20), reviewer, signer)
    publish(new_item(editor, unit, "超期公开的信息", D(2026, 3, 2)), D(2026, 4, 10), reviewer, signer)  # due 03-30
    new_item(editor, unit, "逾期未公开的信息", D(2026, 6, 1))
    document = normative(editor, unit, "低保实施办法", D(2026, 9, 1))
    with at(D(2026, 9, 2)):
        values = {"form": "text", "agency": unit.name, "person": "赵建国", "phone": "0477-8583210"}
        interpretation = policies.create_interpretation(
            editor, unit, document, values, title="低保实施办法解读", formed_on=D(2026, 9, 1), body_html="<p>解读</p>"
        )
        for actor, action in ((editor, "submit"), (reviewer, "approve"), (signer, "sign")):
            perform(actor, interpretation.item.pk, action)
    publish(document.item, D(2026, 9, 10), reviewer, signer)  # the interpretation goes live with it
    on_time = apply(handler, unit, D(2026, 3, 2))
    step(handler, on_time, "replied", D(2026, 3, 20), outcome="disclosed", provided="见附件")
    late = apply(handler, unit, D(2026, 4, 1))
    step(handler, late, "replied", D(2026, 6, 1), outcome="withheld_process", reasons="过程性信息")
    apply(handler, unit, D(2026, 10, 9))  # due in early November: overdue today
    apply(handler, unit, D(2026, 11, 20))  # within its period


def seed_supervision(office: Any, unit_a: Unit, unit_b: Unit) -> None:
    """Ledger tasks of A (one overdue on 1 December, one open, one done) and B (a notice awaiting its
    reply); a live new-media account of B last updated on 1 November (stale), one of A up to date."""
    from gongkai.supervision.ledger import services as ledger
    from gongkai.supervision.newmedia.models import Account, Platform

    book = ledger.ledger_for_year(office, 2026)
    ledger.create_task(office, ledger=book, title="逾期任务", unit=unit_a, due_on=D(2026, 11, 30))
    ledger.create_task(office, ledger=book, title="进行中任务", unit=unit_a, due_on=D(2026, 12, 31))
    done = ledger.create_task(office, ledger=book, title="已完成任务", unit=unit_a, due_on=D(2026, 12, 31))
    with at(D(2026, 11, 20)):
        ledger.report_progress(office, done, on=D(2026, 11, 20), text="已完成", done=True)
    b_task = ledger.create_task(office, ledger=book, title="乙单位任务", unit=unit_b, due_on=D(2026, 12, 31))
    ledger.issue_notice(office, b_task, unit=unit_b, text="请报送进展", reply_due_on=D(2026, 12, 8))
    platform = Platform.objects.order_by("pk").first()
    for unit, last, number in ((unit_b, D(2026, 11, 1), "B-001"), (unit_a, D(2026, 11, 30), "A-001")):
        Account.objects.create(
            platform=platform, name=f"{unit.name}公众号", unit=unit, state=Account.State.OPERATING,
            filing_number=number, last_content_on=last,
        )  # fmt: skip


@pytest.fixture
def seeded(
    site: SiteProfile,
    make_person: Callable[..., Any],
    editor_a: Any,
    reviewer_a: Any,
    signer_a: Any,
    handler_a: Any,
    unit_a: Unit,
    unit_b: Unit,
    office: Any,
) -> dict[str, Any]:
    seed_unit_a(editor_a, reviewer_a, signer_a, handler_a, unit_a)
    seed_supervision(office, unit_a, unit_b)
    people_b = {role: make_person(f"{role}_b", role, unit_b) for role in ("editor", "reviewer", "signer", "handler")}
    publish(new_item(people_b["editor"], unit_b, "乙单位信息", D(2026, 5, 6)), D(2026, 5, 8), *_b(people_b))
    document = normative(people_b["editor"], unit_b, "乙单位办法", D(2026, 7, 1))
    policies.record_exemption(people_b["signer"], document, "不涉及公众切身利益")
    publish(document.item, D(2026, 7, 3), *_b(people_b))
    replied = apply(people_b["handler"], unit_b, D(2026, 5, 6))
    step(people_b["handler"], replied, "replied", D(2026, 5, 20), outcome="disclosed", provided="见附件")
    seed_inquiries(people_b["editor"], unit_b)
    return people_b


def seed_inquiries(editor: Any, unit: Unit) -> None:
    """Unit B's 政务咨询: one answered on time, one still open and overdue, one invalid."""
    from gongkai.participation.inquiries import services as inquiries

    def ask(day: int) -> Any:
        question = inquiries.Question(unit.pk, "赵六", "13900001234", "咨询", "请问办理时间？")
        return inquiries.create(question, received_at=dt.datetime(2026, 11, day, 2, tzinfo=dt.UTC))

    answered, _open, spam = ask(2), ask(3), ask(4)
    with time_machine.travel(dt.datetime(2026, 11, 5, 2, tzinfo=dt.UTC), tick=False):
        inquiries.answer(editor, answered.pk, "<p>工作日办理。</p>")
        inquiries.mark_invalid(editor, spam.pk, "spam")


def _b(people: dict[str, Any]) -> tuple[Any, Any]:
    return people["reviewer"], people["signer"]


def get(client: Client, name: str = "workbench:dashboard", chart: str | None = None, **params: Any) -> Any:
    url = reverse(name, kwargs={"chart": chart} if chart else None)
    with time_machine.travel(dt.datetime(2026, 12, 1, 2, tzinfo=dt.UTC), tick=False):
        return client.get(url, params)


def csv_rows(response: Any) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_the_office_sees_every_unit_and_the_numbers(seeded: Any, logged_in: Any, office: Any, unit_a: Unit) -> None:
    response = get(logged_in(office), year=2026)
    assert response.status_code == 200
    html = response.content.decode()
    for title in TITLES.values():
        assert f">{title}</h2>" in html
    found = tables(html)
    timeliness = {row[0]: row[1:] for row in found["timeliness"][1:]}
    # Unit A: 3 items + the document + its interpretation due; on time: 1 item, the document and the
    # interpretation; late 1; overdue 1 (still waiting, due 2026-06-29).
    assert timeliness["测试区民政局"] == ["5", "3", "1", "1", "60.0%（3/5）"]
    assert timeliness["测试区教育局"] == ["2", "2", "0", "0", "100.0%（2/2）"]
    # Every unit has its row; nothing due gives "—" and the note says why.
    assert timeliness["测试区人民政府"] == ["0", "0", "0", "0", "—"]
    total = timeliness.pop("合计（全部单位）")  # the sums of the units' rows, and their rate
    assert set(timeliness) == {u.name for u in Unit.objects.all()}
    sums = [sum(int(row[i]) for row in timeliness.values()) for i in range(4)]
    assert total[:4] == [str(n) for n in sums]
    assert total[4] == f"{sums[1] / sums[0] * 100:.1f}%（{sums[1]}/{sums[0]}）"
    assert "“—”：该单位在所选年度没有到期应公开的信息" in html
    assert found["domains"][1:] == [["未关联目录事项", "5"], ["社会救助", "1"]]
    # 政务咨询 (unit B): 2 valid of 3 (one invalid), 1 answered on time, 1 open and overdue on 1 December
    # (due 5 working days after 3 November: 10 November).
    assert found["inquiries"][1:] == [["全部单位", "2", "1", "1", "1", "1", "0", "50.0%（1/2）"]]
    months = {row[0]: row[1:] for row in found["applications"][1:]}
    assert found["applications"][0] == [
        "月份",
        "收到申请",
        "予以公开",
        "部分公开",
        "不予公开",
        "无法提供",
        "不予处理",
        "其他处理",
    ]
    assert months["3月"] == ["1", "1", "0", "0", "0", "0", "0"]
    assert months["5月"] == ["1", "1", "0", "0", "0", "0", "0"]
    assert months["6月"] == ["0", "0", "0", "1", "0", "0", "0"]
    assert months["10月"][0] == months["11月"][0] == "1" and len(months) == 12
    replies = {row[0]: row[1:] for row in found["replies"][1:]}
    assert replies["测试区民政局"][:3] == ["2", "1", "50.0%（1/2）"]
    assert replies["测试区教育局"][:3] == ["1", "1", "100.0%（1/1）"]
    assert replies["合计（全部单位）"][:3] == ["3", "2", "66.7%（2/3）"]
    calendar = get_calendar()
    waited = [calendar.working_days_between(D(2026, 3, 2), D(2026, 3, 20))]
    waited.append(calendar.working_days_between(D(2026, 4, 1), D(2026, 6, 1)))
    assert replies["测试区民政局"][3:] == ["0", f"{sum(waited) / 2:.1f}"]  # no reply with its due date unknown
    assert found["overdue"][1:] == [["全部单位", "1", "1"]]
    assert found["coverage"][1:] == [["全部单位", "2", "1", "1", "50.0%（1/2）"]]
    # Today's ledger and new media: A has 2 open tasks (1 overdue) and an account up to date; B an
    # open task with a notice awaiting its reply and an account not updated for 30 days.
    supervision = {row[0]: row[1:] for row in found["supervision"][1:]}
    assert supervision == {
        "测试区民政局": ["2", "1", "0", "0", "1", "0"],
        "测试区教育局": ["1", "0", "1", "0", "1", "1"],
    }


def test_a_reply_whose_due_date_is_not_known_is_shown_apart_not_late(
    site: SiteProfile, handler_a: Any, unit_a: Unit, logged_in: Any, office: Any
) -> None:
    """Issue 16, point 1: received 2026-12-10 and answered 2026-12-20 before 2027 is entered, the
    reply has no due date yet (its 20 working days end in 2027): the rate leaves it out, the
    table's own column and a note say how many."""
    seed_december(handler_a, unit_a)
    with time_machine.travel(dt.datetime(2026, 12, 21, 2, tzinfo=dt.UTC), tick=False):
        client = logged_in(office)
        response = client.get(reverse("workbench:dashboard"), {"year": 2026})
        csv_reply = client.get(reverse("workbench:dashboard_csv", kwargs={"chart": "replies"}), {"year": 2026})
    html = response.content.decode()
    replies = tables(html)["replies"]
    assert replies[0] == ["单位", "当年答复", "按期答复", "按期答复率", "期限待定（未计入）", "平均答复工作日"]
    assert replies[1][:5] == ["测试区民政局", "2", "1", "100.0%（1/1）", "1"]
    assert "另有1件已答复的申请，答复期限落在尚未录入工作日历的年度，期限待定，未计入按期答复率" in html
    assert csv_rows(csv_reply)[1][:5] == replies[1][:5]


def test_each_csv_equals_its_table(seeded: Any, logged_in: Any, office: Any, editor_a: Any, unit_b: Unit) -> None:
    for person, params in [(office, {"year": 2026}), (office, {"year": 2026, "unit": unit_b.pk}), (editor_a, {})]:
        client = logged_in(person)
        found = tables(get(client, **params).content.decode())
        for key in SECTIONS:
            response = get(client, "workbench:dashboard_csv", key, **params)
            assert response.status_code == 200
            assert response["Content-Type"] == "text/csv; charset=utf-8"
            assert "attachment" in response["Content-Disposition"] and ".csv" in response["Content-Disposition"]
            assert csv_rows(response) == found[key], (person, params, key)


def test_a_units_staff_see_only_their_unit(seeded: Any, logged_in: Any, reviewer_a: Any, unit_b: Unit) -> None:
    html = get(logged_in(reviewer_a)).content.decode()
    assert "政务公开统计：2026年 · 测试区民政局" in html
    assert unit_b.name not in html
    assert 'name="unit"' not in html  # one unit: nothing to pick
    found = tables(html)
    assert [row[0] for row in found["timeliness"][1:]] == ["测试区民政局"]
    assert found["replies"][1:] == [found["replies"][1]] and found["replies"][1][0] == "测试区民政局"
    assert found["overdue"][1:] == [["测试区民政局", "1", "1"]]
    assert found["coverage"][1:] == [["测试区民政局", "1", "1", "0", "100.0%（1/1）"]]
    assert found["domains"][1:] == [["未关联目录事项", "3"], ["社会救助", "1"]]


def test_another_units_parameter_is_a_404(
    seeded: Any, logged_in: Any, editor_a: Any, unit_a: Unit, unit_b: Unit
) -> None:
    client = logged_in(editor_a)
    assert get(client, unit=unit_b.pk).status_code == 404
    assert get(client, "workbench:dashboard_csv", "timeliness", unit=unit_b.pk).status_code == 404
    assert get(client, unit="x").status_code == 404
    assert get(client, unit=unit_a.pk).status_code == 200


def test_the_office_may_pick_one_unit(seeded: Any, logged_in: Any, office: Any, unit_b: Unit) -> None:
    html = get(logged_in(office), year=2026, unit=unit_b.pk).content.decode()
    found = tables(html)
    assert [row[0] for row in found["timeliness"][1:]] == [unit_b.name]
    assert found["coverage"][1:] == [[unit_b.name, "1", "0", "1", "0.0%（0/1）"]]
    assert f'<option value="{unit_b.pk}" selected>' in html
    assert f"?year=2026&amp;unit={unit_b.pk}" in html  # the CSV links keep the choice


def test_a_person_in_several_units_picks_among_them(
    seeded: Any, logged_in: Any, editor_a: Any, unit_a: Unit, unit_b: Unit, office_unit: Unit
) -> None:
    Membership.objects.create(user=editor_a, unit=unit_b, role=Role.EDITOR)
    client = logged_in(editor_a)
    html = get(client).content.decode()
    assert "本人所在的全部单位" in html
    assert f'<option value="{unit_a.pk}">' in html and f'<option value="{unit_b.pk}">' in html
    assert f'<option value="{office_unit.pk}">' not in html
    names = {row[0] for row in tables(html)["timeliness"][1:]}
    assert names == {unit_a.name, unit_b.name, "合计（本人所在的全部单位）"}
    only_b = tables(get(client, unit=unit_b.pk).content.decode())
    assert [row[0] for row in only_b["timeliness"][1:]] == [unit_b.name]
    assert get(client, unit=office_unit.pk).status_code == 404


def test_an_empty_year_shows_empty_states(seeded: Any, logged_in: Any, office: Any) -> None:
    client = logged_in(office)
    response = get(client, year=2023)
    assert response.status_code == 200
    html = response.content.decode()
    # Every section but today's overdue work and the inquiries (zeros are the inspection's pass).
    assert html.count('<p class="empty">暂无数据</p>') == 5
    assert 'data-chart="chart-overdue"' in html and 'data-chart="chart-timeliness"' not in html
    assert csv_rows(get(client, "workbench:dashboard_csv", "timeliness", year=2023)) == [
        ["单位", "应公开", "按时公开", "超期公开", "逾期未公开", "及时公开率"]
    ]


def test_an_empty_site_answers_too(site: SiteProfile, logged_in: Any, office: Any) -> None:
    response = get(logged_in(office))
    assert response.status_code == 200 and "暂无数据" in response.content.decode()


def test_years_and_charts_outside_the_offer_are_404(site: SiteProfile, logged_in: Any, office: Any) -> None:
    client = logged_in(office)
    page = get(client).content.decode()
    assert all(f'<option value="{y}"' in page for y in range(2022, 2027)) and '<option value="2021"' not in page
    assert get(client, year=2021).status_code == 404
    assert get(client, year="abc").status_code == 404
    assert get(client, "workbench:dashboard_csv", "nonsense").status_code == 404


def test_charts_read_their_data_from_json_blocks(seeded: Any, logged_in: Any, office: Any) -> None:
    html = get(logged_in(office), year=2026).content.decode()
    for key in SECTIONS:
        assert f'<script id="chart-{key}" type="application/json">' in html
        assert f'data-chart="chart-{key}" role="img" aria-label="{TITLES[key]}（图表，数据见下方表格）" hidden' in html
    assert "vendor/echarts/echarts.min.js" in html and "js/dashboard.js" in html
    assert "<script>" not in html and " style=" not in html  # nothing inline (CSP)


def test_every_outcome_group_has_a_label() -> None:
    assert set(OUTCOME_LABELS) == set(stats.OUTCOME_GROUPS)
