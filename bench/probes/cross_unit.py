"""Cross-unit probe (issue 15): every staff persona of one unit against another unit's objects.

Run: ``.venv/bin/python -m bench.probes.cross_unit [--targets 4]`` (or
``.venv/bin/python bench/probes/cross_unit.py``). Exit status 1 when a request got through, 2
when the probe itself is incomplete (a URL or operation it has no row for, or a row whose
control request the office could not make). Figures go to docs/benchmarks.md.

1. A fresh demo district in a temporary data directory (``common.start_demo``).
2. The personas: the demo department's (区民政局) editor, reviewer, signer and handler, and one
   more person holding all four roles there (a small unit's one-person office).
3. For each target unit (by default 区教育局 and 哈巴格希街道; 区财政局 and 区卫健委 with
   ``--targets 4``), a crew of its own and, through the domain services, one object of every
   kind a workbench URL or a staff API operation names: the unit, a person and a membership of
   it, an item with an attachment, a gazette issue with an entry, a policy document with a
   relation and an interpretation, an application with its letter, event, appeal and
   attachment, an annual report, its assessment card, a consultation with a comment, inquiries
   (received, waiting for review, answered), a knowledge entry, a ledger with a task, a progress
   attachment and a notice, new-media accounts in five states, an inspection finding, a failed
   reminder about the unit; and the office's own objects (a site alert, a calendar override,
   the catalogue's entry and domain, the assessment scheme and an indicator, the inspection,
   its column rules and words).
4. Every workbench URL pattern with an object in it (enumerated from the resolver, so a new URL
   without a row here is reported) is requested with GET and with POST (a body that an insider's
   request would act on), and every staff API operation (enumerated from the routers) with its
   method and a well-formed body, by every persona with a session or a bearer token. Each request
   runs in a transaction that is rolled back, so no request changes what the next one sees.
   Refused: 403, 404, 405 (and the API's 401). Anything else got through: 200, 201, 409, 422, a
   500, or a redirect that wrote an audit entry or leads to a page the persona may read.
5. Controls: each row is also requested by the office (who acts for every unit), which must get
   through on at least one method; a row it cannot reach proves nothing and is reported.
6. Lists: every workbench page without an object (with and without ``?unit=`` naming the target)
   and the staff API's lists are read by every persona; the target's objects carry a marker in
   their titles, which must not appear (the office's reads must show it, as a control).
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a file: the checkout's root on the path
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

# The units whose objects are asked for: a department, a street office, two more departments.
TARGET_UNITS = ("康巴什区教育局", "康巴什区哈巴格希街道办事处", "康巴什区财政局", "康巴什区卫生健康委员会")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
REFUSED = frozenset({401, 403, 404, 405})
# Workbench URLs that are not about an object: signing in and out (a probe's GET of logout would
# end the persona's session), and the pages without arguments (read as lists, step 6).
NOT_OBJECTS = frozenset({"workbench:login", "workbench:logout"})
# Staff API operations that name no object of a unit: who am I, the office's imports and runs.
API_NOT_OBJECTS = frozenset({("get", "/me"), ("post", "/units"), ("post", "/tasks/import"), ("post", "/inspections")})

# --- the world: one object of every kind in the target unit -------------------------------------------


_SERIAL = itertools.count(1)  # a world built again in the same database gets new names


def _marker(unit: Any, serial: int) -> str:
    return f"XUNIT{unit.pk:03d}Q{serial}"


class World:
    """One object of every kind in ``target``, made by the target's own crew and the office
    through the domain services; ``ids`` holds what the rows below name (``slot`` → value)."""

    def __init__(self, target: Any, office: Any, home: Any) -> None:
        from django.contrib.auth import get_user_model
        from django.utils import timezone

        from gongkai.orgs.models import Membership, Role

        self.target, self.office, self.today = target, office, timezone.localdate()
        self.serial = next(_SERIAL)
        self.mark = _marker(target, self.serial)
        self.crew: dict[str, Any] = {}
        for role in (Role.EDITOR, Role.REVIEWER, Role.SIGNER, Role.HANDLER):
            name = f"probe_{role}_{target.pk}_{self.serial}"
            user = get_user_model().objects.create_user(username=name, first_name=role)
            Membership.objects.create(user=user, unit=target, role=role)
            self.crew[role] = user
        self.ids: dict[str, Any] = {
            "unit": target.pk,
            "unit_name": target.name,
            "home": home.pk,
            "marker": self.mark,
            "person": self.crew[Role.EDITOR].pk,
            "membership": Membership.objects.get(user=self.crew[Role.EDITOR]).pk,
            "today": self.today.isoformat(),
            "soon": (self.today + dt.timedelta(days=7)).isoformat(),
        }
        self.fields = {"formed_on": self.today, "genre": "notice", "topic": "general"}

    def build(self) -> dict[str, Any]:
        for part in (self.items, self.policies, self.applications, self.reports, self.participation):
            part()
        for part in (self.ledger, self.newmedia, self.office_objects):
            part()
        return self.ids

    def _file(self, name: str) -> str:
        from django.core.files.base import ContentFile
        from django.core.files.storage import default_storage

        return default_storage.save(name, ContentFile(PDF))

    def items(self) -> None:
        from gongkai.gazette import services as gazette
        from gongkai.orgs.models import Role
        from gongkai.publishing import services as items
        from gongkai.publishing.models import Attachment

        item = items.create_item(self.crew[Role.EDITOR], self.target, title=f"跨单位事项{self.mark}", **self.fields)
        stored = self._file(f"attachments/probe-{self.target.pk}-{self.serial}.pdf")
        attachment = Attachment.objects.create(
            item=item, file=stored, name="a.pdf", kind="pdf", size=len(PDF), sha256="0", uploaded_by=self.office
        )
        self.ids |= {"item": item.pk, "item_version": item.version, "attachment": attachment.pk}
        number = 300 - self.serial  # an issue number of the year: at most 366, one per world
        issue = gazette.create_issue(
            self.office, self.target, year=self.today.year, number=number, issue_date=self.today
        )
        self.ids |= {"issue": issue.pk, "entry": gazette.add_entry(self.office, issue, title=f"目录{self.mark}").pk}

    def policies(self) -> None:
        from gongkai.policies import services as policies

        office, target, mark = self.office, self.target, self.mark
        fields = {**self.fields, "genre": "measures"}
        document = policies.create_policy(office, target, {}, title=f"跨单位办法{mark}", normative=True, **fields)
        older = policies.create_policy(office, target, {}, title=f"跨单位旧办法{mark}", **fields)
        self.ids["relation"] = policies.add_relation(office, document, older, "amends").pk
        meta = {"agency": target.name, "person": "赵建国", "phone": "0477-8583210"}
        interpretation = policies.create_interpretation(
            office, target, document, meta, title=f"解读{mark}", **self.fields
        )
        self.ids |= {"policy": document.item.pk, "interpretation": interpretation.item.pk}

    def applications(self) -> None:
        from gongkai.foi import handling, intake
        from gongkai.foi.models import Appeal
        from gongkai.foi.models import Attachment as RequestAttachment

        application = intake.Application(
            applicant_type="natural_person", name=f"申请人{self.mark}", id_number=_valid_id("15060219800101123"),
            phone="13912345678", description=f"跨单位申请{self.mark}", form="electronic", delivery="email",
            email="applicant@example.com", channel="letter", received_on=self.today, unit_id=self.target.pk,
        )  # fmt: skip
        found = intake.register(self.office, application)
        handling.record_event(self.office, found.pk, "correction_requested", self.today, items="写明文号")
        stored = self._file(f"foi/attachments/probe-{self.target.pk}-{self.serial}.pdf")
        attachment = RequestAttachment.objects.create(
            request=found, file=stored, name="id.pdf", format="pdf", size=len(PDF), sha256="0"
        )
        appeal = Appeal.objects.create(request=found, kind="review", filed_on=self.today, body="区人民政府")
        self.ids |= {
            "request": found.pk,
            "letter": found.letters.get().pk,
            "event": found.events.get().pk,
            "appeal": appeal.pk,
            "request_attachment": attachment.pk,
            "letter_fmt": "docx",
        }

    def reports(self) -> None:
        from gongkai.assessment.models import Indicator, Scheme
        from gongkai.reports import services as reports
        from gongkai.reports.models import AnnualReport, Scope

        year = self.today.year - 1
        found = AnnualReport.objects.filter(unit=self.target, year=year, scope=Scope.UNIT).first()
        self.ids["report"] = (found or reports.create_report(self.office, self.target, year)).pk
        self.ids["report_fmt"] = "xlsx"
        scheme = Scheme.objects.order_by("-year").first()
        self.ids["year"] = scheme.year if scheme else self.today.year
        indicator = Indicator.objects.filter(scheme=scheme).order_by("pk").last() if scheme else None
        self.ids["indicator"] = indicator.pk if indicator else 0

    def participation(self) -> None:
        from gongkai.orgs.models import Role
        from gongkai.participation.consultations import demo as consultation_demo
        from gongkai.participation.consultations import services as consultations
        from gongkai.participation.inquiries import services as inquiries
        from gongkai.participation.knowledge import services as knowledge
        from gongkai.participation.models import InquiryUnitSettings

        crew, target, mark = self.crew, self.target, self.mark
        consultation = consultations.create_consultation(
            crew[Role.EDITOR], target, title=f"跨单位征求意见{mark}", body_html="<p>草案</p>",
            opens_on=self.today, closes_on=self.today + dt.timedelta(days=29),
        )  # fmt: skip
        consultation_demo.publish_draft(consultation, {r: crew[r] for r in (Role.EDITOR, Role.REVIEWER, Role.SIGNER)})
        comment = consultations.submit_comment(consultation.pk, name="市民", phone="", body=f"意见{mark}")
        self.ids |= {"consultation": consultation.pk, "comment": comment.pk}

        InquiryUnitSettings.objects.update_or_create(unit=target, defaults={"review_required": True})

        def ask(subject: str) -> Any:
            question = inquiries.Question(
                target.pk, "郝美玲", "13904770123", f"{subject}{mark}", "请问如何办理？", True
            )
            return inquiries.ask(question)

        self.ids["inquiry"] = ask("咨询").pk
        waiting = ask("待审核咨询")
        inquiries.answer(crew[Role.EDITOR], waiting.pk, "<p>答复</p>")
        answered = ask("已答复咨询")
        inquiries.answer(crew[Role.EDITOR], answered.pk, "<p>答复</p>")
        inquiries.review(crew[Role.REVIEWER], answered.pk, approve=True)
        entry = knowledge.create_entry(
            crew[Role.EDITOR], target, question=f"知识库问题{mark}", answer_html="<p>答复</p>"
        )
        self.ids |= {"inquiry_review": waiting.pk, "answered_inquiry": answered.pk, "knowledge": entry.pk}

    def ledger(self) -> None:
        from gongkai.supervision.ledger import services as ledger
        from gongkai.supervision.ledger.models import ProgressAttachment

        office, today = self.office, self.today
        book = ledger.ledger_for_year(office, today.year, title=f"跨单位台账{self.mark}")
        task = ledger.create_task(office, ledger=book, title=f"跨单位任务{self.mark}", unit=self.target, due_on=today)
        progress = ledger.report_progress(
            office, task, on=today, text="进展", attachments=[ledger.Upload("佐证.pdf", PDF)]
        )
        notice = ledger.issue_notice(office, task, unit=self.target, text=f"督办{self.mark}", reply_due_on=today)
        attachment = ProgressAttachment.objects.get(progress=progress)
        self.ids |= {"ledger": book.pk, "task": task.pk, "notice": notice.pk, "task_attachment": attachment.pk}

    def newmedia(self) -> None:
        """Accounts in five states: applied for, approved, filed, operating, under rectification."""
        from gongkai.orgs.models import Role
        from gongkai.supervision.newmedia import lifecycle as lc
        from gongkai.supervision.newmedia import services as newmedia
        from gongkai.supervision.newmedia.models import Platform

        paths: dict[str, list[tuple[str, str]]] = {
            "account_application": [],
            "account_approved": [(lc.APPROVE, "office")],
            "account_filed": [(lc.APPROVE, "office"), (lc.FILE, "office")],
            "account": [(lc.APPROVE, "office"), (lc.FILE, "office"), (lc.START, "unit")],
        }
        paths["account_rectification"] = [*paths["account"], (lc.ORDER_RECTIFICATION, "office")]
        platform = Platform.objects.order_by("pk").first()
        editor = self.crew[Role.EDITOR]
        for n, (slot, steps) in enumerate(paths.items()):
            application = newmedia.Application(
                unit_id=self.target.pk, platform_id=platform.pk if platform else None,
                name=f"跨单位账号{n}{self.mark}", purpose="发布政务信息", account_id=f"probe{self.mark}x{n}",
            )  # fmt: skip
            account = newmedia.apply(editor, application)
            for action, who in steps:
                actor = self.office if who == "office" else editor
                filing = f"BA-{self.target.pk}-{self.serial}-{n}"
                newmedia.transition(actor, account.pk, action, reason="理由", filing_number=filing)
            self.ids[slot] = account.pk

    def office_objects(self) -> None:
        """The inspection's finding about the target, a site alert, a failed reminder about the
        target; and the office's own: a calendar override, the catalogue, column rules, words."""
        from gongkai.catalog.models import CatalogueEntry, Domain
        from gongkai.publishing.models import SiteAlert
        from gongkai.reminders.models import Reminder
        from gongkai.supervision.inspection import services as inspection
        from gongkai.supervision.inspection.models import ColumnRule, Finding, WordEntry
        from gongkai.workbench.views.dashboards import SECTIONS
        from gongkai.workdays.models import DayOverride

        run = inspection.run_inspection(self.office, check_links=False)
        finding = Finding.objects.create(inspection=run, rule="wrong_word", detail=f"问题{self.mark}", unit=self.target)
        self.ids |= {"inspection": run.pk, "finding": finding.pk}
        self.ids["alert"] = SiteAlert.objects.create(text="探针提示").pk
        self.ids["reminder"] = Reminder.objects.create(
            topic="foi", key=f"request:{self.ids['request']}", kind="overdue", on=self.today, unit=self.target,
            recipients=["a@example.gov.cn"], subject=f"【已超期】{self.mark}", state=Reminder.State.FAILED, attempts=5,
        ).pk  # fmt: skip
        override, _created = DayOverride.objects.get_or_create(
            day=dt.date(self.today.year, 12, 31), defaults={"is_working_day": True, "name": "探针调休"}
        )
        first = {
            "override": override,
            "catalog_entry": CatalogueEntry.objects.order_by("pk").first(),
            "catalog_domain": Domain.objects.order_by("pk").first(),
            "column": ColumnRule.objects.order_by("pk").first(),
            "word": WordEntry.objects.order_by("pk").first(),
        }
        self.ids |= {slot: found.pk if found else 0 for slot, found in first.items()}
        self.ids["chart"] = sorted(SECTIONS)


def build_world(target: Any, office: Any, home: Any) -> dict[str, Any]:
    return World(target, office, home).build()


def _valid_id(first17: str) -> str:
    from gongkai.foi.idcard import check_character

    return first17 + check_character(first17)


# --- the rows: what each URL is asked ---------------------------------------------------------------

# url name → cases: (URL arguments: kwarg → slot of the world, POST body; "{slot}" is filled in)
APPEAL = {"kind": "review", "filed_on": "{today}", "body": "区人民政府", "result": "pending"}
WORKBENCH: dict[str, list[tuple[dict[str, str], dict[str, str]]]] = {
    "unit_edit": [({"pk": "unit"}, {"name": "改名{marker}"})],
    "person": [({"pk": "person"}, {"unit": "{home}", "role": "editor"})],
    "person_active": [({"pk": "person"}, {"active": ""})],
    "person_password_reset": [({"pk": "person"}, {})],
    "membership_revoke": [({"pk": "membership"}, {})],
    "calendar_override_remove": [({"pk": "override"}, {})],
    "catalog_entry_edit": [({"pk": "catalog_entry"}, {"first_level": ""})],
    "catalog_domain_edit": [({"pk": "catalog_domain"}, {"name": ""})],
    "item": [({"pk": "item"}, {})],
    "item_edit": [({"pk": "item"}, {"version": "{item_version}", "title": "改标题"})],
    "item_action": [({"pk": "item"}, {"action": "submit", "version": "{item_version}"})],
    "attachment_add": [({"pk": "item"}, {})],
    "attachment_download": [({"pk": "item", "attachment_pk": "attachment"}, {})],
    "attachment_remove": [({"pk": "item", "attachment_pk": "attachment"}, {})],
    "attachment_take_down": [({"pk": "item", "attachment_pk": "attachment"}, {"reason": "含有个人信息"})],
    "attachment_replace": [({"pk": "item", "attachment_pk": "attachment"}, {})],
    "gazette_issue": [({"pk": "issue"}, {})],
    "gazette_edit": [({"pk": "issue"}, {"year": ""})],
    "gazette_pdf": [({"pk": "issue"}, {})],
    "gazette_entry_add": [({"pk": "issue"}, {"title": "新条目"})],
    "gazette_entry_edit": [({"pk": "issue", "entry_pk": "entry"}, {"title": "改条目"})],
    "gazette_entry_remove": [({"pk": "issue", "entry_pk": "entry"}, {})],
    "policy": [({"pk": "policy"}, {})],
    "policy_edit": [({"pk": "policy"}, {"level": "planet"})],
    "policy_relation_add": [({"pk": "policy"}, {})],
    "policy_relation_remove": [({"pk": "policy", "relation_pk": "relation"}, {})],
    "policy_exemption": [({"pk": "policy"}, {"reason": "不涉及"})],
    "interpretation_create": [({"pk": "policy"}, {})],
    "interpretation_edit": [({"pk": "interpretation"}, {})],
    "request": [({"pk": "request"}, {})],
    "request_event": [({"pk": "request"}, {"kind": "correction_received", "correction_received-on": "{today}"})],
    "request_reveal": [({"pk": "request"}, {"purpose": "核对"})],
    "request_letter_delivery": [
        ({"pk": "request", "letter_pk": "letter"}, {"delivered_on": "{today}", "method": "邮寄"})
    ],
    "request_letter": [({"pk": "request", "letter_pk": "letter", "fmt": "letter_fmt"}, {})],
    "request_letter_complete": [({"pk": "request", "event_pk": "event"}, {})],
    "request_appeal": [({"pk": "request"}, APPEAL)],
    "request_appeal_edit": [
        ({"pk": "request", "appeal_pk": "appeal"}, {"appeal{appeal}-" + k: v for k, v in APPEAL.items()})
    ],
    "request_attachment": [({"pk": "request", "attachment_pk": "request_attachment"}, {})],
    "report": [({"pk": "report"}, {})],
    "report_sections": [({"pk": "report"}, {"version": "1", "overview": "总体情况"})],
    "report_figures": [({"pk": "report"}, {"licensing": "3"})],
    "report_action": [({"pk": "report"}, {"action": "submit"})],
    "report_export": [({"pk": "report", "fmt": "report_fmt"}, {})],
    "dashboard_csv": [({"chart": "chart"}, {})],  # with ?unit= the target (a list of charts)
    "assessment_unit": [({"year": "year", "unit": "unit"}, {})],
    "assessment_score": [({"year": "year", "unit": "unit"}, {"indicator": "{indicator}", "score": "8"})],
    "assessment_scheme": [({"year": "year"}, {"indicator": "{indicator}"})],
    "assessment_indicator_add": [({"year": "year"}, {"new-code": ""})],
    "assessment_indicator_remove": [({"year": "year", "pk": "indicator"}, {})],
    "assessment_state": [({"year": "year"}, {"state": "closed"})],
    "assessment_export": [({"year": "year"}, {})],
    "consultation": [({"pk": "consultation"}, {})],
    "consultation_period": [({"pk": "consultation"}, {"opens_on": "{today}", "closes_on": "{soon}"})],
    "consultation_comment": [({"pk": "consultation", "comment_pk": "comment"}, {"action": "hide", "reason": "广告"})],
    "consultation_adoption": [({"pk": "consultation"}, {"summary": "采纳情况"})],
    "consultation_adoption_publish": [({"pk": "consultation"}, {})],
    "inquiry": [({"pk": "inquiry"}, {})],
    "inquiry_answer": [({"pk": "inquiry"}, {"answer-body_html": "答复"})],
    "inquiry_review": [({"pk": "inquiry_review"}, {"review-decision": "approve"})],
    "inquiry_reassign": [({"pk": "inquiry"}, {"reassign-to_unit": "{home}", "reassign-reason": "职责调整"})],
    "inquiry_invalid": [({"pk": "inquiry"}, {"invalid-reason": "spam"})],
    "inquiry_reveal": [({"pk": "inquiry"}, {"purpose": "回访"})],
    "knowledge_entry": [({"pk": "knowledge"}, {})],
    "knowledge_links": [({"pk": "knowledge"}, {"aliases": "x"})],
    "knowledge_promote": [({"inquiry_pk": "answered_inquiry"}, {})],
    "task": [({"pk": "task"}, {})],
    "task_edit": [({"pk": "task"}, {"number": "1", "title": "改过的任务", "units": "{unit_name}", "due": "长期坚持"})],
    "task_progress": [({"pk": "task"}, {"progress-on": "{today}", "progress-text": "进展"})],
    "task_notice": [
        ({"pk": "task"}, {"notice-unit": "{unit}", "notice-text": "请加快", "notice-reply_due_on": "{soon}"})
    ],
    "task_notice_reply": [({"pk": "notice"}, {"reply-reply": "已加快"})],
    "task_attachment": [({"pk": "task_attachment"}, {})],
    "task_ledger": [({"pk": "ledger"}, {})],
    "task_new": [({"pk": "ledger"}, {"title": "新任务", "units": "{unit_name}", "due": "长期坚持"})],
    "newmedia_review": [({"pk": "account"}, {"review-{account}-result": "passed", "review-{account}-year": "2026"})],
    "newmedia_account": [({"pk": "account"}, {})],
    "newmedia_step": [
        ({"pk": "account_application"}, {"action": "approve"}),
        ({"pk": "account_application"}, {"action": "reject", "reject-reason": "不必要"}),
        ({"pk": "account_approved"}, {"action": "file", "file-filing_number": "BA-N{account_approved}"}),
        ({"pk": "account_filed"}, {"action": "start", "start-reason": ""}),
        ({"pk": "account"}, {"action": "order_rectification", "order_rectification-reason": "留言未回复"}),
        ({"pk": "account_rectification"}, {"action": "report_rectified", "report_rectified-reason": "已回复"}),
        ({"pk": "account"}, {"action": "close", "close-reason": "整合"}),
        ({"pk": "account_rectification"}, {"action": "cancel", "cancel-reason": "注销"}),
    ],
    "newmedia_content": [({"pk": "account"}, {"content-on": "{today}"})],
    "newmedia_details": [
        ({"pk": "account"}, {"details-name": "改名", "details-account_id": "new{account}", "details-home_url": ""})
    ],
    "inspection": [({"pk": "inspection"}, {})],
    "inspection_assign": [({"pk": "finding"}, {"unit": "{home}", "due_on": "2099-12-31"})],
    "inspection_column": [({"pk": "column"}, {"name": "动态要闻", "max_age_days": "14", "points": "2"})],
    "inspection_word": [({"pk": "word"}, {"kind": "wrong", "word": "按装", "correct": "安装"})],
    "inspection_word_delete": [({"pk": "word"}, {})],
    "alert_end": [({"pk": "alert"}, {})],
    "reminder_resend": [({"pk": "reminder"}, {})],
}

CITIZEN = {
    "applicant_type": "natural_person", "name": "张三丰", "phone": "13912345678", "address": "某小区8号楼",
    "email": "zhangsanfeng@example.com", "description": "低保标准调整的通知", "form": "electronic",
    "delivery": "email", "channel": "letter",
}  # fmt: skip
ApiBody = Callable[[dict[str, Any]], Any]
# (method, path as the router spells it, URL arguments: parameter → slot, body)
API: list[tuple[str, str, dict[str, str], ApiBody | None]] = [
    ("get", "/items/{item_id}", {"item_id": "item"}, None),
    ("patch", "/items/{item_id}", {"item_id": "item"}, lambda w: {"version": w["item_version"], "title": "新"}),
    ("post", "/items/{item_id}/actions", {"item_id": "item"}, lambda w: {"action": "submit"}),
    (
        "post", "/items", {},
        lambda w: {"unit_id": w["unit"], "title": "t", "formed_on": w["today"], "genre": "notice", "topic": "general"},
    ),
    ("post", "/requests", {}, lambda w: {**CITIZEN, "id_number": _valid_id("15060219800101123"), "unit_id": w["unit"],
                                         "received_on": w["today"]}),
    ("get", "/requests/{request_id}", {"request_id": "request"}, None),
    ("post", "/requests/{request_id}/events", {"request_id": "request"},
     lambda w: {"kind": "correction_received", "on": w["today"]}),
    ("get", "/requests/{request_id}/applicant", {"request_id": "request"}, None),
    ("get", "/requests/{request_id}/letters/{letter_id}/{fmt}", {"request_id": "request", "letter_id": "letter",
                                                                 "fmt": "letter_fmt"}, None),
    ("post", "/requests/{request_id}/letters/{letter_id}/delivery", {"request_id": "request", "letter_id": "letter"},
     lambda w: {"delivered_on": w["today"], "method": "邮寄"}),
    ("post", "/requests/{request_id}/events/{event_id}/letter", {"request_id": "request", "event_id": "event"},
     lambda w: {"reasons": "x"}),
    ("post", "/requests/{request_id}/appeals", {"request_id": "request"},
     lambda w: {"kind": "review", "filed_on": w["today"], "body": "区人民政府", "result": "pending"}),
    ("put", "/requests/{request_id}/appeals/{appeal_id}", {"request_id": "request", "appeal_id": "appeal"},
     lambda w: {"kind": "review", "filed_on": w["today"], "body": "区人民政府", "result": "upheld",
                "decided_on": w["today"]}),
    ("post", "/consultations/{consultation_id}/adoption", {"consultation_id": "consultation"},
     lambda w: {"summary": "采纳情况", "decisions": []}),
    ("post", "/inquiries/{inquiry_id}/answer", {"inquiry_id": "inquiry"}, lambda w: {"body_html": "<p>答复</p>"}),
    ("post", "/tasks/{task_id}/progress", {"task_id": "task"}, lambda w: {"on": w["today"], "text": "进展"}),
    ("post", "/newmedia/accounts/{account_id}/content", {"account_id": "account"}, lambda w: {"on": w["today"]}),
    ("get", "/inspections/{inspection_id}", {"inspection_id": "inspection"}, None),
]  # fmt: skip
# Staff API lists, read for the marker (``{slot}`` filled in), and their operations.
API_LIST_OPERATIONS = frozenset(
    {("get", "/requests"), ("get", "/tasks"), ("get", "/tasks/export"), ("get", "/newmedia/accounts"),
     ("get", "/inspections")}
)  # fmt: skip
API_LISTS = [
    "/me",
    "/requests?status=all",
    "/requests?status=all&unit_id={unit}",
    "/tasks",
    "/tasks?unit_id={unit}",
    "/tasks/export?unit_id={unit}",
    "/newmedia/accounts",
    "/inspections",
]


# --- asking ---------------------------------------------------------------------------------------


@dataclass
class Answer:
    who: str
    method: str
    url: str
    status: int
    audited: int = 0  # audit entries the request wrote
    location: str = ""
    through: bool = False
    note: str = ""

    def line(self) -> str:
        extra = f" → {self.location}" if self.location else ""
        audit = f", wrote {self.audited} audit entries" if self.audited else ""
        return f"{self.who:9} {self.method.upper():6} {self.url}  {self.status}{extra}{audit} {self.note}".rstrip()


@dataclass
class Result:
    personas: list[str]
    targets: list[str]
    answers: list[Answer] = field(default_factory=list)
    controls: list[Answer] = field(default_factory=list)
    dead_rows: list[str] = field(default_factory=list)
    uncovered: list[str] = field(default_factory=list)
    urls: int = 0  # workbench URL names with an object, asked
    operations: int = 0  # staff API operations with an object, asked
    list_reads: int = 0
    list_leaks: list[Answer] = field(default_factory=list)
    control_list_hits: int = 0
    seconds: float = 0.0

    @property
    def through(self) -> list[Answer]:
        return [a for a in self.answers if a.through]


def _fill(template: Any, ids: dict[str, Any]) -> Any:
    if isinstance(template, str):
        return template.format(**ids)
    if isinstance(template, dict):
        return {_fill(k, ids): _fill(v, ids) for k, v in template.items()}
    return template


def _ask(client: Any, method: str, url: str, data: Any = None, *, api_headers: dict[str, str] | None = None) -> Any:
    """One request in a transaction that is rolled back; returns the response and how many audit
    entries it wrote."""
    from django.db import transaction

    from gongkai.audit.models import AuditEntry

    with transaction.atomic():
        before = AuditEntry.objects.count()
        if api_headers is not None:
            if method == "get":
                response = client.get(url, headers=api_headers)
            else:
                body = json.dumps(data or {})
                response = getattr(client, method)(url, body, content_type="application/json", headers=api_headers)
        elif method == "get":
            response = client.get(url)
        else:
            response = client.post(url, data or {})
        written = AuditEntry.objects.count() - before
        follow = None
        if response.status_code in (301, 302, 303) and not written:
            follow = client.get(response["Location"]).status_code
        transaction.set_rollback(True)
    return response, written, follow


def _judge(answer: Answer, follow: int | None) -> None:
    from django.urls import reverse

    if answer.status in REFUSED:
        return
    if answer.status in (301, 302, 303):
        if answer.location.startswith(reverse("workbench:login")):
            return
        if not answer.audited and follow in REFUSED:
            answer.note = f"(a redirect to a page answering {follow}; nothing written)"
            return
        if follow is not None:
            answer.note = f"(the page it leads to answers {follow})"
    answer.through = True


def workbench_patterns() -> dict[str, list[str]]:
    """Every workbench URL name → its arguments, from the resolver."""
    from django.urls import URLPattern, URLResolver, get_resolver

    found: dict[str, list[str]] = {}

    def walk(resolver: URLResolver, namespace: str) -> None:
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern, f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                found[f"{namespace}{pattern.name}"] = list(pattern.pattern.converters)

    walk(get_resolver(), "")
    return {name: args for name, args in found.items() if name.startswith("workbench:")}


def api_operations() -> set[tuple[str, str]]:
    """Every staff (bearer) operation of /api/v1: (method, path)."""
    from gongkai.api.api import api

    found = set()
    for _prefix, router in api._routers:
        for path, view in router.path_operations.items():
            for operation in view.operations:
                if operation.auth_callbacks:
                    found |= {(method.lower(), path) for method in operation.methods}
    return found


def personas(home: Any) -> dict[str, Any]:
    """The demo department's people, and one person with all four roles there (the office's
    people act for every unit: they are the controls, not personas)."""
    from django.contrib.auth import get_user_model

    from bench.probes import common
    from gongkai.orgs import demo
    from gongkai.orgs.models import Membership, Role

    office = {name for name, (role, _unit, _full) in demo.USERS.items() if role == Role.OFFICE}
    people = {name: user for name, user in common.demo_people().items() if name not in office}
    everything, _created = get_user_model().objects.get_or_create(username="probe_all_roles")
    for role in (Role.EDITOR, Role.REVIEWER, Role.SIGNER, Role.HANDLER):
        Membership.objects.get_or_create(user=everything, unit=home, role=role)
    people["all roles"] = everything
    return people


def run(*, targets: int = 1, only: set[str] | None = None) -> Result:
    """Needs Django set up and the demo seeded. ``only``: the workbench URL names and API paths to
    ask (the smoke test's small scale); every one otherwise."""
    from django.test import Client
    from django.urls import reverse

    from bench.probes import common
    from gongkai.api import tokens
    from gongkai.orgs.models import Unit

    started = time.perf_counter()
    common.quiet_mail()
    home = common.demo_unit()
    office = common.demo_people()["office"]
    people = personas(home)
    units = [Unit.objects.get(name=name) for name in TARGET_UNITS[:targets]]
    result = Result(list(people), [u.name for u in units])

    patterns = workbench_patterns()
    object_patterns = {n: args for n, args in patterns.items() if args and n not in NOT_OBJECTS}
    list_patterns = [n for n, args in patterns.items() if not args and n not in NOT_OBJECTS]
    result.uncovered = sorted(n for n in object_patterns if n.removeprefix("workbench:") not in WORKBENCH)
    asked = {(row[0], row[1]) for row in API} | API_LIST_OPERATIONS | API_NOT_OBJECTS
    result.uncovered += sorted(f"API {m.upper()} {p}" for m, p in api_operations() - asked)

    clients = {name: common.logged_in(user) for name, user in people.items()}
    clients["office"] = common.logged_in(office)
    tokens_for = {name: {"Authorization": f"Bearer {tokens.issue(user)}"} for name, user in people.items()}
    tokens_for["office"] = {"Authorization": f"Bearer {tokens.issue(office)}"}
    api_client = Client()

    for unit in units:
        ids = build_world(unit, office, home)
        cases = _workbench_cases(ids, only, set(patterns))
        result.urls = sum(1 for n in WORKBENCH if f"workbench:{n}" in patterns and (only is None or n in only))
        result.operations = sum(1 for m, p, _a, _b in API if only is None or p in only)
        api_cases = [
            (m, "/api/v1" + p.format(**{k: ids[s] for k, s in args.items()}), body(ids) if body else None)
            for m, p, args, body in API
            if only is None or p in only
        ]
        for who in [*people, "office"]:
            into = result.controls if who == "office" else result.answers
            for method, url, data in cases:
                response, written, follow = _ask(clients[who], method, url, data)
                answer = Answer(who, method, url, response.status_code, written, response.get("Location", ""))
                _judge(answer, follow)
                into.append(answer)
            for method, url, body in api_cases:
                response, written, follow = _ask(api_client, method, url, body, api_headers=tokens_for[who])
                answer = Answer(who, method, url, response.status_code, written)
                _judge(answer, follow)
                into.append(answer)
        reached = {_row(a.url) for a in result.controls if a.through}
        result.dead_rows += [row for row in {_row(a.url) for a in result.controls} if row not in reached]
        _lists(result, clients, tokens_for, api_client, ids, list_patterns, only, reverse)
    result.dead_rows = sorted(set(result.dead_rows))
    result.seconds = time.perf_counter() - started
    return result


def _row(url: str) -> str:
    """A URL's row: its path with the numbers taken out."""
    import re

    return re.sub(r"/\d+", "/<n>", url.split("?", 1)[0])


def _workbench_cases(
    ids: dict[str, Any], only: set[str] | None, known: set[str]
) -> list[tuple[str, str, dict[str, Any] | None]]:
    """GET once per URL and POST once per body, for the rows whose URL this version has."""
    from django.urls import reverse

    cases: list[tuple[str, str, dict[str, Any] | None]] = []
    for name, rows in WORKBENCH.items():
        if (only is not None and name not in only) or f"workbench:{name}" not in known:
            continue
        seen_get: set[str] = set()
        for args, data in rows:
            values = {k: ids[slot] for k, slot in args.items()}
            lists = [k for k, v in values.items() if isinstance(v, list)]
            expanded = [values] if not lists else [{**values, lists[0]: v} for v in values[lists[0]]]
            for kwargs in expanded:
                url = reverse(f"workbench:{name}", kwargs=kwargs)
                if name == "dashboard_csv":
                    url += f"?unit={ids['unit']}"
                if url not in seen_get:
                    seen_get.add(url)
                    cases.append(("get", url, None))
                cases.append(("post", url, _fill(data, ids)))
    return cases


def _lists(
    result: Result,
    clients: dict[str, Any],
    tokens_for: dict[str, dict[str, str]],
    api_client: Any,
    ids: dict[str, Any],
    list_patterns: list[str],
    only: set[str] | None,
    reverse: Callable[..., str],
) -> None:
    """Pages without an object, and the API's lists: the target's marker must not show."""
    urls = []
    for name in list_patterns:
        if only is not None and name.removeprefix("workbench:") not in only:
            continue
        url = reverse(name)
        urls += [url, f"{url}?unit={ids['unit']}"]
    api_urls = [] if only is not None else ["/api/v1" + u.format(**ids) for u in API_LISTS]
    marker = ids["marker"].encode()
    for who in [*clients]:
        for url in urls:
            response = clients[who].get(url)
            _listed(result, who, "get", url, response, marker)
        for url in api_urls:
            response = api_client.get(url, headers=tokens_for[who])
            _listed(result, who, "get", url, response, marker)


def _listed(result: Result, who: str, method: str, url: str, response: Any, marker: bytes) -> None:
    body = response.content if not getattr(response, "streaming", False) else b"".join(response)
    shown = marker in body or marker in json.dumps(_safe_json(body), ensure_ascii=False).encode()
    if who == "office":
        result.control_list_hits += int(shown)
        return
    result.list_reads += 1
    if shown:
        result.list_leaks.append(Answer(who, method, url, response.status_code, note="(shows the target's marker)"))


def _safe_json(body: bytes) -> Any:
    try:
        return json.loads(body)
    except ValueError:
        return None


def report(result: Result) -> list[str]:
    statuses = Counter(a.status for a in result.answers)
    through = result.through
    lines = [
        f"personas: {', '.join(result.personas)} (区民政局); objects of: {', '.join(result.targets)}",
        f"workbench URLs with an object: {result.urls}; staff API operations: {result.operations}",
        f"requests naming another unit's object: {len(result.answers)} "
        f"(workbench {sum(1 for a in result.answers if not a.url.startswith('/api/'))}, "
        f"API {sum(1 for a in result.answers if a.url.startswith('/api/'))}); answers: "
        + ", ".join(f"{s}: {n}" for s, n in sorted(statuses.items())),
        f"list reads: {result.list_reads} (the target's marker shown to the office in {result.control_list_hits} "
        f"of its own reads, as a control)",
        f"controls (the office, same requests): {len(result.controls)}, "
        f"{sum(1 for a in result.controls if a.through)} got through; rows it could not reach: "
        + (", ".join(result.dead_rows) or "none"),
    ]
    if result.uncovered:
        lines.append("NOT COVERED (no row in the probe): " + ", ".join(result.uncovered))
    if through or result.list_leaks:
        lines.append(f"GOT THROUGH: {len(through)} requests, {len(result.list_leaks)} list reads")
        lines += [f"  {a.line()}" for a in [*through, *result.list_leaks]]
    else:
        lines.append("got through: none")
    lines.append(f"in {result.seconds:.1f} s")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument(
        "--targets", type=int, default=2, help=f"other units to build objects in (≤ {len(TARGET_UNITS)})"
    )
    args = parser.parse_args()
    if not 1 <= args.targets <= len(TARGET_UNITS):
        parser.error(f"--targets: 1 to {len(TARGET_UNITS)}")
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="gongkai-xunit-") as tmp:
        from bench.probes import common

        setup = common.start_demo(tmp)
        result = run(targets=args.targets)
        print(f"Cross-unit probe · fresh demo district (set up in {setup:.1f} s) · {common.machine()}")
        for line in report(result):
            print(line)
        print(f"total {time.perf_counter() - started:.1f} s")
    if result.through or result.list_leaks:
        sys.exit(1)
    sys.exit(2 if result.uncovered or result.dead_rows else 0)


if __name__ == "__main__":
    main()
