"""Turns every error into problem+json for the API and a friendly page for people.

No stack trace ever reaches a client; unexpected errors are logged with the request id, which
the answer repeats so a user can quote it.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeout
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException

from symphainy.core.errors import AppError, Invalid, ServiceUnavailable
from symphainy.core.logging import get_logger

log = get_logger(__name__)
PROBLEM = "application/problem+json"


def _wants_html(request: Request) -> bool:
    if request.url.path.startswith("/api/") or request.url.path in ("/readyz", "/livez"):
        return False
    return "text/html" in request.headers.get("accept", "")


def _request_id(request: Request) -> str | None:
    value = request.scope.get("state", {}).get("request_id")
    return str(value) if value else None


def _render(request: Request, error: AppError, *, outside_middleware: bool = False) -> Response:
    body = error.problem(instance=request.url.path)
    request_id = _request_id(request)
    headers = dict(error.headers)
    if request_id:
        body["request_id"] = request_id
        if outside_middleware:  # unexpected errors are answered outside RequestContextMiddleware
            headers["X-Request-ID"] = request_id
    if _wants_html(request):
        templates = getattr(request.app.state, "templates", None)
        if templates is not None:
            return templates.TemplateResponse(  # type: ignore[no-any-return]
                request,
                "error.html",
                {"problem": body},
                status_code=error.status_code,
                headers=headers,
            )
    return JSONResponse(body, status_code=error.status_code, headers=headers, media_type=PROBLEM)


def _validation_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    out = []
    for err in exc.errors():
        out.append(
            {
                "loc": list(err.get("loc", ())),
                "msg": str(err.get("msg", "")),
                "type": str(err.get("type", "")),
            }
        )
    return out


_STATUS_TITLES = {
    404: "Not Found",
    405: "Method Not Allowed",
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    413: "Payload Too Large",
}


class _HTTPError(AppError):
    def __init__(self, status: int, detail: str, headers: dict[str, str] | None) -> None:
        self.status_code = status
        self.title = _STATUS_TITLES.get(status, "Error")
        self.type_slug = self.title.lower().replace(" ", "-")
        super().__init__(detail, headers=headers)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(AppError)
    async def app_error(request: Request, exc: AppError) -> Response:
        return _render(request, exc)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        errors = _validation_errors(exc)
        first = errors[0] if errors else {"loc": [], "msg": "invalid request"}
        where = ".".join(str(p) for p in first["loc"][1:]) or "request"
        detail = f"{where}: {first['msg']}" if first["loc"] else str(first["msg"])
        return _render(request, Invalid(detail, errors=errors))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        detail = exc.detail if isinstance(exc.detail, str) else "error"
        headers = dict(exc.headers) if exc.headers else None
        return _render(request, _HTTPError(exc.status_code, detail, headers))

    @app.exception_handler(OperationalError)
    @app.exception_handler(PoolTimeout)
    async def db_down(request: Request, exc: Exception) -> Response:
        log.error("database.unavailable", error=str(exc).splitlines()[0][:200])
        return _render(
            request,
            ServiceUnavailable(
                "the database is not answering; try again in a moment", headers={"Retry-After": "5"}
            ),
        )

    @app.exception_handler(RedisConnectionError)
    @app.exception_handler(RedisTimeout)
    async def redis_down(request: Request, exc: Exception) -> Response:
        # Sign-in's rate limit and the job queue live in Redis when it is configured: without
        # it they refuse (fail closed) instead of guessing.
        log.error("redis.unavailable", error=str(exc).splitlines()[0][:200])
        return _render(
            request,
            ServiceUnavailable(
                "the job queue is not answering; try again in a moment",
                headers={"Retry-After": "5"},
            ),
        )

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        return unexpected_error_response(request, outside_middleware=True)


def unexpected_error_response(request: Request, *, outside_middleware: bool = False) -> Response:
    """The 500 answer to an unhandled error (logged here with the request id)."""
    log.exception("http.unhandled_error", path=request.url.path)
    return _render(
        request,
        AppError("something went wrong on our side; the error was logged with this request's id"),
        outside_middleware=outside_middleware,
    )
