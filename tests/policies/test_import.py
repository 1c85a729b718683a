"""``manage.py import_policies``: the law corpus as published policy documents of the district
government, carried (no 索引号, no review workflow), idempotent, bodies sanitised."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import re
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from gongkai.audit.models import AuditEntry
from gongkai.orgs.models import Unit
from gongkai.policies import importer, searchhooks
from gongkai.policies.models import PolicyDocument, PolicyRevision
from gongkai.publishing.models import Item, ItemEvent, ItemRevision

pytestmark = pytest.mark.django_db
SAMPLE = Path(__file__).parent / "data" / "laws-sample.jsonl"  # 10 lines of the real corpus
FOI_REGULATIONS = "a232c94b84ab"  # 中华人民共和国政府信息公开条例, 国务院令第711号
REPEALED = "862ba2cdb238"  # 城市维护建设税暂行条例, 已废止
AMENDED = "6d60ea5ce163"
NOT_YET_IN_FORCE = "e026c71eb489"
LOCAL = "9ddb48ae8afb"  # 北京市 地方性法规
WITH_TABLE = "3bf570a34fb7"


def run(path: Path = SAMPLE, *args: str) -> str:
    out = StringIO()
    call_command("import_policies", str(path), *args, stdout=out)
    return out.getvalue()


def imported(output: str) -> int:
    match = re.search(r"^imported (\d+)$", output, re.MULTILINE)
    assert match, output
    return int(match.group(1))


def item_of(source_id: str) -> Item:
    return Item.objects.select_related("published_revision__policy", "policy").get(policy__source_id=source_id)


def test_imports_all_but_the_cases_and_only_once(government: Unit) -> None:
    output = run()
    assert imported(output) == 9
    assert output.strip().splitlines()[-1] == "imported 9"
    assert Item.objects.filter(kind="policy", state="published", unit=government).count() == 9
    assert imported(run()) == 0
    assert Item.objects.count() == 9


def test_cases_on_request(government: Unit) -> None:
    assert imported(run(SAMPLE, "--include-cases")) == 10


def test_gzip_file(government: Unit, tmp_path: Path) -> None:
    packed = tmp_path / "laws.jsonl.gz"
    packed.write_bytes(gzip.compress(SAMPLE.read_bytes()))
    assert imported(run(packed)) == 9


def test_field_mapping(government: Unit) -> None:
    run()
    item = item_of(FOI_REGULATIONS)
    revision = item.published_revision
    assert (item.title, item.kind, item.unit, item.index_number) == (
        "中华人民共和国政府信息公开条例",
        "policy",
        government,
        "",
    )
    assert (item.doc_number, item.written_on, item.validity) == ("国务院令第711号", dt.date(2019, 4, 3), "valid")
    document = item.policy
    assert (document.issuer, document.level, document.category) == ("国务院", "national", "行政法规")
    assert document.effective_on == dt.date(2019, 5, 15)
    assert document.doc_number_key == "国务院令第711号"
    assert revision.number == 1 and revision.doc_number == "国务院令第711号" and revision.kind == "policy"
    assert revision.policy.level == "national" and revision.policy.effective_on == dt.date(2019, 5, 15)
    assert revision.published_at.date() == dt.date(2019, 4, 3)


@pytest.mark.parametrize(
    ("source_id", "validity", "level"),
    [
        (REPEALED, "repealed", "national"),
        (AMENDED, "amended", "national"),
        (NOT_YET_IN_FORCE, "valid", "national"),
        (LOCAL, "valid", "region"),
    ],
)
def test_status_and_level(government: Unit, source_id: str, validity: str, level: str) -> None:
    run()
    item = item_of(source_id)
    assert item.validity == validity and item.published_revision.validity == validity
    assert item.policy.level == level and item.published_revision.policy.level == level


def test_not_yet_in_force_keeps_its_future_effective_date(government: Unit) -> None:
    run()
    assert item_of(NOT_YET_IN_FORCE).policy.effective_on == dt.date(2025, 5, 1)


def test_no_index_number_and_no_workflow(government: Unit) -> None:
    run()
    assert not Item.objects.exclude(index_number="").exists()
    assert not AuditEntry.objects.filter(action__startswith="item.").exists()
    assert AuditEntry.objects.filter(action="policy.imported").count() == 1
    assert ItemEvent.objects.filter(action="import").count() == 9
    assert PolicyRevision.objects.count() == ItemRevision.objects.count() == 9


def test_body_is_simple_sanitised_html(government: Unit) -> None:
    run()
    body = item_of(FOI_REGULATIONS).published_revision.body_html
    assert body.startswith("<p>2007年4月5日 中华人民共和国国务院令第492号公布</p>")
    assert "<h2>第一章 总则</h2>" in body
    assert "<!--" not in body and "#" not in body and "中华人民共和国政府信息公开条例</h" not in body
    table = item_of(WITH_TABLE).body_html
    assert "<table><thead><tr><th>刑法条文</th>" in table and "-----" not in table


def test_markup_in_the_text_is_never_markup(government: Unit, tmp_path: Path) -> None:
    line = json.loads(SAMPLE.read_text(encoding="utf-8").splitlines()[0])
    line.update(
        id="evil00000001",
        title="测试",
        body="\n\n".join(
            [
                "# 测试",
                "<script>alert(1)</script>",
                '## <img src=x onerror="alert(2)">标题',
                '| a | <b onclick="x()">b</b> |\n|--|--|\n| 1 | 2 |',
            ]
        ),
    )
    path = tmp_path / "evil.jsonl"
    path.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    run(path)
    body = Item.objects.get(title="测试").body_html
    assert "<script" not in body and "<img" not in body and "<b" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body and "&lt;b onclick" in body


def test_refused_without_a_government_unit(db: Any) -> None:
    Unit.objects.create(name="某局", kind=Unit.Kind.DEPARTMENT, credit_code="11150603MA00000299")
    with pytest.raises(CommandError, match="人民政府"):
        run()
    assert not Item.objects.exists()


def test_bad_line_is_reported_with_its_number(government: Unit, tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(SAMPLE.read_text(encoding="utf-8").splitlines()[0] + "\n{not json\n", encoding="utf-8")
    with pytest.raises(CommandError, match="line 2"):
        run(path)


def test_progress_and_search_hook(government: Unit, monkeypatch: pytest.MonkeyPatch) -> None:
    batches: list[list[int]] = []
    monkeypatch.setattr(searchhooks, "_hook", lambda: batches.append)
    monkeypatch.setattr(importer, "BATCH", 4)
    output = run()
    progress = [line.split(",")[0] for line in output.splitlines() if line.startswith("…")]
    assert progress == ["… 4 read", "… 8 read"]  # a line every BATCH lines read
    assert sorted(pk for batch in batches for pk in batch) == sorted(Item.objects.values_list("pk", flat=True))


def test_imported_document_on_the_public_pages(government: Unit) -> None:
    run()
    item = item_of(FOI_REGULATIONS)
    page = Client().get(reverse("portal:item", args=[item.pk])).content.decode()
    assert "国务院" in page and "国家" in page and "2019-05-15" in page
    library = Client().get(reverse("portal:policies"), {"doc_number": "国务院令第７１１号"}).content.decode()
    assert "中华人民共和国政府信息公开条例" in library and "城市维护建设税暂行条例" not in library
    assert PolicyDocument.objects.filter(source_id=FOI_REGULATIONS).count() == 1


def test_a_carried_document_without_its_organ_is_not_credited_to_the_district(government: Unit) -> None:
    """The corpus names no organ for some documents: it is read from the category (a ministry's
    rule is that ministry's), never the district government that carries them (issue 17, 1)."""
    from gongkai.search.backends.base import Hit
    from gongkai.search.present import present

    run()
    unnamed, named = item_of("000a5e4362e6"), item_of(FOI_REGULATIONS)
    results = present([Hit(unnamed.pk, 1.0, ""), Hit(named.pk, 0.5, "")], "工资", [])
    assert [r.unit for r in results] == ["人力资源社会保障部", "国务院"]
