"""The session cookie, set and cleared the same way by the API and the pages."""

from __future__ import annotations

from fastapi import Response

from symphainy.config import Settings
from symphainy.models.user import AuthSession


def set_session_cookie(
    response: Response, settings: Settings, token: str, auth_session: AuthSession
) -> None:
    response.set_cookie(
        settings.SESSION_COOKIE_NAME,
        token,
        max_age=settings.SESSION_TTL_HOURS * 3600,
        httponly=True,
        samesite="lax",
        secure=settings.secure_cookies,
        path="/",
    )


def clear_session_cookie(response: Response, settings: Settings) -> None:
    response.delete_cookie(
        settings.SESSION_COOKIE_NAME,
        path="/",
        httponly=True,
        samesite="lax",
        secure=settings.secure_cookies,
    )
