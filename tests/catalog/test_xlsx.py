"""The .xlsx export and the all-or-nothing import."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from openpyxl import load_workbook

from gongkai.audit.models import AuditEntry
from gongkai.catalog import rows, xlsx
from gongkai.catalog.models import CatalogueEntry
from gongkai.catalog.services import seed_catalogue
from tests.catalog.factories import a_domain, an_entry, row, sheet, upload

pytestmark = pytest.mark.django_db

FIELDS = [
    "domain__name",
    "level",
    "first_level",
    "second_level",
    "content_elements",
    "basis",
    "time_limit",
    "time_limit_days",
    "subject",
    "channels",
    "audience",
    "mode",
]


def catalogue() -> list[tuple[Any, ...]]:
    return list(CatalogueEntry.objects.values_list(*FIELDS))


def test_export_has_the_standard_header_and_keeps_text_as_text() -> None:
    an_entry(content_elements='=HYPERLINK("http://x")', second_level="")
    ws: Any = load_workbook(io.BytesIO(xlsx.export_workbook(CatalogueEntry.objects.all()))).active
    values = list(ws.iter_rows(values_only=True))
    assert list(values[0]) == list(rows.COLUMNS)
    assert values[1][:4] == (1, "社会救助", "最低生活保障", None)
    assert values[1][4] == '=HYPERLINK("http://x")' and ws["E2"].data_type == "s"
    assert values[1][9:] == ("全社会", "主动公开", "区（县）级")


def test_round_trip_into_an_empty_catalogue(office: Any) -> None:
    seed_catalogue()
    before = catalogue()
    data = xlsx.export_workbook(CatalogueEntry.objects.select_related("domain"))
    CatalogueEntry.objects.all().delete()
    counts = xlsx.import_workbook(office, upload(data))
    assert counts.created == len(before) and counts.updated == counts.unchanged == 0
    assert catalogue() == before
    again = xlsx.import_workbook(office, upload(data))
    assert (again.created, again.updated, again.unchanged) == (0, 0, len(before))
    audit = AuditEntry.objects.filter(action="catalogue.imported").first()
    assert audit is not None and audit.actor_name == "office"
    n = len(before)
    assert audit.after == {"created": 0, "updated": 0, "unchanged": n, "rows": n, "file": "目录.xlsx"}


def test_import_upserts_by_domain_level_and_items(office: Any) -> None:
    entry = an_entry(first_level="临时救助", second_level="审批结果")
    data = sheet(
        row(公开主体="测试区民政局（更新）", 公开层级="县级"),
        row(序号=2, 二级事项="救助标准", 公开层级="乡级"),
    )
    counts = xlsx.import_workbook(office, upload(data))
    assert (counts.created, counts.updated, counts.unchanged) == (1, 1, 0)
    entry.refresh_from_db()
    assert entry.subject == "测试区民政局（更新）"
    assert CatalogueEntry.objects.get(second_level="救助标准").level == "township"


def test_bad_rows_save_nothing_and_are_all_listed(office: Any) -> None:
    a_domain()
    data = sheet(
        row(),
        row(序号=2, 领域="不存在的领域"),
        row(序号=3, 一级事项=""),
        row(序号=4, 公开对象="所有人", 公开方式="公开", 公开层级="市级"),
        [None] * 12,  # an empty row is skipped, not an error
        row(序号=6),  # the same item as row 2
        row(序号=7, 公开依据=None, 二级事项="标准"),
    )
    with pytest.raises(rows.ImportRejected) as exc:
        xlsx.import_workbook(office, upload(data))
    found = {(e.row, e.column) for e in exc.value.errors}
    assert found == {
        (3, "领域"),
        (4, "一级事项"),
        (5, "公开对象"),
        (5, "公开方式"),
        (5, "公开层级"),
        (7, "二级事项"),
        (8, "公开依据"),
    }
    messages = {(e.row, e.column): e.message for e in exc.value.errors}
    assert messages[(3, "领域")] == "领域“不存在的领域”不存在，请先添加该领域或改正名称"
    assert messages[(4, "一级事项")] == "一级事项不能为空"
    assert "“全社会”" in messages[(5, "公开对象")] and "“所有人”" in messages[(5, "公开对象")]
    assert messages[(7, "二级事项")].startswith("与第2行重复")
    assert messages[(8, "公开依据")] == "公开依据不能为空"
    assert CatalogueEntry.objects.count() == 0
    assert not AuditEntry.objects.filter(action="catalogue.imported").exists()


def test_wrong_header_is_refused(office: Any) -> None:
    header = list(rows.COLUMNS)
    header[2], header[3] = header[3], header[2]
    with pytest.raises(rows.ImportRejected) as exc:
        xlsx.import_workbook(office, upload(sheet(row(), header=header)))
    assert [(e.row, e.column) for e in exc.value.errors] == [(1, "一级事项"), (1, "二级事项")]
    assert "表头第3列应为“一级事项”，文件中为“二级事项”" in exc.value.errors[0].message


def test_a_sheet_without_rows_is_refused(office: Any) -> None:
    with pytest.raises(rows.ImportRejected) as exc:
        xlsx.import_workbook(office, upload(sheet()))
    assert exc.value.errors[0].message == "文件中没有任何事项"


def _zip(names: list[str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        for name in names:
            package.writestr(name, "<x/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("序号,领域\n1,社会救助\n".encode(), "文件不是Excel工作簿（.xlsx）"),
        (_zip(["word/document.xml"]), "缺少工作簿内容"),
        (_zip(["xl/workbook.xml"]), "无法读取该Excel工作簿"),
        (b"", "文件为空"),
    ],
)
def test_a_file_that_is_not_xlsx_is_refused(office: Any, data: bytes, message: str) -> None:
    with pytest.raises(xlsx.UploadRefused) as exc:
        xlsx.import_workbook(office, upload(data))
    assert message in exc.value.message


def test_a_file_over_5_mb_is_refused(office: Any) -> None:
    with pytest.raises(xlsx.UploadRefused) as exc:
        xlsx.import_workbook(office, upload(b"PK" + b"0" * (5 * 1024 * 1024)))
    assert exc.value.message == "文件超过5MB，请拆分后分批导入"


def test_only_the_office_imports(editor_a: Any) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        xlsx.import_workbook(editor_a, upload(sheet(row())))
