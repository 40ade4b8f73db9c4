"""The web pages through the app: forms, redirects, CSRF and the services behind them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from symphainy.app import create_app
from symphainy.config import Settings
from symphainy.core import migrations
from symphainy.core.db import build_engine

PASSWORD = "violet-harbour-lantern-42"
HTML = {"accept": "text/html"}


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    settings = Settings(
        SYMPHAINY_ENV="test", SYMPHAINY_DATA_DIR=tmp_path, SYMPHAINY_INPROCESS_WORKER=False
    )
    engine = build_engine(settings)
    migrations.upgrade(engine)
    engine.dispose()
    with TestClient(create_app(settings), follow_redirects=False) as test_client:
        yield test_client


def hidden(html: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', html)
    assert match, f"no hidden field {name}"
    return match.group(1)


def form_token(client: TestClient, path: str) -> str:
    page = client.get(path, headers=HTML)
    assert page.status_code == 200
    return hidden(page.text, "csrf_token")


def register(client: TestClient, email: str, name: str = "Ada Lovelace") -> None:
    token = form_token(client, "/register")
    answer = client.post(
        "/register",
        data={"csrf_token": token, "full_name": name, "email": email, "password": PASSWORD},
    )
    assert answer.status_code == 303, answer.text
    # Registering signs you in and sends you on; these tests then sign in again themselves.
    assert answer.headers["location"] == "/"
    assert client.get("/", headers=HTML).status_code == 200
    client.cookies.clear()


def login(client: TestClient, email: str, next_path: str = "/") -> str:
    # A signed-in browser is sent on from /login, so reuse its form cookie when it has one.
    token = client.cookies.get("symphainy_form_csrf") or form_token(client, "/login")
    answer = client.post(
        "/login",
        data={"csrf_token": token, "email": email, "password": PASSWORD, "next": next_path},
    )
    assert answer.status_code == 303, answer.text
    return answer.headers["location"]


def session_csrf(client: TestClient) -> str:
    return form_token(client, "/journeys/new")


def test_register_login_create_journey_and_logout(client: TestClient) -> None:
    assert client.get("/", headers=HTML).headers["location"] == "/login"
    register(client, "ada@example.com")
    assert login(client, "ada@example.com") == "/"

    dashboard = client.get("/", headers=HTML)
    assert dashboard.status_code == 200
    assert "Welcome, Ada." in dashboard.text
    assert "No journeys yet" in dashboard.text

    answer = client.post(
        "/journeys/new",
        data={
            "csrf_token": session_csrf(client),
            "title": "Faster invoice approval",
            "description": "",
            "goals": "Cut approval time to 2 days\n\nRemove paper forms\n",
        },
    )
    assert answer.status_code == 303
    journey_url = answer.headers["location"]

    dashboard = client.get("/", headers=HTML)
    assert "Faster invoice approval" in dashboard.text
    overview = client.get(journey_url, headers=HTML)
    assert "Remove paper forms" in overview.text
    assert "No files yet" in overview.text

    refused = client.post("/journeys/new", data={"title": "Forged"})
    assert refused.status_code == 403
    assert "Forged" not in client.get("/", headers=HTML).text

    out = client.post("/logout", data={"csrf_token": session_csrf(client)})
    assert out.status_code == 303
    assert client.get("/", headers=HTML).headers["location"] == "/login"


def test_pre_login_form_without_matching_cookie_is_refused(client: TestClient) -> None:
    form_token(client, "/login")
    answer = client.post(
        "/login",
        data={
            "csrf_token": "forged-value-forged-value",
            "email": "x@example.com",
            "password": PASSWORD,
        },
    )
    assert answer.status_code == 403


def test_failed_login_shows_the_error_and_keeps_the_email(client: TestClient) -> None:
    register(client, "ada@example.com")
    token = form_token(client, "/login")
    answer = client.post(
        "/login",
        data={
            "csrf_token": token,
            "email": "ada@example.com",
            "password": "wrong-password-entirely",
        },
    )
    assert answer.status_code == 401
    assert "Email or password is incorrect" in answer.text
    assert 'value="ada@example.com"' in answer.text
    assert "wrong-password-entirely" not in answer.text


def test_weak_password_is_explained_next_to_the_field(client: TestClient) -> None:
    token = form_token(client, "/register")
    answer = client.post(
        "/register",
        data={
            "csrf_token": token,
            "full_name": "Bo",
            "email": "bo@example.com",
            "password": "short",
        },
    )
    assert answer.status_code == 422
    assert 'id="f-password-error"' in answer.text
    assert 'value="bo@example.com"' in answer.text


def test_next_is_honoured_only_for_relative_paths(client: TestClient) -> None:
    register(client, "ada@example.com")
    assert login(client, "ada@example.com", "https://evil.example/") == "/"
    assert login(client, "ada@example.com", "//evil.example/x") == "/"
    assert login(client, "ada@example.com", "/account/tokens") == "/account/tokens"


def test_login_ends_the_previous_session(client: TestClient) -> None:
    register(client, "ada@example.com")
    login(client, "ada@example.com")
    old = client.cookies.get("symphainy_session")
    login(client, "ada@example.com")
    new = client.cookies.get("symphainy_session")
    assert old and new and old != new
    client.cookies.clear()
    client.cookies.set("symphainy_session", old)
    assert client.get("/", headers=HTML).headers["location"] == "/login"


def test_api_token_is_shown_once_and_can_be_revoked(client: TestClient) -> None:
    register(client, "ada@example.com")
    login(client, "ada@example.com")
    csrf = session_csrf(client)
    created = client.post(
        "/account/tokens", data={"csrf_token": csrf, "name": "export", "expires_in_days": "30"}
    )
    assert created.status_code == 201
    token = re.search(r'value="(sym_[^"]+)"', created.text)
    assert token
    me = client.get("/api/v1/auth/me", headers={"authorization": f"Bearer {token.group(1)}"})
    assert me.status_code == 200
    listing = client.get("/account/tokens", headers=HTML)
    assert token.group(1) not in listing.text
    token_id = re.search(r"/account/tokens/([^/]+)/revoke", listing.text)
    assert token_id
    revoked = client.post(f"/account/tokens/{token_id.group(1)}/revoke", data={"csrf_token": csrf})
    assert revoked.status_code == 303


def test_members_audit_and_delete_journey(client: TestClient) -> None:
    register(client, "bob@example.com", "Bob Stone")
    register(client, "ada@example.com")
    login(client, "ada@example.com")
    csrf = session_csrf(client)
    made = client.post("/workspaces", data={"csrf_token": csrf, "name": "Finance team"})
    assert made.status_code == 303
    members_url = made.headers["location"]
    workspace_id = members_url.split("/")[2]
    added = client.post(
        members_url, data={"csrf_token": csrf, "email": "bob@example.com", "role": "viewer"}
    )
    assert added.status_code == 303
    page = client.get(members_url, headers=HTML)
    assert "Bob Stone" in page.text
    unknown = client.post(
        members_url, data={"csrf_token": csrf, "email": "nobody@example.com", "role": "member"}
    )
    assert unknown.status_code == 200  # no account yet: invited, shown as pending
    assert "Invitation for nobody@example.com" in unknown.text
    assert re.search(r'value="http://[^"]+/invitations/[\w-]{20,}"', unknown.text)
    assert "Invited, not joined yet" in client.get(members_url, headers=HTML).text
    audit = client.get(f"/workspaces/{workspace_id}/audit", headers=HTML)
    assert audit.status_code == 200
    assert "workspace.member.added" in audit.text
    assert "workspace.invitation.created" in audit.text

    journey = client.post(
        "/journeys/new",
        data={
            "csrf_token": csrf,
            "title": "Close books",
            "goals": "",
            "workspace_id": workspace_id,
        },
    )
    url = journey.headers["location"]
    assert client.get(f"{url}/delete", headers=HTML).status_code == 200
    deleted = client.post(f"{url}/delete", data={"csrf_token": csrf})
    assert deleted.status_code == 303
    assert client.get(url, headers=HTML).status_code == 404


def test_unknown_page_is_a_friendly_404(client: TestClient) -> None:
    answer = client.get("/no/such/page", headers=HTML)
    assert answer.status_code == 404
    assert "find that page" in answer.text


def test_password_reset_by_emailed_link(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from symphainy.core import mail

    links: list[str] = []
    monkeypatch.setattr(mail, "send_password_reset", lambda _s, _to, link: links.append(link))
    register(client, "ada@example.com")
    token = form_token(client, "/forgot-password")
    asked = client.post("/forgot-password", data={"csrf_token": token, "email": "ada@example.com"})
    assert asked.status_code == 303
    unknown = client.post(
        "/forgot-password", data={"csrf_token": token, "email": "nobody@example.com"}
    )
    assert unknown.status_code == 303
    assert len(links) == 1
    path = "/reset-password?" + links[0].split("?", 1)[1]
    page = client.get(path, headers=HTML)
    reset_token = hidden(page.text, "token")
    new_password = "quiet-orchard-compass-88"
    differ = client.post(
        "/reset-password",
        data={
            "csrf_token": token,
            "token": reset_token,
            "password": new_password,
            "password_confirm": "something-else-entirely",
        },
    )
    assert differ.status_code == 422
    done = client.post(
        "/reset-password",
        data={
            "csrf_token": token,
            "token": reset_token,
            "password": new_password,
            "password_confirm": new_password,
        },
    )
    assert done.status_code == 303
    reused = client.post(
        "/reset-password",
        data={
            "csrf_token": token,
            "token": reset_token,
            "password": new_password,
            "password_confirm": new_password,
        },
    )
    assert reused.status_code == 422
    assert "invalid or has expired" in reused.text
    signed_in = client.post(
        "/login", data={"csrf_token": token, "email": "ada@example.com", "password": new_password}
    )
    assert signed_in.status_code == 303


def test_changing_the_password_keeps_this_browser_signed_in(client: TestClient) -> None:
    register(client, "ada@example.com")
    login(client, "ada@example.com")
    new_password = "quiet-orchard-compass-88"
    changed = client.post(
        "/account/password",
        data={
            "csrf_token": session_csrf(client),
            "current_password": PASSWORD,
            "new_password": new_password,
            "new_password_confirm": new_password,
        },
    )
    assert changed.status_code == 303
    page = client.get("/account", headers=HTML)
    assert page.status_code == 200
    assert "Password changed." in page.text


def test_viewer_sees_members_but_cannot_manage_them(client: TestClient) -> None:
    register(client, "bob@example.com", "Bob Stone")
    register(client, "ada@example.com")
    login(client, "ada@example.com")
    csrf = session_csrf(client)
    members_url = client.post("/workspaces", data={"csrf_token": csrf, "name": "Finance"}).headers[
        "location"
    ]
    client.post(
        members_url, data={"csrf_token": csrf, "email": "bob@example.com", "role": "viewer"}
    )
    client.post("/logout", data={"csrf_token": csrf})
    login(client, "bob@example.com")
    page = client.get(members_url, headers=HTML)
    assert page.status_code == 200
    assert "Add a member" not in page.text
    csrf = session_csrf(client)
    refused = client.post(
        members_url,
        data={"csrf_token": csrf, "email": "bob@example.com", "role": "owner"},
        headers=HTML,
    )
    assert refused.status_code == 403
    workspace_id = members_url.split("/")[2]
    assert client.get(f"/workspaces/{workspace_id}/audit", headers=HTML).status_code == 403


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("/journeys/1?x=2", "/journeys/1?x=2"),
        ("https://evil.example/", "/"),
        ("//evil.example", "/"),
        ("/\\evil.example", "/"),
        ("javascript:alert(1)", "/"),
        ("/ok\r\nSet-Cookie: x=1", "/"),
        ("", "/"),
    ],
)
def test_next_accepts_only_same_site_paths(value: str, expected: str) -> None:
    from symphainy.web.deps import safe_next

    assert safe_next(value) == expected


def test_a_tampered_flash_cookie_shows_nothing() -> None:
    from symphainy.web import flash

    settings = Settings(SYMPHAINY_ENV="test")
    good = flash.encode(settings, [flash.Flash("success", "Saved.")])
    assert flash.decode(settings, good) == [flash.Flash("success", "Saved.")]
    signature = good.partition(".")[2]
    forged = flash.encode(settings, [flash.Flash("error", "Call +1 555 0100 now")])
    assert flash.decode(settings, f"{forged.partition('.')[0]}.{signature}") == []
    assert flash.decode(settings, "not-a-cookie") == []
