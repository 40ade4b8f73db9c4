"""The per-process set of connected parts: database, queue, storage, rate limiter, Redis.

Built once by ``create_app`` or ``symphainy worker`` and reachable from jobs through
:func:`current_runtime`. Nothing that must be shared between processes lives here: state is in
the database, Redis or storage; this object only holds the connections.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from limits import parse_many
from limits.storage import Storage as LimitStorage
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

from symphainy.config import Settings
from symphainy.core.db import Database
from symphainy.core.jobs import JobQueue
from symphainy.core.storage import Storage, build_storage


@dataclass
class RateLimiter:
    """Fixed policies over ``limits``, kept in Redis when configured so every process agrees."""

    storage_uri: str
    _limiter: MovingWindowRateLimiter = field(init=False)

    def __post_init__(self) -> None:
        self._limiter = MovingWindowRateLimiter(storage_from_string(self.storage_uri))

    def hit(self, policy: str, *keys: str) -> tuple[bool, int]:
        """Count one hit; answer (allowed, seconds until a slot frees up).

        ``policy`` may hold several limits (``"10/minute;30/hour"``): each must allow the hit.
        """
        for item in parse_many(policy):
            if not self._limiter.hit(item, *keys):
                reset_at, _remaining = self._limiter.get_window_stats(item, *keys)
                return False, max(1, int(reset_at - time.time()) + 1)
        return True, 0

    @property
    def storage(self) -> LimitStorage:
        """The shared counter store, for counters that are not plain rate limits."""
        return self._limiter.storage

    def reset(self) -> None:
        self._limiter.storage.reset()


class Runtime:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.db = Database(settings)
        self.queue = JobQueue(settings)
        self.storage: Storage = build_storage(settings)
        self.limiter = RateLimiter(settings.REDIS_URL or "memory://")
        self.redis: Any = None
        if settings.REDIS_URL:
            import redis

            self.redis = redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2)

    def activate(self) -> Runtime:
        global _current
        _current = self
        return self

    def close(self) -> None:
        self.queue.stop_consumer(graceful=True)
        self.db.dispose()
        if self.redis is not None:
            self.redis.close()


_current: Runtime | None = None


def current_runtime() -> Runtime:
    if _current is None:
        raise RuntimeError("no runtime: create_app() or `symphainy worker` builds one")
    return _current
