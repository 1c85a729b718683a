"""Issue 17, point 13: the released documents of a reply — a handler adds them to the application
(content-checked, audited); the applicant who chose to receive the reply online downloads them
from the tracking page after the second check, and no one else ever does."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from gongkai.audit.models import AuditEntry
from gongkai.foi import intake, released
from gongkai.foi.models import Attachment, Request
from gongkai.orgs.models import Role
from tests.foi.test_tracking_view import TRACK, check, handled_case, page
from tests.publishing.fixtures.builders import PDF

pytestmark = pytest.mark.django_db


def file_links(html: str) -> list[str]:
    import re

    return re.findall(r'href="(/xxgk/apply/track/files/\d+/)"', html)


@pytest.fixture
def case(site: Any, handler_a: Any, citizen_app: Callable[..., intake.Application]) -> Request:
    found = handled_case(handler_a, citizen_app)
    released.add(handler_a, found, "低保标准测算说明.pdf", PDF)
    return found


def test_the_applicant_downloads_the_released_file_after_the_check(client: Client, case: Request) -> None:
    assert file_links(page(client, case)) == []  # nothing before the check
    assert check(client, case, case.applicant.phone[-4:]).status_code == 303
    links = file_links(page(client, case))
    assert len(links) == 1
    response = client.get(links[0])
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert "低保标准测算说明.pdf" in response["Content-Disposition"] or "filename*" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert AuditEntry.objects.filter(action="foi.file_released").count() == 1


def test_no_one_else_gets_the_file(
    client: Client, case: Request, handler_a: Any, citizen_app: Callable[..., intake.Application]
) -> None:
    own = Attachment.objects.get(request=case, released=True)
    assert client.get(f"{TRACK}files/{own.pk}/").status_code == 404  # no check passed
    other = handled_case(handler_a, citizen_app)
    assert check(client, other, other.applicant.phone[-4:]).status_code == 303
    assert client.get(f"{TRACK}files/{own.pk}/").status_code == 404  # another application's check
    upload = Attachment.objects.create(request=other, name="身份证.pdf", format="pdf", size=1, sha256="0" * 64)
    assert client.get(f"{TRACK}files/{upload.pk}/").status_code == 404  # the applicant's own upload


def test_a_reply_by_post_offers_no_file(
    client: Client, site: Any, handler_a: Any, citizen_app: Callable[..., intake.Application]
) -> None:
    found = handled_case(handler_a, citizen_app)
    Request.objects.filter(pk=found.pk).update(delivery="post")
    released.add(handler_a, Request.objects.get(pk=found.pk), "说明.pdf", PDF)
    check(client, found, found.applicant.phone[-4:])
    assert file_links(page(client, found)) == []


def test_a_bad_file_is_refused_naming_it_and_keeps_nothing(
    case: Request, handler_a: Any, make_person: Any, unit_b: Any
) -> None:
    handler_b = make_person("handler_b", Role.HANDLER, unit_b)
    with pytest.raises(ValidationError) as refused:
        released.add(handler_a, case, "说明.pdf", b"MZ\x90\x00 not a pdf")
    assert "说明.pdf" in str(refused.value)
    with pytest.raises(PermissionDenied):
        released.add(handler_b, case, "说明.pdf", PDF)  # another unit's handler
    assert Attachment.objects.filter(request=case, released=True).count() == 1


def test_the_handler_adds_and_removes_a_file_in_the_workbench(case: Request, handler_a: Any) -> None:
    client = Client()
    client.force_login(handler_a)
    url = reverse("workbench:request", args=[case.pk])
    assert "随答复提供的政府信息" in client.get(url).content.decode()
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("答复附件.pdf", PDF, content_type="application/pdf")
    response = client.post(reverse("workbench:request_released", args=[case.pk]), {"released": upload})
    assert response.status_code == 302
    assert Attachment.objects.filter(request=case, released=True).count() == 2
    first = Attachment.objects.filter(request=case, released=True).first()
    assert first is not None
    client.post(reverse("workbench:request_released_remove", args=[case.pk, first.pk]))
    assert Attachment.objects.filter(request=case, released=True).count() == 1
    assert AuditEntry.objects.filter(action="foi.file_release_removed").count() == 1
