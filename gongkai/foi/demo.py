"""Demo applications for 康巴什区: one in every state the clock knows, with letters and an appeal.

The applicants are made up (names, ID numbers with valid check digits, phones in a 139 0477
range, addresses in a 示范小区 that does not exist). Steps are dated in 2026, on the real calendar, so the
queue shows due-soon, overdue, stopped and closed applications side by side.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from gongkai.foi import appeals, handling, idcard, intake, letterbook
from gongkai.foi.models import Request
from gongkai.orgs.demo import DEMO_DEPARTMENT, GOVERNMENT
from gongkai.orgs.models import Unit

D = dt.date


@dataclass(frozen=True)
class Demo:
    name: str
    applicant_type: str
    id17: str  # first 17 characters; the check character is computed (or a credit code body)
    received_on: dt.date
    description: str
    channel: str = "online"
    unit: str = DEMO_DEPARTMENT
    steps: list[tuple[str, dt.date, dict[str, Any]]] = field(default_factory=list)


def _identity(spec: Demo) -> str:
    if spec.applicant_type == "natural_person":
        return idcard.make(spec.id17)
    from gongkai.orgs import creditcode

    return creditcode.make(spec.id17[:2], spec.id17[2:8], spec.id17[8:16])


DEMOS = [
    Demo(
        "宋明远",
        "natural_person",
        "15060319760312481",
        D(2026, 11, 24),
        "2026年康巴什区城乡居民最低生活保障标准及调整依据",
    ),
    Demo(
        "鄂尔多斯市明法律师事务所",
        "legal_service",
        "3115060331234567",
        D(2026, 11, 2),
        "贵局关于养老服务补贴的文件",
        channel="letter",
        steps=[("correction_requested", D(2026, 11, 4), {"items": "请写明所需文件的名称、文号或发布时间范围。"})],
    ),
    Demo(
        "赵晓燕",
        "natural_person",
        "15060319850621202",
        D(2026, 10, 19),
        "青春山街道某养老服务中心2025年度运营补贴的拨付情况",
        channel="counter",
        steps=[
            ("accepted", D(2026, 10, 20), {}),
            (
                "consultation_started",
                D(2026, 10, 22),
                {"party": "康巴什区福寿养老服务有限公司", "information": "2025年度运营补贴拨付金额及依据"},
            ),
        ],
    ),
    Demo(
        "内蒙古北辰数据科技有限公司",
        "commercial",
        "9115060398765432",
        D(2026, 10, 12),
        "2024年至2026年康巴什区社会救助信息系统采购合同",
        steps=[
            ("accepted", D(2026, 10, 13), {}),
            (
                "extension_approved",
                D(2026, 11, 5),
                {"working_days": 10, "reason": "涉及三个年度的档案，需调阅整理", "approver": "王敏"},
            ),
        ],
    ),
    Demo(
        "孙立群",
        "natural_person",
        "15060319690905331",
        D(2026, 11, 9),
        "2016年以来历年殡葬管理专项检查记录（纸质复印件）",
        channel="letter",
        steps=[("fee_notified", D(2026, 11, 16), {"method": "per_volume", "pages": 320})],
    ),
    Demo(
        "钱慧敏",
        "natural_person",
        "15060319920117562",
        D(2026, 9, 25),
        "康民发〔2026〕12号文件全文",
        steps=[
            (
                "replied",
                D(2026, 10, 20),
                {
                    "outcome": "disclosed",
                    "provided": "该文件已于2026年3月主动公开，可在本网站“政策文件”栏目查阅、下载。",
                },
            ),
            ("archived", D(2026, 10, 26), {}),
        ],
    ),
    Demo(
        "周文博",
        "natural_person",
        "15060319800228131",
        D(2026, 9, 10),
        "某养老机构消防检查中涉及的经营数据",
        steps=[
            (
                "replied",
                D(2026, 9, 30),
                {
                    "outcome": "withheld_third_party",
                    "reasons": "所申请信息含有该机构的经营数据，属于商业秘密，第三方不同意公开。",
                },
            ),
        ],
    ),
    Demo(
        "吴海涛",
        "natural_person",
        "15060319880803441",
        D(2026, 8, 3),
        "关于补贴的事",
        channel="letter",
        steps=[
            (
                "correction_requested",
                D(2026, 8, 5),
                {"items": "请写明需要哪一项补贴、哪一年度的哪些信息。", "correction_due_on": D(2026, 8, 26)},
            ),
            ("correction_lapsed", D(2026, 9, 1), {}),
        ],
    ),
    Demo(
        "郑雅琴",
        "natural_person",
        "15060319950710682",
        D(2026, 10, 26),
        "康巴什区2026年老旧小区改造项目名单",
        unit=GOVERNMENT,
    ),
    Demo(
        "内蒙古草原公共治理研究院",
        "research",
        "1215060355512345",
        D(2026, 10, 15),
        "鄂尔多斯市2025年度政务公开考核细则",
        unit=GOVERNMENT,
        steps=[
            (
                "replied",
                D(2026, 11, 3),
                {
                    "outcome": "unavailable_not_held",
                    "reasons": "该考核细则由鄂尔多斯市人民政府办公室制定，本机关不掌握。",
                    "responsible_organ": "鄂尔多斯市人民政府办公室",
                    "responsible_organ_contact": "电话0477-8599999",
                },
            ),
        ],
    ),
]
MARKER = DEMOS[0].description


def _create(handler: Any, spec: Demo, number: int) -> Request:
    unit = Unit.objects.get(name=spec.unit)
    app = intake.Application(
        applicant_type=spec.applicant_type,
        name=spec.name,
        id_number=_identity(spec),
        phone=f"1390477{number:04d}",
        address=f"康巴什区示范小区{number}号楼",
        email=f"applicant{number}@example.com",
        description=spec.description,
        form="electronic",
        delivery="email",
        channel=spec.channel,
        received_on=spec.received_on,
        unit_id=unit.pk,
    )
    created = intake.register(handler, app)
    for kind, on, data in spec.steps:
        handling.record_event(handler, created.pk, kind, on, **data)
    return Request.objects.get(pk=created.pk)


@transaction.atomic
def seed_requests() -> int:
    """Create the demo applications once; returns how many were created."""
    handler = get_user_model().objects.filter(username="handler").first()
    if handler is None or Request.objects.filter(description=MARKER).exists():
        return 0
    made = [_create(handler, spec, n) for n, spec in enumerate(DEMOS, start=1)]
    refused = next(r for r in made if r.outcome == "withheld_third_party")
    appeals.save_appeal(handler, refused, kind="review", filed_on=D(2026, 10, 15), body="康巴什区人民政府")
    replied = next(r for r in made if r.outcome == "disclosed")
    letter = replied.letters.get(kind="reply")
    letterbook.record_delivery(handler, letter, D(2026, 10, 21), "电子邮件")
    return len(made)
