from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer

from gongkai.api import tokens


class BearerToken(HttpBearer):
    """``Authorization: Bearer <token>`` from ``manage.py issue_token``."""

    def authenticate(self, request: HttpRequest, token: str) -> Any | None:
        user = tokens.user_for(token)
        if user is not None:
            request.user = user
        return user


bearer = BearerToken()
