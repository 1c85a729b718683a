"""The demo district's 2026 annual report of 区民政局, in draft: its tables come live from the demo
applications and policy documents; the narrative is a start the editor can go on with."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from gongkai.orgs.demo import DEMO_DEPARTMENT
from gongkai.orgs.models import Unit
from gongkai.reports import services
from gongkai.reports.models import AnnualReport

YEAR = 2026
OVERVIEW = (
    "2026年，康巴什区民政局坚持以公开为常态、不公开为例外，认真贯彻落实《中华人民共和国政府信息公开条例》，"
    "围绕社会救助、养老服务、社会事务等重点领域做好政府信息公开工作。\n\n"
    "（一）主动公开。通过区政府门户网站“政府信息公开”专栏主动公开政策文件、社会救助标准、养老服务补贴等信息，"
    "规范性文件与政策解读同步发布。\n\n"
    "（二）依申请公开。依法受理、按期答复政府信息公开申请，规范答复文书，做好补正、征求意见、延期等环节的告知。"
)
PROBLEMS = "一是部分栏目更新不够及时；二是政策解读形式较为单一。下一步将加强栏目巡查，丰富图文、视频等解读形式。"
FIGURES = {"licensing": "36", "penalty": "0", "enforcement": "0", "admin_fees": "0"}


@transaction.atomic
def seed_reports() -> int:
    """Create the draft once; returns how many reports were created."""
    editor = get_user_model().objects.filter(username="editor").first()
    unit = Unit.objects.filter(name=DEMO_DEPARTMENT).first()
    if editor is None or unit is None or AnnualReport.objects.filter(unit=unit, year=YEAR).exists():
        return 0
    if timezone.localdate().year < YEAR or (timezone.localdate().year == YEAR and timezone.localdate().month < 12):
        return 0  # a year's report is written once the year is (nearly) over
    report = services.create_report(editor, unit, YEAR)
    services.edit_sections(editor, report, report.version, overview=OVERVIEW, problems=PROBLEMS)
    services.enter_figures(editor, unit, YEAR, FIGURES)
    return 1
