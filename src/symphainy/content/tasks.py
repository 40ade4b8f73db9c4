"""Background jobs of the Content pillar."""

from __future__ import annotations

from symphainy.content import document_tables, ingest, semantic_index
from symphainy.core.jobs import JobPayload, job, periodic
from symphainy.core.runtime import current_runtime

# Parsing makes a file usable; semantic indexing only adds meaning-based search to it, and a
# PDF's tables only feed Operations, so both wait behind any parse in the queue. Tables wait
# behind semantic indexing too: a 120-page thesis's table pages, interleaved with the embedding
# batches at one priority, doubled the time until its semantic search was available (issue 19).
SEMANTIC_PRIORITY = -10
TABLES_PRIORITY = -20


def _failed(payload: JobPayload, reason: str) -> None:
    ingest.mark_failed(str(payload["file_id"]), reason, current_runtime())


def _semantic_failed(payload: JobPayload, reason: str) -> None:
    semantic_index.mark_failed(
        current_runtime(), str(payload["file_id"]), int(payload["version"]), reason
    )


@job("content.parse_file", retries=3, on_failure=_failed)
def parse_file(payload: JobPayload) -> None:
    ingest.parse(current_runtime(), str(payload["file_id"]))


@job(semantic_index.JOB, retries=2, on_failure=_semantic_failed, priority=SEMANTIC_PRIORITY)
def embed_file(payload: JobPayload) -> None:
    semantic_index.embed_next_batch(
        current_runtime(), str(payload["file_id"]), int(payload["version"])
    )


def _tables_failed(payload: JobPayload, reason: str) -> None:
    document_tables.mark_failed(
        current_runtime(), str(payload["file_id"]), int(payload["version"]), reason
    )


@job(document_tables.JOB, retries=2, on_failure=_tables_failed, priority=TABLES_PRIORITY)
def read_document_tables(payload: JobPayload) -> None:
    document_tables.read_next_pages(
        current_runtime(), str(payload["file_id"]), int(payload["version"])
    )


@periodic("content.requeue_stalled")
def requeue_stalled() -> None:
    runtime = current_runtime()
    ingest.requeue_stalled(runtime, runtime.settings.PARSE_STALLED_SECONDS)
    semantic_index.requeue_stalled(runtime, runtime.settings.PARSE_STALLED_SECONDS)
    document_tables.requeue_stalled(runtime, runtime.settings.PARSE_STALLED_SECONDS)
