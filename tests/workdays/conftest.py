"""Speed only: the shared personas hash a real password per test (about 0.4 s each with the
production hasher). Nothing here checks passwords, so a cheap hasher is used in this directory."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(autouse=True)
def fast_password_hasher(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
