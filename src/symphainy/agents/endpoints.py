"""HTTP for the agents. Thin: the chat turn streams as Server-Sent Events (or one JSON answer)."""

from __future__ import annotations

from collections.abc import AsyncGenerator, AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response
from starlette.types import Receive, Scope, Send

from symphainy.agents import engine, intent, service
from symphainy.agents.llm_turn import build_provider
from symphainy.agents.schemas import (
    AgentPublic,
    Capability,
    ChatReply,
    ChatRequest,
    ConfirmRequest,
    ConversationDetail,
    ConversationPublic,
    MessagePublic,
)
from symphainy.agents.tools import AGENT_TITLES, AGENTS, tools_for
from symphainy.auth.deps import CurrentPrincipal, DbSession, RuntimeDep
from symphainy.core.compute import ComputeTurn
from symphainy.core.errors import AppError
from symphainy.core.pagination import PageOut
from symphainy.core.sse import event, sse_response
from symphainy.journeys import service as journeys

router = APIRouter(prefix="/api/v1", tags=["agents"])


class _AfterCommit(Response):
    """The turn as one JSON answer, computed after the request's own session has closed."""

    def __init__(self, events: AsyncGenerator[tuple[str, dict[str, Any]], None]) -> None:
        super().__init__(media_type="application/json")
        self.events = events

    async def _reply(self) -> dict[str, Any]:
        notices: list[str] = []
        message: dict[str, Any] = {}
        token: dict[str, Any] = {}
        async for name, data in self.events:
            if name == "notice":
                notices.append(str(data["text"]))
            elif name == "tool_result" and data.get("confirmation_token"):
                token = data
            elif name == "message":
                message = data
        return ChatReply(
            conversation_id=message["conversation_id"],
            message=MessagePublic.model_validate(message),
            notices=notices,
            confirmation_token=token.get("confirmation_token"),
            confirm_url=token.get("confirm_url"),
        ).model_dump(mode="json")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            response: Response = JSONResponse(await self._reply())
        except AppError as exc:
            response = JSONResponse(
                exc.problem(),
                status_code=exc.status_code,
                headers=exc.headers,
                media_type="application/problem+json",
            )
        await response(scope, receive, send)


@router.post(
    "/journeys/{journey_id}/chat",
    response_model=ChatReply,
    dependencies=[ComputeTurn],
    responses={200: {"content": {"text/event-stream": {}}}},
)
def chat(
    journey_id: str,
    body: ChatRequest,
    request: Request,
    principal: CurrentPrincipal,
    session: DbSession,
    runtime: RuntimeDep,
) -> Any:
    # A plain def, so these checks run on the thread pool. Checked here so a wrong journey is
    # a plain 404; the request's session ends before the stream starts, and the turn uses short
    # sessions of its own (on the thread pool too).
    journeys.get_journey(session, principal, journey_id)
    if body.conversation_id is not None:
        service.get_conversation(session, principal, body.conversation_id)
    events = service.chat(
        runtime, principal, journey_id, body.agent, body.message, body.conversation_id
    )
    accept = request.headers.get("accept", "")
    if "application/json" in accept and "text/event-stream" not in accept:
        return _AfterCommit(events)

    async def stream() -> AsyncIterator[str]:
        try:
            async for name, data in events:
                yield event(name, data)
        except AppError as exc:
            yield event("error", exc.problem())
        finally:
            await events.aclose()

    return sse_response(stream())


@router.post("/conversations/{conversation_id}/confirm", response_model=ChatReply)
def confirm(
    conversation_id: str, body: ConfirmRequest, principal: CurrentPrincipal, runtime: RuntimeDep
) -> ChatReply:
    """Run the conversation's pending destructive action: only with its one-time token."""
    message = service.confirm_action(runtime, principal, conversation_id, body.confirmation_token)
    return ChatReply(conversation_id=conversation_id, message=MessagePublic.model_validate(message))


@router.get("/conversations/{conversation_id}", response_model=ConversationDetail)
def get_conversation(
    conversation_id: str, principal: CurrentPrincipal, session: DbSession
) -> ConversationDetail:
    conversation = service.get_conversation(session, principal, conversation_id)
    messages = [MessagePublic.model_validate(m) for m in service.messages_of(session, conversation)]
    return ConversationDetail(
        **service.conversation_public(conversation).model_dump(), messages=messages
    )


@router.get("/journeys/{journey_id}/conversations", response_model=PageOut[ConversationPublic])
def list_conversations(
    journey_id: str,
    principal: CurrentPrincipal,
    session: DbSession,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: Annotated[str | None, Query(max_length=64)] = None,
) -> PageOut[ConversationPublic]:
    page = service.list_conversations(session, principal, journey_id, limit=limit, cursor=cursor)
    return PageOut(
        items=[service.conversation_public(c) for c in page.items], next_cursor=page.next_cursor
    )


@router.get("/journeys/{journey_id}/agents", response_model=list[AgentPublic])
def list_agents(
    journey_id: str, principal: CurrentPrincipal, session: DbSession, runtime: RuntimeDep
) -> list[AgentPublic]:
    """The Guide and the liaisons with what each can do, and which engine answers."""
    journeys.get_journey(session, principal, journey_id)
    intent.warm_up([tools_for(agent) for agent in AGENTS])
    provider = build_provider(runtime.settings)
    engine_name = f"llm:{provider.model}" if provider else engine.METHOD
    return [
        AgentPublic(
            agent=agent,
            title=AGENT_TITLES[agent],
            engine=engine_name,
            capabilities=[
                Capability(
                    tool=t.name,
                    description=t.description,
                    examples=list(t.examples),
                    writes=t.writes,
                    destructive=t.destructive,
                )
                for t, _example in engine.capabilities(agent)
            ],
        )
        for agent in AGENTS
    ]
