"""The office's catalogue pages and the public catalogue pages."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from gongkai.audit.models import AuditEntry
from gongkai.catalog import xlsx
from gongkai.catalog.models import CatalogueEntry, Domain
from tests.catalog.factories import a_domain, an_entry, row, sheet

pytestmark = pytest.mark.django_db

ENTRY_POST = {
    "level": "township",
    "first_level": "临时救助",
    "second_level": "审核公示",
    "content_elements": "申请人姓名（隐去个人敏感信息）、救助事由、拟救助金额",
    "basis": "《社会救助暂行办法》第四十八条",
    "time_limit": "受理之日起5个工作日内",
    "time_limit_days": "",
    "subject": "各街道办事处",
    "channels": "社区公示栏",
    "audience": "specific",
    "mode": "proactive",
    "position": "1",
    "active": "on",
}


def test_office_lists_and_filters_entries(office: Any, logged_in: Any) -> None:
    an_entry()
    an_entry(second_level="审批结果", level="township")
    client = logged_in(office)
    page = client.get(reverse("workbench:catalog")).content.decode()
    assert "最低生活保障" in page and "审批结果" in page and "导入Excel" in page
    filtered = client.get(reverse("workbench:catalog"), {"level": "township"}).content.decode()
    assert "审批结果" in filtered and "政策和办事指南" not in filtered
    assert "没有符合条件的事项" in client.get(reverse("workbench:catalog"), {"q": "不存在"}).content.decode()


def test_empty_catalogue_says_how_to_start(office: Any, logged_in: Any) -> None:
    page = logged_in(office).get(reverse("workbench:catalog")).content.decode()
    assert "标准目录还没有事项" in page


def test_office_creates_and_edits_an_entry_audited(office: Any, logged_in: Any) -> None:
    client = logged_in(office)
    domain = a_domain()
    bad = client.post(reverse("workbench:catalog_entry_create"), {**ENTRY_POST, "domain": domain.pk, "first_level": ""})
    assert bad.status_code == 422 and "一级事项" in bad.content.decode()
    response = client.post(reverse("workbench:catalog_entry_create"), {**ENTRY_POST, "domain": domain.pk})
    assert response.status_code == 302
    entry = CatalogueEntry.objects.get(second_level="审核公示")
    assert entry.time_limit_days == 5 and entry.audience == "specific"
    assert AuditEntry.objects.filter(action="catalogue.entry.created", object_id=str(entry.pk)).exists()
    edit = reverse("workbench:catalog_entry_edit", args=[entry.pk])
    assert "编辑事项" in client.get(edit).content.decode()
    changed = {**ENTRY_POST, "domain": domain.pk, "subject": "康巴什区青春山街道办事处", "time_limit_days": "5"}
    assert client.post(edit, changed).status_code == 302
    audit = AuditEntry.objects.get(action="catalogue.entry.changed")
    assert audit.before == {"subject": "各街道办事处"} and audit.after == {"subject": "康巴什区青春山街道办事处"}


def test_office_edits_domains(office: Any, logged_in: Any) -> None:
    client = logged_in(office)
    domain = a_domain()
    assert "社会救助" in client.get(reverse("workbench:catalog_domains")).content.decode()
    data = {"name": "社会救助", "code": "social-assistance", "kind": "pilot", "basis": "", "position": "3"}
    assert client.post(reverse("workbench:catalog_domain_edit", args=[domain.pk]), data).status_code == 302
    domain.refresh_from_db()
    assert domain.active is False and domain.position == 3
    assert AuditEntry.objects.filter(action="catalogue.domain.changed").exists()
    new = {"name": "其他", "code": "art20-15", "kind": "general", "basis": "", "position": "1", "active": "on"}
    bad = client.post(reverse("workbench:catalog_domain_create"), new)
    assert bad.status_code == 422 and "条例第二十条第（一）项" in bad.content.decode()


def test_import_page_lists_every_bad_row(office: Any, logged_in: Any) -> None:
    a_domain()
    client = logged_in(office)
    assert "检查并导入" in client.get(reverse("workbench:catalog_import")).content.decode()
    data = sheet(row(), row(序号=2, 领域="无此领域"), row(序号=3, 公开方式="公告"))
    file = SimpleUploadedFile("catalogue.xlsx", data, content_type=xlsx.CONTENT_TYPE)
    response = client.post(reverse("workbench:catalog_import"), {"file": file})
    html = response.content.decode()
    assert response.status_code == 422
    assert "发现2处问题，未导入任何内容" in html and "第3行" in html and "第4行" in html and "无此领域" in html
    assert CatalogueEntry.objects.count() == 0
    good = SimpleUploadedFile("catalogue.xlsx", sheet(row()), content_type=xlsx.CONTENT_TYPE)
    assert client.post(reverse("workbench:catalog_import"), {"file": good}).status_code == 302
    assert CatalogueEntry.objects.count() == 1


def test_import_page_refuses_a_file_that_is_not_xlsx(office: Any, logged_in: Any) -> None:
    file = SimpleUploadedFile("catalogue.xlsx", b"not a workbook", content_type=xlsx.CONTENT_TYPE)
    response = logged_in(office).post(reverse("workbench:catalog_import"), {"file": file})
    assert response.status_code == 422 and "文件不是Excel工作簿" in response.content.decode()


def test_export_download(office: Any, logged_in: Any) -> None:
    an_entry()
    response = logged_in(office).get(reverse("workbench:catalog_export"))
    assert response["Content-Type"] == xlsx.CONTENT_TYPE
    assert response["Content-Disposition"].startswith('attachment; filename="catalogue-')
    ws: Any = load_workbook(io.BytesIO(response.content)).active
    assert ws["C2"].value == "最低生活保障"


@pytest.mark.parametrize(
    "name", ["workbench:catalog", "workbench:catalog_domains", "workbench:catalog_import", "workbench:catalog_export"]
)
def test_editors_may_not_keep_the_catalogue(editor_a: Any, logged_in: Any, name: str) -> None:
    assert logged_in(editor_a).get(reverse(name)).status_code == 403


def test_public_catalogue_per_level(client: Client) -> None:
    an_entry()
    an_entry(second_level="初审公示", level="township", subject="各街道办事处")
    hidden = an_entry(second_level="已停用事项")
    hidden.active = False
    hidden.save()
    county = client.get(reverse("portal:catalogue", args=["county"]))
    html = county.content.decode()
    assert county.status_code == 200
    for text in ["区（县）级政务公开标准目录", "社会救助", "最低生活保障", "政策和办事指南", "公开依据", "主动公开"]:
        assert text in html, text
    assert "初审公示" not in html and "已停用事项" not in html
    township = client.get(reverse("portal:catalogue", args=["township"])).content.decode()
    assert "街道（乡镇）级政务公开标准目录" in township and "初审公示" in township


def test_public_catalogue_empty_state_and_unknown_level(client: Client) -> None:
    html = client.get(reverse("portal:catalogue", args=["township"])).content.decode()
    assert "本级标准目录尚未发布" in html
    assert client.get("/xxgk/catalogue/city/").status_code == 404


def test_inactive_domain_is_not_public(client: Client) -> None:
    entry = an_entry()
    Domain.objects.filter(pk=entry.domain_id).update(active=False)
    assert "最低生活保障" not in client.get(reverse("portal:catalogue", args=["county"])).content.decode()


def test_public_xlsx_download(client: Client) -> None:
    an_entry()
    an_entry(second_level="初审公示", level="township")
    response = client.get(reverse("portal:catalogue_xlsx", args=["township"]))
    assert response.status_code == 200 and response["Content-Type"] == xlsx.CONTENT_TYPE
    values = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))  # type: ignore[union-attr]
    assert len(values) == 2 and values[1][3] == "初审公示" and values[1][11] == "街道（乡镇）级"


def test_statutory_page_links_the_catalogues(client: Client) -> None:
    html = client.get(reverse("portal:statutory")).content.decode()
    assert reverse("portal:catalogue", args=["county"]) in html
    assert reverse("portal:catalogue", args=["township"]) in html
