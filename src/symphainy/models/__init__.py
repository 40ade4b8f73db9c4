"""ORM tables, one module per aggregate. Importing this package registers them all."""

from symphainy.models.agents import Conversation, Message
from symphainy.models.audit import AuditEvent
from symphainy.models.base import Base, WorkspaceScoped
from symphainy.models.content import Chunk, Dataset, Document, File
from symphainy.models.insights import Analysis, AskCorrection
from symphainy.models.journey import Journey
from symphainy.models.llm import ModelCall
from symphainy.models.operations import Blueprint, Sop, Workflow
from symphainy.models.outcomes import Export, Proposal, Roadmap
from symphainy.models.user import ApiToken, AuthSession, PasswordResetToken, User
from symphainy.models.workspace import Membership, Role, Workspace

__all__ = [
    "Analysis",
    "ApiToken",
    "AskCorrection",
    "AuditEvent",
    "AuthSession",
    "Base",
    "Blueprint",
    "Chunk",
    "Conversation",
    "Dataset",
    "Document",
    "Export",
    "File",
    "Journey",
    "Membership",
    "Message",
    "ModelCall",
    "PasswordResetToken",
    "Proposal",
    "Roadmap",
    "Role",
    "Sop",
    "User",
    "Workflow",
    "Workspace",
    "WorkspaceScoped",
]
