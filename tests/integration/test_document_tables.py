"""A PDF is ready once its text is read; its tables follow in their own jobs (issue 19)."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select, update

from symphainy.content import document_tables
from symphainy.core.scoping import Scope
from symphainy.models.content import Document, File
from tests.integration.conftest import User

STYLE = "<style>td, th { border: 1px solid black; padding: 4px }</style>"
TABLE = (
    "<table><tr><th>Role</th><th>Responsibility</th></tr>"
    "<tr><td>Finance</td><td>Verify bank details</td></tr>"
    "<tr><td>Manager</td><td>Approve the payment</td></tr></table>"
)


def _pdf(pages: int) -> bytes:
    import weasyprint

    body = "".join(
        f"<p style='page-break-before: always'>Procedure page {i}: the clerk files the form.</p>"
        for i in range(pages)
    )
    html = f"<html><head>{STYLE}</head><body><h1>Payments</h1>{TABLE}{body}</body></html>"
    return bytes(weasyprint.HTML(string=html).write_pdf())


def _upload(alice: User, pages: int) -> str:
    journey = alice.api("POST", "/api/v1/journeys", json={"title": "Tables"}).json()["id"]
    r = alice.api(
        "POST",
        f"/api/v1/journeys/{journey}/files",
        files={"file": ("payments.pdf", io.BytesIO(_pdf(pages)), "application/pdf")},
    )
    assert r.status_code == 202, r.text
    return str(r.json()["id"])


def _runtime(alice: User) -> Any:
    return alice.client.app.state.runtime  # type: ignore[attr-defined]


def _meta_tables(alice: User, file_id: str) -> list[Any]:
    with _runtime(alice).db.session(Scope.for_system()) as session:
        document = session.scalars(select(Document).where(Document.file_id == file_id)).one()
        return list(document.meta.get("tables") or [])


def _as_before_the_first_job(alice: User, file_id: str, status: str) -> None:
    """Put the file back as it was before any table job ran, with the state ``status``."""
    with _runtime(alice).db.session(Scope.for_system()) as session:
        document = session.scalars(select(Document).where(Document.file_id == file_id)).one()
        document.meta = {**document.meta, "tables": []}
        file = session.get(File, file_id)
        state = {**file.summary["document_tables"], "status": status, "done": 0, "found": 0}
        file.summary = {**file.summary, "document_tables": state}


def test_tables_are_read_after_the_pdf_is_ready_a_few_pages_a_job(alice: User) -> None:
    file_id = _upload(alice, pages=document_tables.PAGES_PER_JOB + 2)  # two jobs' worth
    detail = alice.api("GET", f"/api/v1/files/{file_id}").json()
    assert detail["status"] == "ready", detail
    # Jobs run immediately in tests: the table jobs have finished by now.
    state = detail["summary"]["document_tables"]
    assert state["status"] == "done", state
    assert state["done"] == len(state["pages"]) == document_tables.PAGES_PER_JOB + 3
    assert state["found"] == 1
    assert (
        detail["summary"]["details"]["tables"]
        == f"1 found on {len(state['pages'])} page(s) with text"
    )
    assert ["Finance", "Verify bank details"] in _meta_tables(alice, file_id)[0]


def test_a_workflow_asked_for_before_the_tables_are_read_reads_them_at_once(
    alice: User,
) -> None:
    file_id = _upload(alice, pages=1)
    runtime = _runtime(alice)
    _as_before_the_first_job(alice, file_id, "pending")  # its table jobs wait in the queue
    with runtime.db.session(Scope.for_system()) as session:
        document = session.scalars(select(Document).where(Document.file_id == file_id)).one()
        tables = document_tables.read_rest_now(session, runtime, document)
    assert ["Manager", "Approve the payment"] in tables[0]


def test_table_reading_cut_off_by_a_crash_is_put_back_in_line(alice: User) -> None:
    file_id = _upload(alice, pages=1)
    runtime = _runtime(alice)
    long_ago = datetime.now(UTC) - timedelta(hours=1)
    _as_before_the_first_job(alice, file_id, "reading")  # a worker killed in its first job
    with runtime.db.session(Scope.for_system()) as session:
        session.execute(update(File).where(File.id == file_id).values(updated_at=long_ago))
    assert document_tables.requeue_stalled(runtime, 120) == [file_id]
    state = alice.api("GET", f"/api/v1/files/{file_id}").json()["summary"]["document_tables"]
    assert state["status"] == "done" and state["found"] == 1, state
    assert len(_meta_tables(alice, file_id)) == 1  # read once more, not twice over
    assert document_tables.requeue_stalled(runtime, 120) == []
