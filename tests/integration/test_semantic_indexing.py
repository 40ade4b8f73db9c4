"""A file is ready when parsed; its semantic index follows as separate jobs."""

from __future__ import annotations

import io

import pytest

from tests.integration.conftest import User

NOTES = (
    b"Travel policy\n\nEmployees book flights through the travel desk.\n\n"
    b"Hotel stays are reimbursed up to 180 euros per night with a receipt.\n"
)


def _upload_notes(alice: User, title: str) -> tuple[str, str]:
    """A new journey with the travel notes uploaded: (journey id, file id)."""
    journey = alice.api("POST", "/api/v1/journeys", json={"title": title}).json()["id"]
    r = alice.api(
        "POST",
        f"/api/v1/journeys/{journey}/files",
        files={"file": ("policy.txt", io.BytesIO(NOTES), "application/octet-stream")},
    )
    assert r.status_code == 202, r.text
    return journey, str(r.json()["id"])


def test_semantic_indexing_follows_parsing_as_its_own_job(alice: User) -> None:
    journey, file_id = _upload_notes(alice, "Travel")
    detail = alice.api("GET", f"/api/v1/files/{file_id}").json()
    assert detail["status"] == "ready", detail
    # Jobs run immediately in tests: the follow-up embedding jobs have finished by now.
    semantic = detail["summary"]["semantic"]
    assert semantic["status"] == "available", semantic
    assert semantic["chunks"] >= 1 and semantic["done"] == semantic["chunks"]
    hits = alice.api(
        "GET", f"/api/v1/journeys/{journey}/search", params={"q": "hotel reimbursement"}
    )
    assert hits.status_code == 200, hits.text
    assert hits.json()["items"] and hits.json()["semantic"], hits.json()


def test_indexing_cut_off_by_a_crash_is_put_back_in_line(alice: User) -> None:
    from datetime import UTC, datetime, timedelta

    from sqlalchemy import update

    from symphainy.content import semantic_index
    from symphainy.core.scoping import Scope
    from symphainy.models.content import Chunk, File

    _journey, file_id = _upload_notes(alice, "Crash")
    runtime = alice.client.app.state.runtime  # type: ignore[attr-defined]
    long_ago = datetime.now(UTC) - timedelta(hours=1)
    with runtime.db.session(Scope.for_system()) as session:
        # As a worker killed between two batches leaves it.
        session.execute(update(Chunk).where(Chunk.file_id == file_id).values(embedding=None))
        file = session.get(File, file_id)
        file.summary = {
            **file.summary,
            "semantic": {"status": "indexing", "chunks": 1, "done": 0, "eta_seconds": 3},
        }
    with runtime.db.session(Scope.for_system()) as session:
        session.execute(update(File).where(File.id == file_id).values(updated_at=long_ago))
    assert semantic_index.requeue_stalled(runtime, 120) == [file_id]
    semantic = alice.api("GET", f"/api/v1/files/{file_id}").json()["summary"]["semantic"]
    assert semantic["status"] == "available", semantic
    assert semantic_index.requeue_stalled(runtime, 120) == []


def test_file_page_says_when_semantic_search_is_available(alice: User) -> None:
    from symphainy.core.scoping import Scope
    from symphainy.models.content import File
    from tests.integration.conftest import sign_in

    _journey, file_id = _upload_notes(alice, "Page")
    runtime = alice.client.app.state.runtime  # type: ignore[attr-defined]

    def state(semantic: dict[str, object]) -> None:
        with runtime.db.session(Scope.for_system()) as session:
            file = session.get(File, file_id)
            file.summary = {**file.summary, "semantic": semantic}

    sign_in(alice.client, alice.email)
    state({"status": "indexing", "chunks": 3, "done": 1, "eta_seconds": 42})
    page = alice.client.get(f"/files/{file_id}").text
    assert "Semantic search available in about 42 s (1 of 3 passages indexed)" in page
    assert f'data-semantic-live="{file_id}"' in page
    state({"status": "indexing", "chunks": 900, "done": 10, "eta_seconds": 301})
    assert (
        "available in about 6 min (10 of 900 passages" in alice.client.get(f"/files/{file_id}").text
    )
    state({"status": "available", "chunks": 3, "done": 3, "eta_seconds": 0})
    page = alice.client.get(f"/files/{file_id}").text
    assert "Semantic search is available (3 passages indexed)." in page
    assert "data-semantic-live" not in page
    state({"status": "unavailable", "chunks": 3, "done": 0, "eta_seconds": None})
    assert (
        "Semantic search is not available on this server"
        in alice.client.get(f"/files/{file_id}").text
    )


def test_search_before_any_passage_is_indexed_is_keyword_only_and_says_why(
    alice: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy import update

    from symphainy.content import embeddings
    from symphainy.core.scoping import Scope
    from symphainy.models.content import Chunk

    journey, file_id = _upload_notes(alice, "Fresh")
    runtime = alice.client.app.state.runtime  # type: ignore[attr-defined]
    with runtime.db.session(Scope.for_system()) as session:
        # As right after the upload, before the first embedding batch has run.
        session.execute(update(Chunk).where(Chunk.file_id == file_id).values(embedding=None))

    def no_model_load() -> None:
        raise AssertionError("the query was embedded with nothing to compare it with")

    monkeypatch.setattr(embeddings, "get_embedder", no_model_load)
    hits = alice.api("GET", f"/api/v1/journeys/{journey}/search", params={"q": "hotel"}).json()
    assert hits["items"] and hits["items"][0]["file_id"] == file_id
    assert hits["semantic"] is False
    assert hits["semantic_note"] == "no passage of this journey is semantically indexed yet"
