"""Demo data: published uniform answers of the demo department (区民政局), citing the seeded
policy documents. Called by ``seed_demo`` after units, people and policies exist; idempotent
(nothing is created once the first answer exists, matched by its question)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from gongkai.orgs.demo import DEMO_DEPARTMENT
from gongkai.orgs.models import Unit
from gongkai.participation.knowledge import services
from gongkai.participation.models import KnowledgeEntry
from gongkai.policies.models import PolicyDocument
from gongkai.publishing.models import Item, Kind
from gongkai.publishing.workflow import drive

LOW_INCOME = "康民发〔2026〕12号"
RELIEF = "康民发〔2026〕27号"
# (question, answer, topic, 文号 of the cited policy documents, other phrasings)
ANSWERS: list[tuple[str, str, str, list[str], str]] = [
    (
        "申请城乡低保需要准备哪些材料？",
        "<p>申请人向户籍所在地街道办事处提出书面申请，提供户口簿、居民身份证、家庭收入和财产状况"
        "说明，并签署家庭经济状况核对授权书。材料齐全的，街道当场受理。</p>",
        "civil",
        [LOW_INCOME],
        "低保申请材料\n办低保要带什么",
    ),
    (
        "低保审核审批一般需要多长时间？",
        "<p>街道办事处自受理之日起30个工作日内完成审核，区民政局自收到审核意见之日起10个工作日内"
        "作出审批决定。特殊情况可以延长，但应告知申请人。</p>",
        "civil",
        [LOW_INCOME],
        "低保多久能批下来",
    ),
    (
        "遇到突发困难可以申请临时救助吗？",
        "<p>因火灾、交通事故、突发重大疾病等原因导致基本生活暂时出现严重困难的家庭或个人，"
        "可以向户籍所在地或者居住地街道办事处申请临时救助；情况紧急的，可以先行救助、后补手续。</p>",
        "civil",
        [RELIEF],
        "临时救助怎么申请",
    ),
    (
        "外地户籍在康巴什居住的人能申请临时救助吗？",
        "<p>可以。非本区户籍人员在居住地遭遇急难情况的，可以向居住地街道办事处申请临时救助，"
        "街道按规程审核后给予救助或转介。</p>",
        "civil",
        [RELIEF],
        "",
    ),
]


def _people() -> dict[str, Any]:
    names = ["editor", "reviewer", "signer"]
    return {u.username: u for u in get_user_model().objects.filter(username__in=names)}


def _publish(item: Item, people: dict[str, Any]) -> None:
    drive(item.pk, people["editor"], people["reviewer"], people["signer"])


@transaction.atomic
def seed_knowledge() -> list[KnowledgeEntry]:
    """Create and publish the demo answers; returns the new entries (none on a second run)."""
    people = _people()
    unit = Unit.objects.filter(name=DEMO_DEPARTMENT).first()
    if len(people) < 3 or unit is None:
        return []
    if Item.objects.filter(kind=Kind.ANSWER, title=ANSWERS[0][0]).exists():
        return []
    created = []
    for question, answer, topic, numbers, aliases in ANSWERS:
        policy_ids = PolicyDocument.objects.filter(item__doc_number__in=numbers).values_list("pk", flat=True)
        entry = services.create_entry(
            people["editor"],
            unit,
            question=question,
            answer_html=answer,
            topic=topic,
            aliases=aliases,
            policy_ids=[pk for pk in policy_ids if services.linkable_policies().filter(pk=pk).exists()],
        )
        _publish(entry.item, people)
        created.append(entry)
    return created
