"""HTTP for workspaces and members."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, status

from symphainy.audit import service as audit
from symphainy.audit.schemas import AuditEventPublic
from symphainy.auth.deps import CurrentPrincipal, DbSession, InstanceAdmin, RuntimeDep
from symphainy.core.pagination import PageOut
from symphainy.models.workspace import Role
from symphainy.workspaces import service
from symphainy.workspaces.schemas import (
    InvitationAccept,
    InvitationAccepted,
    InvitationCreate,
    InvitationCreated,
    InvitationPublic,
    MemberAdd,
    MemberPublic,
    MemberUpdate,
    WorkspaceCreate,
    WorkspacePublic,
)

router = APIRouter(prefix="/api/v1", tags=["workspaces"])
Limit = Annotated[int, Query(ge=1, le=200)]


@router.get("/workspaces", response_model=list[WorkspacePublic])
def list_workspaces(principal: CurrentPrincipal, session: DbSession) -> list[WorkspacePublic]:
    return service.list_workspaces(session, principal)


@router.post("/workspaces", status_code=status.HTTP_201_CREATED, response_model=WorkspacePublic)
def create_workspace(
    data: WorkspaceCreate, principal: CurrentPrincipal, session: DbSession
) -> WorkspacePublic:
    return service.create_workspace(session, principal, data.name)


@router.get("/workspaces/{workspace_id}/members", response_model=list[MemberPublic])
def list_members(
    workspace_id: str, principal: CurrentPrincipal, session: DbSession
) -> list[MemberPublic]:
    return service.list_members(session, principal, workspace_id)


@router.post(
    "/workspaces/{workspace_id}/members",
    status_code=status.HTTP_201_CREATED,
    response_model=MemberPublic,
)
def add_member(
    workspace_id: str, data: MemberAdd, principal: CurrentPrincipal, session: DbSession
) -> MemberPublic:
    return service.add_member(session, principal, workspace_id, data.email, data.role)


@router.patch("/workspaces/{workspace_id}/members/{user_id}", response_model=MemberPublic)
def change_role(
    workspace_id: str,
    user_id: str,
    data: MemberUpdate,
    principal: CurrentPrincipal,
    session: DbSession,
) -> MemberPublic:
    return service.change_role(session, principal, workspace_id, user_id, data.role)


@router.delete(
    "/workspaces/{workspace_id}/members/{user_id}", status_code=status.HTTP_204_NO_CONTENT
)
def remove_member(
    workspace_id: str, user_id: str, principal: CurrentPrincipal, session: DbSession
) -> None:
    service.remove_member(session, principal, workspace_id, user_id)


@router.post(
    "/workspaces/{workspace_id}/invitations",
    status_code=status.HTTP_201_CREATED,
    response_model=InvitationCreated,
)
def create_invitation(
    request: Request,
    workspace_id: str,
    data: InvitationCreate,
    principal: CurrentPrincipal,
    session: DbSession,
    runtime: RuntimeDep,
) -> InvitationCreated:
    """Invite an address with a role; the link (with its token) is in this answer only."""
    created = service.invite(
        session, runtime.settings, principal, workspace_id, data.email, data.role
    )
    invitation = created.invitation
    return InvitationCreated(
        id=invitation.id,
        email=invitation.email,
        role=Role(invitation.role),
        invited_by=principal.user.full_name,
        expires_at=invitation.expires_at,
        link=service.absolute_link(created.link, str(request.base_url)),
        token=created.token,
    )


@router.get("/workspaces/{workspace_id}/invitations", response_model=list[InvitationPublic])
def list_invitations(
    workspace_id: str, principal: CurrentPrincipal, session: DbSession
) -> list[InvitationPublic]:
    """Pending invitations only: accepted, withdrawn and expired ones are not listed."""
    return [
        InvitationPublic(
            id=p.id, email=p.email, role=p.role, invited_by=p.invited_by, expires_at=p.expires_at
        )
        for p in service.pending_invitations(session, principal, workspace_id)
    ]


@router.delete(
    "/workspaces/{workspace_id}/invitations/{invitation_id}",
    status_code=status.HTTP_204_NO_CONTENT,
)
def withdraw_invitation(
    workspace_id: str, invitation_id: str, principal: CurrentPrincipal, session: DbSession
) -> None:
    service.revoke_invitation(session, principal, workspace_id, invitation_id)


@router.post("/invitations/accept", response_model=InvitationAccepted)
def accept_invitation(
    data: InvitationAccept, principal: CurrentPrincipal, session: DbSession
) -> InvitationAccepted:
    """The signed-in user joins with the invited role; only the invited address may."""
    workspace_id, role = service.accept_invitation(session, principal, data.token)
    workspace = service.get_workspace(session, principal, workspace_id)
    return InvitationAccepted(workspace_id=workspace_id, workspace_name=workspace.name, role=role)


@router.get("/workspaces/{workspace_id}/audit", response_model=PageOut[AuditEventPublic])
def workspace_audit(
    workspace_id: str,
    principal: CurrentPrincipal,
    session: DbSession,
    limit: Limit = 50,
    cursor: str | None = None,
) -> PageOut[AuditEventPublic]:
    principal.require(workspace_id, Role.admin)
    page = audit.list_for_workspace(session, workspace_id, limit=limit, cursor=cursor)
    return PageOut(
        items=[AuditEventPublic.model_validate(e) for e in page.items], next_cursor=page.next_cursor
    )


@router.get("/audit", response_model=PageOut[AuditEventPublic])
def instance_audit(
    _admin: InstanceAdmin, session: DbSession, limit: Limit = 50, cursor: str | None = None
) -> PageOut[AuditEventPublic]:
    page = audit.list_all(session, limit=limit, cursor=cursor)
    return PageOut(
        items=[AuditEventPublic.model_validate(e) for e in page.items], next_cursor=page.next_cursor
    )
