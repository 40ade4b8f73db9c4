"""Health, readiness, metrics, request ids and security headers."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.integration.conftest import User


def test_livez_and_readyz_name_their_checks(app_client: TestClient) -> None:
    assert app_client.get("/livez").json() == {"status": "ok"}
    ready = app_client.get("/readyz").json()
    assert ready["status"] == "ok"
    assert {"database", "storage", "job_queue"} <= ready["checks"].keys()


def test_readyz_is_503_naming_the_failing_part(app_client: TestClient) -> None:
    runtime = app_client.app.state.runtime  # type: ignore[attr-defined]
    original = runtime.storage.ping

    def broken() -> None:
        raise OSError("disk unplugged")

    runtime.storage.ping = broken
    try:
        r = app_client.get("/readyz")
    finally:
        runtime.storage.ping = original
    assert r.status_code == 503
    assert r.json()["failing"] == ["storage"]
    assert "disk unplugged" in r.json()["checks"]["storage"]["error"]


def test_metrics_use_route_templates(alice: User, app_client: TestClient) -> None:
    journey = alice.api("POST", "/api/v1/journeys", json={"title": "M"}).json()
    alice.api("GET", f"/api/v1/journeys/{journey['id']}")
    app_client.post("/api/v1/auth/login", json={"email": alice.email, "password": "nope-nope-1"})
    text = app_client.get("/metrics").text
    assert 'route="/api/v1/journeys/{journey_id}"' in text
    assert journey["id"] not in text
    assert "symphainy_http_request_duration_seconds_bucket" in text
    assert "symphainy_login_failures_total" in text
    assert "symphainy_job_queue_depth" in text


def test_request_id_is_returned_and_kept_when_given(app_client: TestClient) -> None:
    generated = app_client.get("/livez").headers["x-request-id"]
    assert len(generated) == 32
    kept = app_client.get("/livez", headers={"X-Request-ID": "abc-123"}).headers["x-request-id"]
    assert kept == "abc-123"
    replaced = app_client.get("/livez", headers={"X-Request-ID": "bad id\n"})
    assert replaced.headers["x-request-id"] != "bad id\n"


def test_security_headers(app_client: TestClient) -> None:
    headers = app_client.get("/livez").headers
    csp = headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert "strict-transport-security" not in headers


def test_docs_are_served_offline(app_client: TestClient) -> None:
    page = app_client.get("/docs").text
    assert "cdn" not in page.lower()
    assert app_client.get("/openapi.json").status_code == 200


def test_unexpected_errors_hide_the_trace_and_give_the_request_id(app_client: TestClient) -> None:
    app = app_client.app

    @app.get("/api/v1/_boom")  # type: ignore[attr-defined,untyped-decorator]
    def boom() -> None:
        raise RuntimeError("secret internals")

    r = app_client.get("/api/v1/_boom")
    assert r.status_code == 500
    assert "secret internals" not in r.text and "Traceback" not in r.text
    assert r.json()["request_id"] == r.headers["x-request-id"]


def test_trusted_hosts_refuse_other_host_headers(settings: object) -> None:
    from symphainy.app import create_app

    strict = settings.model_copy(update={"SYMPHAINY_TRUSTED_HOSTS": ["symphainy.example.com"]})  # type: ignore[attr-defined]
    with TestClient(create_app(strict), raise_server_exceptions=False) as client:
        assert client.get("/livez", headers={"Host": "evil.example.net"}).status_code == 400
        ok = client.get("/livez", headers={"Host": "symphainy.example.com"})
        assert ok.status_code == 200


def test_prod_sets_hsts(settings: object) -> None:
    from pydantic import SecretStr

    from symphainy.app import create_app
    from symphainy.config import Environment

    prod = settings.model_copy(
        update={  # type: ignore[attr-defined]
            "SYMPHAINY_ENV": Environment.prod,
            "SYMPHAINY_SECRET_KEY": SecretStr("k" * 40),
            "SMTP_HOST": "smtp.example.com",
        }
    )
    with TestClient(create_app(prod), raise_server_exceptions=False) as client:
        headers = client.get("/livez").headers
        assert headers["strict-transport-security"].startswith("max-age=")
        assert client.get("/docs").status_code == 404
