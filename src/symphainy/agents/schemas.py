"""Request and response shapes of the agents' API."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from symphainy.agents.tools import AgentName


class ChatRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    agent: AgentName = "guide"
    message: str = Field(min_length=1, max_length=4000)
    conversation_id: str | None = Field(None, max_length=32)


class MessagePublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    conversation_id: str
    role: str
    agent: str
    content: str
    tool_calls: list[dict[str, Any]]
    cards: list[dict[str, Any]]
    method: str
    model: str | None
    tokens_in: int
    tokens_out: int
    latency_ms: int
    created_at: datetime


class ConversationPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    journey_id: str
    agent: str
    title: str
    created_at: datetime
    updated_at: datetime
    pending_confirmation: str | None = None


class ConversationDetail(ConversationPublic):
    messages: list[MessagePublic]


class ChatReply(BaseModel):
    conversation_id: str
    message: MessagePublic
    notices: list[str] = Field(default_factory=list)
    # Set when the reply proposes a destructive action: the one-time token that
    # ``POST confirm_url`` needs to run it (sent once, never stored in clear).
    confirmation_token: str | None = None
    confirm_url: str | None = None


class ConfirmRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    confirmation_token: str = Field(min_length=1, max_length=200)


class Capability(BaseModel):
    tool: str
    description: str
    examples: list[str]
    writes: bool
    destructive: bool


class AgentPublic(BaseModel):
    agent: str
    title: str
    capabilities: list[Capability]
    engine: str
