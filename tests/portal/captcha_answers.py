"""Solving the public forms' CAPTCHA the way a test can: the token is in the rendered form, and
the answer is derived from it and the secret key (``portal.captcha.answer_for``), nothing read
from a database."""

from __future__ import annotations

import re

from gongkai.portal import captcha

# No answer contains a 0 (captcha.DIGITS), so this one is always wrong.
WRONG = "0000"


def token_of(html: str) -> str:
    match = re.search(r'name="captcha_0" value="([^"]+)"', html)
    assert match, "no CAPTCHA in the form"
    return match.group(1)


def captcha_of(html: str) -> dict[str, str]:
    """The form's token and the answer the server expects for it."""
    token = token_of(html)
    return {"captcha_0": token, "captcha_1": captcha.answer_for(token)}


def wrong_captcha_of(html: str) -> dict[str, str]:
    """The form's token with an answer that is not the expected one."""
    return {"captcha_0": token_of(html), "captcha_1": WRONG}
