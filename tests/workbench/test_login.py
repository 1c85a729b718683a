"""Staff login: password, lockout after repeated failures, optional TOTP, logout."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from gongkai.audit.models import AuditEntry
from tests.builders import PASSWORD

LOGIN = "/workbench/login/"


def _login(client: Client, username: str, password: str, token: str = "") -> Any:
    return client.post(LOGIN, {"username": username, "password": password, "otp_token": token})


def _token(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def test_editor_logs_in_and_sees_inbox(editor_a: Any, site: Any) -> None:
    client = Client()
    response = _login(client, "editor_a", PASSWORD)
    assert response.status_code == 302 and response["Location"] == reverse("workbench:inbox")
    page = client.get(reverse("workbench:inbox"))
    assert "我的待办" in page.content.decode() and "测试区民政局" in page.content.decode()
    assert AuditEntry.objects.filter(action="auth.login", actor=editor_a).exists()


def test_wrong_password_shows_chinese_error(editor_a: Any) -> None:
    response = _login(Client(), "editor_a", "wrong-password")
    assert response.status_code == 200
    assert "用户名" in response.content.decode()
    assert "_auth_user_id" not in Client().session


def test_lockout_after_five_failures(editor_a: Any) -> None:
    client = Client()
    for _ in range(5):
        _login(client, "editor_a", "wrong-password")
    response = _login(client, "editor_a", PASSWORD)  # even the right password is refused now
    assert response.status_code == 429
    assert "锁定" in response.content.decode()


def test_login_with_totp(editor_a: Any) -> None:
    device = TOTPDevice.objects.create(user=editor_a, name="totp", confirmed=True)
    assert _login(Client(), "editor_a", PASSWORD).status_code == 200  # no code: refused
    assert _login(Client(), "editor_a", PASSWORD, _token(device)).status_code == 302
    # A wrong code is refused; django-otp then throttles further attempts for a while.
    assert "动态验证码" in _login(Client(), "editor_a", PASSWORD, "000000").content.decode()


def test_totp_enrolment(editor_a: Any, logged_in: Any) -> None:
    client = logged_in(editor_a)
    client.post(reverse("workbench:totp_start"))
    page = client.get(reverse("workbench:security")).content.decode()
    assert "<svg" in page and "确认开启" in page
    device = TOTPDevice.objects.get(user=editor_a)
    client.post(reverse("workbench:totp_confirm"), {"token": _token(device)})
    device.refresh_from_db()
    assert device.confirmed
    assert AuditEntry.objects.filter(action="auth.totp_enabled", actor=editor_a).exists()


def test_next_parameter_cannot_leave_the_site(editor_a: Any) -> None:
    response = Client().post(LOGIN + "?next=https://evil.example/", {"username": "editor_a", "password": PASSWORD})
    assert response["Location"] == reverse("workbench:inbox")


def test_logout_is_post_only(editor_a: Any, logged_in: Any) -> None:
    client = logged_in(editor_a)
    assert client.get(reverse("workbench:logout")).status_code == 405
    assert client.post(reverse("workbench:logout")).status_code == 302
    assert client.get(reverse("workbench:inbox")).status_code == 302


def test_session_expires(settings: Any) -> None:
    assert settings.SESSION_COOKIE_AGE <= 8 * 3600
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
