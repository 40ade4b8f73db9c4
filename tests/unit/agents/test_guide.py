"""The Guide's plan and next steps come from the journey's goals and real state."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from symphainy.agents.guide import JourneyState, goal_needs, next_actions, plan_steps


def _file(
    name: str,
    kind: str = "dataset",
    status: str = "ready",
    error: str | None = None,
    file_id: str | None = None,
) -> Any:
    return SimpleNamespace(
        id=file_id or name, display_name=name, kind=kind, status=status, error=error, progress=0.5
    )


def test_goals_decide_which_material_and_pillars_the_plan_needs() -> None:
    assert goal_needs("Cut invoice processing time by 30%") == (True, True)
    assert goal_needs("Grow revenue in the North") == (True, False)
    assert goal_needs("Automate the onboarding workflow") == (False, True)
    steps = plan_steps(JourneyState(goals=["Grow revenue in the North"], files=[]))
    assert [s.agent for s in steps] == ["content", "insights", "insights", "outcomes", "outcomes"]
    assert "data exports (CSV/XLSX) about revenue in the North" in steps[0].text
    assert not any(s.done for s in steps)


def test_next_steps_follow_the_journey_state_in_order() -> None:
    empty = JourneyState(goals=["Automate claims handling"], files=[])
    assert next_actions(empty)[0].text.startswith("upload your first files")
    state = JourneyState(
        goals=[],
        files=[
            _file("sales.csv"),
            _file("bad.csv", status="failed", error="not a table"),
            _file("sop.docx", kind="document"),
        ],
    )
    actions = [a.text for a in next_actions(state)]
    assert actions[0].startswith("“bad.csv” failed to parse (not a table)")
    assert "review the data quality of “sales.csv”" in actions
    assert "turn “sop.docx” into a workflow if it describes a process" in actions
    state.reviewed = {"sales.csv"}
    state.workflow_sources = {"sop.docx"}
    state.roadmaps = state.proposals = 1
    state.files = [f for f in state.files if f.status == "ready"]
    assert [a.text for a in next_actions(state)] == [
        "export the proposal (PDF, DOCX or Markdown) and share it"
    ]
