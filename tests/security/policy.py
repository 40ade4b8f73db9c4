"""Who may call what: the access policy of every operation in the OpenAPI spec.

Each operation names the least role it needs. ``expected`` turns that into the answer each
caller should get, following API.md: anonymous callers get 401, a caller from another
workspace gets 404 for anything of the team's (its existence is not revealed), a role below
the minimum gets 403; a ``creator`` resource is private to the user who made it (404 to
everyone else); a read-only API token gets 403 for every unsafe method, whatever its role.
An operation the spec has and this table lacks fails ``test_every_operation_is_classified``,
so a new endpoint cannot slip past the matrix.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Level = Literal["public", "self", "viewer", "member", "admin", "owner", "instance_admin", "creator"]
Expect = Literal["allowed", "401", "403", "404"]
RANK = {"viewer": 0, "member": 1, "admin": 2, "owner": 3}
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


@dataclass(frozen=True)
class Policy:
    """``level``: the least role needed. ``fresh``: the path id is consumed by a successful
    call (a delete, a lifecycle change), so an allowed caller gets a new one each time.
    ``params``: path parameters that take another resource than the default for their name."""

    level: Level
    fresh: dict[str, str] = field(default_factory=dict)
    params: dict[str, str] = field(default_factory=dict)


P = Policy
FRESH_FILE = {"file_id": "file"}
POLICIES: dict[tuple[str, str], Policy] = {
    # Operations (no auth): probes and the spec.
    ("GET", "/livez"): P("public"),
    ("GET", "/readyz"): P("public"),
    ("GET", "/metrics"): P("public"),
    # Accounts: anyone may register, sign in and reset; the rest acts on the caller only.
    ("POST", "/api/v1/auth/register"): P("public"),
    ("POST", "/api/v1/auth/login"): P("public"),
    ("POST", "/api/v1/auth/password-reset"): P("public"),
    ("POST", "/api/v1/auth/password-reset/confirm"): P("public"),
    ("POST", "/api/v1/auth/logout"): P("self"),
    ("GET", "/api/v1/auth/me"): P("self"),
    ("GET", "/api/v1/auth/csrf"): P("self"),
    ("POST", "/api/v1/auth/password"): P("self"),
    ("GET", "/api/v1/auth/tokens"): P("self"),
    ("POST", "/api/v1/auth/tokens"): P("self"),
    ("DELETE", "/api/v1/auth/tokens/{token_id}"): P("self", fresh={"token_id": "own_token"}),
    # Workspaces: anyone may create their own; members are managed by admins; audit likewise.
    ("GET", "/api/v1/workspaces"): P("self"),
    ("POST", "/api/v1/workspaces"): P("self"),
    ("GET", "/api/v1/workspaces/{workspace_id}/members"): P("viewer"),
    ("POST", "/api/v1/workspaces/{workspace_id}/members"): P("admin"),
    ("PATCH", "/api/v1/workspaces/{workspace_id}/members/{user_id}"): P(
        "admin", fresh={"user_id": "member"}
    ),
    ("DELETE", "/api/v1/workspaces/{workspace_id}/members/{user_id}"): P(
        "admin", fresh={"user_id": "member"}
    ),
    # Invitations: admins invite, list and withdraw; anyone signed in may accept a link made
    # out to their own address (the token in the body is the capability).
    ("POST", "/api/v1/workspaces/{workspace_id}/invitations"): P("admin"),
    ("GET", "/api/v1/workspaces/{workspace_id}/invitations"): P("admin"),
    ("DELETE", "/api/v1/workspaces/{workspace_id}/invitations/{invitation_id}"): P(
        "admin", fresh={"invitation_id": "invitation"}
    ),
    ("POST", "/api/v1/invitations/accept"): P("self"),
    ("GET", "/api/v1/workspaces/{workspace_id}/audit"): P("admin"),
    ("GET", "/api/v1/audit"): P("instance_admin"),
    # Journeys: members write, admins delete. The list shows only the caller's journeys.
    ("GET", "/api/v1/journeys"): P("self"),
    ("POST", "/api/v1/journeys"): P("member"),
    ("GET", "/api/v1/journeys/{journey_id}"): P("viewer"),
    ("PATCH", "/api/v1/journeys/{journey_id}"): P("member"),
    ("DELETE", "/api/v1/journeys/{journey_id}"): P("admin", fresh={"journey_id": "journey"}),
    # Content.
    ("POST", "/api/v1/journeys/{journey_id}/files"): P("member"),
    ("GET", "/api/v1/journeys/{journey_id}/files"): P("viewer"),
    ("GET", "/api/v1/files/{file_id}"): P("viewer"),
    ("DELETE", "/api/v1/files/{file_id}"): P("member", fresh=FRESH_FILE),
    ("GET", "/api/v1/files/{file_id}/events"): P("viewer"),
    ("GET", "/api/v1/files/{file_id}/preview"): P("viewer"),
    ("GET", "/api/v1/files/{file_id}/download"): P("viewer"),
    ("POST", "/api/v1/files/{file_id}/archive"): P("member", fresh=FRESH_FILE),
    ("POST", "/api/v1/files/{file_id}/restore"): P("member", fresh=FRESH_FILE),
    ("POST", "/api/v1/files/{file_id}/reprocess"): P("member", fresh=FRESH_FILE),
    ("GET", "/api/v1/journeys/{journey_id}/search"): P("viewer"),
    # Insights: reading, even when the question is POSTed.
    ("GET", "/api/v1/files/{file_id}/profile"): P("viewer"),
    ("GET", "/api/v1/files/{file_id}/quality"): P("viewer"),
    ("GET", "/api/v1/files/{file_id}/charts"): P("viewer"),
    ("GET", "/api/v1/files/{file_id}/charts/{n}.svg"): P("viewer"),
    ("GET", "/api/v1/files/{file_id}/summary"): P("viewer"),
    ("POST", "/api/v1/files/{file_id}/ask"): P("viewer"),
    ("POST", "/api/v1/insights/mapping"): P("viewer"),
    ("POST", "/api/v1/files/{file_id}/review"): P("viewer", params={"file_id": "sop_file_id"}),
    ("GET", "/api/v1/analyses/{analysis_id}"): P("viewer"),
    ("GET", "/api/v1/analyses/{analysis_id}/events"): P("viewer"),
    # Operations pillar: members create and edit; everyone in the workspace reads.
    ("POST", "/api/v1/journeys/{journey_id}/workflows"): P("member"),
    ("GET", "/api/v1/journeys/{journey_id}/workflows"): P("viewer"),
    ("GET", "/api/v1/workflows/{workflow_id}"): P("viewer"),
    ("PATCH", "/api/v1/workflows/{workflow_id}"): P("member"),
    ("GET", "/api/v1/workflows/{workflow_id}/diagram.svg"): P("viewer"),
    ("GET", "/api/v1/workflows/{workflow_id}/bpmn"): P("viewer"),
    ("GET", "/api/v1/workflows/{workflow_id}/mermaid"): P("viewer"),
    ("POST", "/api/v1/workflows/{workflow_id}/sop"): P("member"),
    ("GET", "/api/v1/sops/{sop_id}"): P("viewer"),
    ("GET", "/api/v1/sops/{sop_id}/export"): P("viewer"),
    ("POST", "/api/v1/workflows/{workflow_id}/blueprint"): P("member"),
    ("GET", "/api/v1/blueprints/{blueprint_id}"): P("viewer"),
    ("GET", "/api/v1/blueprints/{blueprint_id}/diagram.svg"): P("viewer"),
    ("GET", "/api/v1/blueprints/{blueprint_id}/export"): P("viewer"),
    # Business outcomes: members generate and edit; viewers read and export.
    ("GET", "/api/v1/journeys/{journey_id}/summary"): P("viewer"),
    ("POST", "/api/v1/journeys/{journey_id}/roadmap"): P("member"),
    ("GET", "/api/v1/roadmaps/{roadmap_id}"): P("viewer"),
    ("PATCH", "/api/v1/roadmaps/{roadmap_id}"): P("member"),
    ("GET", "/api/v1/roadmaps/{roadmap_id}/gantt.svg"): P("viewer"),
    ("POST", "/api/v1/journeys/{journey_id}/proposal"): P("member"),
    ("GET", "/api/v1/proposals/{proposal_id}"): P("viewer"),
    ("PATCH", "/api/v1/proposals/{proposal_id}"): P("member"),
    ("POST", "/api/v1/proposals/{proposal_id}/assumptions"): P("member"),
    ("GET", "/api/v1/roadmaps/{roadmap_id}/export"): P("viewer"),
    ("GET", "/api/v1/proposals/{proposal_id}/export"): P("viewer"),
    ("GET", "/api/v1/exports/{export_id}"): P("viewer"),
    ("GET", "/api/v1/exports/{export_id}/download"): P("viewer"),
    ("GET", "/api/v1/exports/{export_id}/events"): P("viewer"),
    # Agents: viewers may talk (actions inside a turn are checked again by role).
    ("POST", "/api/v1/journeys/{journey_id}/chat"): P("viewer"),
    # A conversation is private to the person who had it (the owner made the world's one).
    ("GET", "/api/v1/conversations/{conversation_id}"): P("creator"),
    ("POST", "/api/v1/conversations/{conversation_id}/confirm"): P("creator"),
    ("GET", "/api/v1/journeys/{journey_id}/conversations"): P("viewer"),
    ("GET", "/api/v1/journeys/{journey_id}/agents"): P("viewer"),
}


def expected(policy: Policy, role: str, method: str = "GET") -> Expect:
    if policy.level == "public":
        return "allowed"
    if role == "read_only":  # the owner's read-only token: the owner's reads, no writes
        return expected(policy, "owner") if method in SAFE_METHODS else "403"
    if role == "anonymous":
        return "401"
    if policy.level == "self":
        return "allowed"
    if policy.level == "instance_admin":
        return "403"
    if role == "other":
        return "404"
    if policy.level == "creator":
        return "allowed" if role == "owner" else "404"
    return "allowed" if RANK[role] >= RANK[policy.level] else "403"


def outcome(status: int) -> str:
    """The class of an answer: the auth answers exactly, anything else that is not a server
    error means the caller got past access control."""
    if status in (401, 403, 404):
        return str(status)
    if status == 405 or status >= 500:
        return f"error {status}"
    return "allowed"


def spec_operations(spec: dict[str, Any]) -> list[tuple[str, str]]:
    methods = ("get", "post", "put", "patch", "delete")
    return [(m.upper(), path) for path, ops in spec["paths"].items() for m in ops if m in methods]
