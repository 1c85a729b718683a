"""The CAPTCHA challenge of public forms: four digits without 0/1/9 (misread as O, l, g)."""

from __future__ import annotations

import secrets

DIGITS = "2345678"


def digits_challenge() -> tuple[str, str]:
    answer = "".join(secrets.choice(DIGITS) for _ in range(4))
    return answer, answer
