"""The demo district's sites (issue 19): the district portal over the whole library, the civil
affairs bureau's site and a street's 政务公开 site, each on its own host name and each with its
own columns over the one library. In the demo the hosts are names under ``localhost``, which
browsers resolve to the loopback address without any DNS set-up."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from gongkai.audit.services import record, snapshot
from gongkai.orgs.demo import DEMO_DEPARTMENT, GOVERNMENT
from gongkai.orgs.models import Unit
from gongkai.publishing import services as items
from gongkai.publishing.models import Item
from gongkai.publishing.workflow import publish_now
from gongkai.sites import placements
from gongkai.sites.models import Column, Site
from gongkai.sites.services import SITE_FIELDS

STREET = "康巴什区哈巴格希街道办事处"

# code, name, host, whole library, default, units, colour
SITES: list[dict[str, Any]] = [
    {
        "code": "kbs",
        "name": "康巴什区人民政府",
        "host": "localhost",
        "whole_library": True,
        "is_default": True,
        "identifier": "1506030001",
        "colour": "#b71c1c",
        "units": [GOVERNMENT],
    },
    {
        "code": "mzj",
        "name": "康巴什区民政局",
        "host": "mzj.localhost",
        "identifier": "1506030012",
        "colour": "#1b5e20",
        "units": [DEMO_DEPARTMENT],
    },
    {
        "code": "hbgx",
        "name": "哈巴格希街道政务公开",
        "host": "hbgx.localhost",
        "identifier": "1506030031",
        "colour": "#0d47a1",
        "units": [STREET],
    },
]
# site code → [(slug, name, rules by unit names / other keys, on home)]
COLUMNS: dict[str, list[tuple[str, str, dict[str, Any], bool]]] = {
    "kbs": [
        ("tzgg", "通知公告", {"genres": ["notice", "announcement", "circular"]}, False),
        ("zcwj", "政策文件", {"kinds": ["policy"]}, False),
        ("zcjd", "政策解读", {"kinds": ["interpretation"]}, False),
    ],
    "mzj": [
        ("gzdt", "工作动态", {"units": [DEMO_DEPARTMENT]}, True),
        ("zcwj", "政策文件", {"units": [DEMO_DEPARTMENT], "kinds": ["policy"]}, True),
        ("shjz", "社会救助", {"topics": ["civil"]}, True),
        ("sjwj", "上级文件", {"kinds": ["policy"], "units": [GOVERNMENT]}, False),
    ],
    "hbgx": [
        ("jddt", "街道动态", {"units": [STREET]}, True),
        ("tzgg", "通知公告", {"units": [STREET], "genres": ["notice", "announcement"]}, True),
        ("qzxx", "区政府信息", {"units": [GOVERNMENT], "kinds": ["item"]}, True),
    ],
}


# The street's own news and notices (its site would be empty otherwise): title, genre, topic, day.
STREET_ITEMS = [
    ("哈巴格希街道开展2026年冬季供暖入户走访", "notice", "construction", dt.date(2026, 11, 20)),
    ("哈巴格希街道关于2026年度城乡居民医疗保险集中参保缴费的通知", "notice", "health", dt.date(2026, 11, 25)),
    (
        "哈巴格希街道办事处关于辖区老旧小区改造施工期间交通管制的公告",
        "announcement",
        "construction",
        dt.date(2026, 12, 1),
    ),
]


def _street_items() -> None:
    """Publish the street's demo items (as the office, dated on their day) before the columns are built."""
    office = get_user_model().objects.get(username="office")
    street = Unit.objects.get(name=STREET)
    for title, genre, topic, day in STREET_ITEMS:
        if Item.objects.filter(title=title).exists():
            continue
        item = items.create_item(
            office, street, title=title, genre=genre, topic=topic, formed_on=day, body_html=f"<p>{title}。</p>"
        )
        publish_now(item, office, dt.datetime.combine(day, dt.time(9, 30), timezone.get_current_timezone()))
        record(None, "item.imported", item, unit=street, note="seed_demo: sites")


def _rules(raw: dict[str, Any]) -> dict[str, Any]:
    rules = {k: v for k, v in raw.items() if k != "units"}
    if "units" in raw:
        rules["unit_ids"] = sorted(Unit.objects.filter(name__in=raw["units"]).values_list("pk", flat=True))
    return rules


@transaction.atomic
def seed_sites() -> int:
    """Idempotent: a site that exists (by code) is left as it is."""
    _street_items()
    created = 0
    for data in SITES:
        if Site.objects.filter(code=data["code"]).exists() or Site.objects.filter(host=data["host"]).exists():
            continue
        values = {k: v for k, v in data.items() if k != "units"}
        if values.get("is_default") and Site.objects.filter(is_default=True).exists():
            values["is_default"] = False
        site = Site(**values)
        site.full_clean()
        site.save()
        site.units.set(Unit.objects.filter(name__in=data["units"]))
        record(None, "sites.site_created", site, after=snapshot(site, SITE_FIELDS), note="seed_demo")
        for position, (slug, name, rules, on_home) in enumerate(COLUMNS[site.code]):
            column = Column(site=site, slug=slug, name=name, rules=_rules(rules), on_home=on_home, position=position)
            column.full_clean()
            column.save()
            placements.rebuild_column(column)
        created += 1
    return created
