"""The access-control matrix: every operation of the live OpenAPI spec, for every role.

Built from ``/openapi.json`` when the test runs, so an endpoint added tomorrow is checked
tomorrow; ``policy.POLICIES`` says what each operation should allow.
"""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.security.calls import Call, build_call, login_account
from tests.security.policy import POLICIES, expected, outcome, spec_operations
from tests.security.world import ROLES, World, build_world


def send(world: World, role: str, call: Call) -> Any:
    kwargs = dict(call.kwargs)
    client = world.client
    if role == "anonymous":
        client.cookies.clear()
        return client.request(call.method, call.url, **kwargs)
    return world.users[role].api(call.method, call.url, **kwargs)


def test_every_operation_is_classified(app_client: TestClient) -> None:
    spec = app_client.get("/openapi.json").json()
    missing = [f"{m} {p}" for m, p in spec_operations(spec) if (m, p) not in POLICIES]
    assert not missing, (
        "operations with no access policy (add them to "
        "tests/security/policy.py):\n  " + "\n  ".join(missing)
    )


def test_access_matrix_for_every_operation_and_role(app_client: TestClient) -> None:
    world = build_world(app_client)
    login_account(world)
    failures: list[str] = []
    checked = 0
    for method, path in spec_operations(world.spec):
        policy = POLICIES.get((method, path))
        if policy is None:
            continue  # reported by test_every_operation_is_classified
        for role in ROLES:
            want = expected(policy, role, method)
            caller = world.users.get(role)
            call = build_call(world, method, path, policy, allowed=want == "allowed", caller=caller)
            response = send(world, role, call)
            got = outcome(response.status_code)
            checked += 1
            if got != want:
                failures.append(
                    f"{method} {path} as {role}: expected {want}, got "
                    f"{response.status_code} {response.text[:160]}"
                )
            elif want != "allowed":
                assert response.headers["content-type"].startswith("application/problem+json")
                if role == "read_only" and expected(policy, "owner", method) == "allowed":
                    assert response.json()["type"].endswith("/read-only-token"), response.text
    assert checked >= len(POLICIES) * 0.5 * len(ROLES)
    assert not failures, f"{len(failures)} of {checked} checks failed:\n" + "\n".join(failures)
    # Nothing a refused caller tried changed the team's shared resources.
    owner = world.owner
    assert owner.api("GET", f"/api/v1/journeys/{world.ids['journey_id']}").status_code == 200
    assert owner.api("GET", f"/api/v1/files/{world.ids['file_id']}").json()["archived"] is False
    members = owner.api("GET", f"/api/v1/workspaces/{world.workspace_id}/members").json()
    roles = {m["user_id"]: m["role"] for m in members}
    for role in ("admin", "member", "viewer"):
        assert roles[world.users[role].id] == role
    assert readyz_ok(app_client)


def readyz_ok(client: TestClient) -> bool:
    return client.get("/readyz").status_code == 200
