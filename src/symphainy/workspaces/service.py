"""Workspaces, members and roles.

Role rules: viewers read, members also create and change content, admins also manage members
(below owner) and read the audit log, owners may do anything including granting ownership.
A workspace always keeps at least one owner.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from symphainy.audit import service as audit
from symphainy.auth.principal import Principal
from symphainy.core import scoping
from symphainy.core.errors import Conflict, Forbidden, NotFound
from symphainy.models.user import User
from symphainy.models.workspace import Membership, Role, Workspace
from symphainy.workspaces.invitations import (  # the invitation half of this service
    INVITATION_TTL_DAYS,
    absolute_link,
    accept_invitation,
    invite,
    pending_invitations,
    preview_invitation,
    revoke_invitation,
)
from symphainy.workspaces.schemas import MemberPublic, WorkspacePublic

__all__ = [
    "INVITATION_TTL_DAYS",
    "absolute_link",
    "accept_invitation",
    "add_member",
    "change_role",
    "create_workspace",
    "get_workspace",
    "invite",
    "list_members",
    "list_workspaces",
    "names_and_kinds",
    "pending_invitations",
    "preview_invitation",
    "remove_member",
    "revoke_invitation",
]


def list_workspaces(session: Session, principal: Principal) -> list[WorkspacePublic]:
    rows = session.scalars(
        select(Workspace)
        .where(Workspace.id.in_(principal.workspace_ids))
        .order_by(Workspace.personal.desc(), Workspace.name)
    )
    return [
        WorkspacePublic(
            id=w.id,
            name=w.name,
            personal=w.personal,
            role=principal.roles[w.id],
            created_at=w.created_at,
        )
        for w in rows
    ]


def names_and_kinds(session: Session, principal: Principal) -> dict[str, tuple[str, bool]]:
    rows = session.execute(
        select(Workspace.id, Workspace.name, Workspace.personal).where(
            Workspace.id.in_(principal.workspace_ids)
        )
    )
    return {ws_id: (name, personal) for ws_id, name, personal in rows}


def get_workspace(
    session: Session, principal: Principal, workspace_id: str, minimum: Role = Role.viewer
) -> Workspace:
    principal.require(workspace_id, minimum)
    workspace = session.get(Workspace, workspace_id)
    if workspace is None:
        raise NotFound("workspace not found")
    return workspace


def create_workspace(session: Session, principal: Principal, name: str) -> WorkspacePublic:
    workspace = Workspace(name=name.strip(), created_by=principal.user.id)
    session.add(workspace)
    session.flush()
    scoping.widen_scope(session, workspace.id)
    session.add(
        Membership(workspace_id=workspace.id, user_id=principal.user.id, role=Role.owner.value)
    )
    principal.roles[workspace.id] = Role.owner
    audit.record(
        session,
        "workspace.created",
        audit.actor_for(principal.user, principal.ip),
        workspace_id=workspace.id,
        target_type="workspace",
        target_id=workspace.id,
    )
    return WorkspacePublic(
        id=workspace.id,
        name=workspace.name,
        personal=False,
        role=Role.owner,
        created_at=workspace.created_at,
    )


def list_members(session: Session, principal: Principal, workspace_id: str) -> list[MemberPublic]:
    principal.require(workspace_id, Role.viewer)
    rows = session.execute(
        select(Membership, User)
        .join(User, User.id == Membership.user_id)
        .where(Membership.workspace_id == workspace_id)
        .order_by(User.email)
    )
    return [
        MemberPublic(
            user_id=u.id,
            email=u.email,
            full_name=u.full_name,
            role=Role(m.role),
            added_at=m.created_at,
        )
        for m, u in rows
    ]


def _check_may_assign(
    principal: Principal, workspace_id: str, role: Role, current: Role | None
) -> None:
    mine = principal.require(workspace_id, Role.admin)
    touches_owner = role is Role.owner or current is Role.owner
    if touches_owner and mine is not Role.owner:
        raise Forbidden("only an owner may grant or change the owner role")


def add_member(
    session: Session, principal: Principal, workspace_id: str, email: str, role: Role
) -> MemberPublic:
    """Add someone with an account, or change their role if they are already a member."""
    user = session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        principal.require(workspace_id, Role.admin)
        raise NotFound("no account uses this email; ask them to register first, then add them")
    membership = session.scalar(
        select(Membership).where(
            Membership.workspace_id == workspace_id, Membership.user_id == user.id
        )
    )
    current = Role(membership.role) if membership else None
    _check_may_assign(principal, workspace_id, role, current)
    if membership is None:
        membership = Membership(workspace_id=workspace_id, user_id=user.id, role=role.value)
        session.add(membership)
        action = "workspace.member.added"
    else:
        _keep_an_owner(session, workspace_id, current, role)
        membership.role = role.value
        action = "workspace.member.role_changed"
    session.flush()
    audit.record(
        session,
        action,
        audit.actor_for(principal.user, principal.ip),
        workspace_id=workspace_id,
        target_type="user",
        target_id=user.id,
        role=role.value,
        previous_role=current.value if current else None,
    )
    return MemberPublic(
        user_id=user.id,
        email=user.email,
        full_name=user.full_name,
        role=role,
        added_at=membership.created_at,
    )


def change_role(
    session: Session, principal: Principal, workspace_id: str, user_id: str, role: Role
) -> MemberPublic:
    user = session.get(User, user_id)
    if user is None or not _is_member(session, workspace_id, user_id):
        _not_member(principal, workspace_id)
    assert user is not None
    return add_member(session, principal, workspace_id, user.email, role)


def remove_member(session: Session, principal: Principal, workspace_id: str, user_id: str) -> None:
    membership = session.scalar(
        select(Membership).where(
            Membership.workspace_id == workspace_id, Membership.user_id == user_id
        )
    )
    if membership is None:
        _not_member(principal, workspace_id)
        return
    current = Role(membership.role)
    if user_id != principal.user.id:
        _check_may_assign(principal, workspace_id, Role.viewer, current)
    _keep_an_owner(session, workspace_id, current, None)
    session.delete(membership)
    audit.record(
        session,
        "workspace.member.removed",
        audit.actor_for(principal.user, principal.ip),
        workspace_id=workspace_id,
        target_type="user",
        target_id=user_id,
        previous_role=current.value,
    )


def _is_member(session: Session, workspace_id: str, user_id: str) -> bool:
    return (
        session.scalar(
            select(Membership.id).where(
                Membership.workspace_id == workspace_id, Membership.user_id == user_id
            )
        )
        is not None
    )


def _not_member(principal: Principal, workspace_id: str) -> None:
    principal.require(workspace_id, Role.viewer)
    raise NotFound("member not found")


def _keep_an_owner(
    session: Session, workspace_id: str, current: Role | None, new: Role | None
) -> None:
    if current is not Role.owner or new is Role.owner:
        return
    owners = session.scalar(
        select(func.count())
        .select_from(Membership)
        .where(Membership.workspace_id == workspace_id, Membership.role == Role.owner.value)
    )
    if (owners or 0) <= 1:
        raise Conflict("a workspace needs at least one owner; make someone else owner first")
