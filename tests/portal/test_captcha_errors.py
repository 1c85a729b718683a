"""Issue 17, point 16: a wrong CAPTCHA no longer hides the form's other errors until a second
submission. The service's own checks (an ID number's check character, a phone's shape) used to
run only once the form was valid; now every public form with a CAPTCHA reports all at once
(``portal.captcha.ChecksContentToo``)."""

from __future__ import annotations

from typing import Any

import pytest
import time_machine
from django.test import Client

from gongkai.foi.models import Request
from gongkai.orgs.models import Role, SiteProfile, Unit
from gongkai.participation.models import Comment, Inquiry
from tests.participation.conftest import DURING, build_consultation
from tests.portal.captcha_answers import wrong_captcha_of
from tests.portal.test_foi_pages import DESCRIPTION, ID_NUMBER, PERSONAL

pytestmark = pytest.mark.django_db

WRONG_ID = ID_NUMBER[:17] + ("0" if ID_NUMBER[17] != "0" else "1")
CAPTCHA_WRONG = "验证码不正确"


def wrong_captcha(client: Client, url: str) -> dict[str, str]:
    """The form's token with an answer that is not the expected one."""
    return wrong_captcha_of(client.get(url).content.decode())


def errors_of(response: Any) -> str:
    assert response.status_code == 422
    return response.content.decode()


def test_the_application_form_reports_the_id_number_with_a_wrong_captcha(
    client: Client, site: SiteProfile, unit_a: Unit
) -> None:
    data = {
        "unit": str(unit_a.pk),
        "applicant_type": "natural_person",
        **PERSONAL,
        "id_number": WRONG_ID,
        "phone": "12",
        "description": DESCRIPTION,
        "form": "electronic",
        "delivery": "email",
        "email": "",
        **wrong_captcha(client, "/xxgk/apply/"),
    }
    html = errors_of(client.post("/xxgk/apply/", data))
    assert CAPTCHA_WRONG in html
    assert "校验码错误" in html  # the ID number's check character, intake's rule
    assert "联系电话格式不正确" in html
    assert "选择以电子邮件获取信息时，请填写电子邮箱" in html
    assert 'id="id_id_number_error"' in html
    assert not Request.objects.exists()


def test_a_blank_field_is_told_once_not_also_as_malformed(client: Client, site: SiteProfile, unit_a: Unit) -> None:
    data = {"unit": str(unit_a.pk), "applicant_type": "natural_person", **wrong_captcha(client, "/xxgk/apply/")}
    html = errors_of(client.post("/xxgk/apply/", data))
    assert "请填写“姓名或名称”" in html
    assert "请填写申请人姓名或名称" not in html  # intake's own words for the same blank field


def test_the_inquiry_form_reports_the_phone_with_a_wrong_captcha(
    client: Client, site: SiteProfile, unit_a: Unit
) -> None:
    data = {
        "unit": str(unit_a.pk),
        "subject": "办理居住证需要哪些材料",
        "body": "请问办理居住证需要哪些材料？",
        "name": "王淑芬",
        "phone": "abcdefg",
        **wrong_captcha(client, "/hudong/inquiries/"),
    }
    html = errors_of(client.post("/hudong/inquiries/", data))
    assert CAPTCHA_WRONG in html
    assert "“联系电话”格式不正确" in html
    assert not Inquiry.objects.exists()


def test_the_comment_form_reports_the_phone_with_a_wrong_captcha(
    site: SiteProfile, unit_a: Unit, editor_a: Any, reviewer_a: Any, signer_a: Any
) -> None:
    pipeline = {Role.EDITOR: editor_a, Role.REVIEWER: reviewer_a, Role.SIGNER: signer_a}
    consultation = build_consultation(unit_a, pipeline)
    client = Client()
    url = f"/hudong/consultations/{consultation.pk}/"
    with time_machine.travel(DURING, tick=False):
        data = {"name": "张三丰", "phone": "12", "body": "建议第三条增加听证程序。", **wrong_captcha(client, url)}
        html = errors_of(client.post(url, data))
    assert CAPTCHA_WRONG in html
    assert "“联系电话”应为11位手机号码" in html
    assert not Comment.objects.exists()
