"""Hand-written SOPs of different styles, read as the API reads pasted text."""

from __future__ import annotations

from pathlib import Path

from symphainy.operations.extract import extract
from symphainy.operations.graph import WorkflowGraph
from symphainy.operations.reading import sections_from_text

SOPS = Path(__file__).parent / "sops"
STYLES = (
    "claims_numbered.md",
    "purchase_prose.txt",
    "onboarding_raci.md",
    "incident_parallel.md",
    "refunds_docx_style.txt",
)


def workflow_from(name: str) -> WorkflowGraph:
    graph, _notes = extract(sections_from_text((SOPS / name).read_text()), name)
    return graph


def flow(graph: WorkflowGraph) -> list[tuple[str, str, str | None]]:
    return [(s.kind, s.name, s.actor) for s in graph.steps]
