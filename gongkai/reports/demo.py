"""The demo district's annual reports: 区民政局's and the district government's of last year
published (their deadlines, 31 January and 31 March, have passed: the 年报 column shows them,
issue 17 point 3), and 区民政局's of this year in draft from December (its tables come live from
the demo applications and policy documents; the narrative is a start the editor can go on with)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from gongkai.actor import Actor
from gongkai.orgs.demo import DEMO_DEPARTMENT
from gongkai.orgs.models import Unit
from gongkai.publishing import workflow
from gongkai.reports import services
from gongkai.reports.models import AnnualReport, Scope

OVERVIEW = (
    "{year}年，康巴什区民政局坚持以公开为常态、不公开为例外，认真贯彻落实《中华人民共和国政府信息公开条例》，"
    "围绕社会救助、养老服务、社会事务等重点领域做好政府信息公开工作。\n\n"
    "（一）主动公开。通过区政府门户网站“政府信息公开”专栏主动公开政策文件、社会救助标准、养老服务补贴等信息，"
    "规范性文件与政策解读同步发布。\n\n"
    "（二）依申请公开。依法受理、按期答复政府信息公开申请，规范答复文书，做好补正、征求意见、延期等环节的告知。"
)
PROBLEMS = "一是部分栏目更新不够及时；二是政策解读形式较为单一。下一步将加强栏目巡查，丰富图文、视频等解读形式。"
FIGURES = {"licensing": "36", "penalty": "0", "enforcement": "0", "admin_fees": "0"}


def _draft(editor: Actor, unit: Unit, year: int) -> AnnualReport:
    report = services.create_report(editor, unit, year)
    services.edit_sections(editor, report, report.version, overview=OVERVIEW.format(year=year), problems=PROBLEMS)
    services.enter_figures(editor, unit, year, FIGURES)
    return report


GOVERNMENT_OVERVIEW = (
    "{year}年，康巴什区坚持以公开为常态、不公开为例外，全面贯彻《中华人民共和国政府信息公开条例》，"
    "统筹推进全区政务公开工作。\n\n"
    "（一）主动公开。依托区政府门户网站“政府信息公开”专栏，按照标准目录公开各部门、各街道的政策文件、"
    "重点领域信息和政策解读。\n\n"
    "（二）依申请公开。各单位依法受理、按期答复政府信息公开申请，区政务公开办公室加强督促指导。"
)


def _publish(report: AnnualReport, author: str = "editor", clearer: str = "office") -> None:
    """The whole path: the author submits, the office clears (another person than the author),
    the unit's signer signs and publishes."""
    users = get_user_model().objects
    writer, office, signer = (users.get(username=name) for name in (author, clearer, "signer"))
    report = services.submit(writer, report)
    report = services.clear(office, report)
    assert report.item is not None  # clear() puts the report into its item
    workflow.perform(signer, report.item.pk, "sign")
    workflow.perform(signer, report.item.pk, "publish")


@transaction.atomic
def seed_reports() -> int:
    """Create last year's reports (区民政局's and the government's), published, and this year's
    draft of 区民政局 (from December) once each; returns how many reports were created."""
    editor = get_user_model().objects.filter(username="editor").first()
    unit = Unit.objects.filter(name=DEMO_DEPARTMENT).first()
    if editor is None or unit is None:
        return 0
    today, created = timezone.localdate(), 0
    last_year = today.year - 1
    if not AnnualReport.objects.filter(unit=unit, year=last_year).exists():
        _publish(_draft(editor, unit, last_year))
        created += 1
    # this year's report is written once the year is (nearly) over
    office = get_user_model().objects.filter(username="office").first()
    if office is not None and not AnnualReport.objects.filter(scope=Scope.GOVERNMENT, year=last_year).exists():
        report = services.create_report(office, unit, last_year, scope=Scope.GOVERNMENT)
        overview = GOVERNMENT_OVERVIEW.format(year=last_year)
        report = services.edit_sections(office, report, report.version, overview=overview, problems=PROBLEMS)
        _publish(report, author="office", clearer="office2")
        created += 1
    if today.month == 12 and not AnnualReport.objects.filter(unit=unit, year=today.year).exists():
        _draft(editor, unit, today.year)
        created += 1
    return created
