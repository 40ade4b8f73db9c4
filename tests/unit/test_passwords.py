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


def test_sign_in_delays_double_after_the_free_failures_up_to_the_ceiling() -> None:
    from symphainy.auth.throttle import Backoff

    backoff = Backoff(
        "account", free_failures=3, base_seconds=2, max_seconds=300, window_seconds=60
    )
    assert [backoff.delay_after(n) for n in range(1, 8)] == [0, 0, 0, 2, 4, 8, 16]
    assert backoff.delay_after(50) == 300
    assert backoff.delay_after(10_000) == 300  # no overflow on absurd counts


def test_a_delay_is_counted_in_the_shared_store_and_cleared_by_success() -> None:
    from symphainy.auth.throttle import Backoff
    from symphainy.core.runtime import RateLimiter

    limiter = RateLimiter("memory://")
    backoff = Backoff("account", free_failures=1, base_seconds=5, max_seconds=60, window_seconds=60)
    assert backoff.failed(limiter, "a@example.com") == 0
    assert backoff.wait(limiter, "a@example.com") == 0
    assert backoff.failed(limiter, "a@example.com") == 5
    assert 4 <= backoff.wait(limiter, "a@example.com") <= 5
    assert backoff.wait(limiter, "b@example.com") == 0  # other keys are untouched
    backoff.succeeded(limiter, "a@example.com")
    assert backoff.wait(limiter, "a@example.com") == 0
    assert backoff.failed(limiter, "a@example.com") == 0  # the count started again
