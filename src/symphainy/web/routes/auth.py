"""Sign-in, registration, sign-out and password reset pages."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request, Response
from pydantic import ValidationError

from symphainy.auth import service
from symphainy.auth.cookies import clear_session_cookie, set_session_cookie
from symphainy.auth.deps import DbSession, OptionalPrincipal, RuntimeDep, client_ip
from symphainy.auth.schemas import (
    LoginRequest,
    PasswordResetConfirm,
    PasswordResetRequest,
    UserCreate,
)
from symphainy.core.errors import AppError, Invalid
from symphainy.web.deps import FormPrincipal, PreLoginCsrf, safe_next
from symphainy.web.render import form_failed, redirect, render

router = APIRouter(include_in_schema=False)
Text = Annotated[str, Form()]
RESET_SENT = "If an account exists for this email, a reset link is on its way. It works once."


@router.get("/login", name="login_page")
def login_page(request: Request, current: OptionalPrincipal, next: str = "/") -> Response:
    target = safe_next(next)
    if current is not None:
        return redirect(request, target)
    return render(request, "auth/login.html", {"next": target, "email": ""})


@router.post("/login", dependencies=[Depends(service.sign_in_turn)])
def login(
    request: Request,
    session: DbSession,
    runtime: RuntimeDep,
    current: OptionalPrincipal,
    _csrf: PreLoginCsrf,
    email: Text = "",
    password: Text = "",
    next: Text = "/",
) -> Response:
    settings = runtime.settings
    target = safe_next(next)
    context = {"next": target, "email": email}
    try:
        data = LoginRequest(email=email, password=password)
        user = service.authenticate(
            session,
            runtime.db,
            settings,
            runtime.limiter,
            data.email,
            data.password,
            client_ip(request),
        )
    except (AppError, ValidationError) as exc:
        return form_failed(request, session, "auth/login.html", exc, context)
    if current is not None and current.auth_session is not None:
        service.end_session(session, current.auth_session)  # no session fixation
    token, auth_session = service.start_session(
        session, settings, user, client_ip(request), request.headers.get("user-agent")
    )
    response = redirect(request, target, f"Welcome, {user.full_name.split()[0]}.")
    set_session_cookie(response, settings, token, auth_session)
    return response


@router.get("/register", name="register_page")
def register_page(
    request: Request, current: OptionalPrincipal, next: str = "/", email: str = ""
) -> Response:
    target = safe_next(next)
    if current is not None:
        return redirect(request, target)
    return render(request, "auth/register.html", _register_context(request, "", email, target))


def _register_context(
    request: Request, full_name: str, email: str, target: str = "/"
) -> dict[str, object]:
    return {
        "full_name": full_name,
        "email": email[:320],
        "next": target,
        "min_length": request.app.state.settings.PASSWORD_MIN_LENGTH,
    }


@router.post("/register", dependencies=[Depends(service.sign_in_turn)])
def register(
    request: Request,
    session: DbSession,
    runtime: RuntimeDep,
    _csrf: PreLoginCsrf,
    full_name: Text = "",
    email: Text = "",
    password: Text = "",
    next: Text = "/",
) -> Response:
    """Creates the account and signs it in: a new user lands where they were going."""
    settings = runtime.settings
    target = safe_next(next)
    context = _register_context(request, full_name, email, target)
    try:
        data = UserCreate(email=email, full_name=full_name, password=password)
        user = service.register(
            session, settings, data, client_ip(request), limiter=runtime.limiter
        )
    except (AppError, ValidationError) as exc:
        return form_failed(request, session, "auth/register.html", exc, context)
    token, auth_session = service.start_session(
        session, settings, user, client_ip(request), request.headers.get("user-agent")
    )
    first = user.full_name.split()[0] if user.full_name.split() else user.full_name
    response = redirect(request, target, f"Welcome, {first}. Your account is ready.")
    set_session_cookie(response, settings, token, auth_session)
    return response


@router.post("/logout")
def logout(
    request: Request, principal: FormPrincipal, session: DbSession, runtime: RuntimeDep
) -> Response:
    if principal.auth_session is not None:
        service.end_session(session, principal.auth_session)
    response = redirect(request, "/login", "You are signed out.", "info")
    clear_session_cookie(response, runtime.settings)
    return response


@router.get("/forgot-password", name="forgot_password_page")
def forgot_password_page(request: Request) -> Response:
    return render(request, "auth/forgot.html", {"email": ""})


@router.post("/forgot-password")
def forgot_password(
    request: Request, session: DbSession, runtime: RuntimeDep, _csrf: PreLoginCsrf, email: Text = ""
) -> Response:
    settings = runtime.settings
    context = {"email": email}
    try:
        data = PasswordResetRequest(email=email)
        service.request_password_reset(
            session, settings, runtime.limiter, data.email, client_ip(request)
        )
    except (AppError, ValidationError) as exc:
        return form_failed(request, session, "auth/forgot.html", exc, context)
    return redirect(request, "/login", RESET_SENT, "info")


@router.get("/reset-password", name="reset_password_page")
def reset_password_page(request: Request, token: str = "") -> Response:
    return render(request, "auth/reset.html", _reset_context(request, token))


def _reset_context(request: Request, token: str) -> dict[str, object]:
    return {"token": token, "min_length": request.app.state.settings.PASSWORD_MIN_LENGTH}


@router.post("/reset-password", dependencies=[Depends(service.sign_in_turn)])
def reset_password(
    request: Request,
    session: DbSession,
    runtime: RuntimeDep,
    _csrf: PreLoginCsrf,
    token: Text = "",
    password: Text = "",
    password_confirm: Text = "",
) -> Response:
    context = _reset_context(request, token)
    try:
        if password != password_confirm:
            raise Invalid("the two passwords differ", field="password_confirm")
        data = PasswordResetConfirm(token=token, password=password)
        service.reset_password(
            session, runtime.settings, data.token, data.password, client_ip(request)
        )
    except (AppError, ValidationError) as exc:
        return form_failed(request, session, "auth/reset.html", exc, context)
    response = redirect(request, "/login", "Your password is changed. Sign in with it.")
    clear_session_cookie(response, runtime.settings)
    return response
