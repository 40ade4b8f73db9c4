"""Background jobs of the Insights pillar."""

from __future__ import annotations

from symphainy.core.jobs import JobPayload, job
from symphainy.core.runtime import current_runtime
from symphainy.insights import service


def _failed(payload: JobPayload, reason: str) -> None:
    service.mark_failed(current_runtime(), str(payload["analysis_id"]), reason)


@job(service.ANALYSE_JOB, retries=2, on_failure=_failed)
def analyse_dataset(payload: JobPayload) -> None:
    service.run_analysis_job(
        current_runtime(), str(payload["analysis_id"]), str(payload["dataset_id"])
    )
