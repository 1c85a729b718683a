"""Staff read the audit trail and an item's history in Chinese (issue 17, point 10): every recorded
action has a label (read from the source: a new ``record(…, "x.y", …)`` without one fails here),
every item event has one, and an entry's data reads as "字段：旧值 → 新值"."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

import pytest

from gongkai.audit import labels
from gongkai.audit.display import Describer, object_kind, rows
from gongkai.audit.services import record
from gongkai.foi.vocab import EventKind
from gongkai.participation.consultations.services import MODERATION
from gongkai.publishing import events, workflow
from gongkai.publishing.models import Item, ItemEvent
from gongkai.supervision.newmedia.lifecycle import TRANSITIONS
from gongkai.workdays.calendar import CalendarMissing
from tests.audit.recorded_actions import PACKAGE, recorded_actions

# Call sites whose action the source cannot spell out, with what they can be, from their sources.
EXPANSIONS: dict[str, set[str]] = {
    "gongkai/foi/handling.py": {f"foi.{kind}" for kind in EventKind.values},
    "gongkai/participation/consultations/services.py": {f"consultation.comment_{a}" for a in MODERATION},
    "gongkai/publishing/workflow.py": {f"item.{a}" for a in workflow.ACTIONS} | set(workflow.AUDIT_ACTIONS.values()),
    "gongkai/supervision/newmedia/services.py": {f"newmedia.{a}" for a in TRANSITIONS},
}
CHINESE = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def found() -> Any:
    return recorded_actions()


def test_every_recorded_action_has_a_chinese_label(found: Any) -> None:
    unknown_sites = [site for site in found.unresolved if site.split(":")[0] not in EXPANSIONS]
    assert not unknown_sites, f"say in EXPANSIONS what these record() actions can be: {unknown_sites}"
    actions = set(found.actions).union(*EXPANSIONS.values())
    assert len(actions) > 100  # the scan reads the whole package
    missing = sorted(a for a in actions if a not in labels.ACTIONS)
    assert not missing, f"add these actions to gongkai/audit/labels.py: {missing}"
    assert all(CHINESE.search(str(label)) for label in labels.ACTIONS.values())


def test_the_scan_sees_a_new_unlabelled_action(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.audit import recorded_actions as scanner

    package = tmp_path / "gongkai"
    package.mkdir()
    (package / "thing.py").write_text(
        "from gongkai.audit.services import record\n\n"
        "def _save(actor, obj, action):\n    record(actor, f'{action}.saved', obj)\n\n"
        "def save(actor, obj, creating):\n"
        "    _save(actor, obj, 'thing.new' if creating else 'thing.old')\n"
        "    record(actor, 'thing.removed', obj)\n"
    )
    monkeypatch.setattr(scanner, "PACKAGE", package)
    result = scanner.recorded_actions()
    assert result.actions == {"thing.new.saved", "thing.old.saved", "thing.removed"}
    assert not result.unresolved


def test_an_unlisted_action_is_named_by_its_family_never_by_its_code() -> None:
    assert labels.action_label("inspection.finished") == "完成网站检查"
    assert labels.action_label("foi.something_new") == "依申请公开：其他操作"
    assert "." not in labels.action_label("nobody.knows")


def test_every_item_event_has_a_label() -> None:
    """The workflow's actions, every ``ItemEvent(action="…")`` and ``record_step(item, "…", …)``."""
    written = set(workflow.ACTIONS)
    for path in PACKAGE.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = ast.unparse(node.func)
            if name in {"ItemEvent", "ItemEvent.objects.create"}:
                values = [k.value for k in node.keywords if k.arg == "action"]
            elif name.endswith("record_step"):
                values = node.args[1:2]
            else:
                continue
            written |= {v.value for v in values if isinstance(v, ast.Constant)}
    assert {"submit", "approve", "sign", "takedown", "edit", "import", "validity", "publish_failed"} <= written
    missing = sorted(a for a in written if a not in events.ACTIONS)
    assert not missing, f"add these item events to gongkai/publishing/events.py: {missing}"


@pytest.mark.django_db
def test_item_history_names_the_step_and_the_person_in_chinese(editor_a: Any, unit_a: Any) -> None:
    editor_a.first_name = "李娜"
    item = Item.objects.create(unit=unit_a, title="通知", author=editor_a, formed_on="2026-05-01")
    submitted = ItemEvent(item=item, action="submit", actor=editor_a, at="2026-05-02T09:00:00+08:00")
    job = ItemEvent(item=item, action="publish_failed", actor=None, at="2026-05-02T09:00:00+08:00")
    assert events.describe(submitted) == events.Step("提交审核", "信息员 李娜")
    assert events.describe(job) == events.Step("定时发布未成功", "系统")


@pytest.mark.django_db
def test_an_entry_reads_as_fields_and_values_in_chinese(editor_a: Any, unit_a: Any) -> None:
    item = Item.objects.create(unit=unit_a, title="通知", author=editor_a, formed_on="2026-05-01")
    published = record(
        editor_a, "item.publish", item, before={"state": "signed"}, after={"state": "published", "index_number": ""}
    )
    inspection = record(
        None,
        "inspection.finished",
        object_type="inspection.inspection",
        object_id=1,
        after={"passed": False, "score": 97, "veto": ["home_stale"], "monitored_on": "2026-05-01"},
    )
    created = record(editor_a, "item.created", item, after={"unit": unit_a.pk, "body_html": "<p>正文</p>"})
    shown = {row.entry.pk: row for row in rows([published, inspection, created])}
    assert shown[published.pk].action == "发布" and shown[published.pk].kind == "政府信息"
    assert shown[published.pk].summary == "状态：已签发待发布 → 已发布"  # a blank 索引号 says nothing
    assert shown[inspection.pk].action == "完成网站检查"
    assert shown[inspection.pk].summary == "合格：否；得分：97；单项否决：home_stale；监测时间点：2026-05-01"
    assert f"：{unit_a.name}" in shown[created.pk].summary and "正文" in shown[created.pk].summary
    assert "<p>" not in shown[created.pk].summary and "{" not in shown[created.pk].summary


def test_values_dates_and_unknown_models() -> None:
    describer = Describer()
    assert describer.value(True) == "是" and describer.value(None) == "—"
    assert describer.value("2026-05-01T01:30:00+00:00") == "2026-05-01 09:30"  # Asia/Shanghai
    assert describer.value({"on": "2026-05-01", "note": "x"}) == "日期：2026-05-01；说明：x"
    assert object_kind("publishing.item") == "政府信息" and object_kind("demo") == "demo"


def test_a_missing_calendar_is_said_in_chinese() -> None:
    assert str(CalendarMissing(2027)) == "缺少2027年工作日历，涉及该年的期限无法计算"
