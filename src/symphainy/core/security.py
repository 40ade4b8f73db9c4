"""Secrets handling: password hashing and opaque tokens stored as HMACs.

Tokens are random and shown once; the database keeps only ``HMAC(secret_key, token)``, so a
leaked table cannot be replayed, and lookups stay an indexed equality match.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from functools import cache

from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

# OWASP's argon2id recommendation (m=19 MiB, t=2, p=1), not the library's heavier default
# (64 MiB, t=3, p=4 lanes that take every core): the same protection per OWASP at about a
# fifth of the CPU, so a morning's sign-ins do not stall the product. Hashes made with other
# parameters still verify; their parameters are read from the stored hash.
_hasher = PasswordHash((Argon2Hasher(time_cost=2, memory_cost=19 * 1024, parallelism=1),))


@cache
def _dummy_hash() -> str:
    """Verified against when the email is unknown, so timing does not reveal who is registered.

    Made on first use, not at import: it costs a hash, and start-up waits for imports.
    """
    return _hasher.hash(secrets.token_urlsafe(16))


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password: str, password_hash: str | None) -> bool:
    if password_hash is None:
        _hasher.verify(password, _dummy_hash())
        return False
    return _hasher.verify(password, password_hash)


def needs_rehash(password_hash: str) -> bool:
    """True when a stored hash was made with other parameters than today's (rehash on sign-in)."""
    return _hasher.current_hasher.check_needs_rehash(password_hash)


def new_token(prefix: str) -> str:
    return f"{prefix}_{secrets.token_urlsafe(32)}"


def token_digest(secret_key: bytes, token: str) -> str:
    return hmac.new(secret_key, token.encode(), hashlib.sha256).hexdigest()


def same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())
