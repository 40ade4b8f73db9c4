"""FastAPI dependencies: the runtime, one database session per request, and the caller.

``CurrentPrincipal`` also narrows the request's database session to the caller's workspaces,
which is what makes every query workspace-safe (see ``core.scoping``).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from symphainy.auth import principal_cache, service
from symphainy.auth.principal import Principal
from symphainy.config import Settings
from symphainy.core import scoping
from symphainy.core.errors import Forbidden, TooManyRequests, Unauthorized
from symphainy.core.middleware import request_caller
from symphainy.core.runtime import Runtime
from symphainy.core.security import same, token_digest
from symphainy.models.user import TokenScope

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
CSRF_HEADER = "X-CSRF-Token"


class ReadOnlyToken(Forbidden):
    """A read-only API token tried an unsafe method; its own problem type, so a program can
    tell it from a role that is too low."""

    type_slug = "read-only-token"

    def __init__(self, method: str) -> None:
        super().__init__(
            f"this API token is read-only: it may only GET, HEAD and OPTIONS, not {method}. "
            "Create a read-write token to change anything.",
            extra={"token_scope": TokenScope.read_only.value},
        )


# Dependencies that do no I/O are ``async def`` so FastAPI runs them inline instead of
# handing each one to the thread pool (a measurable cost per request).
async def get_runtime(request: Request) -> Runtime:
    return request.app.state.runtime  # type: ignore[no-any-return]


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]


async def get_settings_dep(runtime: RuntimeDep) -> Settings:
    return runtime.settings


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]


async def get_db(runtime: RuntimeDep) -> AsyncIterator[Session]:
    """One session per request; starts with no workspace visible until the caller is known."""
    async with runtime.db.request_session(scoping.Scope.for_workspaces(frozenset())) as session:
        yield session


# scope="function": commit before the response is sent, so a 2xx means the data is stored.
DbSession = Annotated[Session, Depends(get_db, scope="function")]


def client_ip(request: Request) -> str | None:
    return request.client.host if request.client else None


def _cache_key(request: Request, settings: Settings) -> str | None:
    """The principal cache's key for a GET or HEAD that carries a token or a session cookie."""
    if request.method not in ("GET", "HEAD"):
        return None
    header = request.headers.get("authorization", "")
    token = header[7:].strip() if header.lower().startswith("bearer ") else None
    cookie = None if token else request.cookies.get(settings.SESSION_COOKIE_NAME)
    if not token and not cookie:
        return None
    return ("t:" if token else "s:") + token_digest(settings.secret_key, token or cookie or "")


def _presents_credentials(request: Request, settings: Settings) -> bool:
    header = request.headers.get("authorization", "")
    return header.lower().startswith("bearer ") or bool(
        request.cookies.get(settings.SESSION_COOKIE_NAME)
    )


def _resolve(request: Request, session: Session, settings: Settings) -> Principal | None:
    """The caller; for GET and HEAD from the short-lived cache when it knows the token."""
    if request.method not in ("GET", "HEAD"):
        return _resolve_fresh(request, session, settings)
    key = _cache_key(request, settings)
    if key is None:
        return None
    cached = principal_cache.get(key, client_ip(request))
    if cached is not None:
        return cached
    principal = _resolve_fresh(request, session, settings)
    if principal is not None:
        principal_cache.put(key, principal)
    return principal


def _resolve_fresh(request: Request, session: Session, settings: Settings) -> Principal | None:
    ip = client_ip(request)
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        principal = service.principal_from_api_token(session, settings, header[7:].strip(), ip)
        if principal is None:
            raise Unauthorized(
                "the API token is invalid, expired or revoked",
                headers={"WWW-Authenticate": "Bearer"},
            )
        return principal
    cookie = request.cookies.get(settings.SESSION_COOKIE_NAME)
    if cookie:
        return service.principal_from_session_token(session, settings, cookie, ip)
    return None


async def get_optional_principal(
    request: Request, session: DbSession, settings: SettingsDep
) -> Principal | None:
    """The caller, if any, with the request's session narrowed to its workspaces.

    A GET or HEAD whose caller the principal cache knows (most reads) is answered here on the
    event loop, in memory; anything that needs the database resolves on the thread pool. One
    trip to the pool fewer for most requests (issue 19).
    """
    key = _cache_key(request, settings)
    principal = principal_cache.get(key, client_ip(request)) if key is not None else None
    if principal is None and _presents_credentials(request, settings):
        principal = await run_in_threadpool(_resolve, request, session, settings)
    # Here, not in each endpoint: every route that knows its caller (API, pages, the agents'
    # chat and confirm) is covered, and a new route cannot forget it.
    if principal is not None and principal.read_only and request.method not in SAFE_METHODS:
        raise ReadOnlyToken(request.method)
    if principal is not None:
        scoping.set_scope(session, scoping.Scope.for_workspaces(principal.workspace_ids))
        request.state.principal = principal
        if (caller := request_caller()) is not None:
            caller.user_id = principal.user.id  # model calls of this request are charged to them
    return principal


OptionalPrincipal = Annotated[Principal | None, Depends(get_optional_principal)]


async def get_principal(request: Request, principal: OptionalPrincipal) -> Principal:
    if principal is None:
        raise Unauthorized("sign in or send an API token", headers={"WWW-Authenticate": "Bearer"})
    if principal.method == "session" and request.method not in SAFE_METHODS:
        sent = request.headers.get(CSRF_HEADER, "")
        expected = principal.auth_session.csrf_token if principal.auth_session else ""
        if not sent or not same(sent, expected):
            raise Forbidden(
                f"missing or wrong {CSRF_HEADER} header for a cookie-authenticated request"
            )
    return principal


CurrentPrincipal = Annotated[Principal, Depends(get_principal)]


async def get_instance_admin(principal: CurrentPrincipal) -> Principal:
    if not principal.user.is_instance_admin:
        raise Forbidden("only the instance administrator may do this")
    return principal


InstanceAdmin = Annotated[Principal, Depends(get_instance_admin)]


def limit_asks(runtime: RuntimeDep, principal: OptionalPrincipal) -> None:
    """Questions about data per user (``ASK_RATE_LIMIT``): each may call a language model."""
    if principal is None:
        return  # the endpoint's own principal dependency answers 401
    allowed, retry_after = runtime.limiter.hit(
        runtime.settings.ASK_RATE_LIMIT, "ask", principal.user.id
    )
    if not allowed:
        raise TooManyRequests("too many questions; wait and try again", retry_after)


AskLimit = Depends(limit_asks)
