"""Demo new-media accounts for ``seed_demo``: live accounts on several platforms, one not updated
for over two weeks, one in rectification, one application waiting for approval, one approved and
waiting for its filing number, and one closed — dated relative to today. Running it again
changes nothing (an account of the same unit, platform and name is left alone)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from gongkai.audit.services import record, snapshot
from gongkai.orgs.demo import DEMO_DEPARTMENT, OFFICE_UNIT
from gongkai.orgs.models import Unit
from gongkai.supervision.newmedia import lifecycle as lc
from gongkai.supervision.newmedia.models import Account, AccountEvent, Platform
from gongkai.supervision.newmedia.services import AUDITED


@dataclass(frozen=True)
class DemoAccount:
    unit: str
    platform: str  # Platform.code
    name: str
    account_id: str
    state: str
    opened_days_ago: int  # when the application was made
    content_days_ago: int | None = None  # last content; None: unknown
    reason: str = ""  # of the last step (rectification order, closure)
    interaction: bool = True


DEMO = [
    DemoAccount(OFFICE_UNIT, "wechat", "康巴什发布", "kbsfabu", lc.OPERATING, 900, 1),
    DemoAccount(OFFICE_UNIT, "weibo", "康巴什发布", "kbs_fabu", lc.OPERATING, 880, 2),
    DemoAccount("康巴什区融媒体中心", "toutiao", "康巴什融媒", "kbsrongmei", lc.OPERATING, 600, 0),
    DemoAccount(DEMO_DEPARTMENT, "wechat", "康巴什民政", "kbsminzheng", lc.OPERATING, 700, 25, interaction=False),
    DemoAccount("康巴什区教育局", "douyin", "康巴什教育", "kbsjiaoyu", lc.RECTIFICATION, 500, 9,
                "留言区近一个月未回复公众留言，请于15日内整改并报告。"),
    DemoAccount("康巴什区文化旅游体育局", "xiaohongshu", "康巴什文旅", "", lc.APPLICATION, 3),
    DemoAccount("康巴什区市场监督管理局", "channels", "康巴什市场监管", "", lc.APPROVED, 10),
    DemoAccount("康巴什区卫生健康委员会", "kuaishou", "健康康巴什", "jiankangkbs", lc.CLOSED, 800, 200,
                "账号长期无更新，内容整合至区卫生健康委员会微信公众号，予以关停。"),
]  # fmt: skip

# The steps from application to each demo state: (action, to state, days after the application)
_PATH = [("approve", lc.APPROVED, 2), ("file", lc.FILED, 5), ("start", lc.OPERATING, 7)]
_LAST = {lc.RECTIFICATION: ("order_rectification", 30), lc.CLOSED: ("close", 60)}


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def _history(account: Account, spec: DemoAccount, applied_on: dt.date, today: dt.date) -> None:
    events = [("apply", "", lc.APPLICATION, applied_on, "")]
    if spec.state != lc.APPLICATION:
        for action, target, after in _PATH:
            events.append((action, events[-1][2], target, applied_on + dt.timedelta(days=after), ""))
            if target == spec.state:
                break
    if spec.state in _LAST:
        action, before_today = _LAST[spec.state]
        events.append((action, lc.OPERATING, spec.state, today - dt.timedelta(days=before_today), spec.reason))
    for action, from_state, to_state, on, reason in events:
        AccountEvent.objects.create(
            account=account, action=action, from_state=from_state, to_state=to_state, at=_at(on),
            by_name="演示数据", reason=reason,
        )  # fmt: skip


def _create(spec: DemoAccount, unit: Unit, platform: Platform, number: int, today: dt.date) -> Account:
    applied_on = today - dt.timedelta(days=spec.opened_days_ago)
    filed = spec.state in lc.NEEDS_FILING_NUMBER
    content_on = today - dt.timedelta(days=spec.content_days_ago) if spec.content_days_ago is not None else None
    account = Account.objects.create(
        unit=unit, platform=platform, name=spec.name, account_id=spec.account_id, state=spec.state,
        filing_number=f"DEMO-150603-{number:04d}" if filed else "",
        home_url=f"https://example.gov.cn/newmedia/{spec.account_id}" if spec.account_id else "",
        purpose="发布本单位政务信息，回应公众关切。", last_content_on=content_on,
        content_source=Account.Source.ENTERED if content_on else "", interaction_available=spec.interaction,
    )  # fmt: skip
    _history(account, spec, applied_on, today)
    record(None, "newmedia.demo_created", account, unit=unit, after=snapshot(account, AUDITED))
    return account


@transaction.atomic
def seed_newmedia(today: dt.date | None = None) -> int:
    """Create the demo accounts that are missing; returns how many were created."""
    today = today or timezone.localdate()
    units = {u.name: u for u in Unit.objects.filter(name__in={d.unit for d in DEMO})}
    platforms = {p.code: p for p in Platform.objects.all()}
    created = 0
    for number, spec in enumerate(DEMO, start=1):
        unit, platform = units.get(spec.unit), platforms.get(spec.platform)
        if unit is None or platform is None:
            continue
        if Account.objects.filter(unit=unit, platform=platform, name=spec.name).exists():
            continue
        _create(spec, unit, platform, number, today)
        created += 1
    return created
