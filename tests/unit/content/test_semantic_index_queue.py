"""Semantic indexing is its own job, queued behind parsing, so it never holds a file back."""

from __future__ import annotations

from pathlib import Path

from symphainy.config import Settings
from symphainy.content import semantic_index, tasks  # noqa: F401  (registers the jobs)
from symphainy.core.jobs import JobQueue


def test_a_parse_queued_after_semantic_indexing_runs_first(tmp_path: Path) -> None:
    queue = JobQueue(Settings(SYMPHAINY_ENV="test", SYMPHAINY_DATA_DIR=str(tmp_path)))
    queue.enqueue(semantic_index.JOB, {"file_id": "long-pdf", "version": 1})
    queue.enqueue(semantic_index.JOB, {"file_id": "long-pdf", "version": 1})
    queue.enqueue("content.parse_file", {"file_id": "csv-behind-it"})
    first = queue.huey.dequeue()
    assert first is not None and first.args[0] == "content.parse_file"
    second = queue.huey.dequeue()
    assert second is not None and second.args[0] == semantic_index.JOB


def test_a_freshly_parsed_file_says_semantic_search_is_pending() -> None:
    assert semantic_index.pending_state(12) == {
        "status": "pending",
        "chunks": 12,
        "done": 0,
        "eta_seconds": None,
    }
    assert semantic_index.pending_state(0)["status"] == "available"
