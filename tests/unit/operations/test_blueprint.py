"""The coexistence blueprint: roles with reasons from the step, effort, checkpoints."""

from __future__ import annotations

from symphainy.operations.blueprint import Assumptions, StepOverride, build, classify
from symphainy.operations.graph import Step
from tests.unit.operations.conftest import workflow_from


def _role(name: str, **kw: object) -> dict[str, object]:
    return classify(Step(id="s1", name=name, **kw))  # type: ignore[arg-type]


def test_roles_follow_the_words_of_the_step() -> None:
    assert _role("Enter the invoice in SAP", systems=["SAP"])["ai_role"] == "automate"
    assert _role("Approve the payment")["ai_role"] == "human"
    assert _role("Assess the damage report")["ai_role"] == "assist"
    assert _role("Sign off the regulatory return")["category"] == "regulatory sign-off"
    assert _role("Call the customer")["category"] == "customer contact"
    unclear = _role("Think about it")
    assert unclear["category"] == "unclear" and unclear["confidence"] < 0.5
    reason = _role("Log the claim in Guidewire", systems=["Guidewire"])["reason"]
    assert "log" in reason and "Guidewire" in reason


def test_decisions_on_checkable_conditions_are_automated() -> None:
    graph = workflow_from("claims_numbered.md")
    amount = next(s for s in graph.steps if s.name == "The amount exceeds 10,000?")
    assert classify(amount)["ai_role"] == "automate"


def test_effort_overrides_volume_and_checkpoints() -> None:
    graph = workflow_from("claims_numbered.md")
    pay = next(s for s in graph.steps if s.name == "Pay the claim in SAP")
    result = build(
        graph,
        Assumptions(
            volume_per_month=200,
            minutes_by_category={"repetitive data handling": 20},
            steps={pay.id: StepOverride(ai_role="human")},
        ),
    )
    rows = {r["step_id"]: r for r in result["steps"]}
    assert rows[pay.id]["ai_role"] == "human" and rows[pay.id]["suggested_ai_role"] == "automate"
    log = next(r for r in result["steps"] if r["name"].startswith("Log the claim"))
    assert log["minutes_before"] == 20 and log["minutes_after"] == 2.0
    summary = result["summary"]
    assert summary["minutes_per_run_before"] == sum(r["minutes_before"] for r in result["steps"])
    assert summary["hours_saved_per_month"] == round(summary["hours_saved_per_run"] * 200, 1)
    checkpoints = [c for c in result["controls"] if c["checkpoint"] == "yes"]
    assert checkpoints and all(rows[c["step_id"]]["ai_role"] == "automate" for c in checkpoints)
    assert any(h["direction"] == "AI to person" for h in result["handoffs"])
    assert result["method"] == "deterministic"
    assert result["summary"]["note"] is None


def test_without_volume_the_monthly_figure_is_absent_not_invented() -> None:
    result = build(workflow_from("purchase_prose.txt"), Assumptions())
    assert result["summary"]["hours_saved_per_month"] is None
    assert "volume_per_month" in result["summary"]["note"]
