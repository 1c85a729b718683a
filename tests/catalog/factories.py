"""Small builders for catalogue tests and the permission matrix."""

from __future__ import annotations

import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from gongkai.catalog import rows, xlsx
from gongkai.catalog.models import CatalogueEntry, Domain


def a_domain(**overrides: Any) -> Domain:
    values = {"name": "社会救助", "kind": Domain.Kind.PILOT, "basis": "国办发〔2017〕42号", "position": 17}
    domain, _created = Domain.objects.get_or_create(code=overrides.pop("code", "social-assistance"), defaults=values)
    return domain


def an_entry(**overrides: Any) -> CatalogueEntry:
    values: dict[str, Any] = {
        "content_elements": "低保标准、申请条件、办理流程、咨询和监督电话",
        "basis": "《社会救助暂行办法》第十条、第十一条",
        "subject": "测试区民政局",
        "channels": "政府网站、政务新媒体",
        **overrides,
    }
    entry, _created = CatalogueEntry.objects.get_or_create(
        domain=values.pop("domain", None) or a_domain(),
        level=values.pop("level", CatalogueEntry.Level.COUNTY),
        first_level=values.pop("first_level", "最低生活保障"),
        second_level=values.pop("second_level", "政策和办事指南"),
        defaults=values,
    )
    return entry


def upload(data: bytes, name: str = "目录.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=xlsx.CONTENT_TYPE)


def sheet(*data_rows: list[Any], header: list[str] | None = None) -> bytes:
    book = Workbook()
    ws: Any = book.active
    ws.append(header or list(rows.COLUMNS))
    for row in data_rows:
        ws.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def row(**changes: Any) -> list[Any]:
    values = {
        "序号": 1,
        "领域": "社会救助",
        "一级事项": "临时救助",
        "二级事项": "审批结果",
        "公开内容（要素）": "救助对象、救助金额",
        "公开依据": "《社会救助暂行办法》第四十八条",
        "公开时限": "信息形成或者变更之日起20个工作日内",
        "公开主体": "测试区民政局",
        "公开渠道和载体": "政府网站、公开栏",
        "公开对象": "全社会",
        "公开方式": "主动公开",
        "公开层级": "区（县）级",
        **changes,
    }
    return [values[column] for column in rows.COLUMNS]
