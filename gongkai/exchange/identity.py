"""This installation's identity: made on first use, kept in the database (every application node
reads the same row; a backup carries it, so a restored installation is the same partner)."""

from __future__ import annotations

import secrets
import uuid
from typing import Any

from django.db import IntegrityError, transaction

from gongkai.audit.services import record
from gongkai.exchange import conf, signing
from gongkai.exchange.models import Identity
from gongkai.orgs.models import SiteProfile, Unit


def government() -> Unit | None:
    """The unit this installation speaks for: the site profile's government, else the first unit
    of kind government."""
    profile = SiteProfile.current()
    if profile is not None:
        return profile.government
    return Unit.objects.filter(kind=Unit.Kind.GOVERNMENT, active=True).order_by("position", "pk").first()


def _new_instance_id() -> str:
    """The government's credit code and a random suffix (readable to the people pairing two
    platforms, unique between a test and a live installation of the same government)."""
    unit = government()
    suffix = secrets.token_hex(4)
    return f"{unit.credit_code}-{suffix}" if unit is not None else f"gk-{uuid.uuid4().hex}"


def ours() -> Identity:
    found = Identity.objects.first()
    if found is not None:
        return found
    private, public = signing.new_key_pair()
    try:
        with transaction.atomic():
            made = Identity.objects.create(instance_id=_new_instance_id(), private_key=private, public_key=public)
            record(None, "exchange.identity_created", made, after={"instance_id": made.instance_id})
            return made
    except IntegrityError:  # another node made it at the same moment: theirs is ours
        return Identity.objects.get()


def base_url(fallback: str = "") -> str:
    """Our public address: the setting, else the one kept from the first registration, else
    ``fallback`` (kept for next time)."""
    configured = str(conf.get("EXCHANGE_BASE_URL") or "").rstrip("/")
    if configured:
        return configured
    identity = ours()
    if not identity.base_url and fallback:
        identity.base_url = fallback.rstrip("/")
        Identity.objects.filter(pk=identity.pk).update(base_url=identity.base_url)
    return identity.base_url


def credentials(fallback_url: str = "") -> dict[str, Any]:
    """``our_credentials`` (API.md): no secret in it, the partner's office may pass it on freely."""
    identity = ours()
    unit = government()
    return {
        "format": signing.VERSION,
        "instance": identity.instance_id,
        "base_url": base_url(fallback_url),
        "public_key": identity.public_key,
        "algorithm": "Ed25519",
        "organ": unit.name if unit is not None else "",
        "credit_code": unit.credit_code if unit is not None else "",
    }
