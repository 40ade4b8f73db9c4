"""One-shot messages carried across a redirect in a signed cookie (Post/Redirect/Get).

The cookie holds only our own short messages, signed with the instance secret so a page never
shows text a third party planted. It is read once and cleared by the next page.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from typing import Literal

from fastapi import Request, Response

from symphainy.config import Settings
from symphainy.core.security import same, token_digest

FLASH_COOKIE = "symphainy_flash"
Level = Literal["success", "info", "error"]
_MAX_MESSAGES = 5


@dataclass(frozen=True)
class Flash:
    level: Level
    message: str


def _sign(settings: Settings, payload: str) -> str:
    return token_digest(settings.secret_key, "flash:" + payload)[:32]


def encode(settings: Settings, flashes: list[Flash]) -> str:
    raw = json.dumps([[f.level, f.message] for f in flashes[-_MAX_MESSAGES:]])
    payload = base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")
    return f"{payload}.{_sign(settings, payload)}"


def decode(settings: Settings, cookie: str) -> list[Flash]:
    payload, _, signature = cookie.partition(".")
    if not payload or not signature or not same(signature, _sign(settings, payload)):
        return []
    try:
        raw = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
        items = json.loads(raw)
    except (binascii.Error, ValueError):
        return []
    out: list[Flash] = []
    for item in items if isinstance(items, list) else []:
        if isinstance(item, list) and len(item) == 2 and item[0] in ("success", "info", "error"):
            out.append(Flash(item[0], str(item[1])))
    return out


def read(request: Request, settings: Settings) -> list[Flash]:
    cookie = request.cookies.get(FLASH_COOKIE)
    return decode(settings, cookie) if cookie else []


def attach(response: Response, settings: Settings, flashes: list[Flash]) -> None:
    response.set_cookie(
        FLASH_COOKIE,
        encode(settings, flashes),
        max_age=120,
        httponly=True,
        samesite="lax",
        secure=settings.secure_cookies,
        path="/",
    )


def clear(response: Response, settings: Settings) -> None:
    response.delete_cookie(
        FLASH_COOKIE, path="/", httponly=True, samesite="lax", secure=settings.secure_cookies
    )
