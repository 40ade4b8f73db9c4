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
