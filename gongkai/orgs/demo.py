"""The demo district: 康巴什区 (鄂尔多斯市, administrative division code 150603).

Unit names follow the district's real structure; the credit codes are made up but carry
correct GB 32100-2015 check characters (and GB 11714 organisation-code check characters).
"""

from __future__ import annotations

from gongkai.orgs import creditcode
from gongkai.orgs.models import Role, Unit

DIVISION = "150603"
GOVERNMENT = "康巴什区人民政府"
OFFICE_UNIT = "康巴什区人民政府办公室"
DEMO_DEPARTMENT = "康巴什区民政局"

K = Unit.Kind
# (name, short name, kind, registration prefix: 11 = 机关, 12 = 事业单位)
UNITS: list[tuple[str, str, str, str]] = [
    (OFFICE_UNIT, "区政府办", K.DEPARTMENT, "11"),
    ("康巴什区发展和改革委员会", "区发改委", K.DEPARTMENT, "11"),
    ("康巴什区教育局", "区教育局", K.DEPARTMENT, "11"),
    ("康巴什区工业和信息化局", "区工信局", K.DEPARTMENT, "11"),
    (DEMO_DEPARTMENT, "区民政局", K.DEPARTMENT, "11"),
    ("康巴什区司法局", "区司法局", K.DEPARTMENT, "11"),
    ("康巴什区财政局", "区财政局", K.DEPARTMENT, "11"),
    ("康巴什区人力资源和社会保障局", "区人社局", K.DEPARTMENT, "11"),
    ("康巴什区住房和城乡建设局", "区住建局", K.DEPARTMENT, "11"),
    ("康巴什区交通运输局", "区交通局", K.DEPARTMENT, "11"),
    ("康巴什区农牧局", "区农牧局", K.DEPARTMENT, "11"),
    ("康巴什区商务局", "区商务局", K.DEPARTMENT, "11"),
    ("康巴什区文化旅游体育局", "区文旅体局", K.DEPARTMENT, "11"),
    ("康巴什区卫生健康委员会", "区卫健委", K.DEPARTMENT, "11"),
    ("康巴什区退役军人事务局", "区退役军人局", K.DEPARTMENT, "11"),
    ("康巴什区应急管理局", "区应急局", K.DEPARTMENT, "11"),
    ("康巴什区审计局", "区审计局", K.DEPARTMENT, "11"),
    ("康巴什区市场监督管理局", "区市场监管局", K.DEPARTMENT, "11"),
    ("康巴什区医疗保障局", "区医保局", K.DEPARTMENT, "11"),
    ("康巴什区城市管理综合执法局", "区城管执法局", K.DEPARTMENT, "11"),
    ("康巴什区政务服务局", "区政务服务局", K.DEPARTMENT, "11"),
    ("康巴什区哈巴格希街道办事处", "哈巴格希街道", K.STREET, "11"),
    ("康巴什区青春山街道办事处", "青春山街道", K.STREET, "11"),
    ("康巴什区滨河街道办事处", "滨河街道", K.STREET, "11"),
    ("康巴什区康新街道办事处", "康新街道", K.STREET, "11"),
    ("鄂尔多斯市公安局康巴什区分局", "康巴什公安分局", K.VERTICAL, "11"),
    ("国家税务总局鄂尔多斯市康巴什区税务局", "康巴什区税务局", K.VERTICAL, "11"),
    ("鄂尔多斯市生态环境局康巴什区分局", "康巴什生态环境分局", K.VERTICAL, "11"),
    ("鄂尔多斯市自然资源局康巴什区分局", "康巴什自然资源分局", K.VERTICAL, "11"),
    ("康巴什区公共资源交易中心", "区公共资源交易中心", K.INSTITUTION, "12"),
    ("康巴什区融媒体中心", "区融媒体中心", K.INSTITUTION, "12"),
]

# username → (role, unit name, full name)
USERS: dict[str, tuple[str, str, str]] = {
    "office": (Role.OFFICE, OFFICE_UNIT, "公开办 王敏"),
    "office2": (Role.OFFICE, OFFICE_UNIT, "公开办 赵磊"),
    "editor": (Role.EDITOR, DEMO_DEPARTMENT, "信息员 李娜"),
    "reviewer": (Role.REVIEWER, DEMO_DEPARTMENT, "审核 张伟"),
    "signer": (Role.SIGNER, DEMO_DEPARTMENT, "签发 刘洋"),
    "handler": (Role.HANDLER, DEMO_DEPARTMENT, "承办 陈静"),
}

# The demo's request handler also answers the applications addressed to the district government
# itself (a small district staffs its disclosure office that way); its own unit stays 区民政局.
# Likewise its signer signs for the district government (the government's annual report, written
# by the office's 王敏 and cleared by 赵磊: four eyes, as reports.services.clear wants).
EXTRA_MEMBERSHIPS: list[tuple[str, str, str]] = [
    ("handler", Role.HANDLER, GOVERNMENT),
    ("signer", Role.SIGNER, GOVERNMENT),
]

# 行政复议机关 where the default rule (行政复议法 2023 Art. 24) does not give it: the district
# government's own acts go to the city government; the tax bureau's to the higher tax authority
# (Art. 27).
REVIEW_ORGANS = {
    GOVERNMENT: "鄂尔多斯市人民政府",
    "国家税务总局鄂尔多斯市康巴什区税务局": "国家税务总局鄂尔多斯市税务局",
    "鄂尔多斯市公安局康巴什区分局": "鄂尔多斯市人民政府",
    "鄂尔多斯市生态环境局康巴什区分局": "鄂尔多斯市人民政府",
    "鄂尔多斯市自然资源局康巴什区分局": "鄂尔多斯市人民政府",
}

SITE = {
    "site_name": "康巴什区人民政府",
    "office_name": "康巴什区人民政府办公室（区政务公开领导小组办公室）",
    "address": "内蒙古自治区鄂尔多斯市康巴什区市民中心",
    "postcode": "017010",
    "office_hours": "工作日上午8:30—12:00，下午14:30—18:00（法定节假日除外）",
    "phone": "0477-8599000",
    "fax": "0477-8599001",
    "email": "zwgk@kbs.example.gov.cn",
    "website": "https://www.kbs.example.gov.cn/",
    "site_code": "1506030001",
    "icp_number": "蒙ICP备00000000号",
    "police_number": "蒙公网安备 15060302000000号",
}


def credit_code(index: int, prefix: str) -> str:
    """Deterministic, valid code for the index-th demo unit."""
    return creditcode.make(prefix, DIVISION, f"MB{1520000 + index * 37:07d}"[:8])
