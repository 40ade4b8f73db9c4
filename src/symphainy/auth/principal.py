"""Who is calling, and what they may do in each workspace."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeVar

from sqlalchemy.orm import Session

from symphainy.core.errors import Forbidden, NotFound
from symphainy.models.base import WorkspaceScoped
from symphainy.models.user import AuthSession, TokenScope, User
from symphainy.models.workspace import Role

Row = TypeVar("Row", bound=WorkspaceScoped)


@dataclass
class Principal:
    user: User
    roles: dict[str, Role]
    method: str  # "session" or "token"
    auth_session: AuthSession | None = None
    ip: str | None = None
    token_id: str | None = field(default=None)
    token_scope: TokenScope | None = None  # None for a browser session

    @property
    def read_only(self) -> bool:
        """An API token that may only read (safe HTTP methods); sessions are never read-only."""
        return self.token_scope is TokenScope.read_only

    @property
    def workspace_ids(self) -> frozenset[str]:
        return frozenset(self.roles)

    def role_in(self, workspace_id: str) -> Role | None:
        return self.roles.get(workspace_id)

    def require(self, workspace_id: str, minimum: Role) -> Role:
        """The caller's role in the workspace, or 404 if not a member, 403 if too low."""
        role = self.roles.get(workspace_id)
        if role is None:
            raise NotFound("workspace not found")
        if not role.at_least(minimum):
            raise Forbidden(f"this needs the {minimum.value} role or higher; you are {role.value}")
        return role

    def fetch(
        self,
        session: Session,
        model: type[Row],
        row_id: str,
        minimum: Role = Role.viewer,
        *,
        noun: str,
    ) -> Row:
        """The row if the caller may see it (404, also for another workspace's row) and has
        ``minimum`` role in its workspace (403). Every pillar's ``get_*`` goes through here."""
        row = session.get(model, row_id)
        if row is None:
            raise NotFound(f"{noun} not found")
        self.require(row.workspace_id, minimum)
        return row
