"""Requests queue for a database slot in the event loop, never for a connection in a thread.

With a pool of a few connections and many more concurrent requests, every request succeeds
quickly: each first takes one of the pool's request slots without holding a thread, and
finishes its session on threads of its own. Before, a request holding a connection could wait
for a thread held by requests waiting for that connection, until the pool's 30 s timeout (a
503; issue 19's Locust run at 200 users).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from fastapi.testclient import TestClient

from symphainy.app import create_app
from symphainy.config import Settings
from tests.integration.conftest import make_user


def test_more_requests_than_connections_all_succeed(settings: Settings) -> None:
    small = settings.model_copy(update={"DATABASE_POOL_SIZE": 1, "DATABASE_MAX_OVERFLOW": 1})
    app = create_app(small)
    with TestClient(app, raise_server_exceptions=False) as client:
        pool = app.state.runtime.db.engine.pool
        slots = app.state.runtime.db.request_slots.size
        assert slots < pool.size() + pool._max_overflow  # a connection left for side sessions
        user = make_user(client)
        for n in range(3):
            assert user.api("POST", "/api/v1/journeys", json={"title": f"J{n}"}).status_code == 201

        def listing(_: int) -> int:
            return int(client.get("/api/v1/journeys", headers=user.bearer).status_code)

        with ThreadPoolExecutor(max_workers=16) as workers:
            codes = list(workers.map(listing, range(48)))
    assert codes == [200] * 48  # a deadlock ends in the pool's timeout: 503


def test_a_request_that_fails_keeps_nothing(settings: Settings) -> None:
    app = create_app(settings)
    with TestClient(app, raise_server_exceptions=False) as client:
        user = make_user(client)
        assert user.api("POST", "/api/v1/journeys", json={"title": ""}).status_code == 422
        listed = user.api("GET", "/api/v1/journeys").json()
        assert (listed["items"] if isinstance(listed, dict) else listed) == []
