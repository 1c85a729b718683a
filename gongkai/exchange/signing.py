"""Signed requests between instances: Ed25519 (RFC 8032) over a canonical string.

Why Ed25519 and not HMAC: with HMAC both offices would hold the same secret, and whoever passes
it on (by e-mail, on paper) can forge requests in either direction. With Ed25519 each instance
keeps its private key in its own database and hands out only its public key: the credentials an
office passes on (``our_credentials``: instance id, address, public key) are no secret. A stolen
copy of the partner's configuration lets nobody sign as us.

The signed string, lines joined by ``\\n``::

    gongkai-exchange/1
    <METHOD>
    <path with query, as sent>
    <timestamp: Unix seconds>
    <nonce: 32 hex digits>
    <SHA-256 of the body, hex>

Headers: ``X-Gongkai-Instance``, ``X-Gongkai-Timestamp``, ``X-Gongkai-Nonce``,
``X-Gongkai-Signature`` (base64 of the 64-byte signature). The receiver refuses a timestamp more
than ``SKEW`` away from its clock and a nonce it has seen (kept until it is older than the skew
allows, models.Nonce).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import secrets

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat

VERSION = "gongkai-exchange/1"
SKEW = 300  # seconds either way (±5 min)
INSTANCE = "X-Gongkai-Instance"
TIMESTAMP = "X-Gongkai-Timestamp"
NONCE = "X-Gongkai-Nonce"
SIGNATURE = "X-Gongkai-Signature"
HEADERS = (INSTANCE, TIMESTAMP, NONCE, SIGNATURE)


def new_key_pair() -> tuple[str, str]:
    """(private, public), each the raw 32 bytes in base64."""
    key = Ed25519PrivateKey.generate()
    private = key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    public = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return base64.b64encode(private).decode(), base64.b64encode(public).decode()


def valid_public_key(text: str) -> bool:
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return False
    if len(raw) != 32:
        return False
    try:
        Ed25519PublicKey.from_public_bytes(raw)
    except ValueError:
        return False
    return True


def canonical(method: str, path: str, timestamp: str, nonce: str, body: bytes, *, receiver: str) -> bytes:
    """What is signed. ``receiver`` is the instance id of the platform the request is for: a
    request one partner received cannot be replayed to another of the signer's partners (each
    remembers only its own nonces)."""
    digest = hashlib.sha256(body).hexdigest()
    return "\n".join([VERSION, method.upper(), path, timestamp, nonce, digest, receiver]).encode()


def sign(private_key: str, message: bytes) -> str:
    key = Ed25519PrivateKey.from_private_bytes(base64.b64decode(private_key))
    return base64.b64encode(key.sign(message)).decode()


def verify(public_key: str, message: bytes, signature: str) -> bool:
    try:
        key = Ed25519PublicKey.from_public_bytes(base64.b64decode(public_key))
        key.verify(base64.b64decode(signature, validate=True), message)
    except (InvalidSignature, ValueError, binascii.Error):
        return False
    return True


def headers(
    instance: str, private_key: str, method: str, path: str, body: bytes, now: float, *, receiver: str
) -> dict[str, str]:
    """The four headers of a signed request for ``receiver`` made at ``now`` (Unix seconds)."""
    timestamp, nonce = str(int(now)), secrets.token_hex(16)
    signature = sign(private_key, canonical(method, path, timestamp, nonce, body, receiver=receiver))
    return {INSTANCE: instance, TIMESTAMP: timestamp, NONCE: nonce, SIGNATURE: signature}


def fresh(timestamp: str, now: float) -> bool:
    try:
        sent = int(timestamp)
    except ValueError:
        return False
    return abs(now - sent) <= SKEW
