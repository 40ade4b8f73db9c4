"""Hand-built artefacts for the unit tests: two datasets, one workflow with a blueprint."""

from __future__ import annotations

from symphainy.outcomes.artefacts import (
    BlueprintArtefact,
    DatasetArtefact,
    FileArtefact,
    Finding,
    JourneyArtefacts,
    Step,
    WorkflowArtefact,
)


def blueprint(runs: float | None = 40.0) -> BlueprintArtefact:
    steps = (
        Step("s1", "Receive invoice", "clerk", "automate", 10, 1),
        Step("s2", "Match to purchase order", "clerk", "assist", 20, 8),
        Step("s3", "Approve payment", "manager", "human", 5, 5, "a person signs off"),
    )
    per_run = sum(s.minutes_saved for s in steps) / 60
    return BlueprintArtefact(
        "bp1",
        "wf1",
        "Invoice handling",
        steps,
        runs,
        per_run,
        per_run * runs if runs is not None else None,
        ("Supplier formats change",),
    )


def artefacts(goals: tuple[str, ...] = ("Cut invoice handling time by half",)) -> JourneyArtefacts:
    findings = (
        Finding("missing_values", "amount", "high", 12, "Fill or drop empty amounts"),
        Finding("duplicates", None, "medium", 4, "Remove duplicate rows"),
        Finding("outliers", "amount", "low", 2, ""),
    )
    return JourneyArtefacts(
        journey_id="j1",
        title="Accounts payable",
        goals=list(goals),
        files=[
            FileArtefact("f1", "invoices.csv", "dataset", "ready"),
            FileArtefact("f2", "sop.docx", "document", "ready"),
            FileArtefact("f3", "broken.pdf", "document", "failed", "not a PDF"),
        ],
        datasets=[
            DatasetArtefact("f1", "d1", "invoices", 120, 6, 72.5, findings, "a1"),
            DatasetArtefact("f4", "d2", "suppliers", 30, 4),
        ],
        workflows=[WorkflowArtefact("wf1", "Invoice handling", 3, ("clerk", "manager"))],
        blueprints=[blueprint()],
    )


RATES = {
    "day_rate": 800,
    "loaded_hourly_rate": 55,
    "discount_rate": 0.08,
    "years": 3,
    "currency": "EUR",
}
