"""A workflow proposed by a configured language model, as JSON for ``graph.from_json``.

The proposal is only a draft: ``service.accept_proposal`` validates it against the graph rules
(one start, reachable end, no dangling edges) and nothing half-formed is ever saved.
"""

from __future__ import annotations

import json
import re
from typing import Any

from symphainy.config import Settings
from symphainy.llm.complete import complete
from symphainy.operations.service_types import Proposal, Proposer

SYSTEM = (
    "You turn a standard operating procedure into a workflow graph. Answer with JSON only, in a "
    '```json block: {"title": str, "steps": [{"id": str (letters, digits, _ or -), '
    '"name": str, "kind": "start"|"end"|"task"|"decision"|"parallel_split"|'
    '"parallel_join", "actor": str|null, "next": [{"to": step id, "condition": '
    "str|null}]}]}. Exactly one start step; every step reachable; an end reachable from every "
    "step. Use only what the text says."
)
_FENCE = re.compile(r"```(?:json)?\s*(.*?)```", re.S | re.I)
MAX_PROMPT_CHARS = 40_000


class DraftRejected(Exception):
    """The model's answer was not JSON at all."""


def _prompt(title: str, sections: list[dict[str, Any]]) -> str:
    body = "\n\n".join(f"{s.get('title') or ''}\n{s.get('text') or ''}".strip() for s in sections)
    return f"Title: {title}\n\nProcedure:\n{body[:MAX_PROMPT_CHARS]}"


def parse(text: str) -> Any:
    match = _FENCE.search(text)
    raw = (match.group(1) if match else text).strip()
    try:
        return json.loads(raw)
    except json.JSONDecodeError as exc:
        raise DraftRejected(f"the model's answer is not JSON ({exc.msg})") from exc


def proposer(settings: Settings) -> Proposer:
    def propose(title: str, sections: list[dict[str, Any]]) -> Proposal:
        reply = complete(settings, SYSTEM, _prompt(title, sections), max_tokens=2048)
        return Proposal(graph=parse(reply.text), model=reply.model or settings.LLM_MODEL)

    return propose
