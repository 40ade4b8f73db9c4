"""Findings 4-7 of the outside test (issue 18) and its two extras, replayed as attacks.

Each test performs what the tester did against the running server and checks that it no
longer works; before the fixes each of them failed (noted per test). The app here runs with
the shipped per-address limits, not the relaxed ones the other suites use because all their
users share the TestClient's address.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from symphainy.app import create_app
from symphainy.config import Settings
from symphainy.core import mail
from tests.integration.conftest import PASSWORD, make_user, register, sign_in

WRONG = "wrong-password-1"
NEW_PASSWORD = "Velvet-orchid-canyon-42"


def _default(name: str) -> Any:
    return Settings.model_fields[name].default


@pytest.fixture
def shipped(settings: Settings) -> Iterator[TestClient]:
    """The app with the shipped throttles."""
    tuned = settings.model_copy(
        update={
            "REGISTER_RATE_LIMIT": _default("REGISTER_RATE_LIMIT"),
            "LOGIN_ADDRESS_RATE_LIMIT": _default("LOGIN_ADDRESS_RATE_LIMIT"),
        }
    )
    app = create_app(tuned)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client
        app.state.runtime.limiter.reset()


@pytest.fixture
def reset_links(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The reset tokens the platform mails, in order."""
    sent: list[str] = []
    monkeypatch.setattr(
        mail, "send_password_reset", lambda _s, _to, link: sent.append(link.split("token=")[1])
    )
    return sent


def _login(client: TestClient, email: str, password: str, **kwargs: Any) -> Any:
    return client.post("/api/v1/auth/login", json={"email": email, "password": password}, **kwargs)


def _problem(response: Any) -> dict[str, Any]:
    """The answer without its per-request id."""
    return {k: v for k, v in response.json().items() if k != "request_id"}


# ---- finding 4: API tokens survive a password reset or change --------------------------------


def test_a_token_minted_before_a_password_reset_stops_working(
    app_client: TestClient, reset_links: list[str]
) -> None:
    # Before the fix: set_password revoked sessions only; the attacker's token kept working.
    victim = make_user(app_client)
    attacker_token = victim.token
    app_client.post("/api/v1/auth/password-reset", json={"email": victim.email})
    confirm = {"token": reset_links[-1], "password": NEW_PASSWORD}
    assert app_client.post("/api/v1/auth/password-reset/confirm", json=confirm).status_code == 204
    headers = {"Authorization": f"Bearer {attacker_token}"}
    assert app_client.get("/api/v1/auth/me", headers=headers).status_code == 401
    minted = app_client.post("/api/v1/auth/tokens", json={"name": "more"}, headers=headers)
    assert minted.status_code == 401


def test_changing_the_password_revokes_tokens_unless_the_user_keeps_them(
    app_client: TestClient,
) -> None:
    user = make_user(app_client)
    kept = user.api(
        "POST",
        "/api/v1/auth/password",
        json={
            "current_password": PASSWORD,
            "new_password": NEW_PASSWORD,
            "revoke_api_tokens": False,
        },
    )
    assert kept.status_code == 204
    assert user.api("GET", "/api/v1/auth/me").status_code == 200
    revoked = user.api(
        "POST",
        "/api/v1/auth/password",
        json={"current_password": NEW_PASSWORD, "new_password": PASSWORD},
    )
    assert revoked.status_code == 204
    assert user.api("GET", "/api/v1/auth/me").status_code == 401


def test_tokens_expire_by_default(app_client: TestClient) -> None:
    # Before the fix: a token created without expires_in_days never expired.
    user = make_user(app_client)
    created = user.api("POST", "/api/v1/auth/tokens", json={"name": "no expiry asked"}).json()
    assert created["expires_at"] is not None
    days = _default("API_TOKEN_DEFAULT_DAYS")
    from datetime import UTC, datetime, timedelta

    expires = datetime.fromisoformat(created["expires_at"])
    expected = datetime.now(UTC) + timedelta(days=days)
    assert abs((expires - expected).total_seconds()) < 120


# ---- finding 5: anyone can lock any account, and the lock reveals the account ----------------


def test_wrong_passwords_delay_instead_of_locking_and_look_like_an_unknown_email(
    shipped: TestClient,
) -> None:
    # Before the fix: five wrong passwords locked the account for 15 minutes; the right
    # password then got 429 "this account is temporarily locked", unlike an unknown email.
    email = register(shipped)["email"]
    for _ in range(5):
        assert _login(shipped, "nobody-here@example.com", WRONG).status_code == 401
    for _ in range(5):
        assert _login(shipped, email, WRONG).status_code == 401
    waiting = _login(shipped, email, PASSWORD)
    unknown = _login(shipped, "nobody-here@example.com", PASSWORD)
    assert waiting.status_code == unknown.status_code == 401
    assert _problem(waiting) == _problem(unknown)
    assert "Retry-After" not in waiting.headers and "lock" not in waiting.text


def test_a_delayed_account_still_lets_its_owner_in_after_the_longest_wait(
    settings: Settings,
) -> None:
    # The wait is capped: an attacker cannot keep an account shut for more than the maximum.
    tuned = settings.model_copy(
        update={"LOGIN_DELAY_BASE_SECONDS": 0.2, "LOGIN_DELAY_MAX_SECONDS": 0.6}
    )
    with TestClient(create_app(tuned), raise_server_exceptions=False) as client:
        email = register(client)["email"]
        for _ in range(8):
            _login(client, email, WRONG)
            time.sleep(0.7)  # wait out each delay so every failure counts
        time.sleep(0.7)
        assert _login(client, email, PASSWORD).status_code == 200


# ---- finding 6: older reset links stay valid -------------------------------------------------


def test_only_the_newest_reset_link_works(app_client: TestClient, reset_links: list[str]) -> None:
    # Before the fix: the first link still worked after a second one was issued.
    email = register(app_client)["email"]
    app_client.post("/api/v1/auth/password-reset", json={"email": email})
    app_client.post("/api/v1/auth/password-reset", json={"email": email})
    first, second = reset_links
    stale = {"token": first, "password": NEW_PASSWORD}
    assert app_client.post("/api/v1/auth/password-reset/confirm", json=stale).status_code == 422
    fresh = {"token": second, "password": NEW_PASSWORD}
    assert app_client.post("/api/v1/auth/password-reset/confirm", json=fresh).status_code == 204


def test_setting_a_password_voids_every_outstanding_reset_link(
    app_client: TestClient, reset_links: list[str]
) -> None:
    # Before the fix: a link requested before a password change still reset the password.
    user = make_user(app_client)
    app_client.post("/api/v1/auth/password-reset", json={"email": user.email})
    changed = user.api(
        "POST",
        "/api/v1/auth/password",
        json={"current_password": PASSWORD, "new_password": NEW_PASSWORD},
    )
    assert changed.status_code == 204
    late = {"token": reset_links[-1], "password": "Another-quartz-meadow-55"}
    assert app_client.post("/api/v1/auth/password-reset/confirm", json=late).status_code == 422
    sign_in(app_client, user.email, NEW_PASSWORD)


# ---- finding 7: registration and login spraying from one address ------------------------------


def test_registration_is_limited_per_address(shipped: TestClient) -> None:
    # Before the fix: the tester registered 12 accounts in 8 s from one address.
    statuses = [
        shipped.post(
            "/api/v1/auth/register",
            json={"email": f"spray{i}@example.com", "password": PASSWORD, "full_name": "Spray"},
        ).status_code
        for i in range(12)
    ]
    assert statuses[:10] == [201] * 10
    assert statuses[10:] == [429, 429]


def test_login_spraying_many_emails_from_one_address_is_throttled(shipped: TestClient) -> None:
    # Before the fix: the limit was keyed on address + email, so one wrong password for each
    # of many emails from one address was never slowed down.
    answers = [_login(shipped, f"target{i}@example.com", WRONG) for i in range(14)]
    statuses = [r.status_code for r in answers]
    assert statuses[:11] == [401] * 11  # ten free failures per address; the 11th sets a wait
    assert statuses[11] == 429
    assert int(answers[11].headers["Retry-After"]) >= 1
    assert "address" in answers[11].json()["detail"]


def test_a_successful_login_does_not_reset_the_address_count(shipped: TestClient) -> None:
    # A sprayer with an account of their own must not clear the address's failures by
    # signing in to it between attempts.
    own = register(shipped)["email"]
    for i in range(10):
        assert _login(shipped, f"target{i}@example.com", WRONG).status_code == 401
        if i % 4 == 3:
            assert _login(shipped, own, PASSWORD).status_code == 200
    assert _login(shipped, "target-x@example.com", WRONG).status_code == 401  # 11th: delay set
    assert _login(shipped, "target-y@example.com", WRONG).status_code == 429


# ---- extras: reset links in the log, X-Forwarded-For ------------------------------------------


def test_prod_refuses_to_start_without_smtp_unless_logged_links_are_chosen() -> None:
    # Before the fix: prod started without SMTP and wrote every reset link to the log.
    prod = {"SYMPHAINY_ENV": "prod", "SYMPHAINY_SECRET_KEY": "k" * 48}
    with pytest.raises(ValidationError, match="SMTP_HOST"):
        Settings(**prod)
    assert Settings(**prod, PASSWORD_RESET_LINKS_IN_LOG=True).is_prod
    assert Settings(**prod, SMTP_HOST="smtp.example.com").is_prod


def _spoofed_logins(client: TestClient, count: int) -> list[int]:
    return [
        _login(
            client, f"xff{i}@example.com", WRONG, headers={"X-Forwarded-For": f"203.0.113.{i}"}
        ).status_code
        for i in range(count)
    ]


def test_x_forwarded_for_is_ignored_unless_the_proxy_is_trusted(shipped: TestClient) -> None:
    # Before the fix: `symphainy serve` believed X-Forwarded-For from 127.0.0.1, so a client
    # there could claim a fresh address per request and escape every per-address limit.
    statuses = _spoofed_logins(shipped, 12)
    assert 429 in statuses, "a forged header must not give each attempt a new address"


def test_x_forwarded_for_names_the_client_when_the_proxy_is_configured(
    settings: Settings,
) -> None:
    tuned = settings.model_copy(
        update={
            "LOGIN_ADDRESS_RATE_LIMIT": _default("LOGIN_ADDRESS_RATE_LIMIT"),
            "SYMPHAINY_TRUSTED_PROXIES": ["testclient"],
        }
    )
    with TestClient(create_app(tuned), raise_server_exceptions=False) as client:
        # Through a trusted proxy each real client has its own count.
        assert _spoofed_logins(client, 12) == [401] * 12


def test_serve_does_not_let_uvicorn_believe_forwarded_headers_on_its_own(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Before the fix: `symphainy serve` ran uvicorn with proxy_headers=True, which trusts
    # X-Forwarded-For from 127.0.0.1 whatever SYMPHAINY_TRUSTED_PROXIES says.
    import uvicorn

    from symphainy import cli

    seen: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda *_a, **kw: seen.update(kw))
    cli.serve(host="127.0.0.1", port=8000, workers=1, no_migrate=True)
    assert seen["proxy_headers"] is False
