"""``symphainy serve | worker | migrate | user | check``: the same services the API uses."""

from __future__ import annotations

import getpass
import os
import sys
from typing import Annotated

import typer

from symphainy.config import get_settings

app = typer.Typer(
    help="SymphAIny: from a team's files to an actionable proposal.",
    no_args_is_help=True,
    add_completion=False,
)
user_app = typer.Typer(help="Manage accounts.", no_args_is_help=True)
app.add_typer(user_app, name="user")


@app.command()
def migrate(revision: Annotated[str, typer.Option(help="Target revision.")] = "head") -> None:
    """Bring the database schema up to date."""
    from symphainy.core import migrations
    from symphainy.core.db import build_engine

    settings = get_settings()
    engine = build_engine(settings)
    migrations.upgrade(engine, revision)
    engine.dispose()
    typer.echo(f"database at {revision}: {engine.url.render_as_string(hide_password=True)}")


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option(help="Web worker processes.")] = 1,
    no_migrate: Annotated[bool, typer.Option("--no-migrate", help="Skip migrations.")] = False,
) -> None:
    """Migrate, then serve pages, API and (embedded default) the job worker."""
    import uvicorn

    if not no_migrate:
        migrate("head")
    settings = get_settings()
    shown = "localhost" if host in ("127.0.0.1", "0.0.0.0") else host  # noqa: S104
    typer.secho(f"SymphAIny is starting: open http://{shown}:{port}/", fg="green", bold=True)
    uvicorn.run(
        "symphainy.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        # X-Forwarded-For is honoured by the app only from SYMPHAINY_TRUSTED_PROXIES; uvicorn's
        # own default would believe it from 127.0.0.1.
        proxy_headers=False,
        log_config=None,
        timeout_graceful_shutdown=30,
        server_header=False,
        limit_max_requests=None if settings.SYMPHAINY_ENV.value != "prod" else 100_000,
    )


@app.command()
def worker(
    threads: Annotated[int, typer.Option(help="Job threads.")] = 2,
    metrics_port: Annotated[int, typer.Option(help="Serve /metrics on this port (0: off).")] = 0,
    metrics_host: Annotated[str, typer.Option(help="Interface for /metrics.")] = "127.0.0.1",
) -> None:
    """Run background jobs in this process (for deployments with separate workers).

    SIGTERM (or SIGINT) stops taking jobs and lets running ones finish before exiting.
    """
    from symphainy.core.logging import configure_logging
    from symphainy.core.runtime import Runtime
    from symphainy.jobs_registry import load_jobs

    settings = get_settings()
    configure_logging(settings)
    load_jobs()
    runtime = Runtime(settings).activate()
    from symphainy.core.tracing import configure_tracing

    configure_tracing(settings, engine=runtime.db.engine)
    if metrics_port:
        from prometheus_client import start_http_server

        from symphainy.core.metrics import REGISTRY

        # Job counters and durations live in this process: Prometheus scrapes them here.
        start_http_server(metrics_port, addr=metrics_host, registry=REGISTRY)
    typer.echo(f"worker consuming the {runtime.queue.backend} queue with {threads} threads")
    runtime.queue.run_consumer_forever(threads)


@app.command()
def check() -> None:
    """Print each configured part and whether it answers; exit 1 if any does not."""
    from symphainy.core.health import check_parts
    from symphainy.core.runtime import Runtime

    settings = get_settings()
    runtime = Runtime(settings)
    typer.echo(f"environment  {settings.SYMPHAINY_ENV.value}")
    typer.echo(f"database     {runtime.db.engine.url.render_as_string(hide_password=True)}")
    typer.echo(f"storage      {runtime.storage.url}")
    typer.echo(f"job queue    {runtime.queue.backend}")
    typer.echo(f"redis        {'configured' if settings.REDIS_URL else 'not configured'}")
    typer.echo(f"llm          {settings.LLM_PROVIDER or 'offline deterministic engine'}")
    results = check_parts(runtime)
    for name, result in results.items():
        mark = "ok" if result["ok"] else f"FAILED {result.get('error')}"
        typer.echo(f"  {name:<10} {mark} ({result['ms']} ms)")
    runtime.db.dispose()
    if not all(r["ok"] for r in results.values()):
        raise typer.Exit(1)


def _password(prompt: str, given: str | None) -> str:
    if given:
        return given
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass(f"{prompt}: ")
    if getpass.getpass("again: ") != first:
        raise typer.BadParameter("the passwords differ")
    return first


@user_app.command("create")
def user_create(
    email: str,
    full_name: Annotated[str, typer.Option("--name", help="Full name.")],
    password: Annotated[str | None, typer.Option(help="Else prompted or read from stdin.")] = None,
) -> None:
    """Create an account (the first one administers the instance)."""
    from pydantic import ValidationError

    from symphainy.auth import service
    from symphainy.auth.schemas import UserCreate
    from symphainy.core.errors import AppError
    from symphainy.core.runtime import Runtime
    from symphainy.core.scoping import Scope

    settings = get_settings()
    runtime = Runtime(settings)
    try:
        data = UserCreate(
            email=email, full_name=full_name, password=_password("password", password)
        )
        with runtime.db.session(Scope.for_workspaces(frozenset())) as session:
            user = service.register(session, settings, data, ip="cli")
    except (AppError, ValidationError) as exc:
        typer.secho(f"refused: {exc}", fg="red", err=True)
        raise typer.Exit(1) from exc
    typer.echo(f"created {user.email}" + (" (instance admin)" if user.is_instance_admin else ""))


@user_app.command("reset-password")
def user_reset_password(
    email: str,
    password: Annotated[str | None, typer.Option(help="Else prompted or read from stdin.")] = None,
) -> None:
    """Set a new password for an account, clear its lockout and end its sessions."""
    from symphainy.audit import service as audit
    from symphainy.auth import service
    from symphainy.core.errors import AppError
    from symphainy.core.runtime import Runtime
    from symphainy.core.scoping import Scope

    settings = get_settings()
    runtime = Runtime(settings)
    try:
        with runtime.db.session(Scope.for_system()) as session:
            user = service.find_user_by_email(session, email)
            if user is None:
                raise typer.BadParameter(f"no account uses {email}")
            new = _password("new password", password)
            service.check_password(settings, new, email=user.email, full_name=user.full_name)
            service.set_password(session, user, new)
            audit.record(
                session,
                "auth.password_reset.cli",
                audit.Actor(email="cli"),
                target_type="user",
                target_id=user.id,
            )
    except AppError as exc:
        typer.secho(f"refused: {exc}", fg="red", err=True)
        raise typer.Exit(1) from exc
    typer.echo(f"password changed for {email}; their sessions were ended")


def main() -> None:
    # One BLAS thread per process: the embedding model encodes short queries 15x faster that
    # way when requests run side by side on few cores. Set it before NumPy loads; an
    # operator's own value wins.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    app()
