"""Demo inquiries for ``seed_demo``: answered public and private ones, an open one, an overdue one
and an invalid one, at dates relative to today. Running it again changes nothing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from gongkai.audit.services import record
from gongkai.orgs.demo import DEMO_DEPARTMENT
from gongkai.orgs.models import Unit
from gongkai.participation.inquiries import services
from gongkai.participation.models import Inquiry, InvalidReason

State = Inquiry.State


@dataclass(frozen=True)
class DemoInquiry:
    unit: str
    name: str
    phone: str
    subject: str
    body: str
    public: bool
    days_ago: int
    answer: str = ""
    answered_after_days: int = 0
    invalid: str = ""


DEMO = [
    DemoInquiry(
        DEMO_DEPARTMENT, "李桂兰", "13947712345", "城乡低保如何申请",
        "我母亲今年70岁，独居，想了解申请城乡最低生活保障需要准备哪些材料，到哪里办理？", True, 30,
        "<p>您好！申请城乡低保需提供户口簿、身份证、家庭收入情况说明等材料，"
        "可向户籍所在地街道办事处（苏木乡镇）社会救助窗口提出申请。</p><p>咨询电话：0477-8581234。</p>", 3,
    ),
    DemoInquiry(
        "康巴什区教育局", "赵志强", "13848765432", "小学入学报名时间",
        "请问2026年秋季小学一年级新生入学报名什么时候开始？需要房产证吗？", True, 25,
        "<p>您好！秋季一年级新生报名一般在每年6月下旬进行，具体时间以区教育局发布的招生公告为准。"
        "报名需提供户口簿及居住证明材料。</p>", 2,
    ),
    DemoInquiry(
        DEMO_DEPARTMENT, "王建国", "15049871234", "高龄津贴发放",
        "我父亲的高龄津贴这两个月没有到账，是什么原因？", False, 20,
        "<p>您好！经核实，因银行卡信息变更导致发放失败，已重新发放，请注意查收。</p>", 4,
    ),
    DemoInquiry(
        "康巴什区住房和城乡建设局", "张敏", "13704771111", "老旧小区改造计划",
        "我们小区建于2005年，今年是否列入老旧小区改造计划？", True, 1,
    ),
    DemoInquiry(
        "康巴什区卫生健康委员会", "刘芳", "18647770000", "家庭医生签约",
        "家庭医生签约服务在哪里办理，收费吗？", True, 14,
    ),
    DemoInquiry(
        DEMO_DEPARTMENT, "推广员", "13000000000", "优惠活动",
        "低价代办各类证件，详情加微信。", False, 10, invalid=InvalidReason.SPAM,
    ),
]  # fmt: skip


def _aware(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 30)))


def _answer(inquiry: Inquiry, html: str, on: dt.date) -> None:
    before = {"state": inquiry.state}
    inquiry.answer_html = html
    inquiry.state = State.ANSWERED
    inquiry.answered_at = _aware(on, 16)
    inquiry.answered_on = on
    inquiry.save()
    record(None, "inquiry.answered", inquiry, unit=inquiry.unit, before=before, after={"state": inquiry.state})


def _invalid(inquiry: Inquiry, reason: str, on: dt.date) -> None:
    inquiry.state = State.INVALID
    inquiry.invalid_reason = reason
    inquiry.invalid_on = on
    inquiry.save()
    record(None, "inquiry.marked_invalid", inquiry, unit=inquiry.unit, after={"invalid_reason": reason})


@transaction.atomic
def seed_inquiries(today: dt.date | None = None) -> list[Inquiry]:
    """The demo's inquiries; none when inquiries exist already or a demo unit is missing."""
    if Inquiry.objects.exists():
        return []
    today = today or timezone.localdate()
    units = {u.name: u for u in Unit.objects.filter(name__in={d.unit for d in DEMO})}
    created = []
    for spec in DEMO:
        if spec.unit not in units:
            continue
        received_on = today - dt.timedelta(days=spec.days_ago)
        question = services.Question(units[spec.unit].pk, spec.name, spec.phone, spec.subject, spec.body, spec.public)
        inquiry = services.create(question, received_at=_aware(received_on, 9))
        if spec.answer:
            _answer(inquiry, spec.answer, received_on + dt.timedelta(days=spec.answered_after_days))
        elif spec.invalid:
            _invalid(inquiry, spec.invalid, received_on + dt.timedelta(days=1))
        created.append(inquiry)
    return created
