"""Demo policy documents of 康巴什区民政局: two normative documents published together with their
interpretations (三同步), and a follow-up interpretation (二次解读) published later on its own.

Everything goes through the services and the workflow, as the demo users would do it.
Idempotent: nothing is created once the first document exists (matched by title).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from gongkai.orgs.demo import DEMO_DEPARTMENT
from gongkai.orgs.models import Unit
from gongkai.policies import services
from gongkai.policies.models import PolicyDocument
from gongkai.publishing.models import Item
from gongkai.publishing.workflow import drive, perform

D = dt.date
PHONE = "0477-8583210"
# (title, 文号, 成文日期, 施行日期, 失效日期, genre, body)
DOCUMENTS = [
    (
        "康巴什区城乡居民最低生活保障实施办法",
        "康民发〔2026〕12号",
        D(2026, 3, 16),
        D(2026, 4, 16),
        D(2031, 4, 15),
        "measures",
        "<h2>第一章 总则</h2><p>第一条 为规范城乡居民最低生活保障工作，根据《社会救助暂行办法》"
        "和自治区有关规定，结合本区实际，制定本办法。</p><h2>第二章 保障对象和标准</h2>"
        "<p>第二条 共同生活的家庭成员人均收入低于当地最低生活保障标准，且财产状况符合规定的，"
        "可以申请最低生活保障。</p>",
    ),
    (
        "康巴什区临时救助工作规程",
        "康民发〔2026〕27号",
        D(2026, 6, 8),
        D(2026, 7, 1),
        D(2031, 6, 30),
        "rules",
        "<h2>第一章 总则</h2><p>第一条 为解决城乡居民突发性、紧迫性、临时性基本生活困难，"
        "根据《社会救助暂行办法》，制定本规程。</p><h2>第二章 申请和审批</h2>"
        "<p>第五条 申请临时救助，向户籍所在地或者居住地街道办事处提出。</p>",
    ),
]
# (document title, interpretation title, form, follow-up, published together with the document)
INTERPRETATIONS = [
    ("康巴什区城乡居民最低生活保障实施办法", "《康巴什区城乡居民最低生活保障实施办法》政策解读", "text", False),
    ("康巴什区临时救助工作规程", "图解：《康巴什区临时救助工作规程》", "graphic", False),
    ("康巴什区城乡居民最低生活保障实施办法", "低保办法施行三个月：申请中的常见问题解答", "interview", True),
]
ROLES = ["editor", "reviewer", "signer"]


def _users() -> dict[str, Any]:
    return {u.username: u for u in get_user_model().objects.filter(username__in=ROLES)}


def _sign(item: Item, users: dict[str, Any]) -> None:
    drive(item.pk, users["editor"], users["reviewer"], users["signer"], until="sign")


def _document(unit: Unit, users: dict[str, Any], spec: tuple[Any, ...]) -> PolicyDocument:
    title, number, written, effective, expires, genre, body = spec
    meta = {"issuer": unit.name, "level": "district", "category": "行政规范性文件", "effective_on": effective}
    return services.create_policy(
        users["editor"],
        unit,
        meta,
        title=title,
        doc_number=number,
        written_on=written,
        formed_on=written,
        expires_on=expires,
        genre=genre,
        topic="civil",
        normative=True,
        body_html=body,
    )


def _interpretation(unit: Unit, users: dict[str, Any], document: PolicyDocument, spec: tuple[Any, ...]) -> Item:
    _doc_title, title, form, follow_up = spec
    meta = {"form": form, "agency": unit.name, "person": "局长 赵建国", "phone": PHONE, "follow_up": follow_up}
    body = f"<p>{title}。</p><h2>一、起草背景</h2><p>……</p><h2>二、主要内容</h2><p>……</p>"
    interpretation = services.create_interpretation(
        users["editor"],
        unit,
        document,
        meta,
        title=title,
        formed_on=document.item.formed_on,
        topic="civil",
        genre="other",
        body_html=body,
    )
    return interpretation.item


@transaction.atomic
def seed_policies() -> int:
    """Create and publish what is missing; returns how many items were created."""
    users = _users()
    if len(users) < len(ROLES) or Item.objects.filter(title=DOCUMENTS[0][0]).exists():
        return 0
    unit = Unit.objects.get(name=DEMO_DEPARTMENT)
    documents = {spec[0]: _document(unit, users, spec) for spec in DOCUMENTS}
    created = len(documents)
    follow_ups = []
    for spec in INTERPRETATIONS:
        item = _interpretation(unit, users, documents[spec[0]], spec)
        created += 1
        if spec[3]:
            follow_ups.append(item)
        else:
            _sign(item, users)
    for document in documents.values():
        _sign(document.item, users)
        perform(users["signer"], document.pk, "publish")  # publishes its signed interpretation too
    for item in follow_ups:  # 二次解读: after the document, on its own
        _sign(item, users)
        perform(users["signer"], item.pk, "publish")
    return created
