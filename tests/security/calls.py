"""Turning an operation of the spec into a concrete request against the world's resources."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from typing import Any

from tests.integration.conftest import PASSWORD, make_user, register
from tests.security.policy import Policy
from tests.security.world import JSON, SOP_TEXT, World, sample_csv

_n = itertools.count()
QUERY_DEFAULTS = {"q": "supplier", "format": "md"}
PARAM_DEFAULTS = {"n": "0"}


@dataclass
class Call:
    method: str
    url: str
    kwargs: dict[str, Any] = field(default_factory=dict)


def _body(world: World, method: str, path: str) -> dict[str, Any]:
    ids = world.ids
    n = next(_n)
    bodies: dict[tuple[str, str], Any] = {
        ("POST", "/api/v1/auth/register"): {
            "json": {"email": f"fresh{n}@example.com", "password": PASSWORD, "full_name": "Fresh"}
        },
        ("POST", "/api/v1/auth/login"): {
            "json": {"email": world.ids.get("login_email", ""), "password": PASSWORD}
        },
        ("POST", "/api/v1/auth/password-reset"): {"json": {"email": "nobody@example.com"}},
        ("POST", "/api/v1/auth/password-reset/confirm"): {
            "json": {"token": "reset-not-a-real-token-000", "password": PASSWORD}
        },
        ("POST", "/api/v1/auth/password"): {
            "json": {"current_password": "wrong-password-1", "new_password": PASSWORD + "x"}
        },
        ("POST", "/api/v1/auth/tokens"): {"json": {"name": f"token {n}"}},
        ("POST", "/api/v1/conversations/{conversation_id}/confirm"): {
            "json": {"confirmation_token": "not-a-pending-action-token"}
        },
        ("POST", "/api/v1/proposals/{proposal_id}/assumptions"): {
            "json": {"values": {"discount_rate": 0.08}}
        },
        ("POST", "/api/v1/workspaces"): {"json": {"name": f"Workspace {n}"}},
        ("POST", "/api/v1/workspaces/{workspace_id}/invitations"): {
            "json": {"email": f"invitee{n}@example.com", "role": "member"}
        },
        ("PATCH", "/api/v1/workspaces/{workspace_id}/members/{user_id}"): {
            "json": {"role": "viewer"}
        },
        ("POST", "/api/v1/journeys"): {
            "json": {
                "workspace_id": world.workspace_id,
                "title": f"New {n}",
                "goals": ["Save time"],
            }
        },
        ("PATCH", "/api/v1/journeys/{journey_id}"): {"json": {"title": f"Renamed {n}"}},
        ("POST", "/api/v1/journeys/{journey_id}/files"): {
            "files": {"file": (f"upload{n}.csv", sample_csv(f"u{n}"), "text/csv")}
        },
        ("POST", "/api/v1/files/{file_id}/ask"): {
            "json": {"question": "What is the total amount?"}
        },
        ("POST", "/api/v1/insights/mapping"): {
            "json": {"source_file_id": ids["file_id"], "target_file_id": ids["file_id"]}
        },
        ("POST", "/api/v1/journeys/{journey_id}/workflows"): {"json": {"text": SOP_TEXT}},
        ("PATCH", "/api/v1/workflows/{workflow_id}"): {"json": {}},
        ("POST", "/api/v1/workflows/{workflow_id}/blueprint"): {"json": {}},
        ("POST", "/api/v1/journeys/{journey_id}/roadmap"): {"json": {}},
        ("PATCH", "/api/v1/roadmaps/{roadmap_id}"): {"json": {"durations": {}}},
        ("POST", "/api/v1/journeys/{journey_id}/proposal"): {"json": {}},
        ("PATCH", "/api/v1/proposals/{proposal_id}"): {"json": {"assumptions": {}}},
        ("POST", "/api/v1/journeys/{journey_id}/chat"): {
            "json": {"agent": "guide", "message": "What is in this journey?"},
            "headers": JSON,
        },
    }
    return dict(bodies.get((method, path), {}))


def _fresh(world: World, kind: str, caller: Any) -> str:
    if kind == "journey":
        return world.new_journey()
    if kind == "file":
        return world.new_file()
    if kind == "member":
        return world.new_member().id
    if kind == "own_token":
        return world.new_token_id(caller)
    if kind == "invitation":
        return _new_invitation(world, f"pending{next(_n)}@example.com")["id"]
    raise KeyError(kind)


def _new_invitation(world: World, email: str, workspace_id: str | None = None) -> dict[str, Any]:
    """An invitation the owner makes (to the team workspace unless another is named)."""
    r = world.owner.api(
        "POST",
        f"/api/v1/workspaces/{workspace_id or world.workspace_id}/invitations",
        json={"email": email, "role": "viewer"},
    )
    assert r.status_code == 201, r.text
    return dict(r.json())


def _token_for(world: World, caller: Any) -> str:
    """A live invitation made out to the caller, to a workspace they are not in yet: the owner
    (or, for the owner, the user from outside the team) opens a new workspace and invites them.
    Anonymous and refused callers get a token that exists but is not theirs."""
    if caller is None:
        return str(_new_invitation(world, f"stranger{next(_n)}@example.com")["token"])
    inviter = world.users["other"] if caller is world.owner else world.owner
    made = inviter.api("POST", "/api/v1/workspaces", json={"name": f"Invited {next(_n)}"})
    assert made.status_code == 201, made.text
    r = inviter.api(
        "POST",
        f"/api/v1/workspaces/{made.json()['id']}/invitations",
        json={"email": caller.email, "role": "member"},
    )
    assert r.status_code == 201, r.text
    return str(r.json()["token"])


def build_call(
    world: World, method: str, path: str, policy: Policy, *, allowed: bool, caller: Any = None
) -> Call:
    """The request for ``method path``; consumable ids are fresh when the call may succeed."""
    kwargs = _body(world, method, path)
    if (method, path) == ("POST", "/api/v1/workspaces/{workspace_id}/members"):
        kwargs = {"json": {"email": _registered_email(world), "role": "member"}}
    if (method, path) == ("POST", "/api/v1/invitations/accept"):
        kwargs = {"json": {"token": _token_for(world, caller if allowed else None)}}
    if "{invitation_id}" in path and "invitation_id" not in world.ids:
        world.ids["invitation_id"] = _new_invitation(world, "kept@example.com")["id"]
    op = world.spec["paths"][path][method.lower()]
    params = {}
    for param in op.get("parameters", []):
        if param["in"] == "query" and param.get("required"):
            params[param["name"]] = QUERY_DEFAULTS.get(param["name"], "x")
    if params:
        kwargs["params"] = params

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        if allowed and name in policy.fresh:
            return _fresh(world, policy.fresh[name], caller)
        key = policy.params.get(name, name)
        if key in world.ids:
            return world.ids[key]
        if name in PARAM_DEFAULTS:
            return PARAM_DEFAULTS[name]
        raise KeyError(
            f"no resource for path parameter {name!r} of {method} {path}: "
            "add it to tests/security/world.py"
        )

    url = re.sub(r"\{([^}]+)\}", fill, path)
    return Call(method, url, kwargs)


def _registered_email(world: World) -> str:
    return str(register(world.client, full_name="Invitee")["email"])


def login_account(world: World) -> None:
    """An account the public login operation signs in to."""
    world.ids["login_email"] = make_user(world.client, "Login Only").email
