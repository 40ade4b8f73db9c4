"""Rendering a page and answering a form: the few helpers every page route shares."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastapi import Request, Response
from fastapi.responses import RedirectResponse
from fastapi.templating import Jinja2Templates
from pydantic import ValidationError
from sqlalchemy.orm import Session

from symphainy.auth.principal import Principal
from symphainy.config import Settings
from symphainy.core.errors import AppError
from symphainy.web import flash
from symphainy.web.deps import pre_login_token, set_pre_login_cookie

NO_STORE = {"Cache-Control": "no-store"}


def _settings(request: Request) -> Settings:
    return request.app.state.settings  # type: ignore[no-any-return]


def render(
    request: Request,
    template: str,
    context: Mapping[str, Any] | None = None,
    *,
    principal: Principal | None = None,
    status_code: int = 200,
    headers: Mapping[str, str] | None = None,
) -> Response:
    """The page, with the shared context: the caller, their CSRF token, pending messages."""
    settings = _settings(request)
    templates: Jinja2Templates = request.app.state.templates
    form_token, new_form_token = pre_login_token(request)
    session_csrf = ""
    if principal is not None and principal.auth_session is not None:
        session_csrf = principal.auth_session.csrf_token
    messages = flash.read(request, settings)
    full: dict[str, Any] = {
        "principal": principal,
        "user": principal.user if principal else None,
        "csrf_token": session_csrf,
        "form_csrf": form_token,
        "flashes": messages,
        "errors": {},
        "error": None,
        **(context or {}),
    }
    response = templates.TemplateResponse(
        request, template, full, status_code=status_code, headers={**NO_STORE, **(headers or {})}
    )
    if new_form_token:
        set_pre_login_cookie(response, settings, form_token)
    if messages:
        flash.clear(response, settings)
    return response


def redirect(
    request: Request, url: str, message: str | None = None, level: flash.Level = "success"
) -> RedirectResponse:
    """303 to ``url`` (Post/Redirect/Get), carrying an optional one-shot message."""
    response = RedirectResponse(url, status_code=303, headers=NO_STORE)
    if message:
        flash.attach(response, _settings(request), [flash.Flash(level, message)])
    return response


_FRIENDLY = {
    "missing": "This field is required.",
    "string_too_short": "This field is required.",
    "string_too_long": "This is too long.",
    "too_long": "There are too many entries.",
    "int_parsing": "Enter a whole number.",
    "greater_than_equal": "Enter a larger number.",
    "less_than_equal": "Enter a smaller number.",
}


def sentence(text: str) -> str:
    """Service messages are lower-case fragments; pages show them as sentences."""
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?" else text + "."


def validation_errors(exc: ValidationError) -> dict[str, str]:
    """Field name -> a short message a person can act on."""
    out: dict[str, str] = {}
    for err in exc.errors():
        name = str(err["loc"][0]) if err["loc"] else "form"
        if name in out:
            continue
        kind = err["type"]
        if kind == "string_too_short" and err.get("ctx", {}).get("min_length", 1) > 1:
            message = f"Use at least {err['ctx']['min_length']} characters."
        elif kind == "string_too_long":
            message = f"Use at most {err.get('ctx', {}).get('max_length', '')} characters."
        elif kind == "value_error" and "email" in name:
            message = "Enter a valid email address, like name@example.com."
        else:
            message = _FRIENDLY.get(kind) or sentence(str(err["msg"]).removeprefix("Value error, "))
        out[name] = message
    return out


def app_error_fields(exc: AppError) -> dict[str, str]:
    out: dict[str, str] = {}
    for err in exc.extra.get("errors", []):
        loc = err.get("loc") or []
        if len(loc) >= 2:
            out[str(loc[-1])] = sentence(str(err.get("msg", "")))
    return out


def form_failed(
    request: Request,
    session: Session,
    template: str,
    exc: AppError | ValidationError,
    context: Mapping[str, Any],
    *,
    principal: Principal | None = None,
) -> Response:
    """Show the form again with the problem next to it and the input kept.

    Whatever the failed attempt wrote is rolled back first, so the request's commit stores
    nothing of it.
    """
    session.rollback()
    if isinstance(exc, ValidationError):
        errors = validation_errors(exc)
        return render(
            request,
            template,
            {**context, "errors": errors, "error": "Please correct the highlighted fields."},
            principal=principal,
            status_code=422,
        )
    fields = app_error_fields(exc)
    # A problem with one field is shown beside it; the banner only points there.
    summary = "Please correct the highlighted field." if fields else sentence(exc.detail)
    return render(
        request,
        template,
        {**context, "errors": fields, "error": summary},
        principal=principal,
        status_code=exc.status_code,
        headers=exc.headers,
    )
