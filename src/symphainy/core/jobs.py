"""Background jobs on Huey: SQLite-backed in the data directory by default, Redis when set.

Jobs are plain functions registered by name with :func:`job`; one Huey task dispatches them,
which keeps the Huey instance configurable at start-up (tests and the CLI build their own).
A job enqueued during a request is sent only after the request's transaction commits, so a
worker never sees a row that was rolled back. Failures retry with exponential backoff; after
the last attempt the job's ``on_failure`` hook records the reason on the affected row.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from huey import RedisHuey, SqliteHuey, crontab
from huey.api import Huey, Task
from huey.consumer import Consumer
from sqlalchemy import event
from sqlalchemy.orm import Session

from symphainy.config import Settings
from symphainy.core import metrics, tracing
from symphainy.core.logging import get_logger

log = get_logger(__name__)

JobPayload = dict[str, Any]


@dataclass(frozen=True)
class JobSpec:
    name: str
    run: Callable[[JobPayload], None]
    on_failure: Callable[[JobPayload, str], None] | None
    retries: int
    priority: int = 0  # higher runs first where the queue supports it (SQLite); Redis: FIFO


_REGISTRY: dict[str, JobSpec] = {}
_PERIODIC: dict[str, Callable[[], None]] = {}
_PENDING_KEY = "symphainy_pending_jobs"
RETRY_BASE_SECONDS = 2.0
MAX_RETRIES = 5
# Below the grace period the orchestrators give a worker (compose: 60 s, Kubernetes: 90 s).
WORKER_SHUTDOWN_SECONDS = 50.0


class PermanentJobError(Exception):
    """A failure retrying cannot fix (a corrupt file, say): record it and stop."""


def job(
    name: str,
    *,
    retries: int = 3,
    on_failure: Callable[[JobPayload, str], None] | None = None,
    priority: int = 0,
) -> Callable[[Callable[[JobPayload], None]], Callable[[JobPayload], None]]:
    """Register ``fn`` as the background job ``name``; higher ``priority`` is taken first."""

    if not 0 <= retries <= MAX_RETRIES:
        raise ValueError(f"retries must be between 0 and {MAX_RETRIES}")

    def register(fn: Callable[[JobPayload], None]) -> Callable[[JobPayload], None]:
        _REGISTRY[name] = JobSpec(name, fn, on_failure, retries, priority)
        return fn

    return register


def periodic(name: str) -> Callable[[Callable[[], None]], Callable[[], None]]:
    """Register ``fn`` to run once a minute in every worker (keep it idempotent)."""

    def register(fn: Callable[[], None]) -> Callable[[], None]:
        _PERIODIC[name] = fn
        return fn

    return register


def run_periodic() -> None:
    for name, fn in _PERIODIC.items():
        try:
            fn()
        except Exception:
            log.exception("job.periodic_failed", job=name)


def backoff_delay(attempt: int) -> float:
    """Seconds to wait before retry number ``attempt`` (1-based): 2, 4, 8, ... capped at 5 min."""
    return float(min(RETRY_BASE_SECONDS * 2 ** (attempt - 1), 300.0))


class JobQueue:
    """The queue and, when asked, an in-process consumer."""

    def __init__(self, settings: Settings) -> None:
        self.huey: Huey
        if settings.REDIS_URL:
            self.huey = RedisHuey("symphainy", url=settings.REDIS_URL, results=False)
            self.backend = "redis"
        else:
            settings.data_dir.mkdir(parents=True, exist_ok=True)
            self.huey = SqliteHuey(
                "symphainy", filename=str(settings.data_dir / "jobs.db"), results=False
            )
            self.backend = "sqlite"
        # Immediate mode runs each job in the enqueuing thread (after the commit): tests only.
        self.huey.immediate = settings.SYMPHAINY_JOBS_IMMEDIATE
        self._task = self.huey.task(retries=MAX_RETRIES, context=True, name="symphainy.run_job")(
            _run_job
        )
        self.huey.periodic_task(crontab(minute="*"), name="symphainy.periodic")(run_periodic)
        self._consumer: Consumer | None = None

    def enqueue(self, name: str, payload: JobPayload) -> None:
        spec = _REGISTRY.get(name)
        if spec is None:
            raise KeyError(f"unknown job {name!r}")
        if spec.priority and self.huey.storage.priority:
            self._task(name, payload, priority=spec.priority)
        else:
            self._task(name, payload)
        metrics.JOBS.labels(name, "enqueued").inc()

    def pending(self) -> int:
        count = int(self.huey.pending_count())
        metrics.JOB_QUEUE_DEPTH.set(count)
        return count

    def ping(self) -> None:
        self.pending()

    def start_consumer(self, threads: int) -> None:
        """Run jobs in this process, on threads, without touching the process's signals."""
        self._consumer = _ThreadConsumer(
            self.huey,
            workers=threads,
            worker_type="thread",
            periodic=True,
            check_worker_health=False,
        )
        self._consumer.start()
        run_periodic()  # recover work a crash left behind, now rather than in a minute

    def stop_consumer(self, graceful: bool = True) -> None:
        if self._consumer is not None:
            self._consumer.stop(graceful=graceful)
            self._consumer = None

    def run_consumer_forever(self, threads: int) -> None:
        """The ``symphainy worker`` loop: Huey's own consumer, with its signal handling.

        SIGTERM (what Docker and Kubernetes send) is the graceful stop: no new job is taken and
        running ones finish, for up to ``WORKER_SHUTDOWN_SECONDS``; a job cut off after that is
        put back in line by its pillar's stalled-work recovery.
        """
        run_periodic()
        Consumer(
            self.huey,
            workers=threads,
            worker_type="thread",
            periodic=True,
            graceful_signal="TERM",
            shutdown_timeout=WORKER_SHUTDOWN_SECONDS,
        ).run()


class _ThreadConsumer(Consumer):  # type: ignore[misc]
    def _set_signal_handlers(self) -> None:
        # The web server owns SIGTERM/SIGINT; it stops this consumer in its shutdown hook.
        return None


def _run_job(name: str, payload: JobPayload, task: Task | None = None) -> None:
    spec = _REGISTRY.get(name)
    if spec is None:
        log.error("job.unknown", job=name)
        return
    attempt_no = MAX_RETRIES - task.retries + 1 if task is not None else 1
    started = time.perf_counter()
    log.info("job.start", job=name, attempt=attempt_no)
    try:
        with tracing.job_span(name):
            spec.run(payload)
    except PermanentJobError as exc:
        _record_final_failure(spec, payload, str(exc))
        metrics.JOBS.labels(name, "failed").inc()
        log.warning("job.failed", job=name, reason=str(exc))
        return
    except Exception as exc:
        if task is not None and attempt_no <= spec.retries:
            metrics.JOBS.labels(name, "retried").inc()
            # Huey requeues a failed task while it has retries left, after task.retry_delay.
            task.retry_delay = backoff_delay(attempt_no)
            log.warning(
                "job.retry", job=name, attempt=attempt_no, delay=task.retry_delay, error=repr(exc)
            )
            raise
        _record_final_failure(spec, payload, f"{type(exc).__name__}: {exc}")
        metrics.JOBS.labels(name, "failed").inc()
        log.exception("job.failed", job=name, attempt=attempt_no)
        return
    finally:
        metrics.JOB_DURATION.labels(name).observe(time.perf_counter() - started)
    metrics.JOBS.labels(name, "succeeded").inc()
    log.info("job.done", job=name, seconds=round(time.perf_counter() - started, 3))


def _record_final_failure(spec: JobSpec, payload: JobPayload, reason: str) -> None:
    if spec.on_failure is None:
        return
    try:
        spec.on_failure(payload, reason)
    except Exception:
        log.exception("job.on_failure_failed", job=spec.name)


def enqueue_after_commit(session: Session, name: str, payload: JobPayload) -> None:
    """Queue ``name`` to be sent once ``session`` commits; dropped if it rolls back.

    The queue is asked first: when it is down (Redis gone) this raises now, while the caller's
    transaction can still roll back, instead of after the commit, which would leave a row
    waiting for a job that was never sent.
    """
    from symphainy.core.runtime import current_runtime

    current_runtime().queue.ping()
    session.info.setdefault(_PENDING_KEY, []).append((name, payload))


@event.listens_for(Session, "after_commit")
def _send_pending(session: Session) -> None:
    pending = session.info.pop(_PENDING_KEY, [])
    if not pending:
        return
    from symphainy.core.runtime import current_runtime

    queue = current_runtime().queue
    for name, payload in pending:
        queue.enqueue(name, payload)


@event.listens_for(Session, "after_rollback")
def _drop_pending(session: Session) -> None:
    session.info.pop(_PENDING_KEY, None)
