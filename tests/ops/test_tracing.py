"""Optional OpenTelemetry tracing: off by default without importing the SDK; on, a request's
spans (HTTP server, SQL statements) reach an OTLP/HTTP receiver as protobuf."""

from __future__ import annotations

import io
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from symphainy.config import Settings
from tests.ops.conftest import PASSWORD, SECRET_KEY, platform_env


def test_tracing_is_off_by_default_and_loads_no_exporter(tmp_path: Path) -> None:
    # (redis-py imports opentelemetry.sdk itself when it is installed: not checked here.)
    probe = (
        "import sys; from symphainy.app import create_app; from symphainy.core import "
        "tracing; create_app(); print(tracing.enabled(), sorted(m for m in sys.modules if "
        "m.startswith(('opentelemetry.exporter', 'opentelemetry.instrumentation'))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        env=platform_env(tmp_path / "data"),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "False []"


@pytest.fixture
def receiver() -> Iterator[tuple[str, list[bytes]]]:
    """A minimal OTLP/HTTP endpoint that keeps every trace export it is sent."""
    bodies: list[bytes] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            bodies.append(self.rfile.read(int(self.headers["Content-Length"])))
            self.send_response(200)
            self.send_header("Content-Type", "application/x-protobuf")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            return None

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", bodies
    server.shutdown()
    server.server_close()


def test_requests_and_their_sql_reach_the_collector(
    tmp_path: Path,
    receiver: tuple[str, list[bytes]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pytest.importorskip("opentelemetry.sdk")
    pytest.importorskip("opentelemetry.instrumentation.fastapi")
    pytest.importorskip("opentelemetry.exporter.otlp.proto.http")
    from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (
        ExportTraceServiceRequest,
    )

    from symphainy.app import create_app
    from symphainy.core import migrations, tracing
    from symphainy.core.db import build_engine

    monkeypatch.setattr(tracing, "_provider", None)
    endpoint, bodies = receiver
    settings = Settings(
        SYMPHAINY_ENV="test",
        SYMPHAINY_DATA_DIR=tmp_path / "data",
        SYMPHAINY_SECRET_KEY=SECRET_KEY,
        SYMPHAINY_INPROCESS_WORKER=False,
        SYMPHAINY_JOBS_IMMEDIATE=True,
        OTEL_EXPORTER_OTLP_ENDPOINT=endpoint,
        OTEL_SERVICE_NAME="symphainy-test",
    )
    engine = build_engine(settings)
    migrations.upgrade(engine)
    engine.dispose()
    app = create_app(settings)
    with TestClient(app) as client:
        registered = client.post(
            "/api/v1/auth/register",
            json={"email": "tracer@example.com", "password": PASSWORD, "full_name": "Tracer"},
        )
        assert registered.status_code == 201
        csrf = client.post(
            "/api/v1/auth/login", json={"email": "tracer@example.com", "password": PASSWORD}
        ).json()["csrf_token"]
        journey = client.post(
            "/api/v1/journeys", json={"title": "Traced"}, headers={"X-CSRF-Token": csrf}
        ).json()["id"]
        uploaded = client.post(
            f"/api/v1/journeys/{journey}/files",
            headers={"X-CSRF-Token": csrf},
            files={"file": ("t.csv", io.BytesIO(b"a,b\n1,2\n"), "text/csv")},
        )
        assert uploaded.status_code == 202
        app.state.runtime.limiter.reset()
    assert tracing.provider().force_flush(10_000)
    tracing.shutdown()

    spans, services = [], set()
    for body in bodies:
        request = ExportTraceServiceRequest.FromString(body)
        for resource_spans in request.resource_spans:
            services |= {
                a.value.string_value
                for a in resource_spans.resource.attributes
                if a.key == "service.name"
            }
            for scope in resource_spans.scope_spans:
                spans.extend(scope.spans)
    names = {span.name for span in spans}
    assert services == {"symphainy-test"}
    assert "POST /api/v1/auth/register" in names, names
    assert any(name.startswith("sqlite INSERT") for name in names), names
    assert "job content.parse_file" in names, names
    statements = [
        a.value.string_value for s in spans for a in s.attributes if a.key == "db.statement"
    ]
    assert statements and not any(PASSWORD in s for s in statements)
    # SQL spans sit inside the request that ran them.
    register = next(s for s in spans if s.name == "POST /api/v1/auth/register")
    assert any(s.trace_id == register.trace_id and s.name.startswith("sqlite") for s in spans)
