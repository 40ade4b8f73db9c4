"""Who is looking at a page, and the CSRF checks HTML forms can satisfy.

The API's ``CurrentPrincipal`` wants an ``X-CSRF-Token`` header, which a plain form cannot
send. Pages use these instead:

* ``PagePrincipal`` (GET): the signed-in caller, or a redirect to ``/login?next=...``.
* ``FormPrincipal`` (POST): the signed-in caller whose form carried the session's CSRF token
  in the hidden ``csrf_token`` field.
* ``PreLoginCsrf`` (POST of login, register, reset): a double-submit token; the random value
  in the ``symphainy_form_csrf`` cookie (HttpOnly, SameSite=Strict) must equal the field.
"""

from __future__ import annotations

import secrets
from typing import Annotated
from urllib.parse import quote, urlsplit

from fastapi import Depends, Form, Request, Response
from starlette.datastructures import FormData

from symphainy.auth.deps import OptionalPrincipal
from symphainy.auth.principal import Principal
from symphainy.config import Settings
from symphainy.core.errors import Forbidden
from symphainy.core.security import same

FORM_CSRF_COOKIE = "symphainy_form_csrf"
FORM_EXPIRED = (
    "This form has expired or was sent from another site. Go back, reload the page and try again."
)


class LoginRequired(Exception):
    """Raised by page dependencies when nobody is signed in; answered with a redirect."""

    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path


def safe_next(value: str | None, default: str = "/") -> str:
    """``value`` if it is a same-site relative path, else ``default`` (no open redirects)."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return default
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in value):
        return default
    parts = urlsplit(value)
    if parts.scheme or parts.netloc:
        return default
    return value


def login_url(next_path: str) -> str:
    target = safe_next(next_path)
    return "/login" if target == "/" else f"/login?next={quote(target, safe='/')}"


def _here(request: Request) -> str:
    query = request.url.query
    return request.url.path + (f"?{query}" if query else "")


def get_page_principal(request: Request, principal: OptionalPrincipal) -> Principal:
    if principal is None:
        raise LoginRequired(_here(request))
    return principal


PagePrincipal = Annotated[Principal, Depends(get_page_principal)]


def get_form_principal(
    principal: OptionalPrincipal, csrf_token: Annotated[str, Form()] = ""
) -> Principal:
    if principal is None:
        raise LoginRequired("/")
    if principal.method == "session":
        expected = principal.auth_session.csrf_token if principal.auth_session else ""
        if not csrf_token or not expected or not same(csrf_token, expected):
            raise Forbidden(FORM_EXPIRED)
    return principal


FormPrincipal = Annotated[Principal, Depends(get_form_principal)]


async def read_form(request: Request) -> FormData:
    """The posted form, read on the event loop (Starlette keeps it on the request).

    A handler that needs the whole form takes ``FormFields`` and stays a plain ``def``, so
    FastAPI runs it on the thread pool, where database calls belong: an ``async def`` handler
    that touches the database blocks every other request while it waits.
    """
    return await request.form()


FormFields = Annotated[FormData, Depends(read_form)]


def check_pre_login_csrf(request: Request, csrf_token: Annotated[str, Form()] = "") -> None:
    cookie = request.cookies.get(FORM_CSRF_COOKIE, "")
    if not cookie or not csrf_token or not same(csrf_token, cookie):
        raise Forbidden(FORM_EXPIRED)


PreLoginCsrf = Annotated[None, Depends(check_pre_login_csrf)]


def pre_login_token(request: Request) -> tuple[str, bool]:
    """The double-submit token for this browser, and whether it is new (cookie to be set)."""
    current = request.cookies.get(FORM_CSRF_COOKIE, "")
    if 20 <= len(current) <= 100:
        return current, False
    return secrets.token_urlsafe(32), True


def set_pre_login_cookie(response: Response, settings: Settings, token: str) -> None:
    response.set_cookie(
        FORM_CSRF_COOKIE,
        token,
        httponly=True,
        samesite="strict",
        secure=settings.secure_cookies,
        path="/",
    )
