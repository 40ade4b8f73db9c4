"""The job queue: after-commit sending, retries with backoff, final failure, durability."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from symphainy.config import Settings
from symphainy.core import jobs
from symphainy.core.jobs import JobPayload, JobQueue, PermanentJobError, backoff_delay
from symphainy.core.runtime import Runtime
from symphainy.core.scoping import Scope

calls: list[tuple[str, JobPayload]] = []
failures: list[tuple[JobPayload, str]] = []


@jobs.job("test.echo", retries=0)
def _echo(payload: JobPayload) -> None:
    calls.append(("echo", payload))


@jobs.job("test.flaky", retries=2, on_failure=lambda p, r: failures.append((p, r)))
def _flaky(payload: JobPayload) -> None:
    calls.append(("flaky", payload))
    raise ConnectionError("database blinked")


@jobs.job("test.corrupt", retries=3, on_failure=lambda p, r: failures.append((p, r)))
def _corrupt(payload: JobPayload) -> None:
    calls.append(("corrupt", payload))
    raise PermanentJobError("the file is corrupt")


@pytest.fixture(autouse=True)
def _reset() -> None:
    calls.clear()
    failures.clear()


def _settings(tmp_path: Path, **kw: object) -> Settings:
    return Settings(SYMPHAINY_ENV="test", SYMPHAINY_DATA_DIR=tmp_path, **kw)  # type: ignore[arg-type]


def _consume_until(queue: JobQueue, done: Callable[[], bool], seconds: float = 10) -> None:
    """Run an in-process consumer until ``done()`` or the time runs out (the caller stops it)."""
    queue.start_consumer(1)
    deadline = time.monotonic() + seconds
    while not done() and time.monotonic() < deadline:
        time.sleep(0.05)


def test_backoff_grows_exponentially_and_is_capped() -> None:
    assert [backoff_delay(n) for n in (1, 2, 3)] == [2.0, 4.0, 8.0]
    assert backoff_delay(30) == 300.0


def test_jobs_enqueued_in_a_transaction_run_only_after_commit(tmp_path: Path) -> None:
    runtime = Runtime(_settings(tmp_path, SYMPHAINY_JOBS_IMMEDIATE=True)).activate()
    with runtime.db.session(Scope.for_system()) as session:
        jobs.enqueue_after_commit(session, "test.echo", {"n": 1})
        assert calls == []
    assert calls == [("echo", {"n": 1})]
    with pytest.raises(RuntimeError), runtime.db.session(Scope.for_system()) as session:
        jobs.enqueue_after_commit(session, "test.echo", {"n": 2})
        raise RuntimeError("request failed")
    assert calls == [("echo", {"n": 1})]
    runtime.close()


def test_permanent_errors_are_recorded_without_retrying(tmp_path: Path) -> None:
    queue = JobQueue(_settings(tmp_path, SYMPHAINY_JOBS_IMMEDIATE=True))
    queue.enqueue("test.corrupt", {"file": "f1"})
    assert [c[0] for c in calls] == ["corrupt"]
    assert failures == [({"file": "f1"}, "the file is corrupt")]


def test_transient_errors_retry_then_record_the_final_failure(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(jobs, "RETRY_BASE_SECONDS", 0.05)
    queue = JobQueue(_settings(tmp_path))
    queue.enqueue("test.flaky", {"file": "f2"})
    try:
        _consume_until(queue, lambda: bool(failures))
    finally:
        queue.stop_consumer()
    assert [c[0] for c in calls] == ["flaky"] * 3
    assert failures and "database blinked" in failures[0][1]


def test_a_job_enqueued_before_a_restart_runs_after_it(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    JobQueue(settings).enqueue("test.echo", {"survives": True})
    assert calls == []
    queue = JobQueue(settings)
    assert queue.pending() == 1
    try:
        _consume_until(queue, lambda: bool(calls))
    finally:
        queue.stop_consumer()
    assert calls == [("echo", {"survives": True})]
    assert queue.pending() == 0


def test_the_redis_queue_runs_jobs_in_a_real_consumer(tmp_path: Path) -> None:
    from tests.conftest import TEST_REDIS_URL, _flush_redis, _require_postgres

    _require_postgres()
    _flush_redis(TEST_REDIS_URL)
    queue = JobQueue(_settings(tmp_path, REDIS_URL=TEST_REDIS_URL))
    assert queue.backend == "redis"
    queue.enqueue("test.echo", {"via": "redis"})
    assert queue.pending() == 1
    try:
        _consume_until(queue, lambda: bool(calls))
    finally:
        queue.stop_consumer()
        _flush_redis(TEST_REDIS_URL)
    assert calls == [("echo", {"via": "redis"})]
