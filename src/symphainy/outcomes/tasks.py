"""Background jobs of the Business outcomes pillar."""

from __future__ import annotations

from symphainy.core.jobs import JobPayload, job
from symphainy.core.runtime import current_runtime
from symphainy.outcomes import export_job
from symphainy.outcomes.service import EXPORT_JOB


def _failed(payload: JobPayload, reason: str) -> None:
    export_job.mark_failed(current_runtime(), str(payload["export_id"]), reason)


@job(EXPORT_JOB, retries=2, on_failure=_failed)
def render_export(payload: JobPayload) -> None:
    export_job.render(current_runtime(), str(payload["export_id"]))
