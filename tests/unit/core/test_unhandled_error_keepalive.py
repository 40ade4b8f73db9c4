"""An unhandled error answers 500 and leaves the keep-alive connection usable."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import httpx
import pytest
import uvicorn
from fastapi import FastAPI

from symphainy.core.error_handlers import install_error_handlers
from symphainy.core.middleware import RequestContextMiddleware


def _app() -> FastAPI:
    app = FastAPI()
    install_error_handlers(app)

    @app.get("/boom")
    def boom() -> None:
        raise OverflowError("date value out of range")

    @app.get("/ok")
    def ok() -> dict[str, str]:
        return {"ok": "yes"}

    app.add_middleware(RequestContextMiddleware)
    return app


@pytest.fixture
def server_url() -> Iterator[str]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    config = uvicorn.Config(_app(), host="127.0.0.1", port=port, log_level="critical")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(5)


def test_the_request_after_a_500_reuses_the_same_connection(server_url: str) -> None:
    connections: list[object] = []

    def remember(event_name: str, info: dict[str, object]) -> None:
        if event_name == "connection.connect_tcp.complete":
            connections.append(info.get("return_value"))

    with httpx.Client(base_url=server_url) as client:
        failed = client.get("/boom", extensions={"trace": remember})
        assert failed.status_code == 500
        assert failed.headers["content-type"].startswith("application/problem+json")
        assert "date value out of range" not in failed.text
        assert failed.json()["request_id"] == failed.headers["x-request-id"]
        assert failed.headers.get("connection", "").lower() != "close"
        after = client.get("/ok", extensions={"trace": remember})
        assert after.status_code == 200
    assert len(connections) == 1, "the server closed the connection after the 500"
