"""The caller cache for read-only requests never outlives a revocation or a change of rights."""

from __future__ import annotations

from tests.integration.conftest import PASSWORD, User


def _token_id(user: User) -> str:
    tokens = user.api("GET", "/api/v1/auth/tokens").json()
    return str(next(t["id"] for t in tokens if t["name"] == "tests"))


def test_a_revoked_token_is_refused_at_once_even_after_cached_reads(alice: User) -> None:
    for _ in range(3):  # the first read resolves and caches the caller; the others hit it
        assert alice.api("GET", "/api/v1/journeys").status_code == 200
    assert alice.api("DELETE", f"/api/v1/auth/tokens/{_token_id(alice)}").status_code == 204
    assert alice.api("GET", "/api/v1/journeys").status_code == 401


def test_a_new_workspace_is_visible_to_the_next_cached_read(alice: User) -> None:
    assert alice.api("GET", "/api/v1/journeys").status_code == 200
    created = alice.api("POST", "/api/v1/workspaces", json={"name": "Second"})
    assert created.status_code == 201, created.text
    workspace = created.json()["id"]
    listed = alice.api("GET", "/api/v1/journeys", params={"workspace_id": workspace})
    assert listed.status_code == 200, listed.text


def test_a_password_change_that_revokes_tokens_ends_cached_access(alice: User) -> None:
    assert alice.api("GET", "/api/v1/journeys").status_code == 200
    changed = alice.api(
        "POST",
        "/api/v1/auth/password",
        json={
            "current_password": PASSWORD,
            "new_password": "another-Quartz-Meadow-7731",
            "revoke_api_tokens": True,
        },
    )
    assert changed.status_code == 204, changed.text
    assert alice.api("GET", "/api/v1/journeys").status_code == 401


def test_a_removed_member_loses_cached_access_at_once(alice: User, bob: User) -> None:
    invite = alice.api(
        "POST",
        f"/api/v1/workspaces/{alice.workspace_id}/members",
        json={"email": bob.email, "role": "viewer"},
    )
    assert invite.status_code == 201, invite.text
    params = {"workspace_id": alice.workspace_id}
    assert bob.api("GET", "/api/v1/journeys", params=params).status_code == 200
    removed = alice.api("DELETE", f"/api/v1/workspaces/{alice.workspace_id}/members/{bob.id}")
    assert removed.status_code == 204, removed.text
    assert bob.api("GET", "/api/v1/journeys", params=params).status_code == 404
