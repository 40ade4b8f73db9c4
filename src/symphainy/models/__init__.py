"""ORM tables, one module per aggregate. Importing this package registers them all."""

from symphainy.models.audit import AuditEvent
from symphainy.models.base import Base, WorkspaceScoped
from symphainy.models.content import Chunk, Dataset, Document, File
from symphainy.models.journey import Journey
from symphainy.models.user import ApiToken, AuthSession, PasswordResetToken, User
from symphainy.models.workspace import Membership, Role, Workspace

__all__ = [
    "ApiToken",
    "AuditEvent",
    "AuthSession",
    "Base",
    "Chunk",
    "Dataset",
    "Document",
    "File",
    "Journey",
    "Membership",
    "PasswordResetToken",
    "Role",
    "User",
    "Workspace",
    "WorkspaceScoped",
]
