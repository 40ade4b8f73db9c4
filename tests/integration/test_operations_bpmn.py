"""BPMN other tools wrote, over HTTP: every pool kept, warnings instead of refusals, the
schema's message for invalid files, renderings and edits on the rich model."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from tests.integration.conftest import User

MODELS = Path(__file__).parent.parent / "unit" / "operations" / "bpmn_models"
COLLABORATION = MODELS / "miwg-reference" / "C.1.0.bpmn"
NO_EXIT = b"""<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D" targetNamespace="t">
  <process id="P">
    <startEvent id="S"/><task id="A" name="Ask"/><task id="B" name="Wait"/>
    <sequenceFlow id="f1" sourceRef="S" targetRef="A"/>
    <sequenceFlow id="f2" sourceRef="A" targetRef="B"/>
    <sequenceFlow id="f3" sourceRef="B" targetRef="A"/>
  </process>
</definitions>"""


def _journey(user: User) -> str:
    return str(user.api("POST", "/api/v1/journeys", json={"title": "Invoices"}).json()["id"])


def _import(user: User, journey: str, name: str, data: bytes) -> Any:
    return user.api(
        "POST",
        f"/api/v1/journeys/{journey}/workflows",
        files={"file": (name, io.BytesIO(data), "application/bpmn+xml")},
    )


def test_a_collaboration_keeps_both_pools_and_its_message_flows(alice: User) -> None:
    journey = _journey(alice)
    created = _import(alice, journey, "C.1.0.bpmn", COLLABORATION.read_bytes())
    assert created.status_code == 201, created.text
    workflow = created.json()
    names = {p["name"] for p in workflow["pools"]}
    assert names == {"Team-Assistant", "Process Engine - Invoice Receipt"}
    assert len(workflow["message_flows"]) == 5
    tasks = [s for s in workflow["steps"] if s["kind"] == "task"]
    assert {s["pool"] for s in tasks} == {p["id"] for p in workflow["pools"]}
    svg = alice.api("GET", f"/api/v1/workflows/{workflow['id']}/diagram.svg").text
    for name in names:
        assert name in svg
    assert svg.count('class="pool"') >= 2
    exported = alice.api("GET", f"/api/v1/workflows/{workflow['id']}/bpmn").text
    assert exported.count("<bpmn:participant ") == 2
    assert exported.count("<bpmn:messageFlow ") == 5
    mermaid = alice.api("GET", f"/api/v1/workflows/{workflow['id']}/mermaid").text
    assert mermaid.count("subgraph pool") == 2
    blueprint = alice.api("POST", f"/api/v1/workflows/{workflow['id']}/blueprint", json={})
    assert blueprint.status_code == 201, blueprint.text
    rows = {r["step_id"] for r in blueprint.json()["steps"]}
    assert {s["id"] for s in tasks} <= rows
    sop = alice.api("POST", f"/api/v1/workflows/{workflow['id']}/sop")
    assert sop.status_code == 201, sop.text


def test_a_loop_without_exit_is_imported_with_a_warning(alice: User) -> None:
    journey = _journey(alice)
    created = _import(alice, journey, "loop.bpmn", NO_EXIT)
    assert created.status_code == 201, created.text
    warnings = created.json()["warnings"]
    assert any("loop with no way out" in w for w in warnings)


def test_a_file_the_xsd_rejects_gets_422_with_the_schema_message(alice: User) -> None:
    journey = _journey(alice)
    broken = NO_EXIT.replace(b'<task id="B" name="Wait"/>', b'<task id="B" colour="red"/>')
    refused = _import(alice, journey, "bad.bpmn", broken)
    assert refused.status_code == 422
    assert refused.headers["content-type"].startswith("application/problem+json")
    detail = refused.json()["detail"]
    assert "XSD" in detail and "colour" in detail and "line" in detail


def test_editing_an_imported_model_warns_instead_of_refusing(alice: User) -> None:
    journey = _journey(alice)
    workflow = _import(alice, journey, "C.1.0.bpmn", COLLABORATION.read_bytes()).json()
    original = COLLABORATION.read_text()
    task = next(s for s in workflow["steps"] if s["kind"] == "task")
    renamed = alice.api(
        "PATCH",
        f"/api/v1/workflows/{workflow['id']}",
        json={"operations": [{"op": "rename", "step_id": task["id"], "name": "Scan it"}]},
    )
    assert renamed.status_code == 200, renamed.text
    exported = alice.api("GET", f"/api/v1/workflows/{workflow['id']}/bpmn").text
    # The structure is unchanged: the modeller's drawing is written back as it was.
    pool_bounds = 'x="17" y="15" width="1007" height="205"'
    assert pool_bounds in exported
    assert exported.count("<bpmndi:BPMNShape ") == original.count("<bpmndi:BPMNShape ")
    added = alice.api(
        "PATCH",
        f"/api/v1/workflows/{workflow['id']}",
        json={"operations": [{"op": "add", "after": task["id"], "step": {"name": "Check it"}}]},
    )
    assert added.status_code == 200, added.text
    assert len(added.json()["steps"]) == len(workflow["steps"]) + 1
    relaid = alice.api("GET", f"/api/v1/workflows/{workflow['id']}/bpmn").text
    assert pool_bounds not in relaid and "Check it" in relaid
