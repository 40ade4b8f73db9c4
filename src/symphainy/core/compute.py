"""Turns for CPU-heavy requests: a few compute at once per process, the others wait their turn.

Answering a question, a chat turn, building a workflow or a roadmap costs tens to hundreds of
milliseconds of Python CPU. Python runs one thread at a time (the GIL): with ten such requests
computing on the thread pool, every other request (a page, a file's status, a list) waits for
the interpreter at each step it takes between the event loop and a thread, behind all ten.
Measured with Locust (100 people signing in and working at once on this 2-core machine), the
plain reads then took seconds. So CPU-heavy routes take a turn first (:func:`compute_turn`, a
route dependency declared before the others, so a request waits holding neither a thread nor a
database connection): at most ``COMPUTE_CONCURRENCY`` compute at once in a process, the rest
queue in the event loop, first come first served, for up to ``COMPUTE_QUEUE_SECONDS``, then are
answered 503 with Retry-After. Reads never wait here.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

from fastapi import Depends, Request

from symphainy.config import Settings
from symphainy.core.errors import ServiceUnavailable
from symphainy.core.gates import Gate

BUSY = "the platform is busy computing other answers; try again in a few seconds"

_gates: dict[int, Gate] = {}


def _gate(size: int) -> Gate:
    gate = _gates.get(size)
    if gate is None:
        gate = _gates[size] = Gate(size)
    return gate


async def compute_turn(request: Request) -> AsyncIterator[None]:
    """Hold one of the process's compute turns for the whole request (a streamed reply too)."""
    settings: Settings = request.app.state.runtime.settings
    gate = _gate(max(1, settings.COMPUTE_CONCURRENCY))
    try:
        semaphore = await gate.acquire(settings.COMPUTE_QUEUE_SECONDS)
    except TimeoutError:
        raise ServiceUnavailable(BUSY, headers={"Retry-After": "5"}) from None
    try:
        yield
    finally:
        semaphore.release()


ComputeTurn = Depends(compute_turn)
