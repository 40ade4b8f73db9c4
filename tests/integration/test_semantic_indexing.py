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
