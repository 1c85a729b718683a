"""What the 政府信息公开 column shows before any item exists: its structure, as data.

The four first-level parts follow 国办公开办函〔2019〕61号 (one column named "政府信息公开"
carrying the statutory content); the categories are 条例 Art. 20 and Art. 21; the due dates of
the annual report are 条例 Art. 49. Every label goes through gettext.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse_lazy
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

Label = str | Promise


@dataclass(frozen=True)
class Part:
    """One of the four first-level parts of the 政府信息公开 column."""

    slug: str
    title: Label
    summary: Label
    url: Any  # a lazy reverse(), so the module can be imported before the URLconf


# 国办公开办函〔2019〕61号: the four first-level directories, in this order.
PARTS: tuple[Part, ...] = (
    Part(
        "guide",
        _("政府信息公开指南"),
        _("信息分类、获取方式、申请办法和工作机构联系方式"),
        reverse_lazy("portal:guide"),
    ),
    Part(
        "rules", _("政府信息公开制度"), _("政府信息公开工作所依据的法规、规范和本级制度"), reverse_lazy("portal:rules")
    ),
    Part(
        "statutory",
        _("法定主动公开内容"),
        _("按《条例》第二十条、第二十一条分类和按单位编排的主动公开信息"),
        reverse_lazy("portal:statutory"),
    ),
    Part(
        "annual-reports",
        _("政府信息公开年报"),
        _("本级政府及各部门的政府信息公开工作年度报告"),
        reverse_lazy("portal:annual_reports"),
    ),
)


@dataclass(frozen=True)
class Category:
    number: int
    title: Label
    anchor: str = field(default="")


# 条例 Art. 20: the fifteen categories every administrative organ discloses proactively.
ARTICLE_20: tuple[Category, ...] = tuple(
    Category(number, title, f"art20-{number}")
    for number, title in enumerate(
        (
            _("行政法规、规章和规范性文件"),
            _("机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名"),
            _("国民经济和社会发展规划、专项规划、区域规划及相关政策"),
            _("国民经济和社会发展统计信息"),
            _("办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果"),
            _("实施行政处罚、行政强制的依据、条件、程序以及本行政机关认为具有一定社会影响的行政处罚决定"),
            _("财政预算、决算信息"),
            _("行政事业性收费项目及其依据、标准"),
            _("政府集中采购项目的目录、标准及实施情况"),
            _("重大建设项目的批准和实施情况"),
            _("扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况"),
            _("突发公共事件的应急预案、预警信息及应对情况"),
            _("环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况"),
            _("公务员招考的职位、名额、报考条件等事项以及录用结果"),
            _("法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息"),
        ),
        start=1,
    )
)

# 条例 Art. 21: what governments of districted cities and counties (and their departments)
# disclose in addition, within their duties.
ARTICLE_21_COUNTY: tuple[Category, ...] = tuple(
    Category(number, title, f"art21-{number}")
    for number, title in enumerate(
        (
            _("市政建设"),
            _("公共服务"),
            _("公益事业"),
            _("土地征收"),
            _("房屋征收"),
            _("治安管理"),
            _("社会救助"),
        ),
        start=1,
    )
)


@dataclass(frozen=True)
class GoverningText:
    title: Label
    number: Label
    scope: Label


# The texts the office works under. Listed as text only: the portal links to no outside site.
NATIONAL_TEXTS: tuple[GoverningText, ...] = (
    GoverningText(
        _("《中华人民共和国政府信息公开条例》"),
        _("国务院令第711号"),
        _("2019年4月3日修订，2019年5月15日起施行；政府信息公开工作的基本法规。"),
    ),
    GoverningText(
        _("《政府信息公开信息处理费管理办法》"),
        _("国办函〔2020〕109号"),
        _("申请公开政府信息的数量、频次明显超过合理范围时收取信息处理费的标准和程序。"),
    ),
    GoverningText(
        _("《中华人民共和国政府信息公开工作年度报告格式》"),
        _("国办公开办函〔2021〕30号"),
        _("政府信息公开工作年度报告的内容和统计表格式。"),
    ),
    GoverningText(
        _("《关于规范政府信息公开平台有关事项的通知》"),
        _("国办公开办函〔2019〕61号"),
        _("政府网站“政府信息公开”专栏的名称、栏目设置和内容要求。"),
    ),
    GoverningText(
        _("《政府网站发展指引》"),
        _("国办发〔2017〕47号"),
        _("政府网站的开办、建设和管理。"),
    ),
    GoverningText(
        _("《政府网站与政务新媒体检查指标》"),
        _("国办秘函〔2019〕19号"),
        _("政府网站和政务新媒体的检查和考评指标。"),
    ),
)

# Related laws named in the guide (remedies: 条例 Art. 51).
RELATED_LAWS: tuple[GoverningText, ...] = (
    GoverningText(
        _("《中华人民共和国行政复议法》"),
        _("2023年修订"),
        _("申请行政复议的期限和程序。"),
    ),
    GoverningText(
        _("《中华人民共和国行政诉讼法》"),
        _("2017年修正"),
        _("提起行政诉讼的期限和程序。"),
    ),
)

# 内蒙古自治区 local standards the 2021 work points ask every unit to apply (seed document, 四(三)).
REGIONAL_STANDARDS: tuple[Label, ...] = (
    _("《政府信息主动公开工作规范》"),
    _("《政府信息依申请公开工作规范》"),
    _("《政府信息公开指南编制规范》"),
    _("《政府信息公开工作年度报告编制规范》"),
    _("《政府信息公开平台建设规范》"),
    _("《政策解读工作规范》"),
    _("《政务公开标准目录编制规范》"),
    _("《政务公开绩效考核规范》"),
)


@dataclass(frozen=True)
class ReportDeadlines:
    """When last year's annual reports are due (条例 Art. 49)."""

    report_year: int
    departments_due: datetime.date
    government_due: datetime.date


def annual_report_deadlines(today: datetime.date) -> ReportDeadlines:
    """The reports on year Y-1 are due in year Y.

    条例 Art. 49: departments of governments at county level and above publish theirs before
    31 January; the disclosure authority publishes the government's report before 31 March.
    """
    return ReportDeadlines(
        report_year=today.year - 1,
        departments_due=datetime.date(today.year, 1, 31),
        government_due=datetime.date(today.year, 3, 31),
    )
