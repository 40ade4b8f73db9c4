"""The proposal: every number has a source, defaults make it an estimate until confirmed,
blueprint controls become its risks, success criteria come from the journey's goals."""

from __future__ import annotations

from datetime import date
from typing import Any

from symphainy.core.provenance import DefaultSource, InputSource
from symphainy.outcomes import proposal, roadmap
from symphainy.outcomes.proposal import ProposalResult
from tests.unit.outcomes.samples import RATES, artefacts, blueprint

START = date(2027, 1, 4)


def build(assumptions: dict[str, Any], **kw: Any) -> ProposalResult:
    a = artefacts(**kw)
    plan = roadmap.schedule(roadmap.derive_tasks(a), START, 6)
    return proposal.build(a, "r1", plan, assumptions)


def unsourced_numbers(node: Any, path: str = "$", inside_source: bool = False) -> list[str]:
    """Paths of numbers in the JSON that are not the value of an object carrying a source."""
    out: list[str] = []
    if isinstance(node, dict):
        sourced = "source" in node and "display" in node
        for key, value in node.items():
            if isinstance(value, bool):
                continue
            if isinstance(value, int | float):
                if not (inside_source or (sourced and key in ("value", "digits"))):
                    out.append(f"{path}.{key}")
            else:
                out += unsourced_numbers(value, f"{path}.{key}", inside_source or key == "source")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            if isinstance(value, int | float) and not isinstance(value, bool):
                if not inside_source:
                    out.append(f"{path}[{i}]")
            else:
                out += unsourced_numbers(value, f"{path}[{i}]", inside_source)
    return out


def all_confirmed(p: ProposalResult) -> dict[str, float]:
    return {a.name: a.default.value or 0.0 for a in p.financials.assumptions}


def test_every_number_in_the_proposal_json_has_a_source() -> None:
    for assumptions in ({}, RATES, {**RATES, "other_costs": [{"label": "x", "amount": 5}]}):
        data = build(assumptions).model_dump(mode="json")
        assert unsourced_numbers(data) == []
    assert unsourced_numbers({"a": {"value": 3}}) == ["$.a.value"]  # the check can fail


def test_a_proposal_from_defaults_only_is_an_estimate_and_lists_each_assumption() -> None:
    p = build(RATES)
    assert p.status == "estimate"
    names = {a.name for a in p.financials.assumptions}
    assert "roadmap.days.pilot" in names
    assert "blueprint.minutes_by_category.judgement" in names
    for key in ("cost", "annual_benefit", "roi", "payback_months"):
        figure = p.financials.figures[key]
        assert figure.is_estimate and figure.source.rests_on_defaults  # type: ignore[union-attr]
    for a in p.financials.assumptions:
        assert isinstance(a.figure.source, DefaultSource) and a.rule and a.change_at
    assert "confirmed" in p.decision


def test_confirming_every_default_with_its_own_value_makes_the_figures_final() -> None:
    draft = build(RATES)
    final = build({**RATES, "confirmed": all_confirmed(draft)})
    assert final.status == "final"
    assert all(a.confirmed for a in final.financials.assumptions)
    assert all(isinstance(a.figure.source, InputSource) for a in final.financials.assumptions)
    for key in ("cost", "annual_benefit", "roi", "npv", "payback_months"):
        assert final.financials.figures[key].value == draft.financials.figures[key].value
        assert not final.financials.figures[key].is_estimate


def test_replacing_a_default_changes_the_money() -> None:
    draft = build(RATES)
    slower = build({**RATES, "confirmed": {"roadmap.days.pilot": 20}})
    assert (slower.financials.figures["cost"].value or 0) - (
        draft.financials.figures["cost"].value or 0
    ) == 10 * RATES["day_rate"]
    more = build({**RATES, "confirmed": {"blueprint.remaining_share.automate": 0.0}})
    assert (more.financials.figures["annual_benefit"].value or 0) > (
        draft.financials.figures["annual_benefit"].value or 0
    )


def test_blueprint_controls_and_human_checks_become_risks_with_mitigations() -> None:
    bp = blueprint()
    assert bp.controls, "the real blueprint producer emits controls"
    p = build(RATES)
    from_blueprint = [r for r in p.risks if r.source["type"] == "blueprint_control"]
    assert len(from_blueprint) == len(bp.controls)
    checks = [r for r in from_blueprint if r.kind == "human check"]
    assert checks and "person confirms" in checks[0].mitigation
    assert any(r.kind == "control" and "exception queue" in r.mitigation.lower() for r in p.risks)


def test_success_criteria_come_from_the_goals() -> None:
    p = build(RATES, goals=("Data quality score above 90", "Cut invoice handling time by half"))
    quality, effort = p.success_criteria
    assert quality.text.startswith("Data quality score above 90")
    assert quality.target is not None and quality.target.value == 90
    assert quality.baseline is not None and quality.baseline.display == "73 of 100"
    assert effort.target is not None and effort.baseline is not None
    assert effort.target.value == effort.baseline.value / 2  # type: ignore[operator]
    assert "52" not in " ".join(c.text for c in p.success_criteria)


def test_one_rounding_per_figure() -> None:
    p = build(RATES)
    hours = p.financials.figures["hours_saved_per_month"]
    per_bp = next(i for i in p.financials.inputs if i.name.startswith("hours_saved_per_month."))
    assert hours.display == per_bp.display
    assert hours.display.endswith(" h/month") and hours.digits == 1


def test_chat_facts_use_the_same_display_as_the_pages() -> None:
    from symphainy.models.outcomes import Proposal
    from symphainy.outcomes.service import proposal_facts

    p = build(RATES)
    row = Proposal(result=p.model_dump(mode="json"))
    facts = proposal_facts(row)
    roi = p.financials.figures["roi"]
    assert f"{roi.label}: {roi.display} (estimate from defaults)" in facts
    assert facts[0] == "status: estimates from defaults"
