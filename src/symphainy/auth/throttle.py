"""Progressive sign-in delays per account and per client address, instead of a lock.

A hard lock let anyone lock anyone out with five wrong passwords, and its message told them
the account existed. Here each key (a normalised email, known or not, or a client address)
gets a few free failures; every further failure makes the next attempt wait twice as long as
the one before, up to a ceiling, and the count fades once the key has been quiet for the
failure window. Counters live in the rate limiter's store (Redis when configured), so every
process agrees, and unknown emails are counted exactly like real ones.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from symphainy.config import Settings
from symphainy.core.runtime import RateLimiter


@dataclass(frozen=True)
class Backoff:
    """One kind of key's policy: free failures, then doubling waits up to ``max_seconds``."""

    kind: str
    free_failures: int
    base_seconds: float
    max_seconds: float
    window_seconds: int

    @classmethod
    def for_accounts(cls, settings: Settings) -> Backoff:
        return cls(
            "account",
            settings.LOGIN_ACCOUNT_FREE_FAILURES,
            settings.LOGIN_DELAY_BASE_SECONDS,
            settings.LOGIN_DELAY_MAX_SECONDS,
            settings.LOGIN_FAILURE_WINDOW_MINUTES * 60,
        )

    @classmethod
    def for_addresses(cls, settings: Settings) -> Backoff:
        return cls(
            "address",
            settings.LOGIN_ADDRESS_FREE_FAILURES,
            settings.LOGIN_DELAY_BASE_SECONDS,
            settings.LOGIN_DELAY_MAX_SECONDS,
            settings.LOGIN_FAILURE_WINDOW_MINUTES * 60,
        )

    def delay_after(self, failures: int) -> float:
        """Seconds the next attempt must wait after ``failures`` consecutive failures."""
        over = failures - self.free_failures
        if over <= 0:
            return 0.0
        return float(min(self.max_seconds, self.base_seconds * 2 ** min(over - 1, 30)))

    def _keys(self, key: str) -> tuple[str, str]:
        return f"signin-failures/{self.kind}/{key}", f"signin-wait/{self.kind}/{key}"

    def wait(self, limiter: RateLimiter, key: str) -> int:
        """Whole seconds until ``key`` may try again; 0 when it may try now."""
        _count, until = self._keys(key)
        # The store keeps integers: the deadline is kept in milliseconds since the epoch.
        deadline_ms = limiter.storage.get(until)
        remaining = deadline_ms / 1000 - time.time()
        return math.ceil(remaining) if remaining > 0 else 0

    def failed(self, limiter: RateLimiter, key: str) -> float:
        """Count one failure; answer the delay it imposes on the next attempt."""
        count, until = self._keys(key)
        # Each failure restarts the window, so a key forgets only after a quiet period.
        storage = limiter.storage
        failures = storage.incr(count, self.window_seconds)
        storage.clear(count)
        storage.incr(count, self.window_seconds, amount=failures)
        delay = self.delay_after(failures)
        if delay > 0:
            storage.clear(until)
            storage.incr(until, math.ceil(delay) + 1, amount=int((time.time() + delay) * 1000))
        return delay

    def succeeded(self, limiter: RateLimiter, key: str) -> None:
        for name in self._keys(key):
            limiter.storage.clear(name)
