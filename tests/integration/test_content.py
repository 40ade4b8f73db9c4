"""The Content pillar over HTTP: upload, parse, preview, search, lifecycle, isolation."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.integration.conftest import User

CSV = (
    b"order_id,region,amount,order_date\n"
    b"A-1,North,120.50,2026-01-03\nA-2,South,80.00,2026-01-04\n"
    b"A-3,North,42.25,2026-01-09\nA-4,East,310.00,2026-02-11\n"
)
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


@pytest.fixture(scope="module")
def policy_pdf(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    import weasyprint

    html = """<h1>Travel policy</h1><p>Employees book flights through the travel desk.</p>
    <h2>Expenses</h2><p>Hotel stays are reimbursed up to 180 euros per night when the
    receipt is attached within 30 days.</p>
    <h2>Approvals</h2><p>The line manager approves every trip above 2,000 euros.</p>"""
    return bytes(weasyprint.HTML(string=html).write_pdf())


def _journey(user: User) -> str:
    return str(user.api("POST", "/api/v1/journeys", json={"title": "Sales ops"}).json()["id"])


def _upload(user: User, journey: str, name: str, data: bytes) -> Any:
    return user.api(
        "POST",
        f"/api/v1/journeys/{journey}/files",
        files={"file": (name, io.BytesIO(data), "application/octet-stream")},
    )


def _ready(user: User, journey: str, name: str, data: bytes) -> dict[str, Any]:
    r = _upload(user, journey, name, data)
    assert r.status_code == 202, r.text
    detail = user.api("GET", f"/api/v1/files/{r.json()['id']}").json()
    assert detail["status"] == "ready", detail
    return dict(detail)


def test_csv_upload_is_parsed_into_a_typed_dataset(alice: User) -> None:
    journey = _journey(alice)
    r = _upload(alice, journey, "orders.csv", CSV)
    assert r.status_code == 202
    body = r.json()
    assert body["status"] == "pending" and body["kind"] == "dataset"
    assert body["sha256"] == hashlib.sha256(CSV).hexdigest() and body["size"] == len(CSV)
    detail = alice.api("GET", f"/api/v1/files/{body['id']}").json()
    assert detail["status"] == "ready" and detail["progress"] == 1.0
    assert detail["summary"]["rows"] == 4
    types = {c["name"]: c["type"] for c in detail["datasets"][0]["columns"]}
    assert types["amount"] in ("decimal", "float")
    assert types["order_date"] == "date"
    assert [x["kind"] for x in detail["lineage"]] == ["file", "dataset"]
    assert detail["lineage"][1]["parent_id"] == body["id"]
    preview = alice.api("GET", f"/api/v1/files/{body['id']}/preview").json()
    table = preview["tables"][0]
    assert table["total_rows"] == 4
    assert table["rows"][0][:2] == ["A-1", "North"]


def test_pdf_upload_becomes_a_document_with_sections(alice: User, policy_pdf: bytes) -> None:
    journey = _journey(alice)
    detail = _ready(alice, journey, "travel policy.pdf", policy_pdf)
    assert detail["kind"] == "document"
    titles = [s["title"] for s in detail["document"]["sections"]]
    assert any("Expenses" in t for t in titles)
    preview = alice.api("GET", f"/api/v1/files/{detail['id']}/preview").json()
    assert "180 euros" in " ".join(s["text"] for s in preview["sections"])


def test_search_finds_the_right_passage_and_rows(alice: User, policy_pdf: bytes) -> None:
    journey = _journey(alice)
    _ready(alice, journey, "policy.pdf", policy_pdf)
    _ready(alice, journey, "orders.csv", CSV)
    hits = alice.api(
        "GET",
        f"/api/v1/journeys/{journey}/search",
        params={"q": "how much is a hotel night refunded"},
    ).json()
    assert hits["semantic"] is True
    assert "180 euros" in " ".join(h["snippet"] for h in hits["items"][:3])
    rows = alice.api("GET", f"/api/v1/journeys/{journey}/search", params={"q": "East"}).json()
    assert rows["items"][0]["source"] == "rows"
    assert rows["items"][0]["file_name"] == "orders.csv"


def test_a_png_named_csv_is_refused_with_415(alice: User) -> None:
    r = _upload(alice, _journey(alice), "report.csv", PNG)
    assert r.status_code == 415
    assert "PNG" in r.json()["detail"]


def test_unsupported_files_are_stored_and_downloadable(alice: User) -> None:
    journey = _journey(alice)
    r = _upload(alice, journey, "logo.png", PNG)
    assert r.status_code == 202
    file = r.json()
    assert file["kind"] == "unsupported" and file["status"] == "ready"
    assert file["status_message"]
    download = alice.api("GET", f"/api/v1/files/{file['id']}/download")
    assert download.content == PNG


def test_duplicate_upload_is_offered_not_stored_twice(alice: User) -> None:
    journey = _journey(alice)
    first = _upload(alice, journey, "orders.csv", CSV).json()
    again = _upload(alice, journey, "orders copy.csv", CSV)
    assert again.status_code == 409
    assert again.json()["existing_file_id"] == first["id"]
    assert len(alice.api("GET", f"/api/v1/journeys/{journey}/files").json()["items"]) == 1


def test_empty_file_is_refused(alice: User) -> None:
    r = _upload(alice, _journey(alice), "empty.csv", b"")
    assert r.status_code == 422


def test_corrupt_workbook_fails_with_a_reason_and_can_be_retried(alice: User) -> None:
    journey = _journey(alice)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<not really a workbook")
    r = _upload(alice, journey, "broken.xlsx", buffer.getvalue())
    assert r.status_code == 202
    detail = alice.api("GET", f"/api/v1/files/{r.json()['id']}").json()
    assert detail["status"] == "failed"
    assert detail["error"]
    retry = alice.api("POST", f"/api/v1/files/{detail['id']}/reprocess")
    assert retry.status_code == 202
    assert alice.api("GET", f"/api/v1/files/{detail['id']}").json()["status"] == "failed"


def test_filters_archive_restore_and_delete(alice: User, app_client: TestClient) -> None:
    journey = _journey(alice)
    csv = _ready(alice, journey, "orders.csv", CSV)
    _ready(alice, journey, "notes.txt", b"Quarterly notes\n\nThe team met twice.")
    listed = alice.api("GET", f"/api/v1/journeys/{journey}/files?kind=document").json()["items"]
    assert [f["name"] for f in listed] == ["notes.txt"]
    assert alice.api("GET", f"/api/v1/journeys/{journey}/files?q=ORDERS").json()["items"]
    alice.api("POST", f"/api/v1/files/{csv['id']}/archive")
    names = [
        f["name"] for f in alice.api("GET", f"/api/v1/journeys/{journey}/files").json()["items"]
    ]
    assert names == ["notes.txt"]
    alice.api("POST", f"/api/v1/files/{csv['id']}/restore")
    assert alice.api("DELETE", f"/api/v1/files/{csv['id']}").status_code == 204
    assert alice.api("GET", f"/api/v1/files/{csv['id']}").status_code == 404
    hits = alice.api("GET", f"/api/v1/journeys/{journey}/search", params={"q": "North"}).json()
    assert all(h["file_id"] != csv["id"] for h in hits["items"])
    runtime = app_client.app.state.runtime  # type: ignore[attr-defined]
    stored = [p for p in Path(runtime.storage.root).rglob("*") if p.is_file()]
    assert all(csv["id"] not in str(p) for p in stored)
    audit = alice.api("GET", f"/api/v1/workspaces/{alice.workspace_id}/audit").json()["items"]
    assert "file.deleted" in [e["action"] for e in audit]


def test_events_stream_ends_with_the_final_state(alice: User) -> None:
    journey = _journey(alice)
    file = _upload(alice, journey, "orders.csv", CSV).json()
    with alice.client.stream(
        "GET", f"/api/v1/files/{file['id']}/events", headers=alice.bearer
    ) as stream:
        body = "".join(stream.iter_text())
    assert "event: done" in body and '"status": "ready"' in body


def test_other_workspaces_files_are_404_everywhere(alice: User, bob: User) -> None:
    journey = _journey(alice)
    file = _upload(alice, journey, "orders.csv", CSV).json()
    for method, path in [
        ("GET", ""),
        ("GET", "/preview"),
        ("GET", "/download"),
        ("GET", "/events"),
        ("POST", "/archive"),
        ("POST", "/restore"),
        ("POST", "/reprocess"),
        ("DELETE", ""),
    ]:
        r = bob.api(method, f"/api/v1/files/{file['id']}{path}")
        assert r.status_code == 404, (method, path, r.status_code)
    assert _upload(bob, journey, "x.csv", CSV).status_code == 404
    assert bob.api("GET", f"/api/v1/journeys/{journey}/files").status_code == 404
    assert bob.api("GET", f"/api/v1/journeys/{journey}/search?q=North").status_code == 404


def test_viewers_can_read_but_not_upload(alice: User, app_client: TestClient) -> None:
    from tests.integration.conftest import make_user

    viewer = make_user(app_client, "Vic Viewer")
    alice.api(
        "POST",
        f"/api/v1/workspaces/{alice.workspace_id}/members",
        json={"email": viewer.email, "role": "viewer"},
    )
    journey = _journey(alice)
    file = _upload(alice, journey, "orders.csv", CSV).json()
    assert viewer.api("GET", f"/api/v1/files/{file['id']}/preview").status_code == 200
    assert (
        _upload(viewer, journey, "other.csv", CSV + b"A-5,West,1,2026-03-01\n").status_code == 403
    )
    assert viewer.api("DELETE", f"/api/v1/files/{file['id']}").status_code == 403


def test_upload_over_the_limit_is_413(settings: Any, alice: User) -> None:
    limit = settings.SYMPHAINY_MAX_UPLOAD_BYTES
    big = b"a,b\n" + b"1,2\n" * (limit // 4 + 10)
    r = _upload(alice, _journey(alice), "big.csv", big)
    assert r.status_code == 413


def test_journey_counts_include_files(alice: User) -> None:
    journey = _journey(alice)
    _ready(alice, journey, "orders.csv", CSV)
    counts = alice.api("GET", f"/api/v1/journeys/{journey}").json()["counts"]
    assert counts == {"files": 1, "datasets": 1}


def test_workbook_sheets_become_datasets_named_after_the_file(alice: User) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "Budget"
    book.active.append(["line", "amount"])
    book.active.append(["Travel", 1200])
    staff = book.create_sheet("Staff")
    staff.append(["name", "team"])
    staff.append(["Ana", "Ops"])
    buffer = io.BytesIO()
    book.save(buffer)
    journey = _journey(alice)
    detail = _ready(alice, journey, "plan.xlsx", buffer.getvalue())
    assert [d["name"] for d in detail["datasets"]] == ["Budget", "Staff"]
    csv = _ready(alice, journey, "orders.csv", CSV)
    assert csv["datasets"][0]["name"] == "orders"
    counts = alice.api("GET", f"/api/v1/journeys/{journey}").json()["counts"]
    assert counts == {"files": 2, "datasets": 2}
