"""A sign-in storm waits for a few argon2 slots instead of taking every core and thread."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest

from symphainy.auth import passwords
from symphainy.core.errors import TooManyRequests
from symphainy.core.gates import Gate


def test_no_more_hashes_run_at_once_than_there_are_slots(monkeypatch: pytest.MonkeyPatch) -> None:
    running, peak = 0, 0
    lock = threading.Lock()

    def slow_hash(_password: str) -> str:
        nonlocal running, peak
        with lock:
            running += 1
            peak = max(peak, running)
        time.sleep(0.05)
        with lock:
            running -= 1
        return "hash"

    monkeypatch.setattr(passwords.security, "hash_password", slow_hash)
    threads = [
        threading.Thread(target=passwords.hash_password, args=("pw",))
        for _ in range(passwords.HASH_MAX_WAITING)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert peak == passwords.HASH_CONCURRENCY


def test_beyond_the_waiting_line_a_sign_in_is_told_to_retry(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(passwords, "_waiting", passwords.HASH_MAX_WAITING)
    with pytest.raises(TooManyRequests) as refused:
        passwords.verify_password("pw", None)
    assert refused.value.headers == {"Retry-After": "2"}


def test_hashing_is_still_argon2id_at_owasp_strength() -> None:
    stored = passwords.hash_password("Quartz-lantern-harbor-91")
    assert stored.startswith("$argon2id$")
    params = dict(p.split("=") for p in stored.split("$")[3].split(","))
    assert int(params["m"]) >= 19 * 1024 and int(params["t"]) >= 2 and int(params["p"]) >= 1
    assert passwords.verify_password("Quartz-lantern-harbor-91", stored)


def test_a_sign_in_storm_queues_in_the_event_loop_instead_of_being_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """More sign-ins than the gate admits wait for a turn; none is refused while turns free up."""
    monkeypatch.setattr(passwords, "_turns", Gate(2))
    inside, peak, done = 0, 0, 0

    async def one_sign_in() -> None:
        nonlocal inside, peak, done
        turn = passwords.sign_in_turn()
        await anext(turn)
        inside += 1
        peak = max(peak, inside)
        await asyncio.sleep(0.01)
        inside -= 1
        await turn.aclose()
        done += 1

    async def storm() -> None:
        await asyncio.gather(*(one_sign_in() for _ in range(20)))

    asyncio.run(storm())
    assert done == 20
    assert peak == 2  # the gate's size: HASH_CONCURRENCY + HASH_MAX_WAITING in production


def test_a_sign_in_that_waits_too_long_for_a_turn_is_told_to_retry(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(passwords, "_turns", Gate(1))
    monkeypatch.setattr(passwords, "SIGN_IN_QUEUE_SECONDS", 0.05)

    async def two_at_once() -> None:
        first = passwords.sign_in_turn()
        await anext(first)
        with pytest.raises(TooManyRequests) as refused:
            await anext(passwords.sign_in_turn())
        assert refused.value.headers == {"Retry-After": "5"}
        await first.aclose()

    asyncio.run(two_at_once())
