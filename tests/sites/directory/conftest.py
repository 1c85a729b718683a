"""Service directory fixtures: services built through the audited writer, as the office would."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from gongkai.sites.directory import services
from gongkai.sites.directory.models import Service

COMPLETE: dict[str, Any] = {
    "department_name": "鄂尔多斯市民政局",
    "category": "民政服务",
    "basis": "《社会救助暂行办法》第九条",
    "conditions": "共同生活的家庭成员人均收入低于当地最低生活保障标准",
    "materials": "居民身份证\n户口簿\n家庭收入情况声明",
    "url": "https://zwfw.nmg.gov.cn/bszn/150603-dibao",
    "app_url": "https://msb.nmg.gov.cn/app/service/150603-dibao",
}


@pytest.fixture
def make_service(office: Any) -> Callable[..., Service]:
    def make(name: str = "最低生活保障申请", *, site_ids: list[int] | None = None, **fields: Any) -> Service:
        return services.create_service(office, site_ids=site_ids or [], name=name, **{**COMPLETE, **fields})

    return make
