"""Seed data: the 41 domains and the demo district's (康巴什区) standard catalogue.

The domains are the 26 pilot domains of 国办发〔2017〕42号 (REGULATIONS §4; 国办发〔2019〕54号
extends them to every grassroots government) and the 15 categories of 条例 Art. 20. Once loaded
they are data the office edits; ``services.seed_catalogue`` never overwrites them.

The entries live in ``data/standard_catalogue.csv`` with the columns of the .xlsx format, so the
seed goes through the same row checks as an import. Each entry follows the structure of the
published 基层政务公开标准目录 (一级事项 / 二级事项 / 要素 / 依据 / 时限 / 主体 / 渠道 / 对象 /
方式 / 层级); the bases cite the articles as read in the corpus of laws (LawRefBook/Laws).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

ENTRIES_CSV = Path(__file__).resolve().parent / "data" / "standard_catalogue.csv"

PILOT_BASIS = "国办发〔2017〕42号"
PILOT_ART21_BASIS = "国办发〔2017〕42号；条例第二十一条"


@dataclass(frozen=True)
class SeedDomain:
    code: str
    name: str
    kind: str
    basis: str


def _pilot(code: str, name: str, art21: bool = False) -> SeedDomain:
    """A pilot domain; ``art21`` marks those that 条例 Art. 21 also names for county governments."""
    return SeedDomain(code, name, "pilot", PILOT_ART21_BASIS if art21 else PILOT_BASIS)


# In the order of the 2017 pilot plan.
PILOT_DOMAINS: tuple[SeedDomain, ...] = (
    _pilot("urban-rural-planning", "城乡规划"),
    _pilot("major-projects", "重大建设项目"),
    _pilot("public-resource-trading", "公共资源交易"),
    _pilot("budgets", "财政预决算"),
    _pilot("work-safety", "安全生产"),
    _pilot("taxation", "税收管理"),
    _pilot("land-acquisition", "征地补偿", art21=True),
    _pilot("housing-expropriation", "国有土地上房屋征收与补偿", art21=True),
    _pilot("environment", "环境保护"),
    _pilot("public-culture", "公共文化服务", art21=True),
    _pilot("legal-services", "公共法律服务", art21=True),
    _pilot("poverty-alleviation", "扶贫"),
    _pilot("disaster-relief", "救灾"),
    _pilot("food-drug", "食品药品监管"),
    _pilot("urban-enforcement", "城市综合执法"),
    _pilot("employment", "就业"),
    _pilot("social-assistance", "社会救助", art21=True),
    _pilot("elderly-care", "养老服务"),
    _pilot("household-registration", "户籍管理", art21=True),
    _pilot("agricultural-subsidies", "涉农补贴"),
    _pilot("compulsory-education", "义务教育"),
    _pilot("health", "医疗卫生"),
    _pilot("municipal-services", "市政服务", art21=True),
    _pilot("rural-housing-renovation", "农村危房改造"),
    _pilot("affordable-housing", "保障性住房"),
    _pilot("social-insurance", "社会保险"),
)

_ITEMS = "一二三四五六七八九十"


def _item(n: int) -> str:
    """条例第二十条第（n）项 with the item number in Chinese (1–15)."""
    return _ITEMS[n - 1] if n <= 10 else "十" + _ITEMS[n - 11]


# 条例 Art. 20, items (一)–(十五), exactly as worded in the regulation.
ARTICLE_20: tuple[str, ...] = (
    "行政法规、规章和规范性文件",
    "机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名",
    "国民经济和社会发展规划、专项规划、区域规划及相关政策",
    "国民经济和社会发展统计信息",
    "办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果",
    "实施行政处罚、行政强制的依据、条件、程序以及本行政机关认为具有一定社会影响的行政处罚决定",
    "财政预算、决算信息",
    "行政事业性收费项目及其依据、标准",
    "政府集中采购项目的目录、标准及实施情况",
    "重大建设项目的批准和实施情况",
    "扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况",
    "突发公共事件的应急预案、预警信息及应对情况",
    "环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况",
    "公务员招考的职位、名额、报考条件等事项以及录用结果",
    "法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息",
)

GENERAL_DOMAINS: tuple[SeedDomain, ...] = tuple(
    SeedDomain(f"art20-{n}", name, "general", f"条例第二十条第（{_item(n)}）项")
    for n, name in enumerate(ARTICLE_20, start=1)
)

DOMAINS: tuple[SeedDomain, ...] = PILOT_DOMAINS + GENERAL_DOMAINS
