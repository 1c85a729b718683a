"""Issuing and checking API bearer tokens."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from gongkai.actor import Actor, staff

if TYPE_CHECKING:
    from django.contrib.auth.models import User

from gongkai.api.models import ApiToken, digest
from gongkai.audit.services import record


def issue(user: User, actor: Actor | None = None) -> str:
    """Create a token for ``user`` and return it; only its digest is kept."""
    secret = ApiToken.new_secret()
    token = ApiToken.objects.create(
        user=staff(user),
        key_digest=digest(secret),
        hint=secret[:8],
        expires_at=timezone.now() + dt.timedelta(days=settings.API_TOKEN_TTL_DAYS),
    )
    record(actor, "api_token.issued", token, after={"user": user.get_username(), "hint": token.hint})
    return secret


def user_for(secret: str) -> Any | None:
    """The active user a valid, unexpired, unrevoked token belongs to, else None."""
    if not secret.startswith("gk_"):
        return None
    now = timezone.now()
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_digest=digest(secret), revoked_at__isnull=True, expires_at__gt=now)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def user_by_name(username: str) -> Any:
    return get_user_model().objects.get(username=username)
