"""Request and response shapes for accounts."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, EmailStr, Field

from symphainy.models.user import TokenScope
from symphainy.models.workspace import Role


class UserBase(BaseModel):
    email: EmailStr
    full_name: str = Field(min_length=1, max_length=200)


class UserCreate(UserBase):
    password: str = Field(min_length=1, max_length=1024)


class UserPublic(UserBase):
    model_config = ConfigDict(from_attributes=True)

    id: str
    is_instance_admin: bool
    created_at: datetime


class WorkspaceRole(BaseModel):
    id: str
    name: str
    role: Role
    personal: bool


class Me(UserPublic):
    workspaces: list[WorkspaceRole]
    auth_method: str
    token_scope: TokenScope | None = Field(
        default=None, description="The scope of the API token making the call; empty otherwise."
    )


class LoginRequest(BaseModel):
    email: EmailStr
    password: str = Field(min_length=1, max_length=1024)


class LoginResponse(UserPublic):
    csrf_token: str
    expires_at: datetime


class TokenCreate(BaseModel):
    name: str = Field(min_length=1, max_length=100)
    expires_in_days: int | None = Field(
        default=None,
        ge=1,
        le=3650,
        description="Days until the token expires; empty: API_TOKEN_DEFAULT_DAYS (90 unless set).",
    )
    scope: TokenScope = Field(
        default=TokenScope.read_write,
        description="read_only: only GET, HEAD and OPTIONS; any other method answers 403. "
        "read_write: everything the account's roles allow.",
    )


class TokenPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    name: str
    prefix: str
    scope: TokenScope
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None
    revoked_at: datetime | None


class TokenCreated(TokenPublic):
    token: str = Field(description="Shown once; only a keyed hash is stored.")


class PasswordResetRequest(BaseModel):
    email: EmailStr


class PasswordResetConfirm(BaseModel):
    token: str = Field(min_length=10, max_length=200)
    password: str = Field(min_length=1, max_length=1024)


class PasswordChange(BaseModel):
    current_password: str = Field(min_length=1, max_length=1024)
    new_password: str = Field(min_length=1, max_length=1024)
    revoke_api_tokens: bool = Field(
        default=True,
        description="Also revoke every API token of the account (sessions always end).",
    )
