"""Pure ASGI middleware: request id + access log + metrics, security headers, body limit.

Written as raw ASGI (not ``BaseHTTPMiddleware``) so streaming responses (SSE, downloads) pass
through untouched and the per-request overhead stays small.
"""

from __future__ import annotations

import json
import re
import time
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field

import anyio
import structlog
from prometheus_client import Counter, Histogram
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from symphainy.config import Settings
from symphainy.core import metrics
from symphainy.core.error_handlers import unexpected_error_response
from symphainy.core.errors import PayloadTooLarge
from symphainy.core.logging import get_logger

log = get_logger("symphainy.http")
_REQUEST_ID_OK = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


@dataclass
class RequestCaller:
    """Who the current request acts for, once authentication has said so.

    Set empty per request by :class:`RequestContextMiddleware` and filled in by the auth
    dependency. It is one shared object because sync dependencies and endpoints run in worker
    threads with copies of the request's context: a ContextVar set there would not be seen by
    the next step, but a change to this object is. The model budget charges its ``user_id``.
    """

    user_id: str | None = None
    # Writes that must wait until the request's own transaction has ended (on SQLite a second
    # writer would wait on it): run once the response is sent.
    after_response: list[Callable[[], None]] = field(default_factory=list)

    def run_after_response(self) -> None:
        for task in self.after_response:
            try:
                task()
            except Exception:
                log.exception("http.after_response_failed")


_CALLER: ContextVar[RequestCaller | None] = ContextVar("symphainy_request_caller", default=None)


def request_caller() -> RequestCaller | None:
    """The current request's caller record; None outside a request (jobs, CLI, tests)."""
    return _CALLER.get()


# The labelled series of each (method, route, status) seen, so that a request does not look
# them up again under prometheus-client's lock (routes are templates: a bounded set).
_SERIES: dict[tuple[str, str, int], tuple[Counter, Histogram]] = {}


def _series(method: str, route: str, status: int) -> tuple[Counter, Histogram]:
    key = (method, route, status)
    found = _SERIES.get(key)
    if found is None:
        found = _SERIES[key] = (
            metrics.HTTP_REQUESTS.labels(method, route, str(status)),
            metrics.HTTP_LATENCY.labels(method, route),
        )
    return found


def _route_template(scope: Scope) -> str:
    route = scope.get("route")
    path = getattr(route, "path_format", None) or getattr(route, "path", None)
    return str(path) if path else "unmatched"


class RequestContextMiddleware:
    """Gives every request an id (kept from ``X-Request-ID`` if sane), logs and measures it.

    It also answers unhandled errors itself. Starlette's outermost ``ServerErrorMiddleware``
    sends the 500 and then re-raises; uvicorn, seeing an error after the response started,
    closes the connection, so a client's next request on that keep-alive connection was
    reset. Answering here, without re-raising, keeps the connection usable.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        incoming = headers.get(b"x-request-id", b"").decode("latin-1")
        request_id = incoming if _REQUEST_ID_OK.match(incoming) else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(request_id=request_id)
        caller = RequestCaller()
        _CALLER.set(caller)
        status = 500
        started = time.perf_counter()
        metrics.HTTP_IN_FLIGHT.inc()

        started_response = False

        async def send_wrapper(message: Message) -> None:
            nonlocal status, started_response
            if message["type"] == "http.response.start":
                started_response = True
                status = message["status"]
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"x-request-id", request_id.encode())]
            await send(message)

        try:
            try:
                await self.app(scope, receive, send_wrapper)
            except Exception:
                if started_response:  # nothing sensible can follow a half-sent answer
                    raise
                response = unexpected_error_response(Request(scope, receive))
                await response(scope, receive, send_wrapper)
        finally:
            if caller.after_response:
                await anyio.to_thread.run_sync(caller.run_after_response)
            elapsed = time.perf_counter() - started
            metrics.HTTP_IN_FLIGHT.dec()
            route = _route_template(scope)
            method = scope["method"]
            counter, latency = _series(method, route, status)
            counter.inc()
            latency.observe(elapsed)
            if route not in ("/livez", "/readyz", "/metrics"):
                log.info(
                    "http.request",
                    method=method,
                    path=scope["path"],
                    route=route,
                    status=status,
                    ms=round(elapsed * 1000, 1),
                )


class SecurityHeadersMiddleware:
    """CSP without inline script, no framing, no sniffing; HSTS in production."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        csp = (
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
            "form-action 'self'; frame-ancestors 'none'"
        )
        # Swagger UI boots with an inline script; only its page gets that allowance.
        docs_csp = csp.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'").replace(
            "style-src 'self'", "style-src 'self' 'unsafe-inline'"
        )
        common = [
            (b"x-content-type-options", b"nosniff"),
            (b"x-frame-options", b"DENY"),
            (b"referrer-policy", b"strict-origin-when-cross-origin"),
            (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
            (b"cross-origin-opener-policy", b"same-origin"),
        ]
        if settings.is_prod:
            common.append((b"strict-transport-security", b"max-age=31536000; includeSubDomains"))
        self.headers = [*common, (b"content-security-policy", csp.encode())]
        self.docs_headers = [*common, (b"content-security-policy", docs_csp.encode())]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = self.docs_headers if scope["path"] in ("/docs", "/redoc") else self.headers

        async def send_wrapper(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, send_wrapper)


class BodySizeLimitMiddleware:
    """Refuses bodies over the limit: at once from Content-Length, else while streaming.

    Upload endpoints set their own, larger limit through ``large_body_paths``. FastAPI's own
    ``max_body_size`` answers a declared over-limit length in plain text, after running the
    endpoint: see docs/architecture.md ("Request body limits") and
    tests/unit/core/test_body_limit.py.
    """

    def __init__(
        self, app: ASGIApp, settings: Settings, large_body_paths: tuple[re.Pattern[str], ...] = ()
    ) -> None:
        self.app = app
        self.default = settings.SYMPHAINY_MAX_BODY_BYTES
        self.large = settings.SYMPHAINY_MAX_UPLOAD_BYTES
        self.large_paths = large_body_paths

    def _limit(self, path: str) -> int:
        return self.large if any(p.match(path) for p in self.large_paths) else self.default

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        limit = self._limit(scope["path"])
        length = dict(scope["headers"]).get(b"content-length")
        if length is not None and length.isdigit() and int(length) > limit:
            await _send_problem(send, PayloadTooLarge(_too_large(limit)))
            return
        received = 0
        exceeded = started = False

        async def limited_receive() -> Message:
            nonlocal received, exceeded
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    exceeded = True
                    raise PayloadTooLarge(_too_large(limit))
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            # The form parser turns the error above into "error parsing the body" (400):
            # that answer is dropped and the 413 below sent instead.
            if exceeded and not started:
                return
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, guarded_send)
        except PayloadTooLarge:
            if started:
                raise
            exceeded = True
        if exceeded and not started:
            await _send_problem(send, PayloadTooLarge(_too_large(limit)))


def _too_large(limit: int) -> str:
    return f"the request body is larger than the limit of {limit:,} bytes"


async def _send_problem(send: Send, error: PayloadTooLarge) -> None:
    body = json.dumps(error.problem()).encode()
    headers: list[tuple[bytes, bytes]] = [
        (b"content-type", b"application/problem+json"),
        (b"content-length", str(len(body)).encode()),
        (b"connection", b"close"),
    ]
    await send({"type": "http.response.start", "status": error.status_code, "headers": headers})
    await send({"type": "http.response.body", "body": body})
