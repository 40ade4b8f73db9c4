"""A populated workspace for access-control tests: one user per role and real resources.

The team workspace belongs to ``owner``; ``admin``, ``member`` and ``viewer`` are members with
those roles; ``other`` owns a workspace of their own and nothing in the team's. The first
account registered is the instance administrator, kept apart so no role under test has the
instance-wide powers. Every resource the spec has an endpoint for is created through the API
(a journey, a CSV and a text SOP, and when the endpoints exist a workflow, SOP, blueprint,
roadmap, proposal, export, analysis and conversation), so path ids are real.
"""

from __future__ import annotations

import dataclasses
import itertools
from dataclasses import dataclass, field
from typing import Any

from fastapi.testclient import TestClient

from tests.integration.conftest import User, make_user

# ``read_only``: the owner's read-only API token (reads as the owner, every write refused).
ROLES = ("anonymous", "viewer", "member", "admin", "owner", "other", "read_only")
JSON = {"Accept": "application/json"}
_unique = itertools.count()

SOP_TEXT = (
    "Invoice approval procedure\n\n"
    "Purpose: pay suppliers on time.\n\n"
    "1. The clerk receives the invoice by email.\n"
    "2. The clerk enters the invoice in the ledger.\n"
    "3. The manager approves invoices over 5,000 EUR.\n"
    "4. If the invoice is approved, finance pays the supplier.\n"
    "5. Finance archives the invoice.\n"
)


def sample_csv(tag: str = "") -> bytes:
    rows = "".join(
        f"{i},Supplier {i % 4},{i * 10.5},2026-0{1 + i % 9}-1{i % 9},{tag}\n" for i in range(1, 40)
    )
    return ("invoice_id,supplier,amount,paid_on,batch\n" + rows).encode()


@dataclass
class World:
    client: TestClient
    users: dict[str, User]
    workspace_id: str
    ids: dict[str, str] = field(default_factory=dict)
    spec: dict[str, Any] = field(default_factory=dict)

    def has(self, method: str, path: str) -> bool:
        return method.lower() in self.spec.get("paths", {}).get(path, {})

    @property
    def owner(self) -> User:
        return self.users["owner"]

    def new_journey(self) -> str:
        r = self.owner.api(
            "POST",
            "/api/v1/journeys",
            json={
                "workspace_id": self.workspace_id,
                "title": f"Journey {next(_unique)}",
                "goals": ["Pay suppliers on time"],
            },
        )
        assert r.status_code == 201, r.text
        return str(r.json()["id"])

    def new_file(
        self, journey_id: str | None = None, name: str = "invoices.csv", data: bytes | None = None
    ) -> str:
        body = data if data is not None else sample_csv(f"b{next(_unique)}")
        r = self.owner.api(
            "POST",
            f"/api/v1/journeys/{journey_id or self.ids['journey_id']}/files",
            files={"file": (name, body, "application/octet-stream")},
        )
        assert r.status_code == 202, r.text
        return str(r.json()["id"])

    def new_member(self, role: str = "member") -> User:
        user = make_user(self.client, f"Target {next(_unique)}")
        r = self.owner.api(
            "POST",
            f"/api/v1/workspaces/{self.workspace_id}/members",
            json={"email": user.email, "role": role},
        )
        assert r.status_code == 201, r.text
        return user

    def new_token_id(self, user: User) -> str:
        r = user.api("POST", "/api/v1/auth/tokens", json={"name": f"t{next(_unique)}"})
        assert r.status_code == 201, r.text
        return str(r.json()["id"])


def build_world(client: TestClient) -> World:
    make_user(client, "Instance Admin")  # the first account administers the instance
    users = {
        role: make_user(client, f"{role.title()} User")
        for role in ("owner", "admin", "member", "viewer", "other")
    }
    owner = users["owner"]
    r = owner.api("POST", "/api/v1/auth/tokens", json={"name": "reader", "scope": "read_only"})
    assert r.status_code == 201, r.text
    users["read_only"] = dataclasses.replace(owner, token=r.json()["token"])
    r = owner.api("POST", "/api/v1/workspaces", json={"name": "Team"})
    assert r.status_code == 201, r.text
    workspace_id = str(r.json()["id"])
    for role in ("admin", "member", "viewer"):
        r = owner.api(
            "POST",
            f"/api/v1/workspaces/{workspace_id}/members",
            json={"email": users[role].email, "role": role},
        )
        assert r.status_code == 201, r.text
    world = World(client, users, workspace_id, spec=client.get("/openapi.json").json())
    ids = world.ids
    ids["workspace_id"] = workspace_id
    ids["journey_id"] = world.new_journey()
    ids["file_id"] = world.new_file()
    ids["sop_file_id"] = world.new_file(name="invoice-approval.txt", data=SOP_TEXT.encode())
    for key in ("file_id", "sop_file_id"):
        detail = owner.api("GET", f"/api/v1/files/{ids[key]}").json()
        assert detail["status"] == "ready", detail
    ids["user_id"] = world.new_member().id  # a member that refused calls try to change
    ids["token_id"] = world.new_token_id(owner)
    _optional_resources(world)
    return world


def _optional_resources(world: World) -> None:
    """Resources of pillars whose endpoints are in the spec; missing ones are skipped."""
    owner, ids, jid = world.owner, world.ids, world.ids["journey_id"]
    if world.has("get", "/api/v1/files/{file_id}/profile"):
        r = owner.api("GET", f"/api/v1/files/{ids['file_id']}/profile")
        assert r.status_code in (200, 202), r.text
        ids["analysis_id"] = str(r.json().get("analysis_id") or r.json().get("id"))
    if world.has("post", "/api/v1/journeys/{journey_id}/workflows"):
        r = owner.api(
            "POST", f"/api/v1/journeys/{jid}/workflows", json={"source_file_id": ids["sop_file_id"]}
        )
        assert r.status_code == 201, r.text
        ids["workflow_id"] = str(r.json()["id"])
        if world.has("post", "/api/v1/workflows/{workflow_id}/sop"):
            r = owner.api("POST", f"/api/v1/workflows/{ids['workflow_id']}/sop")
            assert r.status_code == 201, r.text
            ids["sop_id"] = str(r.json()["id"])
        if world.has("post", "/api/v1/workflows/{workflow_id}/blueprint"):
            r = owner.api("POST", f"/api/v1/workflows/{ids['workflow_id']}/blueprint", json={})
            assert r.status_code == 201, r.text
            ids["blueprint_id"] = str(r.json()["id"])
    if world.has("post", "/api/v1/journeys/{journey_id}/roadmap"):
        r = owner.api("POST", f"/api/v1/journeys/{jid}/roadmap", json={})
        assert r.status_code == 201, r.text
        ids["roadmap_id"] = str(r.json()["id"])
        if world.has("get", "/api/v1/roadmaps/{roadmap_id}/export"):
            r = owner.api(
                "GET", f"/api/v1/roadmaps/{ids['roadmap_id']}/export", params={"format": "md"}
            )
            assert r.status_code in (200, 202), r.text
            ids["export_id"] = str(r.json()["id"])
    if world.has("post", "/api/v1/journeys/{journey_id}/proposal"):
        r = owner.api("POST", f"/api/v1/journeys/{jid}/proposal", json={})
        assert r.status_code == 201, r.text
        ids["proposal_id"] = str(r.json()["id"])
    if world.has("post", "/api/v1/journeys/{journey_id}/chat"):
        r = owner.api(
            "POST",
            f"/api/v1/journeys/{jid}/chat",
            headers=JSON,
            json={"agent": "guide", "message": "What should I do first?"},
        )
        assert r.status_code == 200, r.text
        ids["conversation_id"] = str(r.json()["conversation_id"])
