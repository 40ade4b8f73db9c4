"""Sessions and tokens under attack: fixation, CSRF, revocation, expiry, brute force.

The CSRF and revocation checks walk every operation of the live spec, with placeholder ids:
the refusal must come before anything looks the id up.
"""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import update

from symphainy.core.scoping import Scope
from symphainy.models.user import ApiToken, AuthSession
from tests.integration.conftest import PASSWORD, User, register, sign_in
from tests.security.policy import POLICIES, spec_operations

COOKIE = "symphainy_session"
PLACEHOLDER = "01placeholder0000000000000"
UNSAFE = ("POST", "PUT", "PATCH", "DELETE")


def _authenticated_operations(client: TestClient) -> list[tuple[str, str]]:
    spec = client.get("/openapi.json").json()
    ops = spec_operations(spec)
    return [
        (m, p) for m, p in ops if POLICIES.get((m, p)) is None or POLICIES[(m, p)].level != "public"
    ]


def _url(path: str) -> str:
    return re.sub(r"\{[^}]+\}", PLACEHOLDER, path)


def _request(client: TestClient, method: str, path: str, **kwargs: Any) -> Any:
    body = {"json": {}} if method in UNSAFE else {}
    return client.request(method, _url(path), params={"q": "x", "format": "md"}, **body, **kwargs)


def _cookie(client: TestClient) -> str:
    """The session cookie the server set last (a planted one may sit beside it)."""
    values = [c.value for c in client.cookies.jar if c.name == COOKIE and c.domain]
    return str(values[-1])


def test_login_issues_a_new_session_and_ends_the_one_it_replaces(app_client: TestClient) -> None:
    email = register(app_client)["email"]
    sign_in(app_client, email)
    first = _cookie(app_client)
    sign_in(app_client, email)  # the browser still sends the first cookie
    second = _cookie(app_client)
    assert first != second
    app_client.cookies.clear()
    app_client.cookies.set(COOKIE, first)
    assert app_client.get("/api/v1/auth/me").status_code == 401
    app_client.cookies.set(COOKIE, second)
    assert app_client.get("/api/v1/auth/me").status_code == 200


def test_a_planted_session_id_is_never_adopted(app_client: TestClient) -> None:
    email = register(app_client)["email"]
    planted = "sess_planted-by-an-attacker-0123456789"
    app_client.cookies.set(COOKIE, planted)
    assert app_client.get("/api/v1/auth/me").status_code == 401
    sign_in(app_client, email)
    issued = _cookie(app_client)
    assert issued != planted
    app_client.cookies.clear()
    app_client.cookies.set(COOKIE, issued)
    assert app_client.get("/api/v1/auth/me").status_code == 200
    app_client.cookies.clear()
    app_client.cookies.set(COOKIE, planted)
    assert app_client.get("/api/v1/auth/me").status_code == 401


def test_logout_ends_the_session_for_every_operation(app_client: TestClient) -> None:
    email = register(app_client)["email"]
    csrf = sign_in(app_client, email)
    cookie = _cookie(app_client)
    assert app_client.post("/api/v1/auth/logout", headers={"X-CSRF-Token": csrf}).status_code == 204
    app_client.cookies.clear()
    app_client.cookies.set(COOKIE, cookie)
    refused = [
        (m, p, r.status_code)
        for m, p in _authenticated_operations(app_client)
        if (r := _request(app_client, m, p, headers={"X-CSRF-Token": csrf})).status_code != 401
    ]
    assert not refused, refused


def test_cookie_requests_without_the_csrf_token_are_refused_on_every_unsafe_operation(
    app_client: TestClient, alice: User
) -> None:
    sign_in(app_client, alice.email)
    unsafe = [(m, p) for m, p in _authenticated_operations(app_client) if m in UNSAFE]
    assert len(unsafe) >= 20
    wrong: list[str] = []
    for method, path in unsafe:
        for headers in ({}, {"X-CSRF-Token": "not-the-token"}):
            r = _request(app_client, method, path, headers=headers)
            if r.status_code != 403 or "X-CSRF-Token" not in r.json().get("detail", ""):
                wrong.append(f"{method} {path} {headers}: {r.status_code} {r.text[:120]}")
    assert not wrong, "\n".join(wrong)
    # The same cookie with its token is accepted: the refusal was about the token.
    r = app_client.post(
        "/api/v1/auth/tokens", json={"name": "ok"}, headers={"X-CSRF-Token": alice.csrf}
    )
    assert r.status_code in (201, 403)
    csrf = app_client.get("/api/v1/auth/csrf").json()["csrf_token"]
    r = app_client.post("/api/v1/auth/tokens", json={"name": "ok"}, headers={"X-CSRF-Token": csrf})
    assert r.status_code == 201, r.text


def _refused_with(client: TestClient, token: str) -> list[str]:
    client.cookies.clear()
    wrong = []
    for method, path in _authenticated_operations(client):
        r = _request(client, method, path, headers={"Authorization": f"Bearer {token}"})
        if r.status_code != 401 or r.headers.get("www-authenticate") != "Bearer":
            wrong.append(f"{method} {path}: {r.status_code} {r.text[:120]}")
    return wrong


def test_a_revoked_token_is_refused_everywhere(app_client: TestClient, alice: User) -> None:
    r = alice.api("POST", "/api/v1/auth/tokens", json={"name": "to revoke"})
    token, token_id = r.json()["token"], r.json()["id"]
    assert (
        alice.api(
            "GET", "/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"}
        ).status_code
        == 200
    )
    assert alice.api("DELETE", f"/api/v1/auth/tokens/{token_id}").status_code == 204
    assert _refused_with(app_client, token) == []


def test_an_expired_token_or_session_is_refused_everywhere(
    app_client: TestClient, alice: User
) -> None:
    short = alice.api(
        "POST", "/api/v1/auth/tokens", json={"name": "short", "expires_in_days": 1}
    ).json()
    token = short["token"]
    csrf = sign_in(app_client, alice.email)
    cookie = _cookie(app_client)
    past = datetime.now(UTC) - timedelta(seconds=1)
    runtime = app_client.app.state.runtime  # type: ignore[attr-defined]
    with runtime.db.session(Scope.for_system()) as session:
        session.execute(update(ApiToken).values(expires_at=past).where(ApiToken.id == short["id"]))
        session.execute(update(AuthSession).values(expires_at=past))
    assert _refused_with(app_client, token) == []
    app_client.cookies.set(COOKIE, cookie)
    for method, path in _authenticated_operations(app_client):
        r = _request(app_client, method, path, headers={"X-CSRF-Token": csrf})
        assert r.status_code == 401, (method, path, r.status_code)
    # The long-lived token of the same user still works: only the expired ones stopped.
    assert alice.api("GET", "/api/v1/auth/me").status_code == 200


def test_failed_sign_ins_make_the_account_wait_even_for_the_right_password(
    app_client: TestClient,
) -> None:
    email = register(app_client)["email"]
    for _ in range(4):  # three free failures, then a wait before the next attempt
        r = app_client.post(
            "/api/v1/auth/login", json={"email": email, "password": "Wrong-password-123"}
        )
        assert r.status_code == 401, r.text
    r = app_client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
    # The same answer as a wrong password or an unknown email: a wait reveals nothing.
    assert r.status_code == 401, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    assert "Retry-After" not in r.headers
    assert COOKIE not in r.headers.get("set-cookie", "")


def test_failures_within_the_free_allowance_do_not_slow_the_owner(app_client: TestClient) -> None:
    email = register(app_client)["email"]
    for _ in range(3):
        app_client.post("/api/v1/auth/login", json={"email": email, "password": "Nope-nope-12"})
    assert (
        app_client.post(
            "/api/v1/auth/login", json={"email": email, "password": PASSWORD}
        ).status_code
        == 200
    )


def test_a_member_may_leave_but_not_remove_others(
    app_client: TestClient, alice: User, bob: User
) -> None:
    ws = alice.api("POST", "/api/v1/workspaces", json={"name": "Shared"}).json()["id"]
    for user in (bob,):
        alice.api(
            "POST", f"/api/v1/workspaces/{ws}/members", json={"email": user.email, "role": "viewer"}
        )
    assert bob.api("DELETE", f"/api/v1/workspaces/{ws}/members/{alice.id}").status_code == 403
    assert bob.api("DELETE", f"/api/v1/workspaces/{ws}/members/{bob.id}").status_code == 204
    assert bob.api("GET", f"/api/v1/workspaces/{ws}/members").status_code == 404


def test_a_failed_sign_in_from_a_token_holder_answers_401_at_once(alice: User) -> None:
    # Regression: the bearer lookup's write held SQLite's lock while the failed attempt was
    # recorded in its own transaction: a 15 s stall, then 503.
    started = time.perf_counter()
    r = alice.api(
        "POST",
        "/api/v1/auth/login",
        json={"email": "nobody@example.com", "password": "Wrong-password-123"},
    )
    assert r.status_code == 401, r.text
    assert time.perf_counter() - started < 5
