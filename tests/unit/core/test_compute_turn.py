"""CPU-heavy routes take turns; reads never wait for them; a turn not given in time is a 503."""

from __future__ import annotations

import asyncio
import threading
import time
from types import SimpleNamespace
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from symphainy.config import Settings
from symphainy.core import compute
from symphainy.core.error_handlers import install_error_handlers

HEAVY_SECONDS = 0.3


def _app(monkeypatch: pytest.MonkeyPatch, **settings: Any) -> tuple[FastAPI, dict[str, int]]:
    monkeypatch.setattr(compute, "_gates", {})
    app = FastAPI()
    app.state.runtime = SimpleNamespace(settings=Settings(**settings))
    install_error_handlers(app)
    seen = {"running": 0, "peak": 0}
    lock = threading.Lock()

    @app.post("/heavy", dependencies=[compute.ComputeTurn])
    def heavy() -> dict[str, str]:
        with lock:
            seen["running"] += 1
            seen["peak"] = max(seen["peak"], seen["running"])
        time.sleep(HEAVY_SECONDS)
        with lock:
            seen["running"] -= 1
        return {"done": "yes"}

    @app.get("/read")
    def read() -> dict[str, str]:
        return {"read": "yes"}

    return app, seen


async def _client(app: FastAPI) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test")


def test_no_more_heavy_requests_compute_at_once_than_turns(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app, seen = _app(monkeypatch, COMPUTE_CONCURRENCY=2)

    async def run() -> list[int]:
        async with await _client(app) as client:
            replies = await asyncio.gather(*(client.post("/heavy") for _ in range(6)))
        return [r.status_code for r in replies]

    assert asyncio.run(run()) == [200] * 6
    assert seen["peak"] == 2


def test_reads_do_not_wait_behind_heavy_requests(monkeypatch: pytest.MonkeyPatch) -> None:
    app, _ = _app(monkeypatch, COMPUTE_CONCURRENCY=1)

    async def run() -> float:
        async with await _client(app) as client:
            heavy = [asyncio.create_task(client.post("/heavy")) for _ in range(4)]
            await asyncio.sleep(0.05)
            started = time.perf_counter()
            read = await client.get("/read")
            took = time.perf_counter() - started
            assert read.status_code == 200
            await asyncio.gather(*heavy)
        return took

    # Four heavy requests queue for 1.2 s in all; the read is answered long before.
    assert asyncio.run(run()) < HEAVY_SECONDS * 2


def test_a_turn_not_given_in_time_is_a_503_with_retry_after(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app, seen = _app(monkeypatch, COMPUTE_CONCURRENCY=1, COMPUTE_QUEUE_SECONDS=0.1)

    async def run() -> list[httpx.Response]:
        async with await _client(app) as client:
            return list(await asyncio.gather(client.post("/heavy"), client.post("/heavy")))

    first, second = sorted(asyncio.run(run()), key=lambda r: r.status_code)
    assert first.status_code == 200
    assert second.status_code == 503
    assert second.headers["retry-after"] == "5"
    assert "busy" in second.json()["detail"]
    assert seen["peak"] == 1
