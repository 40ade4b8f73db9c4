"""Invitations over the REST API: invite, list pending, withdraw, accept, and the refusals
(expired, used up, someone else's address, roles below admin). The same service functions
serve the members page, so these also hold there."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi.testclient import TestClient

from symphainy.core.scoping import Scope
from symphainy.models.workspace import Invitation
from tests.integration.conftest import User, make_user, register, sign_in

PROBLEM = "application/problem+json"


def _team(client: TestClient) -> tuple[User, str]:
    owner = make_user(client, "Ada Owner")
    made = owner.api("POST", "/api/v1/workspaces", json={"name": "Field team"})
    assert made.status_code == 201, made.text
    return owner, str(made.json()["id"])


def _invite(owner: User, workspace_id: str, email: str, role: str = "member") -> Any:
    return owner.api(
        "POST",
        f"/api/v1/workspaces/{workspace_id}/invitations",
        json={"email": email, "role": role},
    )


def _accept(user: User, token: str) -> Any:
    return user.api("POST", "/api/v1/invitations/accept", json={"token": token})


def _role_of(owner: User, workspace_id: str, user: User) -> str | None:
    members = owner.api("GET", f"/api/v1/workspaces/{workspace_id}/members").json()
    return next((m["role"] for m in members if m["user_id"] == user.id), None)


def test_invite_list_and_accept_with_the_role_given(app_client: TestClient) -> None:
    owner, ws = _team(app_client)
    grace = make_user(app_client, "Grace")
    created = _invite(owner, ws, grace.email.upper(), "viewer")
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["email"] == grace.email and body["role"] == "viewer"
    assert body["token"] and body["link"].endswith(f"/invitations/{body['token']}")
    assert "://" in body["link"]

    pending = owner.api("GET", f"/api/v1/workspaces/{ws}/invitations").json()
    assert [(p["id"], p["email"], p["role"]) for p in pending] == [
        (body["id"], grace.email, "viewer")
    ]
    assert "token" not in pending[0] and "link" not in pending[0]  # shown once only

    joined = _accept(grace, body["token"])
    assert joined.status_code == 200, joined.text
    assert joined.json() == {"workspace_id": ws, "workspace_name": "Field team", "role": "viewer"}
    assert _role_of(owner, ws, grace) == "viewer"
    assert owner.api("GET", f"/api/v1/workspaces/{ws}/invitations").json() == []
    # The role is enforced: a viewer reads the members but cannot invite.
    assert grace.api("GET", f"/api/v1/workspaces/{ws}/members").status_code == 200
    assert _invite(grace, ws, "someone@example.com").status_code == 403


def test_a_link_works_once(app_client: TestClient) -> None:
    owner, ws = _team(app_client)
    grace = make_user(app_client, "Grace")
    token = _invite(owner, ws, grace.email).json()["token"]
    assert _accept(grace, token).status_code == 200
    again = _accept(grace, token)
    assert again.status_code == 410
    assert again.headers["content-type"].startswith(PROBLEM)
    assert "already been accepted" in again.json()["detail"]


def test_only_the_invited_address_may_accept(app_client: TestClient) -> None:
    owner, ws = _team(app_client)
    grace = make_user(app_client, "Grace")
    mallory = make_user(app_client, "Mallory")
    token = _invite(owner, ws, grace.email, "admin").json()["token"]
    refused = _accept(mallory, token)
    assert refused.status_code == 403
    assert f"this invitation is for {grace.email}" in refused.json()["detail"]
    assert _role_of(owner, ws, mallory) is None
    # The refusal did not use the link up.
    assert _accept(grace, token).json()["role"] == "admin"
    assert _role_of(owner, ws, grace) == "admin"


def test_an_expired_link_is_refused(app_client: TestClient) -> None:
    owner, ws = _team(app_client)
    grace = make_user(app_client, "Grace")
    token = _invite(owner, ws, grace.email).json()["token"]
    runtime = app_client.app.state.runtime  # type: ignore[attr-defined]
    with runtime.db.session(Scope.for_system()) as session:
        for row in session.query(Invitation):
            row.expires_at = datetime(2020, 1, 1, tzinfo=UTC)
    answer = _accept(grace, token)
    assert answer.status_code == 410 and "expired" in answer.json()["detail"]
    assert _role_of(owner, ws, grace) is None
    assert owner.api("GET", f"/api/v1/workspaces/{ws}/invitations").json() == []


def test_a_withdrawn_link_stops_working(app_client: TestClient) -> None:
    owner, ws = _team(app_client)
    grace = make_user(app_client, "Grace")
    made = _invite(owner, ws, grace.email).json()
    gone = owner.api("DELETE", f"/api/v1/workspaces/{ws}/invitations/{made['id']}")
    assert gone.status_code == 204
    assert owner.api("GET", f"/api/v1/workspaces/{ws}/invitations").json() == []
    assert _accept(grace, made["token"]).status_code == 404
    assert _accept(grace, "no-such-token").status_code == 404


def test_a_second_invitation_replaces_the_first(app_client: TestClient) -> None:
    owner, ws = _team(app_client)
    first = _invite(owner, ws, "newcomer@example.com", "viewer").json()
    second = _invite(owner, ws, "newcomer@example.com", "member").json()
    pending = owner.api("GET", f"/api/v1/workspaces/{ws}/invitations").json()
    assert [p["id"] for p in pending] == [second["id"]]
    # Someone who registers later with the invited address can accept the live link only.
    register(app_client, "newcomer@example.com", "Newcomer")
    csrf = sign_in(app_client, "newcomer@example.com")
    headers = {"X-CSRF-Token": csrf}
    old = app_client.post(
        "/api/v1/invitations/accept", json={"token": first["token"]}, headers=headers
    )
    assert old.status_code == 404
    new = app_client.post(
        "/api/v1/invitations/accept", json={"token": second["token"]}, headers=headers
    )
    assert new.status_code == 200 and new.json()["role"] == "member"


def test_only_admins_invite_list_and_withdraw(app_client: TestClient) -> None:
    owner, ws = _team(app_client)
    people = {role: make_user(app_client, role.title()) for role in ("admin", "member", "viewer")}
    for role, user in people.items():
        made = owner.api(
            "POST", f"/api/v1/workspaces/{ws}/members", json={"email": user.email, "role": role}
        )
        assert made.status_code == 201, made.text
    live = _invite(owner, ws, "pending@example.com").json()
    for role in ("member", "viewer"):
        user = people[role]
        assert _invite(user, ws, f"{role}-guest@example.com").status_code == 403
        assert user.api("GET", f"/api/v1/workspaces/{ws}/invitations").status_code == 403
        withdraw = user.api("DELETE", f"/api/v1/workspaces/{ws}/invitations/{live['id']}")
        assert withdraw.status_code == 403
    admin = people["admin"]
    assert _invite(admin, ws, "guest@example.com", "member").status_code == 201
    as_owner = _invite(admin, ws, "boss@example.com", "owner")
    assert as_owner.status_code == 403 and "only an owner" in as_owner.json()["detail"]
    already = _invite(admin, ws, people["viewer"].email)
    assert already.status_code == 409
    outsider = make_user(app_client, "Outsider")
    assert _invite(outsider, ws, "x@example.com").status_code == 404
    emails = {p["email"] for p in admin.api("GET", f"/api/v1/workspaces/{ws}/invitations").json()}
    assert emails == {"pending@example.com", "guest@example.com"}


def test_bad_input_is_a_problem_not_a_crash(app_client: TestClient) -> None:
    owner, ws = _team(app_client)
    for body in (
        {"email": "not-an-address", "role": "member"},
        {"email": "a@b.com", "role": "boss"},
    ):
        answer = owner.api("POST", f"/api/v1/workspaces/{ws}/invitations", json=body)
        assert answer.status_code == 422
        assert answer.headers["content-type"].startswith(PROBLEM)
    empty = owner.api("POST", "/api/v1/invitations/accept", json={"token": ""})
    assert empty.status_code == 422
    anonymous = app_client.post("/api/v1/invitations/accept", json={"token": "abc"})
    assert anonymous.status_code == 401
