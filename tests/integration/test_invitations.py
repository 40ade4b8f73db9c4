"""Inviting a colleague who has no account: the link, the pending list, registering through
the link (which signs in), accepting once, and the refusals around it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from symphainy.app import create_app
from symphainy.config import Settings
from symphainy.core import migrations
from symphainy.core.db import build_engine
from tests.integration.test_pages import (
    HTML,
    PASSWORD,
    login,
    register,
    session_csrf,
)


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    """The app on a database built by the migrations (the invitations table included)."""
    settings = Settings(
        SYMPHAINY_ENV="test", SYMPHAINY_DATA_DIR=tmp_path, SYMPHAINY_INPROCESS_WORKER=False
    )
    engine = build_engine(settings)
    migrations.upgrade(engine)
    engine.dispose()
    with TestClient(create_app(settings), follow_redirects=False) as test_client:
        yield test_client


def _invite(client: TestClient, email: str, role: str = "member") -> tuple[str, str, str]:
    """Ada creates a workspace and invites ``email``; returns (members url, link path, csrf)."""
    register(client, "ada@example.com")
    login(client, "ada@example.com")
    csrf = session_csrf(client)
    made = client.post("/workspaces", data={"csrf_token": csrf, "name": "Field team"})
    members = made.headers["location"]
    page = client.post(members, data={"csrf_token": csrf, "email": email, "role": role})
    assert page.status_code == 200, page.text
    link = re.search(
        r'id="invite-link" type="text" readonly value="http://[^/"]+(/invitations/[^"]+)"',
        page.text,
    )
    assert link, page.text
    return members, link.group(1), csrf


def _sign_out(client: TestClient) -> None:
    client.cookies.clear()


def test_invited_colleague_registers_through_the_link_and_joins(client: TestClient) -> None:
    members, link, _csrf = _invite(client, "Grace@Example.com", "viewer")
    listing = client.get(members, headers=HTML).text
    assert "grace@example.com" in listing and "pending" in listing
    _sign_out(client)

    invitation = client.get(link, headers=HTML)
    assert invitation.status_code == 200
    assert (
        "Join “Field team”" in invitation.text and "as <strong>viewer</strong>" in invitation.text
    )
    register_url = re.search(r'href="(/register\?[^"]+)"', invitation.text)
    assert register_url
    form = client.get(register_url.group(1).replace("&amp;", "&"), headers=HTML)
    assert 'value="grace@example.com"' in form.text
    created = client.post(
        "/register",
        data={
            "csrf_token": re.search(r'name="csrf_token" value="([^"]+)"', form.text).group(1),  # type: ignore[union-attr]
            "full_name": "Grace Hopper",
            "email": "grace@example.com",
            "password": PASSWORD,
            "next": link,
        },
    )
    assert created.status_code == 303 and created.headers["location"] == link  # signed in
    page = client.get(link, headers=HTML)
    assert "Accept and join" in page.text
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    joined = client.post(link, data={"csrf_token": csrf})
    assert joined.status_code == 303
    home = client.get("/workspaces", headers=HTML).text
    assert "Field team" in home
    again = client.post(link, data={"csrf_token": csrf})
    assert again.status_code == 410 and "already been accepted" in again.text


def test_the_link_is_for_the_invited_address_only_and_can_be_withdrawn(
    client: TestClient,
) -> None:
    members, link, csrf = _invite(client, "grace@example.com")
    # Ada herself is signed in with another address: she may not use it.
    page = client.get(link, headers=HTML)
    assert "this invitation is for grace@example.com" in page.text
    refused = client.post(link, data={"csrf_token": csrf})
    assert refused.status_code == 403
    pending = client.get(members, headers=HTML).text
    revoke = re.search(r'action="(/workspaces/[^"]+/invitations/[^"]+/revoke)"', pending)
    assert revoke
    assert client.post(revoke.group(1), data={"csrf_token": csrf}).status_code == 303
    assert "Invited, not joined yet" not in client.get(members, headers=HTML).text
    assert client.get(link, headers=HTML).status_code == 404


def test_an_expired_invitation_is_refused(client: TestClient) -> None:
    from symphainy.core.scoping import Scope
    from symphainy.models.workspace import Invitation

    _members, link, _csrf = _invite(client, "grace@example.com")
    runtime = client.app.state.runtime  # type: ignore[attr-defined]
    with runtime.db.session(Scope.for_system()) as session:
        for row in session.query(Invitation):
            row.expires_at = datetime(2020, 1, 1, tzinfo=UTC)
    answer = client.get(link, headers=HTML)
    assert answer.status_code == 410 and "expired" in answer.text


def test_role_change_needs_an_explicit_save(client: TestClient) -> None:
    register(client, "bob@example.com", "Bob Stone")
    register(client, "ada@example.com")
    login(client, "ada@example.com")
    csrf = session_csrf(client)
    members = client.post("/workspaces", data={"csrf_token": csrf, "name": "T"}).headers["location"]
    client.post(members, data={"csrf_token": csrf, "email": "bob@example.com", "role": "viewer"})
    page = client.get(members, headers=HTML).text
    assert "data-autosubmit" not in page
    assert 'Save<span class="visually-hidden"> the role of Bob Stone</span>' in page
