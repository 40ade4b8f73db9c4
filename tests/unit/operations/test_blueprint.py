"""The coexistence blueprint: roles with reasons from the step, effort, checkpoints."""

from __future__ import annotations

from datetime import UTC, datetime

from symphainy.core.provenance import DefaultSource, InputSource
from symphainy.operations.blueprint import (
    DEFAULT_MINUTES,
    DEFAULT_REMAINING,
    Assumptions,
    Author,
    StepOverride,
    build,
    classify,
    parse,
    to_csv,
    to_markdown,
)
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
    rows = {r.step_id: r for r in result.steps}
    assert rows[pay.id].ai_role == "human" and rows[pay.id].suggested_ai_role == "automate"
    log = next(r for r in result.steps if r.name.startswith("Log the claim"))
    assert log.minutes_before == 20 and log.minutes_after == 2.0
    summary = result.summary
    assert summary.minutes_per_run_before == sum(r.minutes_before for r in result.steps)
    saved = (summary.minutes_per_run_before - summary.minutes_per_run_after) / 60
    assert summary.hours_saved_per_month == round(saved * 200, 1)
    checkpoints = [c for c in result.controls if c.checkpoint == "yes"]
    assert checkpoints and all(rows[c.step_id].ai_role == "automate" for c in checkpoints)
    assert any(h.direction == "AI to person" for h in result.handoffs)
    assert result.method == "deterministic"
    assert result.summary.note is None


def test_without_volume_the_monthly_figure_is_absent_not_invented() -> None:
    result = build(workflow_from("purchase_prose.txt"), Assumptions())
    assert result.summary.hours_saved_per_month is None
    # The note is read on the page, beside the "Runs per month" field: no field names.
    assert "runs per month" in (result.summary.note or "").lower()
    assert "volume_per_month" not in (result.summary.note or "")


def test_every_minutes_figure_names_its_default_until_someone_enters_it() -> None:
    graph = workflow_from("claims_numbered.md")
    result = build(graph, Assumptions(volume_per_month=100))
    for row in result.steps:
        source = row.minutes_before_source
        assert isinstance(source, DefaultSource)
        assert source.name == f"blueprint.minutes_by_category.{row.category}"
        assert source.rule and source.change_at
        assert isinstance(row.remaining_share_source, DefaultSource)
    per_run = result.summary.hours_saved_per_run_source
    assert per_run is not None and per_run.rests_on_defaults
    assert all(not d.confirmed for d in result.assumptions.defaults)
    assert {d.name for d in result.assumptions.defaults} == set(result.defaults_used())


def test_entering_the_default_value_confirms_it() -> None:
    graph = workflow_from("claims_numbered.md")
    categories = {classify(s)["category"] for s in graph.steps if s.kind not in ("start", "end")}
    when = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
    result = build(
        graph,
        Assumptions(
            minutes_by_category={c: DEFAULT_MINUTES[c] for c in categories if c in DEFAULT_MINUTES},
            remaining_share=dict(DEFAULT_REMAINING),
        ),
        Author(by="ann@example.com", at=when),
    )
    for row in result.steps:
        source = row.minutes_before_source
        assert isinstance(source, InputSource), row.name
        assert source.by == "ann@example.com" and source.at == when
        assert source.confirms_default == f"blueprint.minutes_by_category.{row.category}"
    assert result.defaults_used() == []
    assert result.assumptions.defaults and all(d.confirmed for d in result.assumptions.defaults)


def test_a_stored_blueprint_reads_back_as_the_same_typed_result() -> None:
    result = build(workflow_from("claims_numbered.md"), Assumptions(volume_per_month=50))
    stored = result.model_dump(mode="json")
    assert parse(stored) == result
    assert "Estimate from defaults" in to_markdown(stored, "Claims")
    assert "not confirmed" in to_csv(stored)


def test_an_imported_model_gets_rows_for_its_work_not_its_events_or_gateways() -> None:
    from pathlib import Path

    from symphainy.operations import bpmn
    from symphainy.operations.graph import EVENT_KINDS, GATEWAY_KINDS

    model = Path(__file__).parent / "bpmn_models" / "miwg-reference" / "C.3.0.bpmn"
    graph = bpmn.import_bpmn(model.read_bytes()).graph
    result = build(graph, Assumptions())
    kinds = {row.kind for row in result.steps}
    assert kinds <= {"task", "decision"}
    work = [s for s in graph.steps if s.kind == "task"]
    assert len([r for r in result.steps if r.kind == "task"]) == len(work) > 0
    assert any(s.kind in EVENT_KINDS | (GATEWAY_KINDS - {"decision"}) for s in graph.steps)
