"""What each pillar produced for a journey, with a link to every artefact."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from symphainy.core.links import PageLinker
from symphainy.outcomes.artefacts import JourneyArtefacts, what_to_do_first


def _no_pages(_kind: str, _id: str) -> str | None:
    return None


def build(
    artefacts: JourneyArtefacts,
    roadmaps: Sequence[dict[str, Any]] = (),
    proposals: Sequence[dict[str, Any]] = (),
    page_url: PageLinker = _no_pages,
) -> dict[str, Any]:
    """The journey summary: per pillar its artefacts and headline figures."""
    files = [
        {
            "id": f.id,
            "name": f.name,
            "kind": f.kind,
            "status": f.status,
            "detail": f.detail,
            "api_url": f"/api/v1/files/{f.id}",
            "page_url": page_url("file", f.id),
        }
        for f in artefacts.files
    ]
    datasets = []
    for ds in artefacts.datasets:
        top = ds.top_findings(3)
        datasets.append(
            {
                "file_id": ds.file_id,
                "dataset_id": ds.dataset_id,
                "name": ds.name,
                "rows": ds.rows,
                "columns": ds.columns,
                "quality_score": ds.quality_score,
                "findings": len(ds.findings),
                "top_findings": [
                    {"check": f.check, "column": f.column, "severity": f.severity, "count": f.count}
                    for f in top
                ],
                "api_url": f"/api/v1/files/{ds.file_id}/quality",
                "page_url": page_url("quality", ds.file_id),
            }
        )
    scored = [d.quality_score for d in artefacts.datasets if d.quality_score is not None]
    blueprints = [
        {
            "id": bp.id,
            "workflow_id": bp.workflow_id,
            "workflow_title": bp.workflow_title,
            "steps": len(bp.steps),
            "by_role": {role: len(bp.steps_with(role)) for role in ("automate", "assist", "human")},
            "minutes_before_per_run": bp.minutes_before,
            "minutes_after_per_run": bp.minutes_after,
            "hours_saved_per_run": bp.hours_saved_per_run,
            "runs_per_month": bp.runs_per_month,
            # rounded once, as every page, export and the chat shows it
            "hours_saved_per_month": round(bp.hours_saved_per_month, 1)
            if bp.hours_saved_per_month is not None
            else None,
            "estimate_from_defaults": any(s.defaults() for s in bp.steps),
            "api_url": f"/api/v1/blueprints/{bp.id}",
            "page_url": f"/journeys/{artefacts.journey_id}/operations/blueprints/{bp.id}",
        }
        for bp in artefacts.blueprints
    ]
    workflows = [
        {
            "id": w.id,
            "title": w.title,
            "steps": w.steps,
            "actors": list(w.actors),
            "api_url": f"/api/v1/workflows/{w.id}",
            "page_url": f"/journeys/{artefacts.journey_id}/operations/workflows/{w.id}",
        }
        for w in artefacts.workflows
    ]
    monthly = [
        b.hours_saved_per_month for b in artefacts.blueprints if b.hours_saved_per_month is not None
    ]
    return {
        "journey_id": artefacts.journey_id,
        "title": artefacts.title,
        "goals": artefacts.goals,
        "content": {
            "files": files,
            "by_status": artefacts.files_by_status(),
            "datasets": len(artefacts.datasets),
        },
        "insights": {
            "datasets": datasets,
            "average_quality_score": sum(scored) / len(scored) if scored else None,
            "findings": sum(len(d.findings) for d in artefacts.datasets),
        },
        "operations": {
            "workflows": workflows,
            "blueprints": blueprints,
            "hours_saved_per_month": round(sum(monthly), 1) if monthly else None,
        },
        "outcomes": {"roadmaps": list(roadmaps), "proposals": list(proposals)},
        "left_out": [
            {"kind": kind, "count": count, "message": f"{count} more {kind} were not read"}
            for kind, count in artefacts.omitted.items()
        ],
        "ready_for_outcomes": artefacts.has_material,
        "next_steps": what_to_do_first(artefacts),
        "method": "deterministic",
    }
