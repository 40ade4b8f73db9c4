"""Background jobs of the Content pillar."""

from __future__ import annotations

from symphainy.content import ingest
from symphainy.core.jobs import JobPayload, job, periodic
from symphainy.core.runtime import current_runtime


def _failed(payload: JobPayload, reason: str) -> None:
    ingest.mark_failed(str(payload["file_id"]), reason, current_runtime())


@job("content.parse_file", retries=3, on_failure=_failed)
def parse_file(payload: JobPayload) -> None:
    ingest.parse(current_runtime(), str(payload["file_id"]))


@periodic("content.requeue_stalled")
def requeue_stalled() -> None:
    runtime = current_runtime()
    ingest.requeue_stalled(runtime, runtime.settings.PARSE_STALLED_SECONDS)
