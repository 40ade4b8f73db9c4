"""``create_app()``: the only ASGI entry point. Routers, middleware, lifespan."""

from __future__ import annotations

import gc
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi_offline import FastAPIOffline
from starlette.middleware.trustedhost import TrustedHostMiddleware
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from symphainy import __version__
from symphainy.agents.endpoints import router as agents_router
from symphainy.auth.endpoints import router as auth_router
from symphainy.config import Environment, Settings, get_settings
from symphainy.content.endpoints import router as content_router
from symphainy.core.error_handlers import install_error_handlers
from symphainy.core.health import router as health_router
from symphainy.core.logging import configure_logging, get_logger
from symphainy.core.middleware import (
    BodySizeLimitMiddleware,
    RequestContextMiddleware,
    SecurityHeadersMiddleware,
)
from symphainy.core.problems import API_ERRORS, problem_responses
from symphainy.core.runtime import Runtime
from symphainy.core.tracing import configure_tracing
from symphainy.insights.endpoints import router as insights_router
from symphainy.jobs_registry import load_jobs
from symphainy.journeys.endpoints import router as journeys_router
from symphainy.operations.endpoints import router as operations_router
from symphainy.outcomes.endpoints import router as outcomes_router
from symphainy.web import pages
from symphainy.workspaces.endpoints import router as workspaces_router

log = get_logger(__name__)
# Paths that accept large bodies (file uploads); everything else gets the small default.
UPLOAD_PATHS = (
    re.compile(r"^/api/v1/journeys/[^/]+/files$"),
    re.compile(r"^/journeys/[^/]+/files$"),
)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    configure_logging(settings)
    load_jobs()
    runtime = Runtime(settings).activate()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if settings.SYMPHAINY_INPROCESS_WORKER and not settings.SYMPHAINY_JOBS_IMMEDIATE:
            runtime.queue.start_consumer(settings.SYMPHAINY_WORKER_THREADS)
        if settings.SYMPHAINY_ENV is not Environment.test:
            # What start-up built lives as long as the process: frozen out of the cyclic
            # collector's way, so its collections stop walking those ~250k objects again and
            # again under load (issue 19), and forked workers share the pages. Not in tests,
            # which build many apps in one process.
            gc.freeze()
        log.info(
            "app.started",
            env=settings.SYMPHAINY_ENV.value,
            queue=runtime.queue.backend,
            database=runtime.db.engine.url.get_backend_name(),
            storage=runtime.storage.url.split(":")[0],
        )
        try:
            yield
        finally:
            runtime.close()
            log.info("app.stopped")

    common: dict[str, Any] = {
        "title": "SymphAIny",
        "version": __version__,
        "description": "From a team's files to an actionable proposal: content, insights, "
        "operations and business outcomes.",
        "lifespan": lifespan,
        "debug": False,
    }
    if not settings.OTEL_EXPORTER_OTLP_ENDPOINT:
        # FastAPI's own OpenTelemetry hooks look up the global providers (os.environ reads)
        # on every request; with tracing off (the default) that is pure cost (issue 19).
        # When tracing is on, configure_tracing instruments the app and these stay as they are.
        common["telemetry"] = {"tracing": False, "metrics": False, "logs": False}
    # /docs serves Swagger UI from the installed package, never a CDN; off in prod by default.
    app = (
        FastAPIOffline(docs_url="/docs", redoc_url=None, **common)
        if settings.docs_enabled
        else FastAPI(docs_url=None, redoc_url=None, openapi_url=None, **common)
    )
    app.state.runtime = runtime
    app.state.settings = settings

    install_error_handlers(app)
    app.include_router(health_router)
    for router in (
        auth_router,
        workspaces_router,
        journeys_router,
        content_router,
        outcomes_router,
        insights_router,
        agents_router,
        operations_router,
    ):
        app.include_router(router, responses=problem_responses(*API_ERRORS))
    pages.install(app)

    # Outermost last: request context wraps everything, so even refused requests are logged.
    app.add_middleware(BodySizeLimitMiddleware, settings=settings, large_body_paths=UPLOAD_PATHS)
    if settings.SYMPHAINY_CORS_ORIGINS:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.SYMPHAINY_CORS_ORIGINS,
            allow_credentials=True,
            allow_methods=["*"],
            allow_headers=["Authorization", "Content-Type", "X-CSRF-Token"],
        )
    if settings.SYMPHAINY_TRUSTED_HOSTS != ["*"]:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=settings.SYMPHAINY_TRUSTED_HOSTS)
    app.add_middleware(SecurityHeadersMiddleware, settings=settings)
    app.add_middleware(RequestContextMiddleware)
    if settings.SYMPHAINY_TRUSTED_PROXIES:
        # Outermost: every part (rate limits, audit, logs) sees the client, not the proxy.
        # Only these addresses may name the client in X-Forwarded-For; nobody by default.
        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=settings.SYMPHAINY_TRUSTED_PROXIES)
    configure_tracing(settings, app=app, engine=runtime.db.engine)
    return app
