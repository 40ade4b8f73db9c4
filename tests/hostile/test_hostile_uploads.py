"""The hostile corpus through the HTTP API: each file is refused or contained with a clear
error, nothing escapes the storage directory, and ``/readyz`` is still 200 afterwards."""

from __future__ import annotations

import csv
import io
import re
import time
import zipfile
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from docx import Document
from fastapi.testclient import TestClient
from pypdf import PdfReader

from tests.hostile import corpus
from tests.integration.conftest import User

CLEAR_ERROR = re.compile(r"[a-z]{3,} [a-z]{2,}", re.IGNORECASE)  # words, not a stack trace


def _journey(user: User) -> str:
    r = user.api(
        "POST",
        "/api/v1/journeys",
        json={"workspace_id": user.workspace_id, "title": "Hostile", "goals": ["Stay up"]},
    )
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


def _upload(user: User, journey: str, name: str, data: bytes) -> Any:
    return user.api(
        "POST",
        f"/api/v1/journeys/{journey}/files",
        files={"file": (name, data, "application/octet-stream")},
    )


def _settled(user: User, file_id: str, timeout: float = 60) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        detail: dict[str, Any] = user.api("GET", f"/api/v1/files/{file_id}").json()
        if detail["status"] in ("ready", "failed") or time.monotonic() > deadline:
            return detail
        time.sleep(0.2)


def _refused_or_contained(
    user: User, name: str, data: bytes, *, must_fail: bool = False
) -> dict[str, Any]:
    journey = _journey(user)
    started = time.monotonic()
    r = _upload(user, journey, name, data)
    assert r.status_code < 500, r.text
    if r.status_code != 202:
        assert r.status_code in (413, 415, 422), r.text
        assert r.headers["content-type"].startswith("application/problem+json")
        assert CLEAR_ERROR.search(r.json()["detail"]), r.text
        return {"status": "refused", "detail": r.json()["detail"]}
    detail = _settled(user, r.json()["id"])
    assert detail["status"] in ("ready", "failed"), f"{name} never settled: {detail}"
    assert time.monotonic() - started < 60
    if must_fail or detail["status"] == "failed":
        assert detail["status"] == "failed", detail
        assert CLEAR_ERROR.search(detail["error"] or ""), detail
        assert "Traceback" not in (detail["error"] or "")
    assert user.client.get("/readyz").status_code == 200
    return detail


@pytest.mark.parametrize("kind", ["xlsx", "docx"])
def test_zip_bombs_are_refused(alice: User, kind: str) -> None:
    bomb = corpus.zip_bomb(kind)
    assert len(bomb) < 2 * 1024 * 1024  # small enough to pass the upload limit
    detail = _refused_or_contained(alice, f"quarterly.{kind}", bomb, must_fail=True)
    text = (detail.get("error") or detail.get("detail") or "").lower()
    assert any(w in text for w in ("compress", "large", "limit", "size", "bomb")), detail


def test_entity_expansion_in_docx_is_refused(alice: User) -> None:
    detail = _refused_or_contained(alice, "laughs.docx", corpus.billion_laughs_docx())
    assert "lol" * 20 not in str(detail)


def test_entity_expansion_in_bpmn_is_refused_by_upload_and_workflow_import(alice: User) -> None:
    bpmn = corpus.billion_laughs_bpmn()
    detail = _refused_or_contained(alice, "process.bpmn", bpmn)
    assert detail["status"] in ("failed", "refused"), detail
    journey = _journey(alice)
    r = alice.api(
        "POST",
        f"/api/v1/journeys/{journey}/workflows",
        files={"file": ("process.bpmn", bpmn, "application/xml")},
    )
    if r.status_code != 404:  # the Operations endpoint, when installed
        assert r.status_code in (400, 413, 415, 422), r.text
        assert "lol" * 20 not in r.text
    assert alice.client.get("/readyz").status_code == 200


def test_pdf_with_recursive_objects_is_contained(alice: User) -> None:
    _refused_or_contained(alice, "loop.pdf", corpus.recursive_pdf())


@pytest.mark.parametrize("name", ["both.pdf", "both.zip", "both.docx", "both.csv"])
def test_pdf_zip_polyglot_is_contained_under_any_name(alice: User, name: str) -> None:
    polyglot = corpus.polyglot_pdf_zip(corpus.recursive_pdf())
    with zipfile.ZipFile(io.BytesIO(polyglot)) as z:  # it really is both
        assert "payload.csv" in z.namelist()
    assert polyglot.startswith(b"%PDF")
    detail = _refused_or_contained(alice, name, polyglot)
    if detail["status"] != "refused":
        assert detail["media_type"] in (
            "application/pdf",
            "application/zip",
            "application/octet-stream",
        ), detail


HOSTILE_NAMES = [
    "../../../../etc/passwd.csv",
    "..\\..\\windows\\win.ini.csv",
    "/abs/path/report.csv",
    "rep\x07ort\x1b[31m red\x1b[0m.csv",
    "tab\tand\nnew\rline.csv",
    "\u202egnp.csv",  # right-to-left override
    "CON.csv",
    "." * 3 + ".csv",
    "long" * 200 + ".csv",
]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_hostile_file_names_are_stored_safely_and_shown_cleanly(
    app_client: TestClient, alice: User, name: str, tmp_path: Path
) -> None:
    journey = _journey(alice)
    data = f"a,b\n1,{len(name)}\n".encode()
    r = _upload(alice, journey, name, data)
    assert r.status_code == 202, r.text
    body = r.json()
    shown = body["name"]
    assert not re.search(r"[\x00-\x1f\x7f\u202e]", shown), repr(shown)
    assert len(shown) <= 500
    r = alice.api("GET", f"/api/v1/files/{body['id']}/download")
    assert r.status_code == 200
    assert r.content == data
    disposition = r.headers["content-disposition"]
    assert not re.search(r"[\r\n\x00]", disposition)
    sent_name = unquote(disposition.split("''", 1)[-1])
    assert "/" not in sent_name and "\\" not in sent_name and not sent_name.startswith(".."), (
        sent_name
    )
    settings = app_client.app.state.settings  # type: ignore[attr-defined]
    root = settings.data_dir
    stored = [p for p in root.rglob("*") if p.is_file()]
    assert all(p.resolve().is_relative_to(root) for p in stored)
    assert not any(p.name in ("passwd.csv", "win.ini.csv") for p in stored)
    assert app_client.get("/readyz").status_code == 200


def _fragments_md(text: str) -> list[str]:
    out = []
    for line in text.splitlines():
        line = re.sub(r"^\s*(#+|[-*]|\d+\.)\s+", "", line)
        out += [cell.strip() for cell in line.split("|")] if "|" in line else [line.strip()]
    return [f for f in out if f]


def _fragments_docx(data: bytes) -> list[str]:
    doc = Document(io.BytesIO(data))
    out = [p.text.strip() for p in doc.paragraphs]
    for table in doc.tables:
        out += [cell.text.strip() for row in table.rows for cell in row.cells]
    return [f for f in out if f]


def _unneutralised(fragments: list[str]) -> list[str]:
    """Cells or lines a spreadsheet would run as a formula (a leading = + @, or - then not a
    number), quoting one of our payloads."""
    bad = []
    for fragment in fragments:
        leads = fragment[:1] in "=+@" or (fragment[:1] == "-" and "cmd" in fragment)
        if leads and any(word in fragment for word in ("HYPERLINK", "cmd", "SUM")):
            bad.append(fragment)
    return bad


def _wait_export(user: User, body: dict[str, Any]) -> bytes:
    for _ in range(200):
        if body["status"] in ("ready", "failed"):
            break
        time.sleep(0.1)
        body = user.api("GET", f"/api/v1/exports/{body['id']}").json()
    assert body["status"] == "ready", body
    return bytes(user.api("GET", f"/api/v1/exports/{body['id']}/download").content)


def _formula_journey(user: User) -> tuple[str, str, str]:
    journey = _journey(user)
    csv_id = _upload(user, journey, "suppliers.csv", corpus.formula_csv()).json()["id"]
    sop_id = _upload(user, journey, "payment-sop.txt", corpus.formula_sop()).json()["id"]
    assert _settled(user, csv_id)["status"] == "ready"
    assert _settled(user, sop_id)["status"] == "ready"
    # The raw preview keeps the user's data as it is (JSON is not a spreadsheet).
    assert "HYPERLINK" in user.api("GET", f"/api/v1/files/{csv_id}/preview").text
    user.api("GET", f"/api/v1/files/{csv_id}/quality")
    return journey, csv_id, sop_id


def test_formula_injection_is_neutralised_in_roadmap_and_proposal_exports(alice: User) -> None:
    journey, _csv, _sop = _formula_journey(alice)
    api = alice.api
    if (
        api(
            "POST",
            f"/api/v1/journeys/{journey}/workflows",
            json={"text": corpus.formula_sop().decode()},
        ).status_code
        == 404
    ):
        pytest.skip("the Operations pillar is not installed")
    exported: dict[str, list[str]] = {}
    roadmap = api("POST", f"/api/v1/journeys/{journey}/roadmap", json={}).json()
    proposal = api("POST", f"/api/v1/journeys/{journey}/proposal", json={}).json()
    for kind, subject in (("roadmaps", roadmap), ("proposals", proposal)):
        for fmt in ("md", "docx", "pdf"):
            body = api(
                "GET", f"/api/v1/{kind}/{subject['id']}/export", params={"format": fmt}
            ).json()
            data = _wait_export(alice, body)
            if fmt == "md":
                exported[f"{kind}.md"] = _fragments_md(data.decode())
            elif fmt == "docx":
                exported[f"{kind}.docx"] = _fragments_docx(data)
            else:
                text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
                exported[f"{kind}.pdf"] = [line.strip() for line in text.splitlines()]
    problems = {
        name: bad for name, fragments in exported.items() if (bad := _unneutralised(fragments))
    }
    assert not problems, f"exports with formulas a spreadsheet would run: {problems}"
    assert alice.client.get("/readyz").status_code == 200


def test_formula_injection_is_neutralised_in_sop_exports(alice: User) -> None:
    journey, _csv, sop_file = _formula_journey(alice)
    api = alice.api
    r = api("POST", f"/api/v1/journeys/{journey}/workflows", json={"source_file_id": sop_file})
    if r.status_code == 404:
        pytest.skip("the Operations pillar is not installed")
    workflow_id = r.json()["id"]
    sop = api("POST", f"/api/v1/workflows/{workflow_id}/sop").json()
    exported = {
        "sop.md": _fragments_md(
            api("GET", f"/api/v1/sops/{sop['id']}/export", params={"format": "md"}).text
        ),
        "sop.docx": _fragments_docx(
            api("GET", f"/api/v1/sops/{sop['id']}/export", params={"format": "docx"}).content
        ),
    }
    blueprint = api("POST", f"/api/v1/workflows/{workflow_id}/blueprint", json={}).json()
    url = f"/api/v1/blueprints/{blueprint['id']}/export"
    if api("GET", url, params={"format": "csv"}).status_code == 200:
        text = api("GET", url, params={"format": "csv"}).text
        exported["blueprint.csv"] = [
            cell.strip() for row in csv.reader(io.StringIO(text)) for cell in row
        ]
        exported["blueprint.md"] = _fragments_md(api("GET", url, params={"format": "md"}).text)
        assert any("HYPERLINK" in c for c in exported["blueprint.csv"]), "payload not exported"
    problems = {
        name: bad for name, fragments in exported.items() if (bad := _unneutralised(fragments))
    }
    assert not problems, f"exports with formulas a spreadsheet would run: {problems}"
