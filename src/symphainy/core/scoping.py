"""Workspace isolation as one mechanism, not a check per endpoint.

Every session carries a :class:`Scope`. Every ORM ``SELECT`` of a workspace-scoped table gets
``workspace_id IN (scope)`` added automatically, and every new or changed scoped row must
belong to a workspace in scope before it is flushed. A session with no scope refuses both, so
forgetting to scope fails closed. Rows of another workspace are simply invisible, which is why
the API answers 404 (not 403) for them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session, with_loader_criteria

from symphainy.models.base import WorkspaceScoped

_KEY = "symphainy_scope"


class ScopeError(RuntimeError):
    """Raised when code touches workspace data without saying whose."""


@dataclass(frozen=True)
class Scope:
    workspace_ids: frozenset[str]
    system: bool = False

    @classmethod
    def for_system(cls) -> Scope:
        """Background jobs and the CLI act on behalf of the platform; they see every workspace."""
        return cls(frozenset(), system=True)

    @classmethod
    def for_workspaces(cls, ids: set[str] | frozenset[str]) -> Scope:
        return cls(frozenset(ids))

    def allows(self, workspace_id: str | None) -> bool:
        return self.system or (workspace_id is not None and workspace_id in self.workspace_ids)


def set_scope(session: Session, scope: Scope) -> None:
    session.info[_KEY] = scope


def get_scope(session: Session) -> Scope:
    scope = session.info.get(_KEY)
    if scope is None:
        raise ScopeError("session has no workspace scope")
    return scope  # type: ignore[no-any-return]


@event.listens_for(Session, "do_orm_execute")
def _filter_by_workspace(state: ORMExecuteState) -> None:
    if not state.is_select or state.execution_options.get("include_all_workspaces", False):
        return
    scope = state.session.info.get(_KEY)
    if scope is None:
        if any(_is_scoped(m.class_) for m in state.all_mappers):
            raise ScopeError("query on workspace data from a session without a scope")
        return
    if scope.system:
        return
    ids = tuple(scope.workspace_ids)
    state.statement = state.statement.options(
        with_loader_criteria(
            WorkspaceScoped,
            lambda cls: cls.workspace_id.in_(ids),
            include_aliases=True,
            track_closure_variables=False,
        )
    )


@event.listens_for(Session, "before_flush")
def _refuse_foreign_writes(session: Session, _ctx: Any, _instances: Any) -> None:
    scope = session.info.get(_KEY)
    for obj in (*session.new, *session.dirty, *session.deleted):
        if not isinstance(obj, WorkspaceScoped):
            continue
        if scope is None:
            raise ScopeError("write of workspace data from a session without a scope")
        if not scope.allows(obj.workspace_id):
            raise ScopeError(f"write to workspace {obj.workspace_id} outside the session's scope")


def _is_scoped(cls: Any) -> bool:
    return isinstance(cls, type) and issubclass(cls, WorkspaceScoped)


def widen_scope(session: Session, workspace_id: str) -> None:
    """Let the session see a workspace the caller has just been made a member of."""
    scope = get_scope(session)
    if not scope.system:
        set_scope(session, Scope.for_workspaces(scope.workspace_ids | {workspace_id}))
