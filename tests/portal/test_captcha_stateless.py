"""Issue 18, point 1: no write on a public GET's path. The public forms' CAPTCHA used to insert a
row each time a form was drawn; now its token is signed, its answer derived from the secret key,
and only a POST writes (the token, spent). One solved CAPTCHA submits one form."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core import signing
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from PIL import Image

from gongkai.orgs.models import Role, SiteProfile, Unit
from gongkai.participation.models import Comment, Inquiry
from gongkai.portal import captcha
from gongkai.portal.models import SpentCaptcha
from tests.participation.conftest import DURING, build_consultation
from tests.portal.captcha_answers import WRONG, captcha_of, token_of

pytestmark = pytest.mark.django_db

ASK = "/hudong/inquiries/"
MESSAGE = "验证码不正确，请重新输入图片中的4位数字"
WRITES = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)
T0 = dt.datetime(2026, 9, 30, 2, 0, tzinfo=dt.UTC)


def writes_during_get(client: Client, url: str) -> tuple[list[str], bytes]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return [q["sql"] for q in queries.captured_queries if WRITES.match(q["sql"])], response.content


def question(unit: Unit, token_and_answer: dict[str, str]) -> dict[str, Any]:
    return {
        "unit": unit.pk, "subject": "办理居住证需要哪些材料", "body": "请问办理居住证需要哪些材料？",
        "name": "王淑芬", "phone": "13912345678", **token_and_answer,
    }  # fmt: skip


@pytest.fixture
def open_consultation(site: SiteProfile, unit_a: Unit, editor_a: Any, reviewer_a: Any, signer_a: Any) -> str:
    pipeline = {Role.EDITOR: editor_a, Role.REVIEWER: reviewer_a, Role.SIGNER: signer_a}
    return f"/hudong/consultations/{build_consultation(unit_a, pipeline).pk}/"


def test_drawing_any_public_form_writes_nothing(open_consultation: str, unit_a: Unit) -> None:
    client = Client()
    with time_machine.travel(DURING, tick=False):
        for url in ["/xxgk/apply/", ASK, open_consultation]:
            writes, html = writes_during_get(client, url)
            assert writes == [], (url, writes)
            token = token_of(html.decode())  # the form is there, with its CAPTCHA
            # Never a page cache's copy: a token shown to two visitors would submit only one form.
            assert token_of(client.get(url).content.decode()) != token, url
            assert "no-store" in Client().get(url).headers["Cache-Control"], url
            image, _ = writes_during_get(client, f"/captcha/{token}/")
            assert image == []
    assert not SpentCaptcha.objects.exists()


def test_asking_for_a_new_image_without_javascript_writes_no_captcha(site: SiteProfile, unit_a: Unit) -> None:
    client = Client()
    solved = captcha_of(client.get(ASK).content.decode())
    response = client.post(ASK, {**question(unit_a, solved), "captcha_1": "", "captcha_refresh": "1"})
    assert response.status_code == 200 and "已换一张验证码" in response.content.decode()
    assert token_of(response.content.decode()) != solved["captcha_0"]
    assert not SpentCaptcha.objects.exists()  # the old token is simply left to expire


def test_the_right_answer_submits_once_and_a_replay_is_refused(site: SiteProfile, unit_a: Unit) -> None:
    solved = captcha_of(Client().get(ASK).content.decode())
    assert Client().post(ASK, question(unit_a, solved)).status_code == 303
    # The same solved CAPTCHA from another browser (or node: the record is in the shared database).
    replay = Client().post(ASK, question(unit_a, solved))
    assert replay.status_code == 422 and MESSAGE in replay.content.decode()
    assert Inquiry.objects.count() == 1


def test_a_wrong_answer_is_refused_with_the_message_and_spends_the_token(site: SiteProfile, unit_a: Unit) -> None:
    client = Client()
    solved = captcha_of(client.get(ASK).content.decode())
    wrong = client.post(ASK, question(unit_a, {**solved, "captcha_1": WRONG}))
    html = wrong.content.decode()
    assert wrong.status_code == 422
    assert re.search(r'id="id_captcha_error">.*' + MESSAGE, html)
    assert token_of(html) != solved["captcha_0"]  # the form comes back with a new CAPTCHA
    # One try per token: guessing costs a new form each time.
    assert client.post(ASK, question(unit_a, solved)).status_code == 422
    assert not Inquiry.objects.exists()


def test_full_width_digits_and_spaces_are_the_same_answer(site: SiteProfile, unit_a: Unit) -> None:
    """A Chinese input method in full-width mode types ２３４５; the person typed the right digits."""
    client = Client()
    solved = captcha_of(client.get(ASK).content.decode())
    full_width = " " + "".join(chr(ord(digit) + 0xFEE0) for digit in solved["captcha_1"]) + " "
    assert client.post(ASK, question(unit_a, {**solved, "captcha_1": full_width})).status_code == 303


def test_a_blank_answer_is_asked_for(site: SiteProfile, unit_a: Unit) -> None:
    client = Client()
    solved = captcha_of(client.get(ASK).content.decode())
    html = client.post(ASK, question(unit_a, {**solved, "captcha_1": ""})).content.decode()
    assert "请填写“验证码”" in html and MESSAGE not in html


def test_an_expired_token_is_refused(site: SiteProfile, unit_a: Unit) -> None:
    client = Client()
    with time_machine.travel(T0, tick=False):
        solved = captcha_of(client.get(ASK).content.decode())
    late = T0 + dt.timedelta(minutes=django_settings.CAPTCHA_TIMEOUT, seconds=1)
    with time_machine.travel(late, tick=False):
        response = client.post(ASK, question(unit_a, solved))
        image = client.get(f"/captcha/{solved['captcha_0']}/")
    assert response.status_code == 422 and MESSAGE in response.content.decode()
    assert image.status_code == 410  # gone: crawlers forget it
    assert not Inquiry.objects.exists()
    # Just in time is still in time.
    with time_machine.travel(T0, tick=False):
        solved = captcha_of(client.get(ASK).content.decode())
    with time_machine.travel(late - dt.timedelta(seconds=2), tick=False):
        assert client.post(ASK, question(unit_a, solved)).status_code == 303


def _altered(token: str) -> list[str]:
    nonce, stamp, signature = token.split(":")
    flip = "A" if nonce[0] != "A" else "B"
    other_salt = signing.TimestampSigner(salt="gongkai.other").sign(nonce)
    other_key = signing.TimestampSigner(key="another deployment's secret key", salt=captcha.SALT).sign(nonce)
    return [
        f"{flip}{nonce[1:]}:{stamp}:{signature}",  # another nonce under the old signature
        f"{nonce}:{stamp}:{signature[:-1]}{'A' if signature[-1] != 'A' else 'B'}",
        f"{nonce}:{stamp}",  # unsigned
        other_salt,
        other_key,
        "garbage",
        token + "x" * captcha.MAX_TOKEN,
    ]


def test_a_forged_or_altered_token_is_refused(site: SiteProfile, unit_a: Unit) -> None:
    client = Client()
    token = token_of(client.get(ASK).content.decode())
    for forged in _altered(token):
        with pytest.raises(signing.BadSignature):
            captcha.answer_for(forged)
        # Even knowing how the answer is made, without the secret key it is the wrong answer.
        guess = captcha._answer(forged.split(":")[0])
        response = client.post(ASK, question(unit_a, {"captcha_0": forged, "captcha_1": guess}))
        assert response.status_code == 422 and MESSAGE in response.content.decode(), forged
        assert client.get(f"/captcha/{forged}/").status_code == 404, forged
    assert not Inquiry.objects.exists()
    assert not SpentCaptcha.objects.exists()  # a forged token spends nothing


def test_the_image_is_a_png_of_the_answer_and_the_same_each_time(site: SiteProfile) -> None:
    client = Client()
    token = token_of(client.get(ASK).content.decode())
    first, second = client.get(f"/captcha/{token}/"), Client().get(f"/captcha/{token}/")
    assert first.status_code == 200 and first["Content-Type"] == "image/png"
    assert first.content == second.content  # reloading shows no new digits
    picture = Image.open(io.BytesIO(first.content))
    assert picture.format == "PNG" and picture.size == tuple(django_settings.CAPTCHA_IMAGE_SIZE)
    assert "private" in first["Cache-Control"]
    other = token_of(client.get(ASK).content.decode())
    assert client.get(f"/captcha/{other}/").content != first.content
    assert client.head(f"/captcha/{token}/").status_code == 200
    assert client.post(f"/captcha/{token}/").status_code == 405


def test_the_answer_uses_only_the_captcha_digits(settings: Any) -> None:
    answers = {captcha.answer_for(captcha.issue()) for _ in range(200)}
    assert all(len(answer) == 4 and set(answer) <= set(captcha.DIGITS) for answer in answers)
    assert len(answers) > 150  # not a handful of fixed answers
    assert set("".join(answers)) == set(captcha.DIGITS)


NODE = """
import json, sys
import django
django.setup()
from gongkai.portal import captcha
nonce = captcha.nonce_of(sys.argv[1])
sys.stdout.write(json.dumps({"answer": captcha.answer_for(sys.argv[1]),
                             "png": captcha.draw(captcha._answer(nonce), nonce).hex()}))
"""


def another_node(token: str, secret_key: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    """A second process started from the project's settings: it shares nothing with this one but
    the secret key (no database, no cache is read to answer)."""
    env = {
        **os.environ, "DJANGO_SETTINGS_MODULE": "gongkai.settings", "SECRET_KEY": secret_key,
        "GONGKAI_DATA_DIR": str(data_dir),
    }  # fmt: skip
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", NODE, token], capture_output=True, text=True, timeout=120, env=env, check=False
    )


def test_another_node_with_the_same_secret_key_reads_the_same_answer_and_image(
    site: SiteProfile, tmp_path: Path
) -> None:
    client = Client()
    token = token_of(client.get(ASK).content.decode())
    node = another_node(token, django_settings.SECRET_KEY, tmp_path)
    assert node.returncode == 0, node.stderr
    other = json.loads(node.stdout)
    assert other["answer"] == captcha.answer_for(token)
    assert bytes.fromhex(other["png"]) == client.get(f"/captcha/{token}/").content
    # A node with another secret key refuses the token (and cannot draw its answer).
    refused = another_node(token, "another deployment's secret key, long enough to be one", tmp_path)
    assert refused.returncode != 0 and "BadSignature" in refused.stderr


def test_spent_tokens_are_forgotten_once_they_expire(site: SiteProfile, unit_a: Unit) -> None:
    with time_machine.travel(T0, tick=False):
        assert captcha.spend("first") and not captcha.spend("first")
        assert captcha.spend("second")
    assert SpentCaptcha.objects.count() == 2
    after = T0 + dt.timedelta(minutes=django_settings.CAPTCHA_TIMEOUT, seconds=1)
    with time_machine.travel(after, tick=False):
        assert captcha.spend("third")
    assert list(SpentCaptcha.objects.values_list("nonce", flat=True)) == ["third"]


def test_the_comment_form_takes_one_solved_captcha_once(open_consultation: str) -> None:
    client = Client()
    comment = {"name": "张三丰", "phone": "", "body": "建议第三条增加听证程序。"}
    with time_machine.travel(DURING, tick=False):
        solved = captcha_of(client.get(open_consultation).content.decode())
        assert client.post(open_consultation, {**comment, **solved}).status_code == 303
        replay = client.post(open_consultation, {**comment, **solved})
    assert replay.status_code == 422 and MESSAGE in replay.content.decode()
    assert Comment.objects.count() == 1
