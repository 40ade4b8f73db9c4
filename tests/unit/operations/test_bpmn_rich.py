"""The rich workflow model: what BPMN files bring is kept, judged with warnings, and drawn."""

from __future__ import annotations

from pathlib import Path

import pytest
from defusedxml import ElementTree as SafeET

from symphainy.operations import bpmn, bpmn_prose, diagram, edits
from symphainy.operations.bpmn_di import fingerprint
from symphainy.operations.graph import GraphError, from_json, validate
from symphainy.operations.layout import layout
from symphainy.operations.schemas import EditOperation

REFERENCE = Path(__file__).parent / "bpmn_models" / "miwg-reference"
LOOP = b"""<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D" targetNamespace="t">
  <process id="P">
    <startEvent id="S"/><task id="A" name="Ask"/><task id="B" name="Wait"/>
    <sequenceFlow id="f1" sourceRef="S" targetRef="A"/>
    <sequenceFlow id="f2" sourceRef="A" targetRef="B"/>
    <sequenceFlow id="f3" sourceRef="B" targetRef="A"/>
  </process>
</definitions>"""


def _model(name: str) -> bytes:
    return (REFERENCE / f"{name}.bpmn").read_bytes()


def test_a_timer_on_a_task_border_keeps_its_exception_path() -> None:
    graph = bpmn.import_graph(_model("C.3.0"))
    timer = next(s for s in graph.steps if "timer" in s.events)
    host = graph.step(timer.attached_to or "")
    assert timer.kind == "boundary" and timer.interrupting
    assert timer.event_detail == "PT2H" and timer.timer == "timeDuration"
    assert host.kind == "task" and "premium" in host.name
    assert [graph.step(e.to).name for e in timer.next] == ["Perform emergency repair"]


def test_every_pool_of_a_collaboration_is_kept_with_its_lanes() -> None:
    graph = bpmn.import_graph(_model("C.1.0"))
    pools = {p.name: p for p in graph.pools}
    assert set(pools) == {"Team-Assistant", "Process Engine - Invoice Receipt"}
    assert {lane.name for lane in pools["Process Engine - Invoice Receipt"].lanes} == {
        "Team Assistant",
        "Approver",
        "Accountant",
    }
    by_pool = {
        p.id: [s.name for s in graph.steps if s.pool == p.id and s.kind == "task"]
        for p in graph.pools
    }
    assert all(by_pool.values())
    assert len(graph.message_flows) == 5


def test_two_starts_and_implicit_splits_import_without_a_warning() -> None:
    imported = bpmn.import_bpmn(_model("B.2.0"))
    assert len([s for s in imported.graph.steps if s.kind == "start"]) >= 2
    assert not [n for n in imported.notes if n.startswith("Warning")]


def test_a_loop_without_exit_is_a_warning_not_a_refusal() -> None:
    imported = bpmn.import_bpmn(LOOP)
    assert [s.id for s in imported.graph.steps] == ["S", "A", "B"]
    assert any("loop with no way out" in n for n in imported.notes)


def test_a_file_the_xsd_rejects_is_refused_with_the_schema_message() -> None:
    with pytest.raises(bpmn.BpmnError, match=r"XSD: line \d+: .*colour"):
        bpmn.import_bpmn(LOOP.replace(b'name="Wait"', b'colour="red"'))


def test_the_strict_workflow_rules_still_apply_to_what_the_extractor_builds() -> None:
    graph = bpmn.import_graph(_model("B.2.0"))
    with pytest.raises(GraphError, match="exactly one start"):
        validate(graph)


def _chain(n: int, name: str) -> dict[str, object]:
    steps: list[dict[str, object]] = [
        {"id": "s", "name": "Start", "kind": "start", "next": [{"to": "t1"}]}
    ]
    for i in range(1, n + 1):
        steps.append(
            {
                "id": f"t{i}",
                "name": f"{name} {i}",
                "actor": "Clerk" if i % 2 else "Manager",
                "next": [{"to": f"t{i + 1}" if i < n else "e"}],
            }
        )
    steps.append({"id": "e", "name": "End", "kind": "end"})
    return {"title": "Long", "steps": steps}


def test_a_forty_step_flow_wraps_and_every_label_is_whole() -> None:
    name = "Check the supporting documents against the purchase order and the delivery note"
    svg = diagram.render(from_json(_chain(40, name)))
    root = SafeET.fromstring(svg)
    assert float(root.get("width")) < 1700
    texts = [" ".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text")]
    for i in (1, 17, 40):
        assert any(" ".join(f"{name} {i}".split()) == " ".join(t.split()) for t in texts)
    assert "…" not in svg


def test_lanes_only_for_real_actors() -> None:
    data = _chain(3, "Do")
    for step in data["steps"]:  # type: ignore[attr-defined]
        step.pop("actor", None)
    svg = diagram.render(from_json(data))
    assert "Unassigned" not in svg


def test_a_rename_keeps_the_drawing_and_a_new_step_redraws_it() -> None:
    graph = bpmn.import_graph(_model("C.1.0"))
    task = next(s for s in graph.steps if s.kind == "task")
    renamed = edits.apply(graph, [EditOperation(op="rename", step_id=task.id, name="Scan it")])
    assert fingerprint(renamed) == graph.interchange.fingerprint  # type: ignore[union-attr]
    added = edits.apply(
        graph,
        [EditOperation(op="add", after=task.id, step={"name": "Check it"})],  # type: ignore[arg-type]
    )
    assert fingerprint(added) != graph.interchange.fingerprint  # type: ignore[union-attr]
    new = next(s for s in added.steps if s.name == "Check it")
    assert new.pool == task.pool and new.lane == task.lane
    xml = bpmn.export(added)
    assert (
        bpmn.census_xml(bpmn.parse(xml.encode()))["tasks"] == bpmn.census_graph(graph)["tasks"] + 1
    )


def test_exception_paths_read_as_sentences_for_the_sop() -> None:
    graph = bpmn.import_graph(_model("C.3.0"))
    assert (
        "If the timer of 2 hours expires during “Perform repair (premium level)”, "
        "continue with “Perform emergency repair”."
    ) in bpmn_prose.exception_paths(graph)
    assert bpmn_prose.duration("P1DT30M") == "1 day 30 minutes"
    sections = bpmn_prose.pool_sections(bpmn.import_graph(_model("C.1.0")))
    assert [name for name, _ in sections] == ["Team-Assistant", "Process Engine - Invoice Receipt"]
    assert all(steps for _, steps in sections)


def test_an_export_the_xsd_rejects_fails_loudly_in_tests(monkeypatch: pytest.MonkeyPatch) -> None:
    graph = bpmn.import_graph(LOOP)
    broken = bpmn.export(graph).replace("<bpmn:task ", '<bpmn:task colour="red" ', 1)
    monkeypatch.setattr(bpmn, "_export", lambda _graph: broken)
    with pytest.raises(RuntimeError, match="not XSD-valid"):
        bpmn.export(graph)


def test_notes_name_what_the_workflow_does_not_keep() -> None:
    notes = bpmn.import_bpmn(_model("C.1.0")).notes
    assert any("4 × potentialOwner" in n for n in notes)


def test_a_model_beyond_the_workflow_limits_gets_a_clear_refusal() -> None:
    tasks = b"".join(b'<task id="t%d"/>' % i for i in range(2100))
    data = (
        b'<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D" '
        b'targetNamespace="t"><process id="P">' + tasks + b"</process></definitions>"
    )
    with pytest.raises(bpmn.BpmnError, match="at most 2000"):
        bpmn.import_bpmn(data)


def test_bpmn_only_kinds_are_refused_by_the_strict_rules() -> None:
    proposal = {
        "steps": [
            {"id": "s", "name": "Start", "kind": "start", "next": [{"to": "w"}]},
            {"id": "w", "name": "Wait 2 days", "kind": "event", "next": [{"to": "e"}]},
            {"id": "e", "name": "End", "kind": "end"},
        ]
    }
    with pytest.raises(GraphError, match="is a BPMN event"):
        from_json(proposal)


def test_boundary_events_sit_on_their_activity_border_and_pools_stack() -> None:
    graph = bpmn.import_graph(_model("C.1.0"))
    plan = layout(graph, wrap_columns=None)
    pools = sorted(plan.pools, key=lambda p: p.y)
    assert len(pools) == 2 and pools[0].y + pools[0].h <= pools[1].y
    for flow in graph.message_flows:
        assert len(plan.messages[flow.id]) >= 2
    repair = bpmn.import_graph(_model("C.3.0"))
    plan = layout(repair)
    for event in (s for s in repair.steps if s.kind == "boundary"):
        host, box = plan.boxes[event.attached_to or ""], plan.boxes[event.id]
        assert abs(box.cy - (host.y + host.h)) < 1 and host.x <= box.cx <= host.x + host.w


def test_two_pools_running_one_process_and_a_pool_from_elsewhere() -> None:
    data = b"""<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D" targetNamespace="t">
  <collaboration id="C">
    <participant id="Buyer" name="Buyer" processRef="P"/>
    <participant id="Buyer2" name="Second buyer" processRef="P"/>
    <participant id="Bank" name="Bank" processRef="Elsewhere"/>
  </collaboration>
  <process id="P"><startEvent id="S"/><task id="A" name="Order"/>
    <sequenceFlow id="f1" sourceRef="S" targetRef="A"/></process>
</definitions>"""
    imported = bpmn.import_bpmn(data)
    assert any("“Bank” runs a process that is not in this file" in n for n in imported.notes)
    xml = bpmn.export(imported.graph)
    assert xml.count("<bpmn:process ") == 1
    assert bpmn.census_xml(bpmn.parse(xml.encode())) == bpmn.census_xml(bpmn.parse(data))
