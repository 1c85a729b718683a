"""Passwords: staff change their own on the security page; the office resets a forgotten one."""

from __future__ import annotations

import json
import re
from typing import Any

from django.test import Client
from django.urls import reverse

from gongkai.audit.models import AuditEntry
from tests.builders import PASSWORD

LOGIN = "/workbench/login/"
NEW = "Kangbashi-spring-2026"


def log_in(username: str, password: str, client: Client | None = None) -> tuple[Client, int]:
    client = client or Client()
    response = client.post(LOGIN, {"username": username, "password": password, "otp_token": ""})
    return client, response.status_code


def change(client: Client, old: str, new: str, again: str | None = None) -> Any:
    data = {"old_password": old, "new_password1": new, "new_password2": new if again is None else again}
    return client.post(reverse("workbench:password_change"), data)


def entry_text(entry: AuditEntry) -> str:
    return json.dumps([entry.before, entry.after, entry.note], ensure_ascii=False)


def test_security_page_offers_the_password_form(editor_a: Any, logged_in: Any) -> None:
    page = logged_in(editor_a).get(reverse("workbench:security")).content.decode()

    assert "修改密码" in page
    assert 'name="old_password"' in page and 'autocomplete="current-password"' in page
    assert page.count('autocomplete="new-password"') == 2


def test_editor_changes_own_password_and_stays_logged_in(editor_a: Any) -> None:
    client, status = log_in("editor_a", PASSWORD)
    assert status == 302

    response = change(client, PASSWORD, NEW)

    assert response.status_code == 302 and response["Location"] == reverse("workbench:security")
    assert client.get(reverse("workbench:inbox")).status_code == 200  # this session is kept
    assert log_in("editor_a", NEW)[1] == 302
    assert log_in("editor_a", PASSWORD)[1] == 200  # the old one no longer works
    [entry] = AuditEntry.objects.filter(action="person.password_changed")
    assert entry.actor_id == editor_a.pk and entry.object_id == str(editor_a.pk)
    editor_a.refresh_from_db()
    assert NEW not in entry_text(entry) and editor_a.password not in entry_text(entry)


def test_changing_the_password_ends_the_other_sessions(editor_a: Any, logged_in: Any) -> None:
    phone = logged_in(editor_a)  # the editor is also logged in on another device
    office_pc, _ = log_in("editor_a", PASSWORD)

    change(office_pc, PASSWORD, NEW)

    assert phone.get(reverse("workbench:inbox")).status_code == 302  # back to the login page


def test_wrong_current_password_is_refused_on_its_field(editor_a: Any, logged_in: Any) -> None:
    response = change(logged_in(editor_a), "not-my-password", NEW)

    assert response.status_code == 422
    assert "当前密码：当前密码不正确" in response.content.decode()
    assert log_in("editor_a", PASSWORD)[1] == 302
    assert not AuditEntry.objects.filter(action="person.password_changed").exists()


def test_new_password_must_pass_the_validators_and_match(editor_a: Any, logged_in: Any) -> None:
    client = logged_in(editor_a)

    weak = change(client, PASSWORD, "1234567890")
    typo = change(client, PASSWORD, NEW, again=NEW + "x")

    assert weak.status_code == typo.status_code == 422
    assert "新密码：密码只包含数字。" in weak.content.decode()  # Django's validator, on the 新密码 field
    assert "两次填写的新密码不一致" in typo.content.decode()
    assert log_in("editor_a", PASSWORD)[1] == 302


def test_office_resets_a_forgotten_password_and_sees_it_once(office: Any, editor_a: Any, logged_in: Any) -> None:
    client = logged_in(office)
    phone = logged_in(editor_a)

    response = client.post(reverse("workbench:person_password_reset", args=[editor_a.pk]))

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    assert "只显示这一次" in page
    password = re.search(r'<p class="foi-code"><code>([^<]+)</code>', page).group(1)
    assert len(password) >= 16
    assert log_in("editor_a", password)[1] == 302
    assert log_in("editor_a", PASSWORD)[1] == 200
    assert phone.get(reverse("workbench:inbox")).status_code == 302  # the old sessions ended
    assert password not in client.get(reverse("workbench:person", args=[editor_a.pk])).content.decode()
    [entry] = AuditEntry.objects.filter(action="person.password_reset")
    assert entry.actor_id == office.pk and entry.object_id == str(editor_a.pk)
    assert password not in entry_text(entry)


def test_reset_lets_a_locked_out_person_in_again(office: Any, editor_a: Any, logged_in: Any) -> None:
    for _ in range(5):
        log_in("editor_a", "wrong-password")
    assert log_in("editor_a", PASSWORD)[1] == 429  # locked out

    page = logged_in(office).post(reverse("workbench:person_password_reset", args=[editor_a.pk])).content.decode()
    password = re.search(r'<p class="foi-code"><code>([^<]+)</code>', page).group(1)

    assert log_in("editor_a", password)[1] == 302
    assert AuditEntry.objects.get(action="person.password_reset").after == {"lockout_cleared": True}


def test_office_changes_its_own_password_on_the_security_page_not_by_reset(office: Any, logged_in: Any) -> None:
    client = logged_in(office)

    response = client.post(reverse("workbench:person_password_reset", args=[office.pk]), follow=True)

    assert "自己的密码请在“账号安全”页修改" in response.content.decode()
    assert log_in("office", PASSWORD)[1] == 302
    assert not AuditEntry.objects.filter(action="person.password_reset").exists()
