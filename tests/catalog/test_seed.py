"""seed_catalogue: the 41 domains and the demo catalogue, idempotent, never overwriting edits."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command

from gongkai.audit.models import AuditEntry
from gongkai.catalog import seed
from gongkai.catalog.models import CatalogueEntry, Domain
from gongkai.catalog.services import seed_catalogue

pytestmark = pytest.mark.django_db


def _state() -> tuple[Any, ...]:
    return (
        list(Domain.objects.order_by("pk").values_list("name", "code", "kind", "basis", "updated_at")),
        list(CatalogueEntry.objects.order_by("pk").values_list("first_level", "second_level", "updated_at")),
        AuditEntry.objects.count(),
    )


def test_seed_loads_the_domains_and_both_levels() -> None:
    created = seed_catalogue()
    assert Domain.objects.filter(kind="pilot").count() == 26
    assert Domain.objects.filter(kind="general").count() == 15
    assert created == 41 + CatalogueEntry.objects.count()
    for domain in Domain.objects.filter(kind="pilot"):
        assert domain.entries.count() >= 2, domain.name
    assert CatalogueEntry.objects.filter(level="county").count() >= 80
    assert CatalogueEntry.objects.filter(level="township").count() >= 20
    assert Domain.objects.get(code="art20-15").basis == "条例第二十条第（十五）项"
    assert Domain.objects.get(code="art20-1").name == "行政法规、规章和规范性文件"
    audit = AuditEntry.objects.get(action="catalogue.seeded")
    assert audit.actor_name == "系统" and audit.after == {"domains": 41, "entries": CatalogueEntry.objects.count()}


def test_seed_content_is_real_catalogue_content() -> None:
    seed_catalogue()
    approval = CatalogueEntry.objects.get(domain__name="社会救助", first_level="最低生活保障", second_level="审批结果")
    assert "《社会救助暂行办法》" in approval.basis and approval.subject == "康巴什区民政局"
    penalty = CatalogueEntry.objects.filter(second_level="行政处罚决定").first()
    assert penalty is not None and penalty.time_limit_days == 7
    land = CatalogueEntry.objects.get(second_level="征收土地公告")
    assert land.time_limit_days == 15  # 土地管理法实施条例 Art. 31
    assert CatalogueEntry.objects.filter(mode="on_request", audience="specific").exists()
    assert not CatalogueEntry.objects.filter(content_elements__icontains="lorem").exists()


def test_seed_is_idempotent_and_keeps_the_office_edits() -> None:
    seed_catalogue()
    entry = CatalogueEntry.objects.get(domain__name="社会救助", second_level="审批结果")
    entry.subject = "公开办改过的主体"
    entry.save()
    Domain.objects.filter(code="taxation").update(name="税务")
    state = _state()
    assert seed_catalogue() == 0
    assert _state() == state
    entry.refresh_from_db()
    assert entry.subject == "公开办改过的主体"
    assert not Domain.objects.filter(name="税收管理").exists()


def test_seed_data_matches_the_article_20_list_of_the_portal() -> None:
    from gongkai.portal.disclosure import ARTICLE_20

    assert [str(category.title) for category in ARTICLE_20] == list(seed.ARTICLE_20)


def test_command_can_load_the_domains_only() -> None:
    out = io.StringIO()
    call_command("seed_catalogue", "--domains-only", stdout=out)
    assert Domain.objects.count() == 41 and CatalogueEntry.objects.count() == 0
    assert "新建 41 条记录" in out.getvalue()
    call_command("seed_catalogue", stdout=out)
    assert CatalogueEntry.objects.count() > 100
