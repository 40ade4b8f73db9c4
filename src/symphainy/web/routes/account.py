"""The signed-in person's own settings: password and API tokens."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request, Response
from pydantic import ValidationError

from symphainy.auth import service
from symphainy.auth.cookies import set_session_cookie
from symphainy.auth.deps import DbSession, RuntimeDep, client_ip
from symphainy.auth.principal import Principal
from symphainy.auth.schemas import PasswordChange, TokenCreate
from symphainy.core.errors import AppError, Invalid
from symphainy.models.user import TokenScope
from symphainy.web.deps import FormPrincipal, PagePrincipal
from symphainy.web.render import NO_STORE, form_failed, redirect, render

router = APIRouter(include_in_schema=False)
Text = Annotated[str, Form()]
SCOPE_LABELS = {
    TokenScope.read_write.value: "Read and write",
    TokenScope.read_only.value: "Read only",
}


@router.get("/account", name="account_page")
def account_page(request: Request, principal: PagePrincipal, runtime: RuntimeDep) -> Response:
    return render(
        request,
        "account/password.html",
        {"min_length": runtime.settings.PASSWORD_MIN_LENGTH, "revoke_api_tokens": True},
        principal=principal,
    )


@router.post("/account/password", dependencies=[Depends(service.sign_in_turn)])
def change_password(
    request: Request,
    principal: FormPrincipal,
    session: DbSession,
    runtime: RuntimeDep,
    current_password: Text = "",
    new_password: Text = "",
    new_password_confirm: Text = "",
    revoke_api_tokens: Text = "",
) -> Response:
    settings = runtime.settings
    revoke = bool(revoke_api_tokens)
    context = {"min_length": settings.PASSWORD_MIN_LENGTH, "revoke_api_tokens": revoke}
    try:
        if new_password != new_password_confirm:
            raise Invalid("the two new passwords differ", field="new_password_confirm")
        data = PasswordChange(
            current_password=current_password,
            new_password=new_password,
            revoke_api_tokens=revoke,
        )
        service.change_password(
            session,
            settings,
            principal,
            data.current_password,
            data.new_password,
            revoke_api_tokens=data.revoke_api_tokens,
        )
    except (AppError, ValidationError) as exc:
        return form_failed(
            request, session, "account/password.html", exc, context, principal=principal
        )
    # Changing the password signs out every session, this one included: start a fresh one.
    token, auth_session = service.start_session(
        session, settings, principal.user, client_ip(request), request.headers.get("user-agent")
    )
    done = "Password changed. Your other sessions were signed out"
    done += " and your API tokens revoked." if revoke else "; your API tokens still work."
    response = redirect(request, "/account", done)
    set_session_cookie(response, settings, token, auth_session)
    return response


def _tokens_context(
    request: Request, session: DbSession, principal: Principal, **extra: Any
) -> dict[str, Any]:
    return {
        "tokens": service.list_api_tokens(session, principal),
        "default_days": request.app.state.settings.API_TOKEN_DEFAULT_DAYS,
        "name": "",
        "expires_in_days": "",
        "scope": TokenScope.read_write.value,
        "scopes": SCOPE_LABELS,
        "created": None,
        **extra,
    }


@router.get("/account/tokens", name="tokens_page")
def tokens_page(request: Request, principal: PagePrincipal, session: DbSession) -> Response:
    return render(
        request,
        "account/tokens.html",
        _tokens_context(request, session, principal),
        principal=principal,
    )


@router.post("/account/tokens")
def create_token(
    request: Request,
    principal: FormPrincipal,
    session: DbSession,
    runtime: RuntimeDep,
    name: Text = "",
    expires_in_days: Text = "",
    scope: Text = TokenScope.read_write.value,
) -> Response:
    try:
        days = expires_in_days.strip()
        if days and not days.isdigit():
            raise Invalid(
                "enter the number of days as a whole number, or leave it empty",
                field="expires_in_days",
            )
        if scope not in SCOPE_LABELS:
            raise Invalid("choose what the token may do", field="scope")
        data = TokenCreate(
            name=name, expires_in_days=int(days) if days else None, scope=TokenScope(scope)
        )
        token, api_token = service.create_api_token(session, runtime.settings, principal, data)
    except (AppError, ValidationError) as exc:
        context = _tokens_context(
            request,
            session,
            principal,
            name=name,
            expires_in_days=expires_in_days,
            scope=scope,
        )
        return form_failed(
            request, session, "account/tokens.html", exc, context, principal=principal
        )
    session.flush()
    # Answered directly, not redirected: the token exists only in this response, never in a
    # cookie or a URL. no-store keeps it out of the browser cache.
    context = _tokens_context(
        request, session, principal, created={"token": token, "name": api_token.name}
    )
    return render(
        request,
        "account/tokens.html",
        context,
        principal=principal,
        status_code=201,
        headers=NO_STORE,
    )


@router.post("/account/tokens/{token_id}/revoke")
def revoke_token(
    request: Request, token_id: str, principal: FormPrincipal, session: DbSession
) -> Response:
    api_token = service.revoke_api_token(session, principal, token_id)
    return redirect(request, "/account/tokens", f"Token “{api_token.name}” revoked.", "info")
