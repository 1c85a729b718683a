"""Where a carried document comes from: its issuing organ, its level and its region, read from
what the law corpus says of it (issuer, category, subcategory, title). Plain Python: no Django.

A document the platform carries keeps its own organ: a Beijing people's-congress rule is a
北京市 local regulation, not the district's and not "自治区"; an administrative regulation with
no organ in the corpus is the State Council's (issue 17, point 1).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

NATIONAL, REGION, CITY, DISTRICT = "national", "region", "city", "district"

# The provincial-level divisions, short name → full name (GB/T 2260).
PROVINCES = {
    "北京": "北京市", "天津": "天津市", "上海": "上海市", "重庆": "重庆市",
    "河北": "河北省", "山西": "山西省", "辽宁": "辽宁省", "吉林": "吉林省", "黑龙江": "黑龙江省",
    "江苏": "江苏省", "浙江": "浙江省", "安徽": "安徽省", "福建": "福建省", "江西": "江西省",
    "山东": "山东省", "河南": "河南省", "湖北": "湖北省", "湖南": "湖南省", "广东": "广东省",
    "海南": "海南省", "四川": "四川省", "贵州": "贵州省", "云南": "云南省", "陕西": "陕西省",
    "甘肃": "甘肃省", "青海": "青海省", "台湾": "台湾省",
    "内蒙古": "内蒙古自治区", "广西": "广西壮族自治区", "西藏": "西藏自治区",
    "宁夏": "宁夏回族自治区", "新疆": "新疆维吾尔自治区",
    "香港": "香港特别行政区", "澳门": "澳门特别行政区",
}  # fmt: skip
# Corpus categories of national law (全国人民代表大会及其常务委员会) and the other national ranks.
LAW_CATEGORIES = frozenset(
    {"宪法相关法", "民法典", "民法商法", "行政法", "经济法", "社会法", "刑法", "诉讼与非诉讼程序法"}
)
NATIONAL_CATEGORIES = LAW_CATEGORIES | {"宪法", "行政法规", "部门规章", "司法解释", "案例", "其他"}
LOCAL_CATEGORY = "地方性法规"
# The organ a category implies when the corpus names none.
CATEGORY_ORGANS = {"宪法": "全国人民代表大会", "行政法规": "国务院"}
LAW_ORGAN = "全国人民代表大会及其常务委员会"
LOCAL_ORGAN = "%s人民代表大会及其常务委员会"
COURTS = ("最高人民法院", "最高人民检察院")
MINISTRIES = {"市场监督管理总局": "国家市场监督管理总局"}
# A body named before these words is the place it belongs to: 郑州市人民代表大会常务委员会 → 郑州市.
_ORGAN_SUFFIX = re.compile(r"(人民代表大会|人大|人民政府)")
# A city, prefecture, county or banner at the start of a name (after any province).
_LOCALITY = re.compile(r"^([^省市县区旗盟（(《·\s]{1,6}(?:自治州|自治县|自治旗|市|县|区|旗|盟))")
_COUNTY_ENDINGS = ("县", "区", "旗")


@dataclass(frozen=True)
class Place:
    issuer: str
    level: str  # NATIONAL / REGION / CITY / DISTRICT (policies.models.Level)
    region: str  # "" for national documents, else e.g. 北京市, 河南省郑州市, 内蒙古自治区


def _split_province(name: str) -> tuple[str, str]:
    """(the provincial-level division ``name`` starts with, full or short name, or ""; the rest)."""
    for short, full in PROVINCES.items():
        for prefix in (full, short):
            if name.startswith(prefix):
                return full, name[len(prefix) :]
    return "", name


def _bracketed_province(title: str) -> str:
    """The province a title names in brackets: 中国（上海）自由贸易试验区条例 → 上海市."""
    return next((full for short, full in PROVINCES.items() if f"（{short}）" in title), "")


def province_in(text: str) -> str:
    return _split_province(text)[0]


def _locality(name: str) -> str:
    """The city/county at the start of ``name`` (郑州市, 景宁畲族自治县), or ""."""
    match = _LOCALITY.match(name)
    return match.group(1) if match else ""


def _organ_place(issuer: str) -> str:
    """The place an organ belongs to (the words before 人民代表大会/人民政府), or ""."""
    match = _ORGAN_SUFFIX.search(issuer)
    return issuer[: match.start()] if match else ""


def local_place(issuer: str, subcategory: str, title: str) -> tuple[str, str]:
    """(level, region) of a local regulation: from the place its organ belongs to, else from its
    title (a title that starts with a province's name is that province's), and the province
    the corpus filed it under."""
    organ = _organ_place(issuer)
    province, rest = _split_province(organ or title)
    province = province or PROVINCES.get(subcategory, "") or _bracketed_province(title)
    locality = _locality(rest) if organ or rest == (organ or title) else ""
    if not locality:
        return REGION, province
    return (DISTRICT if locality.endswith(_COUNTY_ENDINGS) else CITY), f"{province}{locality}"


def _fallback_issuer(category: str, subcategory: str, title: str, region: str) -> str:
    if category in CATEGORY_ORGANS:
        return CATEGORY_ORGANS[category]
    if category in LAW_CATEGORIES:
        return LAW_ORGAN
    if category == "部门规章" and subcategory:
        return MINISTRIES.get(subcategory, subcategory)
    if category == "司法解释":
        return next((court for court in COURTS if title.startswith(court)), "")
    if category == LOCAL_CATEGORY and region:
        province, rest = _split_province(region)
        return LOCAL_ORGAN % (_locality(rest) or province or region)
    return ""


def place_of(category: str, subcategory: str, issuer: str, title: str) -> Place:
    """The organ, level and region of a corpus document. The corpus's own issuer wins; a
    missing one is read from the category (行政法规 → 国务院, a ministry's rule → the ministry,
    a local regulation → that place's people's congress and its standing committee)."""
    if category == LOCAL_CATEGORY:
        level, region = local_place(issuer, subcategory, title)
    else:
        level, region = NATIONAL, ""
    return Place(issuer or _fallback_issuer(category, subcategory, title, region), level, region)
