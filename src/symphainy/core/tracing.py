"""Optional OpenTelemetry tracing of requests, jobs and database calls, sent over OTLP/HTTP.

Off unless ``OTEL_EXPORTER_OTLP_ENDPOINT`` is set. The SDK, the OTLP exporter and the FastAPI
instrumentation are optional packages, imported only when tracing is on:

    pip install opentelemetry-sdk==1.45.2 opentelemetry-exporter-otlp-proto-http==1.45.2 \\
        opentelemetry-instrumentation-fastapi==0.66b2

Requests get a server span each (with the route template as its name), every SQL statement a
client span under it (the statement text, never its parameters), and each background job a
span in the worker. Spans leave in batches from a background thread.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from typing import Any

from sqlalchemy import Engine, event

from symphainy.config import Settings

_provider: Any = None
_STATEMENT_MAX = 2000
_SPAN_KEY = "symphainy_otel_span"


def enabled() -> bool:
    return _provider is not None


def provider() -> Any:
    """The tracer provider (``opentelemetry.sdk.trace.TracerProvider``), or None when off."""
    return _provider


def configure_tracing(settings: Settings, *, app: Any = None, engine: Engine | None = None) -> bool:
    """Trace ``app``'s requests and ``engine``'s statements when the settings ask for it."""
    global _provider
    if not settings.OTEL_EXPORTER_OTLP_ENDPOINT:
        return False
    if _provider is None:
        _provider = _build_provider(settings)
    if app is not None:
        from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor

        FastAPIInstrumentor.instrument_app(
            app, tracer_provider=_provider, excluded_urls="livez,readyz,metrics"
        )
    if engine is not None:
        _trace_statements(engine)
    return True


def _build_provider(settings: Settings) -> Any:
    try:
        from opentelemetry import trace
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
        from opentelemetry.sdk.resources import Resource
        from opentelemetry.sdk.trace import TracerProvider
        from opentelemetry.sdk.trace.export import BatchSpanProcessor
    except ImportError as exc:
        raise RuntimeError(
            "OTEL_EXPORTER_OTLP_ENDPOINT is set but OpenTelemetry is not installed: pip install "
            "opentelemetry-sdk opentelemetry-exporter-otlp-proto-http "
            "opentelemetry-instrumentation-fastapi (versions in core/tracing.py)"
        ) from exc
    from symphainy import __version__

    resource = Resource.create(
        {
            "service.name": settings.OTEL_SERVICE_NAME,
            "service.version": __version__,
            "deployment.environment": settings.SYMPHAINY_ENV.value,
        }
    )
    tracer_provider = TracerProvider(resource=resource)
    endpoint = settings.OTEL_EXPORTER_OTLP_ENDPOINT.rstrip("/") + "/v1/traces"
    tracer_provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter(endpoint=endpoint)))
    trace.set_tracer_provider(tracer_provider)
    return tracer_provider


def _trace_statements(engine: Engine) -> None:
    from opentelemetry.trace import SpanKind, Status, StatusCode

    tracer = _provider.get_tracer("symphainy.db")
    system = engine.url.get_backend_name()

    @event.listens_for(engine, "before_cursor_execute")
    def _start(
        conn: Any, cursor: Any, statement: str, params: Any, context: Any, executemany: bool
    ) -> None:
        span = tracer.start_span(
            f"{system} {statement.split(None, 1)[0].upper()}",
            kind=SpanKind.CLIENT,
            attributes={"db.system": system, "db.statement": statement[:_STATEMENT_MAX]},
        )
        conn.info.setdefault(_SPAN_KEY, []).append(span)

    @event.listens_for(engine, "after_cursor_execute")
    def _end(
        conn: Any, cursor: Any, statement: str, params: Any, context: Any, executemany: bool
    ) -> None:
        spans = conn.info.get(_SPAN_KEY)
        if spans:
            spans.pop().end()

    @event.listens_for(engine, "handle_error")
    def _failed(context: Any) -> None:
        spans = context.connection.info.get(_SPAN_KEY) if context.connection else None
        if spans:
            span = spans.pop()
            span.record_exception(context.original_exception)
            span.set_status(Status(StatusCode.ERROR))
            span.end()


def job_span(name: str) -> Any:
    """A span around one run of the background job ``name`` (nothing when tracing is off)."""
    if _provider is None:
        return nullcontext()
    return _job_span(name)


@contextmanager
def _job_span(name: str) -> Iterator[None]:
    tracer = _provider.get_tracer("symphainy.jobs")
    with tracer.start_as_current_span(f"job {name}", attributes={"symphainy.job": name}):
        yield


def shutdown() -> None:
    """Send what is buffered (on process exit)."""
    if _provider is not None:
        _provider.shutdown()
