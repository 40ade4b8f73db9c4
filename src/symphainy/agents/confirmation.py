"""One-time confirmation tokens for destructive chat actions.

A destructive tool call never runs in the turn that proposes it: the turn stores the pending
action on the conversation with the SHA-256 of a random token, and only the token's holder can
run it, through ``POST /api/v1/conversations/{id}/confirm``. The token is tied to the action,
the user and the conversation, expires, and is spent on first use; free text never confirms
(a reply starting with "ok" once did, and a prompt-injected document used it), and any new
message in the conversation cancels the pending action.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import UTC, datetime, timedelta
from typing import Any

from symphainy.core.errors import Conflict

TOKEN_TTL = timedelta(minutes=15)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue(
    tool: str,
    arguments: dict[str, Any],
    summary: str,
    *,
    user_id: str,
    conversation_id: str,
    call_id: str,
) -> tuple[str, dict[str, Any]]:
    """A new token and the pending action to store on the conversation (only its digest)."""
    token = secrets.token_urlsafe(32)
    pending = {
        "tool": tool,
        "arguments": arguments,
        "summary": summary,
        "user_id": user_id,
        "conversation_id": conversation_id,
        "call_id": call_id,
        "token_sha256": _digest(token),
        "expires_at": (datetime.now(UTC) + TOKEN_TTL).isoformat(),
    }
    return token, pending


def confirm_url(conversation_id: str) -> str:
    return f"/api/v1/conversations/{conversation_id}/confirm"


def check(
    pending: dict[str, Any] | None, token: str, *, user_id: str, conversation_id: str
) -> dict[str, Any]:
    """The pending action ``token`` confirms, or a 409 saying why it does not."""
    refused = "this confirmation is not valid (already used, cancelled, expired or not yours)"
    if not pending or not token or "token_sha256" not in pending:
        raise Conflict(refused)
    if pending.get("user_id") != user_id or pending.get("conversation_id") != conversation_id:
        raise Conflict(refused)
    if not hmac.compare_digest(str(pending["token_sha256"]), _digest(token)):
        raise Conflict(refused)
    expires = datetime.fromisoformat(str(pending.get("expires_at")))
    if expires <= datetime.now(UTC):
        raise Conflict(refused)
    return pending
