"""The Operations pillar over HTTP: workflows from files, text and BPMN; edits; renderings;
SOPs; blueprints; hostile inputs; workspace isolation."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

from tests.integration.conftest import User

SOPS = Path(__file__).parent.parent / "unit" / "operations" / "sops"
BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"><process id="p">
<startEvent id="s" name="&lol3;"/></process></definitions>"""


def _journey(user: User) -> str:
    return str(user.api("POST", "/api/v1/journeys", json={"title": "Claims ops"}).json()["id"])


def _from_text(user: User, journey: str, text: str, **extra: Any) -> Any:
    return user.api("POST", f"/api/v1/journeys/{journey}/workflows", json={"text": text, **extra})


def _upload(user: User, journey: str, name: str, data: bytes) -> dict[str, Any]:
    response = user.api(
        "POST",
        f"/api/v1/journeys/{journey}/files",
        files={"file": (name, io.BytesIO(data), "application/octet-stream")},
    )
    assert response.status_code == 202, response.text
    file = user.api("GET", f"/api/v1/files/{response.json()['id']}").json()
    assert file["status"] == "ready", file
    return dict(file)


def test_uploaded_sop_becomes_a_workflow_with_actors_and_decisions(alice: User) -> None:
    journey = _journey(alice)
    file = _upload(alice, journey, "claims.md", (SOPS / "claims_numbered.md").read_bytes())
    response = alice.api(
        "POST", f"/api/v1/journeys/{journey}/workflows", json={"source_file_id": file["id"]}
    )
    assert response.status_code == 201, response.text
    workflow = response.json()
    assert workflow["source_kind"] == "file" and workflow["method"] == "deterministic"
    names = [s["name"] for s in workflow["steps"]]
    assert "Log the claim in Guidewire" in names and "Assign a claim number" in names
    assert {a["name"] for a in workflow["actors"]} >= {
        "Customer",
        "Claims Clerk",
        "Claims Adjuster",
        "Finance",
    }
    assert any(d["question"] == "Is the claim complete?" for d in workflow["decisions"])
    assert all(s["source"]["text"] for s in workflow["steps"] if s["kind"] == "task")
    listed = alice.api("GET", f"/api/v1/journeys/{journey}/workflows").json()["items"]
    assert [w["id"] for w in listed] == [workflow["id"]]
    counts = alice.api("GET", f"/api/v1/journeys/{journey}").json()
    assert "workflows" in str(counts)


def test_renderings_svg_mermaid_and_bpmn(alice: User) -> None:
    journey = _journey(alice)
    workflow = _from_text(alice, journey, (SOPS / "incident_parallel.md").read_text()).json()
    base = f"/api/v1/workflows/{workflow['id']}"
    svg = alice.api("GET", f"{base}/diagram.svg")
    assert svg.status_code == 200 and svg.headers["content-type"].startswith("image/svg+xml")
    assert "Resolver Team" in svg.text and "<polygon" in svg.text and "<script" not in svg.text
    mermaid = alice.api("GET", f"{base}/mermaid").text
    assert mermaid.startswith("flowchart LR") and "Service Desk Agent" in mermaid
    xml = alice.api("GET", f"{base}/bpmn")
    assert xml.status_code == 200 and "attachment" in xml.headers["content-disposition"]
    assert b"bpmndi:BPMNShape" in xml.content and b"parallelGateway" in xml.content
    again = alice.api(
        "POST",
        f"/api/v1/journeys/{journey}/workflows",
        files={"file": ("incident.bpmn", io.BytesIO(xml.content), "application/bpmn+xml")},
    )
    assert again.status_code == 201, again.text
    assert [(s["id"], s["name"], s["actor"]) for s in again.json()["steps"]] == [
        (s["id"], s["name"], s["actor"]) for s in workflow["steps"]
    ]


def test_uploaded_bpmn_file_becomes_a_workflow(alice: User) -> None:
    journey = _journey(alice)
    workflow = _from_text(alice, journey, (SOPS / "claims_numbered.md").read_text()).json()
    xml = alice.api("GET", f"/api/v1/workflows/{workflow['id']}/bpmn").content
    file = _upload(alice, journey, "claims.bpmn", xml)
    assert file["kind"] == "workflow"
    imported = alice.api(
        "POST", f"/api/v1/journeys/{journey}/workflows", json={"source_file_id": file["id"]}
    )
    assert imported.status_code == 201, imported.text
    assert imported.json()["source_kind"] == "bpmn"
    assert len(imported.json()["steps"]) == len(workflow["steps"])


def test_edits_are_validated_and_bump_the_version(alice: User) -> None:
    journey = _journey(alice)
    workflow = _from_text(
        alice, journey, "1. The clerk logs the request.\n2. The manager approves the request.\n"
    ).json()
    url = f"/api/v1/workflows/{workflow['id']}"
    first = workflow["steps"][1]["id"]
    edited = alice.api(
        "PATCH",
        url,
        json={
            "version": 1,
            "operations": [
                {"op": "rename", "step_id": first, "name": "Log the request in the CRM"},
                {"op": "reassign", "step_id": first, "actor": "Intake Clerk"},
                {
                    "op": "add",
                    "after": first,
                    "step": {"name": "Check the budget", "actor": "Finance"},
                },
            ],
        },
    )
    assert edited.status_code == 200, edited.text
    body = edited.json()
    assert body["version"] == 2
    assert [s["name"] for s in body["steps"]][1:4] == [
        "Log the request in the CRM",
        "Check the budget",
        "Approve the request",
    ]
    assert alice.api("PATCH", url, json={"version": 1, "title": "x"}).status_code == 409
    loop = alice.api(
        "PATCH",
        url,
        json={
            "operations": [
                {
                    "op": "set_next",
                    "step_id": body["steps"][3]["id"],
                    "next": [{"to": body["steps"][1]["id"]}],
                }
            ]
        },
    )
    assert loop.status_code == 422
    assert "cycle with no way out" in loop.json()["detail"]
    dangling = alice.api(
        "PATCH",
        url,
        json={
            "graph": {
                **body,
                "steps": [
                    {**s, "next": [{"to": "nowhere"}]} if s["kind"] == "start" else s
                    for s in body["steps"]
                ],
            }
        },
    )
    assert dangling.status_code == 422 and "does not exist" in dangling.json()["detail"]
    assert alice.api("GET", url).json()["version"] == 2


def test_sop_is_written_and_exported(alice: User) -> None:
    journey = _journey(alice)
    workflow = _from_text(alice, journey, (SOPS / "claims_numbered.md").read_text()).json()
    sop = alice.api("POST", f"/api/v1/workflows/{workflow['id']}/sop")
    assert sop.status_code == 201, sop.text
    body = sop.json()
    assert body["content"]["procedure"][0] == (
        "1. Customer: Submit a claim through the online portal."
    )
    assert any(r["role"] == "Claims Adjuster" for r in body["content"]["roles"])
    md = alice.api("GET", f"/api/v1/sops/{body['id']}/export?format=md")
    assert md.status_code == 200 and "## Procedure" in md.text
    docx = alice.api("GET", f"/api/v1/sops/{body['id']}/export?format=docx")
    assert docx.status_code == 200
    with zipfile.ZipFile(io.BytesIO(docx.content)) as archive:
        assert "Pay the claim in SAP" in archive.read("word/document.xml").decode()
    assert alice.api("GET", f"/api/v1/sops/{body['id']}/export?format=pdf").status_code == 422


def test_blueprint_roles_effort_and_checkpoints(alice: User) -> None:
    journey = _journey(alice)
    workflow = _from_text(alice, journey, (SOPS / "claims_numbered.md").read_text()).json()
    pay = next(s for s in workflow["steps"] if s["name"] == "Pay the claim in SAP")
    response = alice.api(
        "POST",
        f"/api/v1/workflows/{workflow['id']}/blueprint",
        json={"volume_per_month": 400, "overrides": {pay["id"]: {"minutes_before": 12}}},
    )
    assert response.status_code == 201, response.text
    blueprint = response.json()
    assert blueprint["method"] == "deterministic"
    rows = {r["name"]: r for r in blueprint["steps"]}
    assert rows["Log the claim in Guidewire"]["ai_role"] == "automate"
    approve = [r for r in blueprint["steps"] if r["name"] == "Approve the payment"]
    assert approve and all(r["ai_role"] == "human" for r in approve)
    assert rows["Pay the claim in SAP"]["minutes_before"] == 12
    assert any(
        c["step_id"] == pay["id"] and c["checkpoint"] == "yes" for c in blueprint["controls"]
    )
    summary = blueprint["summary"]
    assert summary["hours_saved_per_month"] == round(summary["hours_saved_per_run"] * 400, 1)
    svg = alice.api("GET", f"/api/v1/blueprints/{blueprint['id']}/diagram.svg")
    assert svg.status_code == 200 and "#dcfce7" in svg.text
    assert alice.api("GET", f"/api/v1/blueprints/{blueprint['id']}").status_code == 200
    md = alice.api("GET", f"/api/v1/blueprints/{blueprint['id']}/export?format=md")
    assert md.status_code == 200 and "| Pay the claim in SAP |" in md.text
    csv_text = alice.api("GET", f"/api/v1/blueprints/{blueprint['id']}/export?format=csv").text
    assert csv_text.splitlines()[0].startswith("step_id,name,actor,ai_role")
    assert len(csv_text.splitlines()) == len(blueprint["steps"]) + 1


def test_hostile_inputs_get_clear_errors(alice: User) -> None:
    journey = _journey(alice)
    huge = alice.api(
        "POST",
        f"/api/v1/journeys/{journey}/workflows",
        content=b'{"text": "' + b"a" * (5 * 1024 * 1024) + b'"}',
        headers={"Content-Type": "application/json"},
    )
    assert huge.status_code in (413, 422)
    long_line = _from_text(alice, journey, "word " * 39_000)
    assert long_line.status_code == 422 and "no procedure" in long_line.json()["detail"]
    laughs = alice.api(
        "POST",
        f"/api/v1/journeys/{journey}/workflows",
        files={"file": ("lol.bpmn", io.BytesIO(BILLION_LAUGHS), "text/xml")},
    )
    assert laughs.status_code == 422 and "entit" in laughs.json()["detail"]
    cycle = _from_text(alice, journey, (SOPS / "loop_no_exit.md").read_text())
    assert cycle.status_code == 422 and "cycle with no way out" in cycle.json()["detail"]
    empty = _from_text(alice, journey, "   ")
    assert empty.status_code == 422
    assert (
        alice.api(
            "POST",
            f"/api/v1/journeys/{journey}/workflows",
            json={"text": "x", "source_file_id": "y"},
        ).status_code
        == 422
    )


def test_other_workspaces_get_404_on_every_path(alice: User, bob: User) -> None:
    journey = _journey(alice)
    workflow = _from_text(alice, journey, (SOPS / "claims_numbered.md").read_text()).json()
    sop = alice.api("POST", f"/api/v1/workflows/{workflow['id']}/sop").json()
    blueprint = alice.api("POST", f"/api/v1/workflows/{workflow['id']}/blueprint").json()
    base = f"/api/v1/workflows/{workflow['id']}"
    for method, url in (
        ("GET", base),
        ("GET", f"{base}/diagram.svg"),
        ("GET", f"{base}/bpmn"),
        ("GET", f"{base}/mermaid"),
        ("POST", f"{base}/sop"),
        ("POST", f"{base}/blueprint"),
        ("GET", f"/api/v1/sops/{sop['id']}"),
        ("GET", f"/api/v1/sops/{sop['id']}/export?format=md"),
        ("GET", f"/api/v1/blueprints/{blueprint['id']}"),
        ("GET", f"/api/v1/blueprints/{blueprint['id']}/diagram.svg"),
        ("GET", f"/api/v1/blueprints/{blueprint['id']}/export?format=csv"),
        ("GET", f"/api/v1/journeys/{journey}/workflows"),
    ):
        assert bob.api(method, url).status_code == 404, url
    assert bob.api("PATCH", base, json={"title": "mine"}).status_code == 404
    assert _from_text(bob, journey, "1. Do it.").status_code == 404


def test_pages_map_edit_and_blueprint_through_forms(alice: User, bob: User) -> None:
    journey = _journey(alice)
    base = f"/journeys/{journey}/operations"
    overview = alice.api("GET", base)
    assert overview.status_code == 200 and "Map a workflow" in overview.text
    created = alice.api(
        "POST",
        f"{base}/workflows",
        follow_redirects=False,
        data={"text": (SOPS / "refunds_docx_style.txt").read_text()},
    )
    assert created.status_code == 303, created.text
    page_url = created.headers["location"]
    page = alice.api("GET", page_url)
    assert page.status_code == 200 and "Issue the refund in Stripe" in page.text
    workflow_id = page_url.rsplit("/", 1)[-1]
    steps = alice.api("GET", f"/api/v1/workflows/{workflow_id}").json()["steps"]
    refund = next(s for s in steps if s["name"] == "Issue the refund in Stripe")
    saved = alice.api(
        "POST",
        f"{page_url}/edit",
        follow_redirects=False,
        data={
            "action": "save",
            "step_id": refund["id"],
            "version": "1",
            "name": "Issue the refund in Stripe",
            "actor": "Payments Team",
        },
    )
    assert saved.status_code == 303
    assert alice.api("GET", f"/api/v1/workflows/{workflow_id}").json()["version"] == 2
    broken = alice.api(
        "POST",
        f"{page_url}/edit",
        data={"action": "branches", "step_id": steps[3]["id"], "to_0": steps[3]["id"]},
    )
    assert steps[3]["kind"] == "decision"
    assert "needs at least two branches" in broken.text
    assert alice.api("GET", f"/api/v1/workflows/{workflow_id}").json()["version"] == 2
    built = alice.api(
        "POST",
        f"{page_url}/blueprint",
        follow_redirects=False,
        data={"volume_per_month": "250", f"role:{refund['id']}": "human"},
    )
    assert built.status_code == 303
    blueprint_page = alice.api("GET", built.headers["location"])
    assert blueprint_page.status_code == 200 and "at 250 runs" in blueprint_page.text
    sop = alice.api("POST", f"{page_url}/sop", follow_redirects=False)
    assert alice.api("GET", sop.headers["location"]).status_code == 200
    for url in (base, page_url, built.headers["location"], sop.headers["location"]):
        assert bob.api("GET", url).status_code == 404, url


def _word_sop() -> bytes:
    from docx import Document

    doc = Document()
    doc.add_heading("Supplier onboarding", level=0)
    doc.add_heading("Purpose", level=1)
    doc.add_paragraph("How new suppliers are set up.")
    doc.add_heading("Procedure", level=1)
    for text in (
        "The Buyer requests the supplier's bank details.",
        "Vendor Master Clerk: enter the supplier in SAP.",
        "If the supplier is foreign, the Compliance Officer screens it; otherwise continue.",
        "Accounts Payable approves the supplier record.",
    ):
        doc.add_paragraph(text, style="List Number")
    doc.add_heading("Responsibilities", level=1)
    table = doc.add_table(rows=3, cols=3)
    for r, row in enumerate(
        [
            ("Activity", "Responsible", "Accountable"),
            ("Enter the supplier in SAP", "Vendor Master Clerk", "Finance Manager"),
            ("Screen foreign suppliers", "Compliance Officer", "CFO"),
        ]
    ):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def test_word_sop_with_numbered_list_and_raci_table(alice: User) -> None:
    journey = _journey(alice)
    file = _upload(alice, journey, "suppliers.docx", _word_sop())
    response = alice.api(
        "POST", f"/api/v1/journeys/{journey}/workflows", json={"source_file_id": file["id"]}
    )
    assert response.status_code == 201, response.text
    workflow = response.json()
    tasks = [(s["name"], s["actor"]) for s in workflow["steps"] if s["kind"] == "task"]
    assert tasks == [
        ("Request the supplier's bank details", "Buyer"),
        ("Enter the supplier in SAP", "Vendor Master Clerk"),
        ("Screen it", "Compliance Officer"),
        ("Approve the supplier record", "Accounts Payable"),
    ]
    assert workflow["decisions"][0]["question"] == "The supplier is foreign?"
    assert {r["activity"] for r in workflow["raci"]} == {
        "Enter the supplier in SAP",
        "Screen foreign suppliers",
    }
    assert workflow["steps"][1]["source"]["section"] == "Procedure"
