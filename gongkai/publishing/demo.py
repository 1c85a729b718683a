"""Demo information items for 康巴什区: published history (plans since the 十二五 period, a
budget, livelihood notices) and current drafts at each workflow step, so that every list, clock
and public page of the demo has something real to show. Idempotent (matched by title)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from gongkai.audit.services import record
from gongkai.catalog.models import CatalogueEntry
from gongkai.orgs.models import Unit
from gongkai.publishing import services
from gongkai.publishing.models import Item
from gongkai.publishing.workflow import drive, publish_now

D = dt.date
# (unit, title, genre, topic, 文号, 成文日期, domain of the catalogue entry, body)
ARCHIVE = [
    (
        "康巴什区发展和改革委员会",
        "康巴什区国民经济和社会发展第十二个五年规划纲要",
        "plan",
        "economy",
        "康政发〔2011〕20号",
        D(2011, 4, 8),
        "城乡规划",
        "<p>“十二五”时期是康巴什新区加快城市建设、完善城市功能的关键时期……</p>",
    ),
    (
        "康巴什区发展和改革委员会",
        "康巴什区国民经济和社会发展第十三个五年规划纲要",
        "plan",
        "economy",
        "康政发〔2016〕15号",
        D(2016, 3, 30),
        "城乡规划",
        "<p>“十三五”时期，全区坚持创新、协调、绿色、开放、共享的发展理念……</p>",
    ),
    (
        "康巴什区发展和改革委员会",
        "康巴什区国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要",
        "plan",
        "economy",
        "康政发〔2021〕6号",
        D(2021, 3, 12),
        "城乡规划",
        "<h2>第一章 发展基础和发展环境</h2><p>“十三五”时期，康巴什区经济社会发展取得新的重大成就……</p>"
        "<h2>第二章 总体要求</h2><p>坚持以人民为中心，推动高质量发展……</p>",
    ),
    (
        "康巴什区财政局",
        "康巴什区2026年一般公共预算和政府性基金预算公开说明",
        "report",
        "finance",
        "",
        D(2026, 1, 28),
        "财政预决算",
        "<p>根据《中华人民共和国预算法》第十四条，现将2026年预算公开如下……</p>"
        "<table><thead><tr><th>项目</th><th>预算数（万元）</th></tr></thead><tbody><tr><td>一般公共预算收入</td>"
        "<td>263,500</td></tr></tbody></table>",
    ),
    (
        "康巴什区住房和城乡建设局",
        "关于做好2026—2027年采暖期供热保障工作的通知",
        "notice",
        "construction",
        "康住建发〔2026〕41号",
        D(2026, 10, 9),
        "市政服务",
        "<p>各供热企业、各街道办事处：为确保全区居民温暖过冬……</p>",
    ),
]
DEPARTMENT = "康巴什区民政局"
# Drafts of the demo department at each step: (title, formed_on, final state)
PIPELINE = [
    ("关于调整2026年城乡居民最低生活保障标准的通知", D(2026, 11, 10), "published"),
    ("康巴什区2026年第三季度特困人员救助供养资金发放情况", D(2026, 10, 20), "signed"),
    ("关于开展2026年度困难群众冬季救助工作的通知", D(2026, 11, 16), "approved"),
    ("康巴什区2026年11月临时救助发放名单公示说明", D(2026, 11, 18), "submitted"),
    ("关于做好2027年元旦春节期间困难群众走访慰问工作的通知", D(2026, 11, 20), "draft"),
]
# The last step taken for each demo state (workflow.drive); a draft takes none.
LAST_STEP = {"submitted": "submit", "approved": "approve", "signed": "sign", "published": "publish"}


def _entry(domain: str) -> CatalogueEntry | None:
    return CatalogueEntry.objects.filter(domain__name=domain, level="county").order_by("position", "pk").first()


@transaction.atomic
def seed_items() -> int:
    """Create the demo items that are missing; returns how many were created."""
    users = {
        u.username: u for u in get_user_model().objects.filter(username__in=["office", "editor", "reviewer", "signer"])
    }
    created = 0
    for unit_name, title, genre, topic, number, written, domain, body in ARCHIVE:
        if Item.objects.filter(title=title).exists():
            continue
        unit = Unit.objects.get(name=unit_name)
        item = services.create_item(
            users["office"],
            unit,
            title=title,
            genre=genre,
            topic=topic,
            doc_number=number,
            written_on=written,
            formed_on=written,
            body_html=body,
            catalogue_entry=_entry(domain),
        )
        # Archive: published before this platform existed, so it is recorded as imported history.
        published = dt.datetime.combine(written + dt.timedelta(days=7), dt.time(10), timezone.get_current_timezone())
        publish_now(item, users["office"], published)
        record(None, "item.imported", item, unit=unit, note="seed_demo: archive")
        created += 1
    unit = Unit.objects.get(name=DEPARTMENT)
    for title, formed_on, state in PIPELINE:
        if Item.objects.filter(title=title).exists():
            continue
        item = services.create_item(
            users["editor"],
            unit,
            title=title,
            genre="notice",
            topic="civil",
            formed_on=formed_on,
            body_html=f"<p>{title}。</p>",
            catalogue_entry=_entry("社会救助"),
        )
        if state in LAST_STEP:
            drive(item.pk, users["editor"], users["reviewer"], users["signer"], until=LAST_STEP[state])
        created += 1
    return created
