"""依申请公开, the public side: a citizen applies online, gets a receipt, tracks the application.

The CAPTCHA is answered the way a test can: the expected answer is derived from the token in the
rendered form and the secret key (tests/portal/captcha_answers.py).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from gongkai.foi import idcard
from gongkai.foi.models import Applicant, Attachment, Request
from gongkai.orgs import creditcode
from gongkai.orgs.models import SiteProfile, Unit
from tests.portal.captcha_answers import captcha_of
from tests.publishing.fixtures.builders import PDF

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 12, 1, 1, 0, tzinfo=dt.UTC)  # 2026-12-01 09:00 in Asia/Shanghai
APPLY = "/xxgk/apply/"
TRACK = "/xxgk/apply/track/"
ID_NUMBER = idcard.make("15060219800101123")
PERSONAL = {
    "name": "王淑芬",
    "id_number": ID_NUMBER,
    "phone": "13912345678",
    "email": "wangshufen@example.com",
    "address": "康巴什区青春山街道某小区8号楼",
    "postcode": "017010",
}
DESCRIPTION = "2026年城乡居民最低生活保障标准调整的通知及测算依据"


@pytest.fixture
def frozen() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def portal(site: SiteProfile, unit_a: Unit, unit_b: Unit) -> SiteProfile:
    site.postcode = "017010"
    site.fax = "0477-7654321"
    site.save()
    return site


def html_of(response: Any) -> str:
    return response.content.decode()


@pytest.fixture
def filled(client: Client, portal: SiteProfile, unit_a: Unit) -> Callable[..., dict[str, Any]]:
    """A complete application as a citizen fills it, with a fresh CAPTCHA answered."""

    def make(**changes: Any) -> dict[str, Any]:
        data: dict[str, Any] = {
            "unit": str(unit_a.pk),
            "applicant_type": "natural_person",
            **PERSONAL,
            "contact_person": "",
            "description": DESCRIPTION,
            "doc_number": "康民发〔2026〕12号",
            "form": "electronic",
            "delivery": "email",
            **captcha_of(html_of(client.get(APPLY))),
        }
        return {**data, **changes}

    return make


def submit(client: Client, data: dict[str, Any]) -> Any:
    return client.post(APPLY, data)


def test_form_renders_every_field_grouped_and_labelled(client: Client, portal: SiteProfile, unit_a: Unit) -> None:
    response = client.get(APPLY)
    assert response.status_code == 200
    html = html_of(response)
    assert "<h1>政府信息公开申请</h1>" in html
    assert 'enctype="multipart/form-data"' in html
    assert "csrfmiddlewaretoken" in html
    for name in [
        "unit", "applicant_type", "name", "id_number", "contact_person", "phone", "email", "address",
        "postcode", "description", "doc_number", "form", "delivery", "attachments", "captcha_1",
    ]:  # fmt: skip
        assert f'name="{name}"' in html, name
    for label in ["申请的机关", "申请人类型", "姓名或名称", "证件号码", "联系人", "联系电话", "电子邮箱", "通信地址"]:
        assert label in html, label
    assert "所需政府信息的名称、文号或者便于查询的其他特征性描述" in html
    assert "自然人填写居民身份证号码，法人或其他组织填写统一社会信用代码" in html
    assert html.count("<fieldset") >= 8  # six sections plus the two radio groups
    assert '<optgroup label="法人或其他组织">' in html
    for kind in ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]:
        assert kind in html
    for choice in ["纸质", "电子", "现场查阅", "邮寄", "电子邮件", "自行领取", "网上获取"]:
        assert choice in html
    assert 'type="radio" name="form"' in html
    assert 'type="file" name="attachments" multiple' in html


def test_the_government_comes_first_and_is_preselected(client: Client, portal: SiteProfile, unit_a: Unit) -> None:
    html = html_of(client.get(APPLY))
    options = re.findall(r'<option value="(\d+)"( selected)?>([^<]+)</option>', html)
    assert options[0] == (str(portal.government.pk), " selected", "测试区人民政府")
    assert (str(unit_a.pk), "", "测试区民政局") in options


def test_the_captcha_has_chinese_alt_text_and_a_label_on_its_answer(client: Client, portal: SiteProfile) -> None:
    html = html_of(client.get(APPLY))
    assert 'alt="验证码图片"' in html
    assert '<label for="id_captcha_1">验证码</label>' in html
    assert 'id="id_captcha_1"' in html
    assert 'aria-describedby="id_captcha_helptext"' in html
    assert 'name="captcha_refresh"' in html
    # The primary button comes first: Enter submits the application, not "换一张".
    assert html.index("提交申请</button>") < html.index('name="captcha_refresh"')


def test_the_captcha_image_is_served(client: Client, portal: SiteProfile) -> None:
    key = captcha_of(html_of(client.get(APPLY)))["captcha_0"]
    assert reverse("portal:captcha_image", args=[key]) == f"/captcha/{key}/"
    response = client.get(f"/captcha/{key}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"


def test_the_form_says_what_happens_next_and_how_else_to_apply(client: Client, portal: SiteProfile) -> None:
    html = html_of(client.get(APPLY))
    assert "以提交之日为收到申请之日" in html  # Art. 31
    assert "20个工作日内答复" in html  # Art. 33
    assert "个人信息仅用于办理本申请" in html
    for value in [portal.address, portal.postcode, portal.office_name, portal.phone, portal.fax]:
        assert value in html, value
    assert f'href="{TRACK}"' in html
    assert 'href="/xxgk/guide/#apply"' in html


def test_the_form_has_no_inline_script_or_style(client: Client, portal: SiteProfile) -> None:
    html = html_of(client.get(APPLY))
    assert "<script" not in html
    assert "<style" not in html
    assert not re.search(r"\sstyle\s*=", html)


def test_a_valid_application_is_registered_online_and_redirects_to_the_receipt(
    client: Client, frozen: None, filled: Callable[..., dict[str, Any]], unit_a: Unit
) -> None:
    response = submit(client, filled())
    request_obj = Request.objects.get()
    assert response.status_code == 303
    assert response["Location"] == f"/xxgk/apply/receipt/{request_obj.tracking_code}/"
    assert request_obj.channel == "online"
    assert request_obj.unit == unit_a
    assert request_obj.received_on == dt.date(2026, 12, 1)  # Art. 31: the day submitted
    assert request_obj.due_on == dt.date(2026, 12, 29)  # Art. 33: 20 working days
    assert request_obj.description == DESCRIPTION
    applicant = Applicant.objects.get(request=request_obj)
    assert (applicant.name, applicant.id_number, applicant.email) == (PERSONAL["name"], ID_NUMBER, PERSONAL["email"])


def test_an_organisation_applies_with_its_credit_code_and_contact_person(
    client: Client, frozen: None, filled: Callable[..., dict[str, Any]]
) -> None:
    code = creditcode.make("91", "150603", "MA000077")
    response = submit(
        client, filled(applicant_type="legal_service", name="某律师事务所", id_number=code, contact_person="李律师")
    )
    assert response.status_code == 303
    applicant = Applicant.objects.get()
    assert (applicant.id_number, applicant.contact_person) == (code, "李律师")
    assert Request.objects.get().applicant_type == "legal_service"


def test_an_allowed_attachment_is_kept_with_the_application(
    client: Client, frozen: None, filled: Callable[..., dict[str, Any]]
) -> None:
    upload = SimpleUploadedFile("身份证明.pdf", PDF, content_type="application/pdf")
    response = submit(client, filled(attachments=[upload]))
    assert response.status_code == 303
    attachment = Attachment.objects.get()
    assert (attachment.name, attachment.format) == ("身份证明.pdf", "pdf")


def test_the_receipt_shows_code_and_dates_and_no_personal_data(
    client: Client, frozen: None, filled: Callable[..., dict[str, Any]]
) -> None:
    response = client.get(submit(client, filled())["Location"])
    assert response.status_code == 200
    html = html_of(response)
    request_obj = Request.objects.get()
    assert "申请已提交" in html
    assert f'<p class="foi-code">{request_obj.tracking_code}</p>' in html
    assert "测试区民政局" in html  # the receiving organ
    assert '<time datetime="2026-12-01">2026年12月1日</time>' in html
    assert '<time datetime="2026-12-29">2026年12月29日</time>' in html
    assert "已登记" in html
    assert f'href="{TRACK}?code={request_obj.tracking_code}"' in html
    for secret in [*PERSONAL.values(), DESCRIPTION, "康民发〔2026〕12号"]:
        assert secret not in html, secret
    assert response["Cache-Control"].startswith("max-age=0")
    assert "noindex" in html


def test_the_receipt_never_makes_up_a_due_date_when_the_calendar_is_missing(
    client: Client, frozen: None, filled: Callable[..., dict[str, Any]]
) -> None:
    submit(client, filled())
    request_obj = Request.objects.get()
    Request.objects.filter(pk=request_obj.pk).update(due_on=None, due_problem="缺少2027年工作日历，无法计算期限。")
    html = html_of(client.get(f"/xxgk/apply/receipt/{request_obj.tracking_code}/"))
    assert "答复期限暂未确定" in html
    assert "工作日历" in html
    assert "2026-12-29" not in html
    assert "请公开办录入" not in html  # the staff wording stays in the workbench


def test_an_unknown_receipt_is_not_found(client: Client, portal: SiteProfile) -> None:
    assert client.get("/xxgk/apply/receipt/YSQ-2026-AAAA-BBBB/").status_code == 404


def test_a_wrong_check_digit_is_shown_next_to_the_id_number_and_keeps_what_was_typed(
    client: Client, frozen: None, filled: Callable[..., dict[str, Any]]
) -> None:
    wrong = ID_NUMBER[:17] + ("0" if ID_NUMBER[17] != "0" else "1")
    response = submit(client, filled(id_number=wrong))
    assert response.status_code == 422
    html = html_of(response)
    assert not Request.objects.exists()
    error = re.search(r'<p class="error" id="id_id_number_error">(.*?)</p>', html)
    assert error and "校验码错误" in error.group(1)
    assert 'aria-describedby="id_id_number_helptext id_id_number_error"' in html
    assert 'aria-invalid="true"' in html
    assert html.index('id="id_id_number_error"') < html.index('name="id_number"') < html.index('name="phone"')
    for value in [PERSONAL["name"], PERSONAL["phone"], PERSONAL["email"], PERSONAL["address"]]:
        assert f'value="{value}"' in html, value
    assert f'value="{wrong}"' in html  # back into its own input, and nowhere else
    assert html.count(wrong) == 1
    assert DESCRIPTION in html
    assert re.search(r'type="radio" name="delivery" value="email"[^>]*checked', html)
    assert 'name="captcha_1" value=""' not in html and 'name="captcha_1"' in html
    assert "验证码需要重新输入" in html
    assert "<title>错误：" in html


def test_an_intake_refusal_lands_on_the_field_it_names(
    client: Client, frozen: None, filled: Callable[..., dict[str, Any]]
) -> None:
    response = submit(client, filled(email="", delivery="email"))
    assert response.status_code == 422
    assert re.search(r'id="id_email_error">.*选择以电子邮件获取信息时，请填写电子邮箱', html_of(response))
    assert not Request.objects.exists()


def test_a_missing_answer_is_named(client: Client, frozen: None, filled: Callable[..., dict[str, Any]]) -> None:
    response = submit(client, filled(description="", form=""))
    html = html_of(response)
    assert response.status_code == 422
    assert "请填写“所需政府信息的名称、文号或者便于查询的其他特征性描述”" in html
    assert "请选择“获取信息的形式”" in html
    assert 'href="#id_form_0"' in html  # the error summary links to the first radio button


def test_a_bad_captcha_is_refused(client: Client, frozen: None, filled: Callable[..., dict[str, Any]]) -> None:
    data = filled()
    response = submit(client, {**data, "captcha_1": "0000"})
    assert response.status_code == 422
    assert re.search(r'id="id_captcha_error">.*验证码不正确', html_of(response))
    assert not Request.objects.exists()
    # A CAPTCHA is single-use: the right answer after a wrong one is refused too.
    assert submit(client, data).status_code == 422
    assert not Request.objects.exists()


def test_a_new_captcha_keeps_what_was_typed(client: Client, portal: SiteProfile, filled: Callable[..., Any]) -> None:
    data = filled(captcha_refresh="1", captcha_1="")
    response = submit(client, data)
    assert response.status_code == 200
    html = html_of(response)
    assert f'value="{PERSONAL["name"]}"' in html
    assert DESCRIPTION in html
    assert captcha_of(html)["captcha_0"] != data["captcha_0"]
    assert "已换一张验证码" in html
    assert 'class="error"' not in html
    assert not Request.objects.exists()


def test_too_many_applications_from_one_address_are_refused(
    client: Client, settings: Any, frozen: None, filled: Callable[..., dict[str, Any]]
) -> None:
    settings.GONGKAI_RATE_LIMITS = {"foi_apply": (1, 3600)}
    assert submit(client, filled()).status_code == 303
    response = submit(client, filled())
    assert response.status_code == 429
    html = html_of(response)
    assert "提交申请过于频繁" in html
    assert f'value="{PERSONAL["name"]}"' in html
    assert response["Retry-After"] == "3600"
    assert Request.objects.count() == 1


def test_a_disallowed_attachment_is_refused_by_name(
    client: Client, frozen: None, filled: Callable[..., dict[str, Any]]
) -> None:
    exe = SimpleUploadedFile("身份证扫描件.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + bytes(200), "application/pdf")
    response = submit(client, filled(attachments=[exe]))
    assert response.status_code == 422
    error = re.search(r'<p class="error" id="id_attachments_error">(.*?)</p>', html_of(response))
    assert error and "身份证扫描件.pdf" in error.group(1)
    assert not Request.objects.exists()
    assert not Applicant.objects.exists()
    assert not Attachment.objects.exists()


def test_a_pdf_with_a_script_is_refused_and_nothing_is_kept(
    client: Client, frozen: None, filled: Callable[..., dict[str, Any]]
) -> None:
    script = b"%PDF-1.7\n1 0 obj << /Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >> endobj\n"
    upload = SimpleUploadedFile("身份证明.pdf", script, "application/pdf")
    response = submit(client, filled(attachments=[upload]))
    assert response.status_code == 422
    error = re.search(r'<p class="error" id="id_attachments_error">(.*?)</p>', html_of(response))
    assert error and "身份证明.pdf" in error.group(1) and "脚本" in error.group(1)
    assert not Request.objects.exists() and not Attachment.objects.exists()


def test_more_than_five_attachments_are_refused(
    client: Client, frozen: None, filled: Callable[..., dict[str, Any]]
) -> None:
    uploads = [SimpleUploadedFile(f"证明{n}.pdf", PDF, "application/pdf") for n in range(6)]
    response = submit(client, filled(attachments=uploads))
    assert response.status_code == 422
    assert re.search(r'id="id_attachments_error">.*最多上传5个附件', html_of(response))
    assert not Request.objects.exists()


def test_personal_data_never_reaches_the_log(
    client: Client, frozen: None, filled: Callable[..., dict[str, Any]], caplog: Any
) -> None:
    caplog.set_level(logging.DEBUG)
    wrong = ID_NUMBER[:17] + ("0" if ID_NUMBER[17] != "0" else "1")
    submit(client, filled(id_number=wrong))
    submit(client, filled())
    logged = "\n".join(f"{record.getMessage()} {record.__dict__}" for record in caplog.records)
    assert caplog.records
    for secret in [ID_NUMBER, wrong, PERSONAL["name"], PERSONAL["phone"], PERSONAL["email"]]:
        assert secret not in logged


@pytest.fixture
def registered(client: Client, frozen: None, filled: Callable[..., dict[str, Any]]) -> Request:
    submit(client, filled())
    return Request.objects.get()


def test_tracking_by_code_shows_state_and_dates_only(client: Client, registered: Request) -> None:
    typed = " " + registered.tracking_code.lower().replace("-", " ") + " "
    response = client.get(TRACK, {"code": typed})
    assert response.status_code == 200
    html = html_of(response)
    assert "已登记" in html
    assert "您的申请已经登记" in html  # the state in plain words
    assert '<time datetime="2026-12-01">' in html
    assert '<time datetime="2026-12-29">' in html
    assert registered.tracking_code in html
    # Issue 17, point 13: the request as submitted is shown (unit, description, 文号), the
    # applicant's personal data never (tests/foi/test_tracking_view.py).
    for secret in PERSONAL.values():
        assert secret not in html, secret
    assert "<script" not in html


def test_tracking_explains_a_stopped_clock(client: Client, registered: Request) -> None:
    Request.objects.filter(pk=registered.pk).update(state="consulting", due_on=None)
    html = html_of(client.get(TRACK, {"code": registered.tracking_code}))
    assert "征求意见中" in html
    assert "不计入答复期限" in html
    assert "期限暂停计算" in html


def test_tracking_a_replied_application_shows_the_reply_date(client: Client, registered: Request) -> None:
    Request.objects.filter(pk=registered.pk).update(
        state="replied", replied_on=dt.date(2026, 12, 10), outcome_on=dt.date(2026, 12, 10), outcome="disclosed"
    )
    html = html_of(client.get(TRACK, {"code": registered.tracking_code}))
    assert "已答复" in html
    assert '<time datetime="2026-12-10">' in html
    assert "予以公开" not in html  # the outcome is the applicant's, in the reply letter


@pytest.mark.parametrize("typed", ["YSQ-2026-AAAA-BBBB", "not a code"])
def test_an_unknown_code_is_not_found(client: Client, portal: SiteProfile, typed: str) -> None:
    response = client.get(TRACK, {"code": typed})
    assert response.status_code == 404
    html = html_of(response)
    assert "没有找到查询码为" in html
    assert 'name="code"' in html
    assert 'aria-invalid="true"' in html


def test_the_tracking_page_without_a_code_is_the_form(client: Client, portal: SiteProfile) -> None:
    response = client.get(TRACK)
    assert response.status_code == 200
    html = html_of(response)
    assert '<form class="foi-track-form" method="get"' in html
    assert '<label for="foi-code-input">查询码</label>' in html
    for state in ["待补正", "征求意见中", "已延期"]:
        assert state in html


def test_tracking_is_rate_limited(client: Client, settings: Any, registered: Request) -> None:
    settings.GONGKAI_RATE_LIMITS = {"foi_track": (1, 600)}
    assert client.get(TRACK, {"code": registered.tracking_code}).status_code == 200
    response = client.get(TRACK, {"code": registered.tracking_code})
    assert response.status_code == 429
    assert "查询过于频繁" in html_of(response)
    # The receipt shows what tracking shows, so it counts against the same limit.
    assert client.get(f"/xxgk/apply/receipt/{registered.tracking_code}/").status_code == 429


def test_the_home_guide_and_disclosure_pages_link_to_the_online_application(
    client: Client, portal: SiteProfile
) -> None:
    assert f'href="{APPLY}"' in html_of(client.get("/"))
    guide = html_of(client.get("/xxgk/guide/"))
    apply_section = guide[guide.index('id="apply"') : guide.index('id="remedies"')]
    assert f'href="{APPLY}"' in apply_section
    assert f'href="{TRACK}"' in apply_section
    assert f'href="{APPLY}"' in html_of(client.get("/xxgk/"))
