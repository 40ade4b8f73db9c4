"""Registration, sign-in, sessions, CSRF, API tokens, lockout and password resets."""

from __future__ import annotations

import logging
import re

import pytest
from fastapi.testclient import TestClient

from symphainy.app import create_app
from symphainy.config import Settings
from tests.integration.conftest import PASSWORD, User, make_user, register, sign_in


def test_first_user_becomes_instance_admin_and_gets_personal_workspace(
    app_client: TestClient,
) -> None:
    first = register(app_client, "first@example.com")
    second = register(app_client, "second@example.com")
    assert first["is_instance_admin"] is True
    assert second["is_instance_admin"] is False
    sign_in(app_client, "second@example.com")
    me = app_client.get("/api/v1/auth/me").json()
    assert [(w["role"], w["personal"]) for w in me["workspaces"]] == [("owner", True)]


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("short1!", "at least 10 characters"),
        ("password123", "breached"),
        ("aaaaaaaaaaaa", "too easy to guess"),
    ],
)
def test_weak_passwords_are_refused_with_the_reason(
    app_client: TestClient, password: str, reason: str
) -> None:
    response = app_client.post(
        "/api/v1/auth/register",
        json={"email": "weak@example.com", "password": password, "full_name": "Weak"},
    )
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    assert reason in response.json()["detail"]


def test_duplicate_email_is_a_conflict_case_insensitively(app_client: TestClient) -> None:
    register(app_client, "dup@example.com")
    response = app_client.post(
        "/api/v1/auth/register",
        json={"email": "DUP@example.com", "password": PASSWORD, "full_name": "Dup"},
    )
    assert response.status_code == 409


def test_session_cookie_is_httponly_and_token_is_stored_hashed(app_client: TestClient) -> None:
    register(app_client, "cookie@example.com")
    response = app_client.post(
        "/api/v1/auth/login", json={"email": "cookie@example.com", "password": PASSWORD}
    )
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie.replace("Lax", "lax")
    raw = app_client.cookies.get("symphainy_session")
    assert raw
    from symphainy.core.scoping import Scope
    from symphainy.models import AuthSession

    runtime = app_client.app.state.runtime  # type: ignore[attr-defined]
    with runtime.db.session(Scope.for_system()) as session:
        stored = [s.token_hash for s in session.query(AuthSession)]
    assert raw not in stored and len(stored) == 1 and len(stored[0]) == 64


def test_cookie_requests_need_the_csrf_header_for_unsafe_methods(app_client: TestClient) -> None:
    register(app_client, "csrf@example.com")
    csrf = sign_in(app_client, "csrf@example.com")
    body = {"title": "Q3 cost review", "goals": ["cut costs"]}
    assert app_client.post("/api/v1/journeys", json=body).status_code == 403
    wrong = app_client.post("/api/v1/journeys", json=body, headers={"X-CSRF-Token": "nope"})
    assert wrong.status_code == 403
    assert "X-CSRF-Token" in wrong.json()["detail"]
    ok = app_client.post("/api/v1/journeys", json=body, headers={"X-CSRF-Token": csrf})
    assert ok.status_code == 201


def test_logout_ends_the_session(app_client: TestClient) -> None:
    register(app_client, "out@example.com")
    csrf = sign_in(app_client, "out@example.com")
    raw = app_client.cookies.get("symphainy_session")
    assert app_client.post("/api/v1/auth/logout", headers={"X-CSRF-Token": csrf}).status_code == 204
    app_client.cookies.clear()
    app_client.cookies.set("symphainy_session", raw or "")
    assert app_client.get("/api/v1/auth/me").status_code == 401


def test_login_replaces_an_existing_session(app_client: TestClient) -> None:
    register(app_client, "fix@example.com")
    sign_in(app_client, "fix@example.com")
    old = app_client.cookies.get("symphainy_session")
    sign_in(app_client, "fix@example.com")
    new = app_client.cookies.get("symphainy_session")
    assert old != new
    app_client.cookies.clear()
    app_client.cookies.set("symphainy_session", old or "")
    assert app_client.get("/api/v1/auth/me").status_code == 401


def test_wrong_password_and_unknown_email_look_the_same(app_client: TestClient) -> None:
    register(app_client, "known@example.com")
    a = app_client.post(
        "/api/v1/auth/login", json={"email": "known@example.com", "password": "wrong-password-1"}
    )
    b = app_client.post(
        "/api/v1/auth/login", json={"email": "nobody@example.com", "password": "wrong-password-1"}
    )
    assert a.status_code == b.status_code == 401
    assert a.json()["detail"] == b.json()["detail"]


def test_repeated_failures_delay_the_account_with_the_unknown_email_401(
    settings: Settings,
) -> None:
    # A long first delay, so a slow machine's password hashing cannot outlast it.
    slow = settings.model_copy(update={"LOGIN_DELAY_BASE_SECONDS": 600.0})
    with TestClient(create_app(slow), raise_server_exceptions=False) as client:
        register(client, "lock@example.com")
        for email in ("lock@example.com", "ghost@example.com"):
            for _ in range(4):  # three free failures, then a delay
                r = client.post(
                    "/api/v1/auth/login", json={"email": email, "password": "wrong-password-1"}
                )
                assert r.status_code == 401
        delayed = client.post(
            "/api/v1/auth/login", json={"email": "lock@example.com", "password": PASSWORD}
        )
        unknown = client.post(
            "/api/v1/auth/login", json={"email": "ghost@example.com", "password": PASSWORD}
        )
        client.app.state.runtime.limiter.reset()
    assert delayed.status_code == unknown.status_code == 401
    assert delayed.json()["detail"] == unknown.json()["detail"]
    assert "Retry-After" not in delayed.headers


def test_login_is_rate_limited_with_retry_after(app_client: TestClient) -> None:
    statuses = []
    for i in range(12):
        r = app_client.post(
            "/api/v1/auth/login",
            json={"email": f"rl{i % 1}@example.com", "password": "wrong-password-1"},
        )
        statuses.append(r.status_code)
    assert statuses[:10] == [401] * 10
    assert statuses[10] == 429
    assert "Retry-After" in r.headers


def test_failed_logins_are_audited(app_client: TestClient, alice: User) -> None:
    app_client.post(
        "/api/v1/auth/login", json={"email": alice.email, "password": "wrong-password-1"}
    )
    events = alice.api("GET", f"/api/v1/workspaces/{alice.workspace_id}/audit").json()["items"]
    actions = [e["action"] for e in events]
    assert "auth.login.failed" in actions
    assert "auth.token.created" in actions


def test_api_tokens_authenticate_and_stop_working_when_revoked(alice: User) -> None:
    assert alice.api("GET", "/api/v1/auth/me").json()["auth_method"] == "token"
    created = alice.api("POST", "/api/v1/auth/tokens", json={"name": "ci", "expires_in_days": 30})
    assert created.status_code == 201
    token, token_id = created.json()["token"], created.json()["id"]
    listed = alice.api("GET", "/api/v1/auth/tokens").json()
    assert all("token" not in t for t in listed)
    headers = {"Authorization": f"Bearer {token}"}
    assert alice.client.get("/api/v1/auth/me", headers=headers).status_code == 200
    assert alice.api("DELETE", f"/api/v1/auth/tokens/{token_id}").status_code == 204
    revoked = alice.client.get("/api/v1/auth/me", headers=headers)
    assert revoked.status_code == 401
    assert revoked.headers["WWW-Authenticate"] == "Bearer"


def test_expired_token_is_refused(app_client: TestClient, alice: User) -> None:
    from datetime import UTC, datetime, timedelta

    from symphainy.core.scoping import Scope
    from symphainy.models import ApiToken

    created = alice.api(
        "POST", "/api/v1/auth/tokens", json={"name": "short", "expires_in_days": 1}
    ).json()
    runtime = app_client.app.state.runtime  # type: ignore[attr-defined]
    with runtime.db.session(Scope.for_system()) as session:
        row = session.get(ApiToken, created["id"])
        assert row is not None
        row.expires_at = datetime.now(UTC) - timedelta(seconds=1)
    r = app_client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {created['token']}"})
    assert r.status_code == 401


def test_users_cannot_revoke_someone_elses_token(alice: User, bob: User) -> None:
    token_id = alice.api("GET", "/api/v1/auth/tokens").json()[0]["id"]
    assert bob.api("DELETE", f"/api/v1/auth/tokens/{token_id}").status_code == 404


def test_password_reset_with_one_time_token(
    app_client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    register(app_client, "reset@example.com")
    sign_in(app_client, "reset@example.com")
    app_client.cookies.clear()
    with caplog.at_level(logging.WARNING):
        r = app_client.post("/api/v1/auth/password-reset", json={"email": "reset@example.com"})
    assert r.status_code == 202
    unknown = app_client.post("/api/v1/auth/password-reset", json={"email": "x@example.com"})
    assert unknown.json() == r.json()
    logged = " ".join(str(rec.msg) for rec in caplog.records)
    match = re.search(r"token=(reset_[A-Za-z0-9_-]{20,})", logged)
    assert match, "the reset link is logged for the admin when SMTP is not configured"
    token = match.group(1)
    new_password = "Velvet-orchid-canyon-42"
    confirm = {"token": token, "password": new_password}
    assert app_client.post("/api/v1/auth/password-reset/confirm", json=confirm).status_code == 204
    assert app_client.post("/api/v1/auth/password-reset/confirm", json=confirm).status_code == 422
    sign_in(app_client, "reset@example.com", new_password)


def test_change_password_ends_other_sessions(app_client: TestClient) -> None:
    user = make_user(app_client)
    csrf = sign_in(app_client, user.email)
    new = "Marble-falcon-meadow-77"
    r = app_client.post(
        "/api/v1/auth/password",
        headers={"X-CSRF-Token": csrf},
        json={"current_password": PASSWORD, "new_password": new},
    )
    assert r.status_code == 204
    assert app_client.get("/api/v1/auth/me").status_code == 401
    sign_in(app_client, user.email, new)


def test_a_hash_made_with_heavier_parameters_is_replaced_at_sign_in(
    app_client: TestClient,
) -> None:
    """Accounts hashed with the library's default (64 MiB, t=3, p=4) move to OWASP's settings."""
    from pwdlib import PasswordHash
    from pwdlib.hashers.argon2 import Argon2Hasher

    from symphainy.core.scoping import Scope
    from symphainy.models import User as UserRow

    register(app_client, "rehash@example.com")
    runtime = app_client.app.state.runtime  # type: ignore[attr-defined]
    with runtime.db.session(Scope.for_system()) as session:
        user = session.query(UserRow).filter_by(email="rehash@example.com").one()
        user.password_hash = PasswordHash((Argon2Hasher(),)).hash(PASSWORD)
    with runtime.db.session(Scope.for_system()) as session:
        before = session.query(UserRow).filter_by(email="rehash@example.com").one().password_hash
    assert before.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    sign_in(app_client, "rehash@example.com")
    with runtime.db.session(Scope.for_system()) as session:
        stored = session.query(UserRow).filter_by(email="rehash@example.com").one().password_hash
    assert stored.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
