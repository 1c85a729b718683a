"""The indicators of 《政府网站与政务新媒体检查指标》 (国办秘函〔2019〕19号, REGULATIONS.md §5)
applied to plain facts. No ORM: ``services`` gathers the facts, this module judges them.

Scoring (§5 "Scoring"): any veto item (单项否决) makes the site 不合格 and nothing else is scored;
otherwise the site starts from 100 points, deductions under one indicator are capped at its
points, and a score below 60 is 不合格. The bonus part (加分, 30 points) is not applied: it needs
an assessor's judgement of quality, not data.

Which numbers are confirmed: the 2-week home-page rule, the 2-week/6-month column rules, the
"≥5 stale" and "≥5 empty" vetoes and the 3-month inquiry rule are in §5. The points of each
deduction and the caps are UNCONFIRMED (only 政策文件 −5 is quoted from a department's
self-check) and are therefore the office's data (``InspectionSettings``, ``ColumnRule``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from django.utils.translation import gettext as _

FULL_MARKS = 100  # §5: 扣分 part, 100 points
PASS_MARK = 60  # §5: below 60 is 不合格

HOME = "home_not_updated"
STALE = "stale_column"
EMPTY = "empty_column"
INQUIRY = "inquiry_unanswered"
BROKEN_LINK = "broken_link"
WRONG_WORD = "wrong_word"
SENSITIVE_WORD = "sensitive_word"
NEWMEDIA = "newmedia_stale"
# Personal data on public pages (the archive sweep, inspection.personaldata): reported, not scored.
PERSONAL_DATA = "personal_data"
SERVICES = "services_unusable"
# New-media accounts are inspected as their own objects: see ``newmedia_passed``.
SITE_RULES = frozenset({HOME, STALE, EMPTY, INQUIRY, BROKEN_LINK, WRONG_WORD, SENSITIVE_WORD, SERVICES})


@dataclass(frozen=True)
class Thresholds:
    """The numbers of §5 as the office keeps them (defaults: the regulation's)."""

    home_max_age_days: int = 14
    stale_veto_count: int = 5
    empty_veto_count: int = 5
    empty_points: int = 1
    broken_link_points: int = 1
    wrong_word_points: int = 1
    service_broken_veto_percent: int = 20  # 服务不实用: UNCONFIRMED (§5 item 6 names no threshold)
    caps: dict[str, int] = field(default_factory=dict)  # indicator → its points (UNCONFIRMED)


@dataclass(frozen=True)
class Hit:
    """One finding as a rule reports it."""

    rule: str
    detail: str
    veto: bool = False
    points: int = 0
    url: str = ""
    target: str = ""
    unit_id: int | None = None


@dataclass(frozen=True)
class Column:
    """A column to check: a ColumnRule's selection or a standard-catalogue entry."""

    name: str
    latest_on: dt.date | None  # the newest publication date of its public items, None if none
    max_age_days: int | None = None  # None: only checked for being empty
    counts_for_veto: bool = True
    points: int = 0
    url: str = ""
    unit_id: int | None = None


@dataclass(frozen=True)
class Unanswered:
    """A valid inquiry left unanswered for more than three months (inquiries.figures decides)."""

    subject: str
    tracking_code: str
    received_on: dt.date
    answered_on: dt.date | None
    unit_id: int | None = None
    url: str = ""


@dataclass(frozen=True)
class ShownService:
    """A service the site shows (the service directory), with the key elements it lacks (their
    names) and whether its links answered at the last check (None: not checked)."""

    name: str
    missing: tuple[str, ...] = ()
    link_ok: bool | None = None
    link_detail: str = ""
    url: str = ""
    unit_id: int | None = None


@dataclass(frozen=True)
class Result:
    passed: bool
    score: int
    veto: list[dict[str, str]]
    deductions: dict[str, dict[str, int]]
    hits: list[Hit]
    newmedia_passed: bool


def _date(day: dt.date) -> str:
    return day.strftime("%Y-%m-%d")


def home_page(latest_on: dt.date | None, today: dt.date, max_age_days: int = 14) -> list[Hit]:
    """首页不更新 (veto item 3): no new home-page information in the 2 weeks before the monitoring
    point. Information without a publication date counts as not updated (2017 普查 note), so an
    empty site fails too. A publication exactly ``max_age_days`` ago is still inside the window."""
    if latest_on is not None and (today - latest_on).days <= max_age_days:
        return []
    if latest_on is None:
        detail = _("首页没有任何已发布的信息（监测时间点%(today)s）。") % {"today": _date(today)}
    else:
        detail = _("首页最近一次更新为%(latest)s，监测时间点%(today)s前%(days)s日内无新信息。") % {
            "latest": _date(latest_on),
            "today": _date(today),
            "days": max_age_days,
        }
    return [Hit(HOME, detail, veto=True, url="/")]


def is_stale(column: Column, today: dt.date) -> bool:
    if column.latest_on is None or column.max_age_days is None:
        return False
    return (today - column.latest_on).days > column.max_age_days


def stale_columns(columns: Iterable[Column], today: dt.date, veto_count: int = 5) -> list[Hit]:
    """栏目不更新 (veto item 4): ≥``veto_count`` stale columns among the counted ones (动态要闻 2
    weeks, 通知公告/政策文件 6 months) is a veto; otherwise each stale column is a deduction."""
    stale = [c for c in columns if is_stale(c, today)]
    veto = sum(1 for c in stale if c.counts_for_veto) >= veto_count
    hits = []
    for column in stale:
        assert column.latest_on is not None and column.max_age_days is not None
        detail = _("栏目“%(name)s”最近一次更新为%(latest)s，已超过%(days)s日未更新。") % {
            "name": column.name,
            "latest": _date(column.latest_on),
            "days": column.max_age_days,
        }
        points = 0 if veto else column.points
        hits.append(Hit(STALE, detail, veto=veto, points=points, url=column.url, unit_id=column.unit_id))
    return hits


def empty_columns(columns: Iterable[Column], veto_count: int = 5, points: int = 1) -> list[Hit]:
    """空白栏目 (veto item 4): each column without any public information is a finding; ≥
    ``veto_count`` of them is a veto."""
    empty = [c for c in columns if c.latest_on is None]
    veto = len(empty) >= veto_count
    return [
        Hit(
            EMPTY,
            _("栏目“%(name)s”没有已发布的信息（空白栏目）。") % {"name": c.name},
            veto=veto,
            points=0 if veto else points,
            url=c.url,
            unit_id=c.unit_id,
        )
        for c in empty
    ]


def unanswered_inquiries(found: Iterable[Unanswered]) -> list[Hit]:
    """互动回应差 (veto item 5): within one year before the monitoring point, a valid 政务咨询
    message left unanswered for more than 3 months. ``participation.inquiries.figures`` finds
    them; every one is a veto finding."""
    hits = []
    for inquiry in found:
        if inquiry.answered_on is None:
            state = _("至今未答复")
        else:
            state = _("%(day)s才答复") % {"day": _date(inquiry.answered_on)}
        detail = _("政务咨询“%(subject)s”（查询码%(code)s）%(received)s收到，%(state)s，超过3个月。") % {
            "subject": inquiry.subject,
            "code": inquiry.tracking_code,
            "received": _date(inquiry.received_on),
            "state": state,
        }
        hits.append(
            Hit(INQUIRY, detail, veto=True, url=inquiry.url, target=inquiry.tracking_code, unit_id=inquiry.unit_id)
        )
    return hits


def services_unusable(shown: Sequence[ShownService], services_url: str = "") -> list[Hit]:
    """服务不实用 (veto item 6): the site offers no 办事服务 at all, or a service guide lacks a key
    element (§5 names 事项名称、设定依据、申请条件、办理材料 as the list's beginning; the rest of the list
    is UNCONFIRMED and not checked). Each is a veto finding."""
    if not shown:
        return [Hit(SERVICES, _("本站没有提供办事服务（没有在用的办事服务事项）。"), veto=True, url=services_url)]
    return [
        Hit(
            SERVICES,
            _("办事服务“%(name)s”的办事指南缺少要素：%(missing)s。")
            % {"name": s.name, "missing": "、".join(s.missing)},
            veto=True,
            url=s.url,
            target=s.name,
            unit_id=s.unit_id,
        )
        for s in shown
        if s.missing
    ]


def broken_services(shown: Sequence[ShownService], veto_percent: int, services_url: str = "") -> list[Hit]:
    """服务不实用 by links (veto item 6, threshold UNCONFIRMED): when the share of the site's services
    whose link does not open reaches ``veto_percent``, the item is vetoed (one finding). Each broken
    link is also a 链接不可用 finding of its own (``linkcheck``)."""
    checked = [s for s in shown if s.link_ok is not None]
    broken = [s for s in checked if s.link_ok is False]
    if not shown or not broken or len(broken) * 100 < veto_percent * len(shown):
        return []
    detail = _(
        "本站%(total)s项办事服务中有%(broken)s项的办理链接不可用（%(share)s%%），达到%(limit)s%%：%(names)s。"
    ) % {
        "total": len(shown),
        "broken": len(broken),
        "share": round(len(broken) * 100 / len(shown)),
        "limit": veto_percent,
        "names": "、".join(s.name for s in broken[:5]) + (_("等") if len(broken) > 5 else ""),
    }
    return [Hit(SERVICES, detail, veto=True, url=services_url)]


def apply_caps(hits: Sequence[Hit], caps: dict[str, int]) -> list[Hit]:
    """Deductions under one indicator are capped at its points (§5): findings keep their order,
    and those past the cap are kept with 0 points and say so."""
    used: dict[str, int] = {}
    capped = []
    for hit in hits:
        cap = caps.get(hit.rule)
        if hit.points == 0 or cap is None:
            capped.append(hit)
            continue
        granted = max(0, min(hit.points, cap - used.get(hit.rule, 0)))
        used[hit.rule] = used.get(hit.rule, 0) + granted
        if granted < hit.points:
            note = _("（本项已达扣分上限%(cap)s分）") % {"cap": cap}
            capped.append(replace(hit, points=granted, detail=hit.detail + note))
        else:
            capped.append(hit)
    return capped


def newmedia_passed(hits: Iterable[Hit]) -> bool:
    """New media (§5 "New media"): 内容更新 is one of their three veto areas, so an account without
    an update in the 2 weeks before the monitoring point fails. The accounts are objects of
    inspection in their own right (Part 1 applies to "government websites and government new
    media"; Parts 2 and 3 score portal websites only), so a stale account fails itself and is
    reported beside the site's result: it neither vetoes the website nor costs it points."""
    return not any(h.rule == NEWMEDIA and h.veto for h in hits)


def score(hits: Sequence[Hit], caps: dict[str, int]) -> Result:
    """The site's result: any veto → 不合格; else 100 − the capped deductions, 不合格 below 60.
    With a veto the score is still computed (for the office's reference), but ``passed`` is
    False whatever it says."""
    capped = apply_caps(hits, caps)
    site = [h for h in capped if h.rule in SITE_RULES]
    veto: list[dict[str, str]] = []
    for rule in dict.fromkeys(h.rule for h in site if h.veto):
        vetoed = [h for h in site if h.rule == rule and h.veto]
        detail = (
            vetoed[0].detail
            if len(vetoed) == 1
            else _("共%(n)s项：%(first)s等")
            % {
                "n": len(vetoed),
                "first": vetoed[0].detail.rstrip("。"),
            }
        )
        veto.append({"rule": rule, "detail": detail})
    deductions: dict[str, dict[str, int]] = {}
    for hit in site:
        if hit.points:
            row = deductions.setdefault(hit.rule, {"points": 0, "count": 0, "cap": caps.get(hit.rule, FULL_MARKS)})
            row["points"] += hit.points
            row["count"] += 1
    total = max(0, FULL_MARKS - sum(row["points"] for row in deductions.values()))
    return Result(
        passed=not veto and total >= PASS_MARK,
        score=total,
        veto=veto,
        deductions=deductions,
        hits=capped,
        newmedia_passed=newmedia_passed(capped),
    )
