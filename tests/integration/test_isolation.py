"""A user of one workspace can never see or touch another workspace's data."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.integration.conftest import User, make_user


def _journey(user: User, title: str = "Claims automation") -> dict[str, object]:
    r = user.api(
        "POST",
        "/api/v1/journeys",
        json={"title": title, "goals": ["reduce cycle time"], "workspace_id": user.workspace_id},
    )
    assert r.status_code == 201, r.text
    return dict(r.json())


def test_other_workspace_journeys_are_404_for_every_verb(alice: User, bob: User) -> None:
    journey = _journey(alice)
    url = f"/api/v1/journeys/{journey['id']}"
    assert bob.api("GET", url).status_code == 404
    assert bob.api("PATCH", url, json={"title": "hijacked"}).status_code == 404
    assert bob.api("DELETE", url).status_code == 404
    assert alice.api("GET", url).json()["title"] == "Claims automation"


def test_lists_only_show_the_callers_workspaces(alice: User, bob: User) -> None:
    _journey(alice, "Alice's journey")
    _journey(bob, "Bob's journey")
    titles = [j["title"] for j in bob.api("GET", "/api/v1/journeys").json()["items"]]
    assert titles == ["Bob's journey"]
    filtered = bob.api("GET", f"/api/v1/journeys?workspace_id={alice.workspace_id}")
    assert filtered.status_code == 404


def test_cannot_create_in_or_read_members_of_another_workspace(alice: User, bob: User) -> None:
    r = bob.api(
        "POST", "/api/v1/journeys", json={"title": "sneaky", "workspace_id": alice.workspace_id}
    )
    assert r.status_code == 404
    assert bob.api("GET", f"/api/v1/workspaces/{alice.workspace_id}/members").status_code == 404
    assert (
        bob.api(
            "POST",
            f"/api/v1/workspaces/{alice.workspace_id}/members",
            json={"email": bob.email, "role": "owner"},
        ).status_code
        == 404
    )
    assert bob.api("GET", f"/api/v1/workspaces/{alice.workspace_id}/audit").status_code == 404


def test_scoping_refuses_unscoped_queries_and_foreign_writes(
    app_client: TestClient, alice: User, bob: User
) -> None:
    import pytest
    from sqlalchemy import select

    from symphainy.core.scoping import Scope, ScopeError
    from symphainy.models import Journey

    journey = _journey(alice)
    runtime = app_client.app.state.runtime  # type: ignore[attr-defined]
    with runtime.db.session(Scope.for_workspaces({bob.workspace_id})) as session:
        assert session.get(Journey, journey["id"]) is None
        assert list(session.scalars(select(Journey))) == []
    with (
        pytest.raises(ScopeError),
        runtime.db.session(Scope.for_workspaces({bob.workspace_id})) as session,
    ):
        session.add(Journey(workspace_id=alice.workspace_id, title="x", goals=[]))
        session.flush()
    session = runtime.db.sessions()
    try:
        with pytest.raises(ScopeError):
            session.scalars(select(Journey)).all()
    finally:
        session.close()


def test_roles_limit_what_members_can_do(app_client: TestClient, alice: User) -> None:
    viewer = make_user(app_client, "Vera Viewer")
    member = make_user(app_client, "Max Member")
    ws = alice.workspace_id
    for user, role in ((viewer, "viewer"), (member, "member")):
        r = alice.api(
            "POST", f"/api/v1/workspaces/{ws}/members", json={"email": user.email, "role": role}
        )
        assert r.status_code == 201, r.text
    journey = _journey(alice)
    url = f"/api/v1/journeys/{journey['id']}"
    assert viewer.api("GET", url).status_code == 200
    assert viewer.api("PATCH", url, json={"title": "no"}).status_code == 403
    assert (
        viewer.api("POST", "/api/v1/journeys", json={"title": "x", "workspace_id": ws}).status_code
        == 403
    )
    assert member.api("PATCH", url, json={"title": "Renamed"}).json()["title"] == "Renamed"
    assert member.api("DELETE", url).status_code == 403
    assert (
        member.api(
            "POST",
            f"/api/v1/workspaces/{ws}/members",
            json={"email": viewer.email, "role": "admin"},
        ).status_code
        == 403
    )
    assert member.api("GET", f"/api/v1/workspaces/{ws}/audit").status_code == 403
    assert alice.api("DELETE", url).status_code == 204


def test_role_changes_are_audited_and_an_owner_always_remains(
    alice: User, app_client: TestClient
) -> None:
    admin = make_user(app_client, "Ada Admin")
    ws = alice.workspace_id
    alice.api(
        "POST", f"/api/v1/workspaces/{ws}/members", json={"email": admin.email, "role": "member"}
    )
    r = alice.api("PATCH", f"/api/v1/workspaces/{ws}/members/{admin.id}", json={"role": "admin"})
    assert r.status_code == 200 and r.json()["role"] == "admin"
    assert (
        admin.api(
            "PATCH", f"/api/v1/workspaces/{ws}/members/{alice.id}", json={"role": "member"}
        ).status_code
        == 403
    )
    last_owner = alice.api("DELETE", f"/api/v1/workspaces/{ws}/members/{alice.id}")
    assert last_owner.status_code == 409
    actions = [
        e["action"] for e in admin.api("GET", f"/api/v1/workspaces/{ws}/audit").json()["items"]
    ]
    assert "workspace.member.role_changed" in actions
    assert "workspace.member.added" in actions


def test_shared_workspace_journeys_are_visible_to_members(alice: User, bob: User) -> None:
    team = alice.api("POST", "/api/v1/workspaces", json={"name": "Finance team"}).json()
    alice.api(
        "POST",
        f"/api/v1/workspaces/{team['id']}/members",
        json={"email": bob.email, "role": "member"},
    )
    r = alice.api("POST", "/api/v1/journeys", json={"title": "Shared", "workspace_id": team["id"]})
    assert r.status_code == 201
    assert bob.api("GET", f"/api/v1/journeys/{r.json()['id']}").status_code == 200
    names = {w["name"] for w in bob.api("GET", "/api/v1/workspaces").json()}
    assert names == {"Bob's workspace", "Finance team"}
