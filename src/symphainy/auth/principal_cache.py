"""A short-lived, per-process cache of who a token belongs to, for read-only requests.

Resolving the caller costs two queries per request (the token with its user, then the user's
roles): about a third of an authenticated list's database time. For GET and HEAD requests the
resolved caller is kept for ``TTL_SECONDS``, keyed by the token's HMAC digest (never the token).

Correctness before speed:

* only safe methods read the cache; a write always resolves the caller afresh, so a handler
  that changes the user or its session works on rows of its own database session;
* the cached user and session are detached copies (plain column values), so no request can
  lazy-load through another request's database session;
* any change to users, sign-in sessions, API tokens, memberships or workspaces in this process
  (revocation, sign-out, password or role change, a new workspace) empties the cache, at flush
  and again at commit; other processes notice within ``TTL_SECONDS``.
"""

from __future__ import annotations

import dataclasses
import threading
import time
from datetime import UTC, datetime
from typing import Any, TypeVar

from sqlalchemy import event, inspect
from sqlalchemy.orm import ORMExecuteState, Session

from symphainy.auth.principal import Principal
from symphainy.models.user import ApiToken, AuthSession, User
from symphainy.models.workspace import Membership, Workspace

TTL_SECONDS = 5.0
MAX_ENTRIES = 10_000
_WATCHED = (User, AuthSession, ApiToken, Membership, Workspace)
_DIRTY_KEY = "symphainy_principal_cache_dirty"
_T = TypeVar("_T")

_lock = threading.Lock()
_entries: dict[str, tuple[float, Principal]] = {}


def get(key: str, ip: str | None) -> Principal | None:
    """The cached caller for ``key`` with this request's ``ip``, or None."""
    entry = _entries.get(key)
    if entry is None or entry[0] < time.monotonic():
        return None
    auth_session = entry[1].auth_session
    if auth_session is not None and auth_session.expires_at <= datetime.now(UTC):
        return None
    return dataclasses.replace(entry[1], ip=ip)


def put(key: str, principal: Principal) -> None:
    copy = dataclasses.replace(
        principal,
        user=_detached(principal.user),
        auth_session=_detached(principal.auth_session),
        roles=dict(principal.roles),
    )
    with _lock:
        if len(_entries) >= MAX_ENTRIES:
            _entries.clear()
        _entries[key] = (time.monotonic() + TTL_SECONDS, copy)


def clear() -> None:
    with _lock:
        _entries.clear()


def _detached(row: _T) -> _T:
    """A transient copy holding the loaded column values: safe to read from any thread."""
    if row is None:
        return row
    mapper = inspect(row).mapper
    values: dict[str, Any] = {attr.key: getattr(row, attr.key) for attr in mapper.column_attrs}
    return mapper.class_(**values)  # type: ignore[no-any-return]


def _touches_callers(session: Session) -> bool:
    return any(
        isinstance(obj, _WATCHED) for obj in (*session.new, *session.dirty, *session.deleted)
    )


@event.listens_for(Session, "before_flush")
def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    if _touches_callers(session):
        session.info[_DIRTY_KEY] = True
        clear()


@event.listens_for(Session, "do_orm_execute")
def _bulk_write(state: ORMExecuteState) -> None:
    if not (state.is_update or state.is_delete):
        return
    mapper = state.bind_mapper
    if mapper is not None and issubclass(mapper.class_, _WATCHED):
        state.session.info[_DIRTY_KEY] = True
        clear()


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    # Again after the commit: a request that read the old rows between flush and commit may
    # have cached them.
    if session.info.pop(_DIRTY_KEY, False):
        clear()


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop(_DIRTY_KEY, None)
