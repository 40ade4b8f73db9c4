from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, EmailStr, Field

from symphainy.models.workspace import Role


class WorkspaceCreate(BaseModel):
    name: str = Field(min_length=1, max_length=120)


class WorkspacePublic(BaseModel):
    id: str
    name: str
    personal: bool
    role: Role
    created_at: datetime


class MemberAdd(BaseModel):
    email: EmailStr
    role: Role


class MemberUpdate(BaseModel):
    role: Role


class MemberPublic(BaseModel):
    user_id: str
    email: str
    full_name: str
    role: Role
    added_at: datetime


class InvitationCreate(BaseModel):
    email: EmailStr
    role: Role


class InvitationPublic(BaseModel):
    """A pending invitation; its token is never shown again after it is created."""

    id: str
    email: str
    role: Role
    invited_by: str
    expires_at: datetime


class InvitationCreated(InvitationPublic):
    """The answer to an invitation: the link (and its token) are shown this once."""

    link: str
    token: str


class InvitationAccept(BaseModel):
    token: str = Field(min_length=1, max_length=200)


class InvitationAccepted(BaseModel):
    workspace_id: str
    workspace_name: str
    role: Role
