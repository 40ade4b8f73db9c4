"""Recording and reading security events.

Events are written in the same transaction as the change they describe, except failed
sign-ins, which are written in their own transaction so the record survives the refusal.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import structlog
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from symphainy.core.pagination import Page, paginate
from symphainy.models.audit import AuditEvent
from symphainy.models.user import User


@dataclass(frozen=True)
class Actor:
    """Who did it and from where."""

    user_id: str | None = None
    email: str | None = None
    ip: str | None = None


def record(
    session: Session,
    action: str,
    actor: Actor,
    *,
    workspace_id: str | None = None,
    target_type: str | None = None,
    target_id: str | None = None,
    **details: Any,
) -> AuditEvent:
    request_id = structlog.contextvars.get_contextvars().get("request_id")
    event = AuditEvent(
        action=action,
        actor_id=actor.user_id,
        actor_email=actor.email,
        ip=actor.ip,
        workspace_id=workspace_id,
        target_type=target_type,
        target_id=target_id,
        request_id=request_id,
        details=details,
    )
    session.add(event)
    return event


def list_for_workspace(
    session: Session, workspace_id: str, *, limit: int, cursor: str | None
) -> Page[AuditEvent]:
    """Events of the workspace, plus sign-in events of its members."""
    from symphainy.models.workspace import Membership

    member_ids = select(Membership.user_id).where(Membership.workspace_id == workspace_id)
    query = select(AuditEvent).where(
        or_(
            AuditEvent.workspace_id == workspace_id,
            (AuditEvent.workspace_id.is_(None)) & AuditEvent.actor_id.in_(member_ids),
        )
    )
    return paginate(session, query, AuditEvent.id, limit=limit, cursor=cursor)


def list_all(session: Session, *, limit: int, cursor: str | None) -> Page[AuditEvent]:
    return paginate(session, select(AuditEvent), AuditEvent.id, limit=limit, cursor=cursor)


def actor_for(user: User, ip: str | None) -> Actor:
    return Actor(user_id=user.id, email=user.email, ip=ip)
