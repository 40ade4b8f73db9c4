from __future__ import annotations

import pytest

from symphainy.auth.passwords import password_problems
from symphainy.core.security import hash_password, token_digest, verify_password


@pytest.mark.parametrize("password", ["iloveyou12", "Password1", "qwertyuiop", "1234567890"])
def test_common_breached_passwords_are_refused(password: str) -> None:
    assert password_problems(password, min_length=8)


def test_password_containing_the_users_name_is_weak() -> None:
    problems = password_problems(
        "alicealice2", min_length=8, email="alice@example.com", full_name="Alice Smith"
    )
    assert problems


def test_a_strong_passphrase_passes() -> None:
    assert password_problems("Quartz-lantern-harbor-91", min_length=10) == []


def test_argon2_hash_round_trip_and_unknown_user_costs_the_same() -> None:
    h = hash_password("Quartz-lantern-harbor-91")
    assert h.startswith("$argon2")
    assert verify_password("Quartz-lantern-harbor-91", h)
    assert not verify_password("wrong", h)
    assert not verify_password("anything", None)


def test_token_digest_is_keyed() -> None:
    assert token_digest(b"a", "t") != token_digest(b"b", "t")
    assert len(token_digest(b"a", "t")) == 64
