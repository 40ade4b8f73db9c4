"""HTTP for accounts. Thin: parse, call the service, shape the answer."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request, Response, status

from symphainy.auth import service
from symphainy.auth.cookies import clear_session_cookie, set_session_cookie
from symphainy.auth.deps import (
    CurrentPrincipal,
    DbSession,
    RuntimeDep,
    SettingsDep,
    client_ip,
)
from symphainy.auth.passwords import sign_in_turn
from symphainy.auth.schemas import (
    LoginRequest,
    LoginResponse,
    Me,
    PasswordChange,
    PasswordResetConfirm,
    PasswordResetRequest,
    TokenCreate,
    TokenCreated,
    TokenPublic,
    UserCreate,
    UserPublic,
    WorkspaceRole,
)
from symphainy.workspaces import service as workspaces

router = APIRouter(prefix="/api/v1/auth", tags=["accounts"])


@router.post(
    "/register",
    status_code=status.HTTP_201_CREATED,
    response_model=UserPublic,
    dependencies=[Depends(sign_in_turn)],
)
def register(
    data: UserCreate, request: Request, session: DbSession, runtime: RuntimeDep
) -> UserPublic:
    user = service.register(
        session, runtime.settings, data, client_ip(request), limiter=runtime.limiter
    )
    return UserPublic.model_validate(user)


@router.post("/login", response_model=LoginResponse, dependencies=[Depends(sign_in_turn)])
def login(
    data: LoginRequest,
    request: Request,
    response: Response,
    session: DbSession,
    runtime: RuntimeDep,
) -> LoginResponse:
    settings = runtime.settings
    # Credentials first, before this request writes anything: a failed attempt is recorded in
    # a transaction of its own, which on SQLite would wait on this request's write lock.
    user = service.authenticate(
        session,
        runtime.db,
        settings,
        runtime.limiter,
        data.email,
        data.password,
        client_ip(request),
    )
    cookie = request.cookies.get(settings.SESSION_COOKIE_NAME)
    current = (
        service.principal_from_session_token(session, settings, cookie, client_ip(request))
        if cookie
        else None
    )
    if current is not None and current.auth_session is not None:
        service.end_session(session, current.auth_session)  # no session fixation
    token, auth_session = service.start_session(
        session, settings, user, client_ip(request), request.headers.get("user-agent")
    )
    set_session_cookie(response, settings, token, auth_session)
    return LoginResponse(
        **UserPublic.model_validate(user).model_dump(),
        csrf_token=auth_session.csrf_token,
        expires_at=auth_session.expires_at,
    )


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT)
def logout(principal: CurrentPrincipal, session: DbSession, settings: SettingsDep) -> Response:
    if principal.auth_session is not None:
        service.end_session(session, principal.auth_session)
    response = Response(status_code=status.HTTP_204_NO_CONTENT)
    clear_session_cookie(response, settings)
    return response


@router.get("/me", response_model=Me)
def me(principal: CurrentPrincipal, session: DbSession) -> Me:
    names = workspaces.names_and_kinds(session, principal)
    return Me(
        **UserPublic.model_validate(principal.user).model_dump(),
        workspaces=[
            WorkspaceRole(id=ws_id, name=names[ws_id][0], personal=names[ws_id][1], role=role)
            for ws_id, role in principal.roles.items()
            if ws_id in names
        ],
        auth_method=principal.method,
        token_scope=principal.token_scope,
    )


@router.get("/csrf")
def csrf(principal: CurrentPrincipal) -> dict[str, str]:
    """The CSRF token of the current browser session, for scripts running in the page."""
    return {"csrf_token": principal.auth_session.csrf_token if principal.auth_session else ""}


@router.post(
    "/password", status_code=status.HTTP_204_NO_CONTENT, dependencies=[Depends(sign_in_turn)]
)
def change_password(
    data: PasswordChange, principal: CurrentPrincipal, session: DbSession, settings: SettingsDep
) -> None:
    service.change_password(
        session,
        settings,
        principal,
        data.current_password,
        data.new_password,
        revoke_api_tokens=data.revoke_api_tokens,
    )


@router.post("/password-reset", status_code=status.HTTP_202_ACCEPTED)
def request_password_reset(
    data: PasswordResetRequest, request: Request, session: DbSession, runtime: RuntimeDep
) -> dict[str, str]:
    service.request_password_reset(
        session, runtime.settings, runtime.limiter, data.email, client_ip(request)
    )
    return {"detail": "If an account exists for this email, a reset link is on its way."}


@router.post(
    "/password-reset/confirm",
    status_code=status.HTTP_204_NO_CONTENT,
    dependencies=[Depends(sign_in_turn)],
)
def confirm_password_reset(
    data: PasswordResetConfirm, request: Request, session: DbSession, settings: SettingsDep
) -> None:
    service.reset_password(session, settings, data.token, data.password, client_ip(request))


@router.get("/tokens", response_model=list[TokenPublic])
def list_tokens(principal: CurrentPrincipal, session: DbSession) -> list[TokenPublic]:
    return [TokenPublic.model_validate(t) for t in service.list_api_tokens(session, principal)]


@router.post("/tokens", status_code=status.HTTP_201_CREATED, response_model=TokenCreated)
def create_token(
    data: TokenCreate, principal: CurrentPrincipal, session: DbSession, settings: SettingsDep
) -> TokenCreated:
    token, api_token = service.create_api_token(session, settings, principal, data)
    return TokenCreated(**TokenPublic.model_validate(api_token).model_dump(), token=token)


@router.delete("/tokens/{token_id}", status_code=status.HTTP_204_NO_CONTENT)
def revoke_token(token_id: str, principal: CurrentPrincipal, session: DbSession) -> None:
    service.revoke_api_token(session, principal, token_id)
