"""One-time confirmation tokens: tied to the action, the user and the conversation."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from symphainy.agents import confirmation
from symphainy.core.errors import Conflict


def _issued() -> tuple[str, dict[str, object]]:
    return confirmation.issue(
        "delete_file",
        {"file": "f1"},
        "Delete “orders.csv”",
        user_id="u1",
        conversation_id="c1",
        call_id="call1",
    )


def test_the_token_confirms_its_own_action() -> None:
    token, pending = _issued()
    assert confirmation.check(pending, token, user_id="u1", conversation_id="c1") is pending


def test_only_the_digest_is_stored() -> None:
    token, pending = _issued()
    assert token not in repr(pending)


@pytest.mark.parametrize(
    ("token_ok", "user", "conversation"),
    [(False, "u1", "c1"), (True, "u2", "c1"), (True, "u1", "c2")],
)
def test_a_wrong_token_user_or_conversation_is_refused(
    token_ok: bool, user: str, conversation: str
) -> None:
    token, pending = _issued()
    with pytest.raises(Conflict):
        confirmation.check(
            pending, token if token_ok else "guess", user_id=user, conversation_id=conversation
        )


def test_an_expired_or_spent_token_is_refused() -> None:
    token, pending = _issued()
    pending["expires_at"] = (datetime.now(UTC) - timedelta(seconds=1)).isoformat()
    with pytest.raises(Conflict):
        confirmation.check(pending, token, user_id="u1", conversation_id="c1")
    with pytest.raises(Conflict):
        confirmation.check(None, token, user_id="u1", conversation_id="c1")
