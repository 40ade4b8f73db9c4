"""A file is ready when parsed; its semantic index follows as separate jobs."""

from __future__ import annotations

import io

from tests.integration.conftest import User

NOTES = (
    b"Travel policy\n\nEmployees book flights through the travel desk.\n\n"
    b"Hotel stays are reimbursed up to 180 euros per night with a receipt.\n"
)


def test_semantic_indexing_follows_parsing_as_its_own_job(alice: User) -> None:
    journey = alice.api("POST", "/api/v1/journeys", json={"title": "Travel"}).json()["id"]
    r = alice.api(
        "POST",
        f"/api/v1/journeys/{journey}/files",
        files={"file": ("policy.txt", io.BytesIO(NOTES), "application/octet-stream")},
    )
    assert r.status_code == 202, r.text
    detail = alice.api("GET", f"/api/v1/files/{r.json()['id']}").json()
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

    journey = alice.api("POST", "/api/v1/journeys", json={"title": "Crash"}).json()["id"]
    file_id = alice.api(
        "POST",
        f"/api/v1/journeys/{journey}/files",
        files={"file": ("policy.txt", io.BytesIO(NOTES), "application/octet-stream")},
    ).json()["id"]
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
