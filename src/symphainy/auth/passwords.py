"""Password policy: long enough, not a known breached password, not guessable from the account.

The breached list is the 30,000 most common passwords from public breach corpora that ship
inside ``zxcvbn``; the strength estimate catches l33t and keyboard variations of them.
"""

from __future__ import annotations

from functools import lru_cache

from zxcvbn import zxcvbn
from zxcvbn.frequency_lists import FREQUENCY_LISTS

MAX_LENGTH = 128
MIN_SCORE = 3


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
