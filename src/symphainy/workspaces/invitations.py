"""Invitations: an admin invites an email address with a role; the link makes whoever signs in
with that address a member.

Colleagues no longer need an account before they can be added. The link carries a random
token (only its SHA-256 is stored), works once, expires after ``INVITATION_TTL_DAYS`` and is
bound to the invited address: someone else who opens it is refused. Pending invitations are
listed on the members page and can be withdrawn.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from symphainy.audit import service as audit
from symphainy.auth.principal import Principal
from symphainy.config import Settings
from symphainy.core import mail, scoping
from symphainy.core.errors import AppError, Conflict, Forbidden, NotFound
from symphainy.models.base import utcnow
from symphainy.models.user import User
from symphainy.models.workspace import Invitation, Membership, Role, Workspace

INVITATION_TTL_DAYS = 7


class Gone(AppError):
    """The link was real but is used up or out of date."""

    status_code, title, type_slug = 410, "Gone", "gone"


@dataclass(frozen=True)
class Created:
    invitation: Invitation
    link: str  # shown once to the person who invited, and emailed
    token: str  # the secret inside the link (only its hash is stored)


@dataclass(frozen=True)
class Pending:
    id: str
    email: str
    role: Role
    invited_by: str
    expires_at: datetime


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_path(token: str) -> str:
    return f"/invitations/{token}"


def absolute_link(link: str, base_url: str) -> str:
    """The link as the invitee will open it: the configured public URL, else this server's."""
    return link if "://" in link else base_url.rstrip("/") + link


def invite(
    session: Session,
    settings: Settings,
    principal: Principal,
    workspace_id: str,
    email: str,
    role: Role,
) -> Created:
    """Invite ``email`` as ``role``; a second invitation to the same address replaces the first."""
    mine = principal.require(workspace_id, Role.admin)
    if role is Role.owner and mine is not Role.owner:
        raise Forbidden("only an owner may invite someone as owner")
    address = email.strip().lower()
    workspace = session.get(Workspace, workspace_id)
    if workspace is None:
        raise NotFound("workspace not found")
    member = session.scalar(
        select(User.id)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.workspace_id == workspace_id, User.email == address)
    )
    if member is not None:
        raise Conflict(f"{address} is already a member; change their role in the list instead")
    now = utcnow()
    for old in session.scalars(
        select(Invitation).where(
            Invitation.workspace_id == workspace_id,
            Invitation.email == address,
            Invitation.accepted_at.is_(None),
            Invitation.revoked_at.is_(None),
        )
    ):
        old.revoked_at = now
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        workspace_id=workspace_id,
        email=address,
        role=role.value,
        token_hash=_hash(token),
        invited_by=principal.user.id,
        expires_at=now + timedelta(days=INVITATION_TTL_DAYS),
    )
    session.add(invitation)
    session.flush()
    audit.record(
        session,
        "workspace.invitation.created",
        audit.actor_for(principal.user, principal.ip),
        workspace_id=workspace_id,
        target_type="invitation",
        target_id=invitation.id,
        email=address,
        role=role.value,
    )
    link = f"{settings.SYMPHAINY_PUBLIC_URL.rstrip('/')}{invitation_path(token)}"
    mail.send(
        settings,
        address,
        f"{principal.user.full_name} invites you to {workspace.name} on SymphAIny",
        f"{principal.user.full_name} invites you to the workspace “{workspace.name}” as "
        f"{role.value}.\n\nOpen this link within {INVITATION_TTL_DAYS} days, then sign in or "
        f"register with this email address ({address}):\n{link}\n\n"
        "If you did not expect this, ignore this message.",
    )
    return Created(invitation=invitation, link=link, token=token)


def pending_invitations(session: Session, principal: Principal, workspace_id: str) -> list[Pending]:
    """Invitations not yet accepted, withdrawn or expired, newest first."""
    principal.require(workspace_id, Role.admin)
    rows = session.execute(
        select(Invitation, User.full_name)
        .outerjoin(User, User.id == Invitation.invited_by)
        .where(
            Invitation.workspace_id == workspace_id,
            Invitation.accepted_at.is_(None),
            Invitation.revoked_at.is_(None),
            Invitation.expires_at > utcnow(),
        )
        .order_by(Invitation.created_at.desc())
    )
    return [
        Pending(
            id=inv.id,
            email=inv.email,
            role=Role(inv.role),
            invited_by=name or "someone who has left",
            expires_at=inv.expires_at,
        )
        for inv, name in rows
    ]


def revoke_invitation(
    session: Session, principal: Principal, workspace_id: str, invitation_id: str
) -> str:
    """Withdraw a pending invitation; its link stops working. Returns the invited email."""
    principal.require(workspace_id, Role.admin)
    invitation = session.get(Invitation, invitation_id)
    if invitation is None or invitation.workspace_id != workspace_id:
        raise NotFound("invitation not found")
    if invitation.accepted_at is None and invitation.revoked_at is None:
        invitation.revoked_at = utcnow()
        audit.record(
            session,
            "workspace.invitation.revoked",
            audit.actor_for(principal.user, principal.ip),
            workspace_id=workspace_id,
            target_type="invitation",
            target_id=invitation.id,
            email=invitation.email,
        )
    return invitation.email


@dataclass(frozen=True)
class Preview:
    workspace_name: str
    email: str
    role: Role
    invited_by: str


def _open(session: Session, token: str) -> Invitation:
    """The invitation behind a link, from any workspace (the token is the capability)."""
    invitation = session.scalar(
        select(Invitation)
        .where(Invitation.token_hash == _hash(token))
        .execution_options(include_all_workspaces=True)
    )
    if invitation is None or invitation.revoked_at is not None:
        raise NotFound("this invitation link is not valid (it may have been withdrawn)")
    if invitation.accepted_at is not None:
        raise Gone("this invitation has already been accepted")
    if invitation.expires_at <= utcnow():
        raise Gone("this invitation has expired; ask for a new one")
    return invitation


def preview_invitation(session: Session, token: str) -> Preview:
    invitation = _open(session, token)
    names = session.execute(
        select(Workspace.name, User.full_name)
        .select_from(Workspace)
        .outerjoin(User, User.id == invitation.invited_by)
        .where(Workspace.id == invitation.workspace_id)
    ).one()
    return Preview(
        workspace_name=names[0],
        email=invitation.email,
        role=Role(invitation.role),
        invited_by=names[1] or "A colleague",
    )


def accept_invitation(session: Session, principal: Principal, token: str) -> tuple[str, Role]:
    """Make the signed-in user a member; only the invited address may accept."""
    invitation = _open(session, token)
    if principal.user.email.lower() != invitation.email:
        raise Forbidden(
            f"this invitation is for {invitation.email}; sign in with that address to accept it"
        )
    workspace_id = invitation.workspace_id
    scoping.widen_scope(session, workspace_id)
    role = Role(invitation.role)
    existing = session.scalar(
        select(Membership).where(
            Membership.workspace_id == workspace_id, Membership.user_id == principal.user.id
        )
    )
    if existing is None:
        session.add(
            Membership(workspace_id=workspace_id, user_id=principal.user.id, role=role.value)
        )
    elif not Role(existing.role).at_least(role):
        existing.role = role.value
    invitation.accepted_at = utcnow()
    invitation.accepted_by = principal.user.id
    principal.roles[workspace_id] = Role(existing.role) if existing else role
    session.flush()
    audit.record(
        session,
        "workspace.invitation.accepted",
        audit.actor_for(principal.user, principal.ip),
        workspace_id=workspace_id,
        target_type="invitation",
        target_id=invitation.id,
        role=role.value,
    )
    return workspace_id, role
