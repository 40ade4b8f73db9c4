"""Password policy: long enough, not a known breached password, not guessable from the account.

The breached list is the 30,000 most common passwords from public breach corpora that ship
inside ``zxcvbn``; the strength estimate catches l33t and keyboard variations of them.

Hashing and verifying go through :func:`hash_password` and :func:`verify_password` here, which
bound how many run at once. Each costs tens of milliseconds of a core and 19+ MiB (argon2id at
OWASP's minimum, not weakened): a sign-in storm would otherwise take every core and every
thread of the request pool, and the rest of the product would stall behind it. At most
``HASH_CONCURRENCY`` run together (half the cores), at most ``HASH_MAX_WAITING`` more wait
for ``HASH_WAIT_SECONDS``; beyond that the sign-in is answered 429 with Retry-After, and the
other requests keep their threads and cores.

Requests that will hash first queue in the event loop (:func:`sign_in_turn`, a dependency of
every route that signs in, registers or sets a password), where waiting holds no thread: a storm
of a hundred sign-ins queues for up to ``SIGN_IN_QUEUE_SECONDS`` instead of being refused, and
only ``HASH_CONCURRENCY + HASH_MAX_WAITING`` of them hold a request thread at any moment.
"""

from __future__ import annotations

import os
import threading
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from functools import lru_cache

from zxcvbn import zxcvbn
from zxcvbn.frequency_lists import FREQUENCY_LISTS

from symphainy.core import security
from symphainy.core.errors import TooManyRequests
from symphainy.core.gates import Gate

MAX_LENGTH = 128
MIN_SCORE = 3
HASH_CONCURRENCY = max(1, (os.cpu_count() or 2) // 2)
HASH_MAX_WAITING = 8
HASH_WAIT_SECONDS = 30.0
SIGN_IN_QUEUE_SECONDS = 30.0
BUSY = "too many sign-ins at this moment; try again in a few seconds"

_slots = threading.BoundedSemaphore(HASH_CONCURRENCY)
_waiting_lock = threading.Lock()
_waiting = 0


@contextmanager
def hashing_slot() -> Iterator[None]:
    """One of the few argon2 slots, or 429 when too many are already queued for one."""
    global _waiting
    with _waiting_lock:
        if _waiting >= HASH_MAX_WAITING:
            raise TooManyRequests(BUSY, 2)
        _waiting += 1
    try:
        acquired = _slots.acquire(timeout=HASH_WAIT_SECONDS)
    finally:
        with _waiting_lock:
            _waiting -= 1
    if not acquired:
        raise TooManyRequests(BUSY, 2)
    try:
        yield
    finally:
        _slots.release()


_turns = Gate(HASH_CONCURRENCY + HASH_MAX_WAITING)


async def sign_in_turn() -> AsyncIterator[None]:
    """Wait in the event loop until this request may take a thread to hash, or 429 after 30 s."""
    try:
        async with _turns.turn(SIGN_IN_QUEUE_SECONDS):
            yield
    except TimeoutError:
        raise TooManyRequests(BUSY, 5) from None


def hash_password(password: str) -> str:
    with hashing_slot():
        return security.hash_password(password)


def verify_password(password: str, password_hash: str | None) -> bool:
    with hashing_slot():
        return security.verify_password(password, password_hash)


@lru_cache(maxsize=1)
def _breached() -> frozenset[str]:
    return frozenset(FREQUENCY_LISTS["passwords"])


def password_problems(
    password: str, *, min_length: int, email: str = "", full_name: str = ""
) -> list[str]:
    """Reasons the password is refused; empty when it is acceptable."""
    problems: list[str] = []
    if len(password) < min_length:
        problems.append(f"must be at least {min_length} characters long")
    if len(password) > MAX_LENGTH:
        problems.append(f"must be at most {MAX_LENGTH} characters long")
        return problems
    if password.lower() in _breached():
        problems.append("appears in lists of breached passwords; choose another")
        return problems
    hints = [part for part in (email.split("@")[0], *full_name.split()) if len(part) >= 3]
    result = zxcvbn(password, user_inputs=hints)
    if result["score"] < MIN_SCORE:
        hint = result["feedback"].get("warning") or "add more words or characters"
        problems.append(f"is too easy to guess ({hint.rstrip('.')})")
    return problems
