"""Waiting rooms in the event loop: requests queue here without holding a thread.

Starlette runs each plain ``def`` handler and dependency on a shared pool of threads, first come
first served. Work that needs a scarce resource (a database connection, an argon2 slot) must
queue for it *before* it takes a thread: a request holding a connection but waiting for a
thread, behind requests holding threads but waiting for a connection, deadlocks until the pool
times out. A :class:`Gate` is an asyncio semaphore per event loop (an asyncio primitive belongs
to the loop it first waits in, and tests start a loop per client).
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


class Gate:
    """At most ``size`` holders at once per event loop; others wait, holding nothing."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._by_loop: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore]
        self._by_loop = weakref.WeakKeyDictionary()

    def _semaphore(self) -> asyncio.Semaphore:
        loop = asyncio.get_running_loop()
        semaphore = self._by_loop.get(loop)
        if semaphore is None:
            semaphore = self._by_loop[loop] = asyncio.Semaphore(self.size)
        return semaphore

    async def acquire(self, timeout: float | None = None) -> asyncio.Semaphore:
        """Take one place (``TimeoutError`` when none frees up within ``timeout`` seconds);
        give it back with ``release()`` on what this returns."""
        semaphore = self._semaphore()
        if timeout is None:
            await semaphore.acquire()
        else:
            async with asyncio.timeout(timeout):
                await semaphore.acquire()
        return semaphore

    @asynccontextmanager
    async def turn(self, timeout: float | None = None) -> AsyncIterator[None]:
        """Hold one place; ``TimeoutError`` when none frees up within ``timeout`` seconds."""
        semaphore = await self.acquire(timeout)
        try:
            yield
        finally:
            semaphore.release()
