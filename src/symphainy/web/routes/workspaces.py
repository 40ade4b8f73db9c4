"""Workspaces: the list and switcher, members and roles, and the audit log for admins."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request, Response
from pydantic import ValidationError

from symphainy.audit import service as audit
from symphainy.auth.deps import DbSession, OptionalPrincipal, RuntimeDep
from symphainy.auth.principal import Principal
from symphainy.core.errors import AppError, Invalid, NotFound
from symphainy.models.workspace import Role
from symphainy.web.deps import FormPrincipal, PagePrincipal
from symphainy.web.render import form_failed, redirect, render
from symphainy.workspaces import service
from symphainy.workspaces.schemas import MemberAdd, WorkspaceCreate

router = APIRouter(include_in_schema=False)
Text = Annotated[str, Form()]
AUDIT_PAGE_SIZE = 50
ROLES = [r.value for r in Role]


def _role(value: str) -> Role:
    try:
        return Role(value)
    except ValueError:
        raise Invalid("choose one of the listed roles", field="role") from None


@router.get("/workspaces", name="workspaces_page")
def workspaces_page(request: Request, principal: PagePrincipal, session: DbSession) -> Response:
    return render(
        request, "workspaces/list.html", _list_context(session, principal, ""), principal=principal
    )


def _list_context(session: DbSession, principal: Principal, name: str) -> dict[str, Any]:
    return {"workspaces": service.list_workspaces(session, principal), "name": name}


@router.post("/workspaces")
def create_workspace(
    request: Request, principal: FormPrincipal, session: DbSession, name: Text = ""
) -> Response:
    try:
        data = WorkspaceCreate(name=name.strip())
        workspace = service.create_workspace(session, principal, data.name)
    except (AppError, ValidationError) as exc:
        return form_failed(
            request,
            session,
            "workspaces/list.html",
            exc,
            _list_context(session, principal, name),
            principal=principal,
        )
    return redirect(
        request,
        f"/workspaces/{workspace.id}/members",
        f"Workspace “{workspace.name}” created. Add the people who work in it.",
    )


def _members_context(
    session: DbSession,
    principal: Principal,
    workspace_id: str,
    *,
    email: str = "",
    role: str = Role.member.value,
) -> dict[str, Any]:
    workspace = service.get_workspace(session, principal, workspace_id)
    mine = principal.roles[workspace_id]
    return {
        "workspace": workspace,
        "my_role": mine,
        "roles": ROLES,
        "members": service.list_members(session, principal, workspace_id),
        "can_manage": mine.at_least(Role.admin),
        "pending": service.pending_invitations(session, principal, workspace_id)
        if mine.at_least(Role.admin)
        else [],
        "ttl_days": service.INVITATION_TTL_DAYS,
        "assignable": [r for r in ROLES if mine is Role.owner or r != Role.owner.value],
        "email": email,
        "role": role,
    }


@router.get("/workspaces/{workspace_id}/members", name="members_page")
def members_page(
    request: Request, workspace_id: str, principal: PagePrincipal, session: DbSession
) -> Response:
    return render(
        request,
        "workspaces/members.html",
        _members_context(session, principal, workspace_id),
        principal=principal,
    )


@router.post("/workspaces/{workspace_id}/members")
def add_member(
    request: Request,
    workspace_id: str,
    principal: FormPrincipal,
    session: DbSession,
    runtime: RuntimeDep,
    email: Text = "",
    role: Text = "member",
) -> Response:
    """Someone with an account is added at once; anyone else gets an invitation link."""
    try:
        data = MemberAdd(email=email, role=_role(role))
        try:
            member = service.add_member(session, principal, workspace_id, data.email, data.role)
        except NotFound:
            created = service.invite(
                session, runtime.settings, principal, workspace_id, data.email, data.role
            )
        else:
            return redirect(
                request,
                f"/workspaces/{workspace_id}/members",
                f"{member.full_name} is now {member.role.value} of this workspace.",
            )
    except (AppError, ValidationError) as exc:
        context = _members_context(session, principal, workspace_id, email=email, role=role)
        return form_failed(
            request, session, "workspaces/members.html", exc, context, principal=principal
        )
    context = _members_context(session, principal, workspace_id)
    context["invited"] = {
        "email": created.invitation.email,
        "link": service.absolute_link(created.link, str(request.base_url)),
    }
    return render(request, "workspaces/members.html", context, principal=principal)


@router.post("/workspaces/{workspace_id}/invitations/{invitation_id}/revoke")
def revoke_invitation(
    request: Request,
    workspace_id: str,
    invitation_id: str,
    principal: FormPrincipal,
    session: DbSession,
) -> Response:
    email = service.revoke_invitation(session, principal, workspace_id, invitation_id)
    return redirect(
        request,
        f"/workspaces/{workspace_id}/members",
        f"The invitation to {email} is withdrawn; its link no longer works.",
        "info",
    )


@router.get("/invitations/{token}", name="invitation_page")
def invitation_page(
    request: Request, token: str, session: DbSession, current: OptionalPrincipal
) -> Response:
    try:
        found = service.preview_invitation(session, token)
    except AppError as exc:
        return render(
            request,
            "workspaces/invitation.html",
            {"problem": exc.detail, "token": token},
            principal=current,
            status_code=exc.status_code,
        )
    return render(
        request,
        "workspaces/invitation.html",
        {
            "invitation": found,
            "token": token,
            "here": f"/invitations/{token}",
            "wrong_account": current is not None and current.user.email.lower() != found.email,
        },
        principal=current,
    )


@router.post("/invitations/{token}")
def accept_invitation(
    request: Request, token: str, principal: FormPrincipal, session: DbSession
) -> Response:
    try:
        workspace_id, role = service.accept_invitation(session, principal, token)
    except AppError as exc:
        return render(
            request,
            "workspaces/invitation.html",
            {"problem": exc.detail, "token": token},
            principal=principal,
            status_code=exc.status_code,
        )
    name = service.get_workspace(session, principal, workspace_id).name
    return redirect(request, "/", f"You joined “{name}” as {role.value}.")


@router.post("/workspaces/{workspace_id}/members/{user_id}/role")
def change_role(
    request: Request,
    workspace_id: str,
    user_id: str,
    principal: FormPrincipal,
    session: DbSession,
    role: Text = "",
) -> Response:
    try:
        member = service.change_role(session, principal, workspace_id, user_id, _role(role))
    except AppError as exc:
        return form_failed(
            request,
            session,
            "workspaces/members.html",
            exc,
            _members_context(session, principal, workspace_id),
            principal=principal,
        )
    return redirect(
        request,
        f"/workspaces/{workspace_id}/members",
        f"{member.full_name} is now {member.role.value}.",
    )


@router.post("/workspaces/{workspace_id}/members/{user_id}/remove")
def remove_member(
    request: Request, workspace_id: str, user_id: str, principal: FormPrincipal, session: DbSession
) -> Response:
    try:
        service.remove_member(session, principal, workspace_id, user_id)
    except AppError as exc:
        return form_failed(
            request,
            session,
            "workspaces/members.html",
            exc,
            _members_context(session, principal, workspace_id),
            principal=principal,
        )
    if user_id == principal.user.id:
        return redirect(request, "/workspaces", "You left the workspace.", "info")
    return redirect(request, f"/workspaces/{workspace_id}/members", "Member removed.", "info")


@router.get("/workspaces/{workspace_id}/audit", name="audit_page")
def audit_page(
    request: Request,
    workspace_id: str,
    principal: PagePrincipal,
    session: DbSession,
    cursor: str | None = None,
) -> Response:
    workspace = service.get_workspace(session, principal, workspace_id, Role.admin)
    page = audit.list_for_workspace(
        session, workspace_id, limit=AUDIT_PAGE_SIZE, cursor=cursor[:64] if cursor else None
    )
    return render(
        request,
        "workspaces/audit.html",
        {
            "workspace": workspace,
            "events": page.items,
            "next_cursor": page.next_cursor,
            "paged": bool(cursor),
        },
        principal=principal,
    )
