"""API token scopes: the request shape, the principal's flag and the 403 a read-only token gets."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from symphainy.auth.deps import ReadOnlyToken
from symphainy.auth.principal import Principal
from symphainy.auth.schemas import TokenCreate
from symphainy.models.user import TokenScope, User


def _principal(method: str, scope: TokenScope | None) -> Principal:
    user = User(email="ada@example.com", full_name="Ada", password_hash="x")
    return Principal(user, {}, method, token_scope=scope)


def test_a_new_token_reads_and_writes_unless_asked_otherwise() -> None:
    assert TokenCreate(name="script").scope is TokenScope.read_write
    assert TokenCreate(name="script", scope="read_only").scope is TokenScope.read_only


def test_an_unknown_scope_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        TokenCreate(name="script", scope="admin")
    assert caught.value.errors()[0]["loc"] == ("scope",)


def test_only_a_read_only_token_is_read_only() -> None:
    assert _principal("token", TokenScope.read_only).read_only
    assert not _principal("token", TokenScope.read_write).read_only
    assert not _principal("session", None).read_only


def test_the_refusal_is_a_problem_of_its_own_type_naming_the_method() -> None:
    problem = ReadOnlyToken("DELETE").problem()
    assert problem["status"] == 403
    assert problem["type"].endswith("/read-only-token")
    assert "read-only" in problem["detail"] and "DELETE" in problem["detail"]
    assert problem["token_scope"] == "read_only"
