"""The archive sweep (issue 24, item 4): what was published before the privacy guard existed is
screened with every inspection — bodies, files (unread ones are read), comments and answers as
shown — each finding goes to the unit's and the office's inbox, and a take-down removes the file
from the public site at once."""

from __future__ import annotations

from typing import Any

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.test import Client

from gongkai.publishing import attachments
from gongkai.publishing.models import Attachment, Item, TextState
from gongkai.supervision.inspection import reminders, services
from gongkai.supervision.inspection.models import Finding
from tests.publishing.test_privacy_guard import ID_ROWS, xlsx
from tests.supervision.inspection.conftest import TODAY, Publish, at

pytestmark = pytest.mark.django_db
ID_NUMBER = "150203199001011232"


def _sweep(office: Any) -> list[Finding]:
    with time_machine.travel(at(TODAY), tick=False):
        inspection = services.run_inspection(office, check_links=False)
    return list(inspection.findings.filter(rule="personal_data").order_by("pk"))


def _old_file(item: Item, office: Any) -> Attachment:
    """A list attached and published before files were read (as the upgrade finds them)."""
    found = Attachment(item=item, name="2019年救助名单.xlsx", kind="xlsx", size=1, sha256="0" * 64, uploaded_by=office)
    found.file.save("old.xlsx", ContentFile(xlsx(ID_ROWS)), save=False)
    found.public = True
    found.save()
    return found


def test_the_sweep_reports_old_content_and_reads_old_files(
    publish: Publish, office: Any, editor_a: Any, django_capture_on_commit_callbacks: Any, client: Client
) -> None:
    body = f"<p>张三，身份证号{ID_NUMBER}。咨询电话0477-8581239，康民发〔2026〕8号。</p>"
    item = publish("2019年临时救助对象公示", body=body)
    clean = publish("关于做好2026年政务公开工作的通知")
    old = _old_file(item, office)
    with django_capture_on_commit_callbacks(execute=True):
        first = _sweep(office)
    assert [f.detail for f in first] == [
        "“2019年临时救助对象公示”正文含有个人信息：身份证号1处",
        "“2019年临时救助对象公示”附件“2019年救助名单.xlsx”尚未读取，无法检查其中的个人信息（已安排读取）",
    ]
    assert all(ID_NUMBER not in f.detail for f in first) and first[0].url == f"/xxgk/items/{item.pk}/"
    assert Attachment.objects.get(pk=old.pk).text_state == TextState.READ  # the queued job ran
    second = _sweep(office)
    assert second[1].detail == "“2019年临时救助对象公示”附件“2019年救助名单.xlsx”含有个人信息：身份证号2处"
    assert second[1].target == f"attachment:{old.pk}" and not any(str(clean.pk) in f.url for f in second)
    office_tasks = [t.title for t in reminders.inbox_tasks(office, TODAY) if t.kind == "个人信息"]
    unit_tasks = [t.title for t in reminders.inbox_tasks(editor_a, TODAY)]
    assert len(office_tasks) == 2 and len(unit_tasks) == 2

    attachments.take_down(office, Attachment.objects.get(pk=old.pk), "含有未去标识化的身份证号")
    assert "2019年救助名单.xlsx" not in client.get(f"/xxgk/items/{item.pk}/").content.decode()
    assert [f.detail for f in _sweep(office)] == [first[0].detail]  # the file is gone from the public site
