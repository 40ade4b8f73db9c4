"""The blueprint as a Markdown report and a CSV, each figure with its source."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from symphainy.core.provenance import Source
from symphainy.core.text import safe_cell
from symphainy.operations.blueprint_result import BlueprintResult, parse


def _source_text(source: Source | None) -> str:
    return source.describe() if source is not None else "not recorded"


def to_markdown(stored: BlueprintResult | Mapping[str, Any], title: str) -> str:
    """The blueprint as a Markdown report: summary, per-step table, controls, assumptions."""
    result = parse(stored)
    s = result.summary

    def cell(value: Any) -> str:
        return safe_cell(value).replace("|", "\\|").replace("\n", " ")

    monthly = (
        f"{s.hours_saved_per_month:,.1f} hours a month at {s.volume_per_month:g} runs"
        if s.hours_saved_per_month is not None and s.volume_per_month is not None
        else s.note
    )
    estimate = result.defaults_used()
    out = [
        f"# Human + AI blueprint: {title}",
        "",
        f"Method: {result.method}. {s.automate} steps automated, {s.assist} "
        f"assisted, {s.human} kept by people. Effort per run "
        f"{s.minutes_per_run_before:g} → {s.minutes_per_run_after:g} minutes "
        f"({s.hours_saved_per_run:,.2f} hours saved per run); {monthly}.",
        "",
    ]
    if estimate:
        out += [
            "**Estimate from defaults:** the saving rests on built-in values nobody has "
            "confirmed yet: " + ", ".join(estimate) + ".",
            "",
        ]
    out += [
        "| Step | Who | AI role | Why | Confidence | Minutes before | Source | After |",
        "|---|---|---|---|---|---|---|---|",
    ]
    out += [
        f"| {cell(r.name)} | {cell(r.actor)} | {r.ai_role} | {cell(r.reason)} "
        f"| {r.confidence:.0%} | {r.minutes_before:g} "
        f"| {cell(_source_text(r.minutes_before_source))} | {r.minutes_after:g} |"
        for r in result.steps
    ]
    out += ["", "## Risks and controls", ""]
    out += [f"- **{c.name}**: {c.risk}. Control: {c.control}." for c in result.controls] or [
        "- No step is automated."
    ]
    out += ["", "## Hand-offs between people and AI", ""]
    out += [f"- {h.direction}: {h.note}" for h in result.handoffs] or ["- None."]
    out += ["", "## Assumptions", ""]
    out += [f"- {rule}" for rule in result.assumptions.rules]
    out += [
        f"- {d.name} = {d.value:g}: {d.rule} ("
        + ("confirmed" if d.confirmed else f"default, not confirmed; change it {d.change_at}")
        + ")"
        for d in result.assumptions.defaults
    ]
    return "\n".join(out) + "\n"


def to_csv(stored: BlueprintResult | Mapping[str, Any]) -> str:
    """One row per step, for a spreadsheet."""
    import csv
    import io

    result = parse(stored)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        [
            "step_id",
            "name",
            "actor",
            "ai_role",
            "suggested_ai_role",
            "category",
            "reason",
            "confidence",
            "minutes_before",
            "minutes_before_source",
            "minutes_after",
            "remaining_share_source",
            "checkpoint",
        ]
    )
    for r in result.steps:
        writer.writerow(
            [
                safe_cell(v)
                for v in (
                    r.step_id,
                    r.name,
                    r.actor or "",
                    r.ai_role,
                    r.suggested_ai_role,
                    r.category,
                    r.reason,
                    r.confidence,
                    r.minutes_before,
                    _source_text(r.minutes_before_source),
                    r.minutes_after,
                    _source_text(r.remaining_share_source),
                    "yes" if any(k.checkpoint == "yes" for k in r.risks) else "no",
                )
            ]
        )
    return buffer.getvalue()
