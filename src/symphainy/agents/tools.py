"""The tool registry: every action an agent can take, as a call into a pillar's service.

A tool names its agent, says what it does (description and example phrasings, which are also
what the offline engine matches requests against), declares its arguments as a Pydantic model
(the JSON schema the language models see) and whether it writes or destroys. ``run`` gets the
request's context (session, runtime, principal, journey) and answers a :class:`ToolResult`:
the data, the short facts a reply is written from, and cards the chat shows.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from pydantic import BaseModel, ConfigDict
from sqlalchemy.orm import Session

from symphainy.auth.principal import Principal
from symphainy.core.runtime import Runtime
from symphainy.models.journey import Journey

AgentName = Literal["guide", "content", "insights", "operations", "outcomes"]
AGENTS: tuple[AgentName, ...] = ("guide", "content", "insights", "operations", "outcomes")
AGENT_TITLES: dict[str, str] = {
    "guide": "Guide",
    "content": "Content liaison",
    "insights": "Insights liaison",
    "operations": "Operations liaison",
    "outcomes": "Outcomes liaison",
}
CardType = Literal["table", "chart", "link", "file", "status"]
# Pillar tool modules; each registers its tools on import. A pillar whose service has not
# been installed simply contributes no tools.
TOOL_MODULES = (
    "symphainy.agents.guide",
    "symphainy.agents.guide_journey",
    "symphainy.agents.tools_charts",
    "symphainy.agents.tools_content",
    "symphainy.agents.tools_insights",
    "symphainy.agents.tools_operations",
    "symphainy.agents.tools_outcomes",
)


class NoArgs(BaseModel):
    model_config = ConfigDict(extra="forbid")


@dataclass
class ToolContext:
    """What a tool runs with: the caller's own permissions, never more."""

    session: Session
    runtime: Runtime
    principal: Principal
    journey: Journey


@dataclass
class ToolResult:
    data: dict[str, Any] = field(default_factory=dict)
    facts: list[str] = field(default_factory=list)
    cards: list[dict[str, Any]] = field(default_factory=list)
    headline: str = ""  # the reply's first sentence, written from the result

    def public(self) -> dict[str, Any]:
        return {
            "data": self.data,
            "facts": self.facts,
            "cards": self.cards,
            "headline": self.headline,
        }


def table_card(
    title: str, columns: list[str], rows: list[list[Any]], total: int | None = None
) -> dict[str, Any]:
    return {
        "type": "table",
        "title": title,
        "columns": columns,
        "rows": rows,
        "total": len(rows) if total is None else total,
    }


def link_card(title: str, href: str, label: str | None = None) -> dict[str, Any]:
    return {"type": "link", "title": title, "href": href, "label": label or title}


def status_card(title: str, status: str, text: str = "") -> dict[str, Any]:
    return {"type": "status", "title": title, "status": status, "text": text}


Runner = Callable[[ToolContext, Any], ToolResult]


@dataclass(frozen=True)
class Tool:
    name: str
    agent: AgentName
    description: str
    examples: tuple[str, ...]
    args: type[BaseModel]
    run: Runner
    writes: bool = False
    destructive: bool = False
    keywords: tuple[str, ...] = ()  # words that point at this tool (typos are fuzzy-matched)

    def schema(self) -> dict[str, Any]:
        """The arguments as JSON schema, the shape function-calling models expect."""
        schema = self.args.model_json_schema()
        schema.pop("title", None)
        schema.setdefault("properties", {})
        return schema


_REGISTRY: dict[str, Tool] = {}
_loaded = False


def register(tool: Tool) -> Tool:
    if tool.name in _REGISTRY and _REGISTRY[tool.name] is not tool:
        raise ValueError(f"tool {tool.name!r} registered twice")
    _REGISTRY[tool.name] = tool
    return tool


class Registrar(Protocol):
    def __call__(
        self,
        name: str,
        description: str,
        examples: tuple[str, ...],
        args: type[BaseModel],
        run: Runner,
        keywords: tuple[str, ...],
        *,
        writes: bool = False,
        destructive: bool = False,
    ) -> None: ...


def registrar(agent: AgentName) -> Registrar:
    """The function a pillar's tool module registers its tools with, for ``agent``."""

    def add(
        name: str,
        description: str,
        examples: tuple[str, ...],
        args: type[BaseModel],
        run: Runner,
        keywords: tuple[str, ...],
        *,
        writes: bool = False,
        destructive: bool = False,
    ) -> None:
        register(
            Tool(
                name=name,
                agent=agent,
                description=description,
                examples=examples,
                args=args,
                run=run,
                keywords=keywords,
                writes=writes,
                destructive=destructive,
            )
        )

    return add


def load_tools() -> dict[str, Tool]:
    """Every registered tool, importing the pillar tool modules on first use."""
    global _loaded
    if not _loaded:
        for module in TOOL_MODULES:
            importlib.import_module(module)
        _loaded = True
    return dict(_REGISTRY)


def get_tool(name: str) -> Tool | None:
    return load_tools().get(name)


def tools_for(agent: str) -> list[Tool]:
    """The tools an agent offers: its own pillar's, plus the Guide's orientation tools."""
    tools = load_tools().values()
    if agent == "guide":
        return list(tools)
    return [t for t in tools if t.agent in (agent, "guide")]
