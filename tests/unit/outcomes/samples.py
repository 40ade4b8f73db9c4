"""Artefacts for the unit tests, built by the real producers.

The blueprint comes from ``operations.blueprint.build`` on a small workflow graph and is read
back through ``outcomes.artefacts.blueprint_artefact`` (the same JSON round trip the service
does); the quality findings are a quality result read by ``parse_findings``. Nothing is
written in the shape the consumers expect by hand.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from symphainy.operations.blueprint import Assumptions, Author
from symphainy.operations.blueprint import build as build_blueprint
from symphainy.operations.graph import Edge, Step, WorkflowGraph
from symphainy.outcomes.artefacts import (
    BlueprintArtefact,
    DatasetArtefact,
    FileArtefact,
    JourneyArtefacts,
    WorkflowArtefact,
    blueprint_artefact,
    parse_findings,
)

ENTERED = Author(by="ann@example.com", at=datetime(2026, 11, 30, 10, 0, tzinfo=UTC))


def invoice_graph() -> WorkflowGraph:
    steps = [
        Step(id="start", name="Start", kind="start", next=[Edge(to="s1")]),
        Step(
            id="s1",
            name="Enter the invoice in SAP",
            actor="clerk",
            systems=["SAP"],
            next=[Edge(to="s2")],
        ),
        Step(id="s2", name="Review the purchase order match", actor="clerk", next=[Edge(to="s3")]),
        Step(id="s3", name="Approve the payment", actor="manager", next=[Edge(to="s4")]),
        Step(id="s4", name="Archive the scanned document", actor="clerk", next=[Edge(to="end")]),
        Step(id="end", name="End", kind="end"),
    ]
    return WorkflowGraph(title="Invoice handling", steps=steps)


def blueprint_result(runs: float | None = 40.0, **assumptions: Any) -> dict[str, Any]:
    """The blueprint as stored (JSON), as ``operations.service.create_blueprint`` stores it."""
    result = build_blueprint(
        invoice_graph(), Assumptions(volume_per_month=runs, **assumptions), ENTERED
    )
    return result.model_dump(mode="json")


def blueprint(runs: float | None = 40.0, **assumptions: Any) -> BlueprintArtefact:
    return blueprint_artefact(
        "bp1", "wf1", "Invoice handling", blueprint_result(runs, **assumptions)
    )


QUALITY_RESULT = {
    "rows": 120,
    "score": 72.5,
    "formula": "100 − Σ penalties",
    "findings": [
        {
            "id": "finding-1",
            "check": "missing_values",
            "column": "amount",
            "severity": "critical",
            "count": 12,
            "suggestion": "Fill or drop empty amounts",
        },
        {
            "id": "finding-2",
            "check": "duplicate_rows",
            "column": None,
            "severity": "warning",
            "count": 4,
            "suggestion": "Remove duplicate rows",
        },
        {
            "id": "finding-3",
            "check": "outliers",
            "column": "amount",
            "severity": "info",
            "count": 2,
            "suggestion": "",
        },
    ],
    "method": "deterministic",
}


def artefacts(
    goals: tuple[str, ...] = ("Cut invoice handling time by half",),
    bp: BlueprintArtefact | None = None,
) -> JourneyArtefacts:
    score, findings = parse_findings(QUALITY_RESULT)
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
            DatasetArtefact("f1", "d1", "invoices.csv", 120, 6, score, findings, "a1"),
            DatasetArtefact("f4", "d2", "suppliers.csv", 30, 4),
        ],
        workflows=[WorkflowArtefact("wf1", "Invoice handling", 4, ("clerk", "manager"))],
        blueprints=[bp or blueprint()],
    )


RATES = {
    "day_rate": 800,
    "loaded_hourly_rate": 55,
    "discount_rate": 0.08,
    "years": 3,
    "currency": "EUR",
}
