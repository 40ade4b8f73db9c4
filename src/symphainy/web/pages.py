"""Page routes. They call the same services as the API; no behaviour lives here."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.routing import NoMatchFound

from symphainy import __version__
from symphainy.auth.cookies import clear_session_cookie
from symphainy.web.deps import LoginRequired, login_url
from symphainy.web.render import NO_STORE, sentence
from symphainy.web.routes import (
    account,
    auth,
    content,
    insights,
    journeys,
    operations,
    outcomes,
    workspaces,
)

HERE = Path(__file__).parent


def format_time(value: datetime | None) -> str:
    return value.strftime("%d %b %Y, %H:%M UTC") if value else "—"


def install(app: FastAPI) -> None:
    templates = Jinja2Templates(directory=HERE / "templates")
    app.state.templates = templates
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    def pillar_url(key: str, journey_id: str) -> str | None:
        """The pillar's page if one is installed (a route named ``pillar_<key>``), else None."""
        try:
            return str(app.url_path_for(f"pillar_{key}", journey_id=journey_id))
        except NoMatchFound:
            return None

    templates.env.globals.update(version=__version__, pillar_url=pillar_url)
    templates.env.filters.update(when=format_time, sentence=sentence)

    for module in (auth, journeys, workspaces, account, content, outcomes, operations, insights):
        app.include_router(module.router)

    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, exc: LoginRequired) -> Response:
        response = RedirectResponse(login_url(exc.next_path), status_code=303, headers=NO_STORE)
        settings = app.state.settings
        if request.cookies.get(settings.SESSION_COOKIE_NAME):
            clear_session_cookie(response, settings)  # expired or revoked: drop it
        return response
