"""A proof-of-concept proposal assembled from the artefacts, the roadmap and the assumptions.

Every statement names what it rests on (``source``): a goal, a quality finding, a blueprint
step, a roadmap task or a user input. The wording is fixed sentence patterns filled with those
values; nothing is invented.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from symphainy.outcomes import financials
from symphainy.outcomes.artefacts import JourneyArtefacts

ROLE_BY_KIND = {
    "data": "Data engineer",
    "automation": "Automation engineer",
    "pilot": "Process owner",
    "rollout": "Process owner",
    "review": "Journey sponsor",
}


def _objectives(a: JourneyArtefacts) -> list[dict[str, Any]]:
    out = [
        {"id": f"O{i + 1}", "text": goal, "source": {"type": "goal", "id": str(i)}}
        for i, goal in enumerate(a.goals)
    ]
    if not out:  # no goals stated: the blueprints' savings are the only stated aim
        out = [
            {
                "id": f"O{i + 1}",
                "text": f"Reduce the effort of {bp.workflow_title} from "
                f"{bp.minutes_before:g} to {bp.minutes_after:g} minutes per run",
                "source": {"type": "blueprint", "id": bp.id},
            }
            for i, bp in enumerate(a.blueprints)
        ]
    return out


def _scope(a: JourneyArtefacts) -> dict[str, list[dict[str, Any]]]:
    scope_in: list[dict[str, Any]] = []
    scope_out: list[dict[str, Any]] = []
    for bp in a.blueprints:
        for step in bp.steps:
            ref = {"type": "blueprint_step", "id": bp.id, "step_id": step.id}
            text = f"{bp.workflow_title}: “{step.name}”"
            if step.ai_role == "human":
                scope_out.append(
                    {
                        "text": f"{text} stays with people"
                        + (f" ({step.reason})" if step.reason else ""),
                        "source": ref,
                    }
                )
            else:
                verb = "automated" if step.ai_role == "automate" else "assisted by AI"
                scope_in.append({"text": f"{text} {verb}", "source": ref})
    for ds in a.datasets:
        if ds.findings:
            scope_in.append(
                {
                    "text": f"Cleaning {ds.name}: its {len(ds.top_findings())} most "
                    "severe quality findings",
                    "source": {"type": "quality", "id": ds.quality_id, "file_id": ds.file_id},
                }
            )
    for f in a.files:
        if f.status == "failed":
            scope_out.append(
                {
                    "text": f"{f.name}: it could not be parsed ({f.detail})",
                    "source": {"type": "file", "id": f.id},
                }
            )
    return {"in": scope_in, "out": scope_out}


def _risks(a: JourneyArtefacts) -> list[dict[str, Any]]:
    risks: list[dict[str, Any]] = []
    for ds in a.datasets:
        for f in ds.top_findings():
            if f.rank < 2:
                continue
            where = f"{ds.name}.{f.column}" if f.column else ds.name
            risks.append(
                {
                    "risk": f"Results built on {where} may be wrong: {f.check.replace('_', ' ')} "
                    f"in {f.count} rows ({f.severity})",
                    "mitigation": f.suggestion
                    or f"Fix the {f.check} finding before the pilot (data foundation phase)",
                    "source": {
                        "type": "quality_finding",
                        "id": ds.quality_id,
                        "check": f.check,
                        "column": f.column,
                    },
                }
            )
    for bp in a.blueprints:
        for text in bp.risks:
            risks.append(
                {
                    "risk": text,
                    "mitigation": "Check it during the pilot of "
                    f"{bp.workflow_title} before the roll-out",
                    "source": {"type": "blueprint", "id": bp.id},
                }
            )
        for step in bp.steps_with("automate"):
            risks.append(
                {
                    "risk": f"The automated “{step.name}” makes mistakes nobody sees",
                    "mitigation": f"During the pilot a person ({step.actor or 'the step owner'}) "
                    "reviews every output of this step; automate fully only after "
                    "the pilot's error count is reviewed",
                    "source": {"type": "blueprint_step", "id": bp.id, "step_id": step.id},
                }
            )
    return risks


def _success_criteria(a: JourneyArtefacts) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for bp in a.blueprints:
        if bp.hours_saved_per_run <= 0:
            continue
        out.append(
            {
                "text": f"Effort per run of {bp.workflow_title} falls from "
                f"{bp.minutes_before:g} to at most {bp.minutes_after:g} minutes, "
                "measured over the pilot's runs",
                "metric": "minutes_per_run",
                "baseline": bp.minutes_before,
                "target": bp.minutes_after,
                "source": {"type": "blueprint", "id": bp.id},
            }
        )
    for ds in a.datasets:
        severe = [f for f in ds.findings if f.rank >= 3]
        if ds.quality_score is None or not ds.findings:
            continue
        text = (
            f"{ds.name}: the {len(severe)} high-severity findings are resolved and the "
            f"quality score rises above {ds.quality_score:g}"
            if severe
            else f"{ds.name}: the quality score rises above {ds.quality_score:g}"
        )
        out.append(
            {
                "text": text + " when the quality check is run again",
                "metric": "quality_score",
                "baseline": ds.quality_score,
                "target": f"> {ds.quality_score:g}",
                "source": {"type": "quality", "id": ds.quality_id, "file_id": ds.file_id},
            }
        )
    return out


def _team(roadmap: Mapping[str, Any]) -> list[dict[str, Any]]:
    effort: dict[str, int] = {}
    tasks: dict[str, list[str]] = {}
    for t in roadmap.get("tasks", []):
        role = ROLE_BY_KIND.get(t.get("kind", ""), "Project team")
        effort[role] = effort.get(role, 0) + int(t["duration_days"])
        tasks.setdefault(role, []).append(t["id"])
    return [
        {
            "role": role,
            "effort_days": days,
            "tasks": tasks[role],
            "source": {"type": "roadmap", "field": "tasks"},
        }
        for role, days in sorted(effort.items(), key=lambda kv: -kv[1])
    ]


def build(
    a: JourneyArtefacts, roadmap_id: str, roadmap: Mapping[str, Any], assumptions: Mapping[str, Any]
) -> dict[str, Any]:
    """The proposal's sections; financials are computed by :mod:`financials`."""
    money = financials.compute(
        assumptions, a.blueprints, float(roadmap.get("effort_days", 0)), roadmap_id
    )
    notes = [
        {"text": str(n), "source": {"type": "user_input", "field": "notes"}}
        for n in assumptions.get("notes") or []
    ]
    stated = [
        {"text": f"{i['label']}: {i['value']:g} {i['unit']}", "source": i["source"]}
        for i in money["inputs"]
    ]
    rules = [{"text": r, "source": {"type": "roadmap_rule"}} for r in roadmap.get("rules", [])]
    return {
        "title": f"Proof of concept: {a.title}",
        "objectives": _objectives(a),
        "scope": _scope(a),
        "assumptions": notes + stated + rules,
        "risks": _risks(a),
        "success_criteria": _success_criteria(a),
        "timeline": {
            "roadmap_id": roadmap_id,
            "start_date": roadmap.get("start_date"),
            "finish_date": roadmap.get("finish_date"),
            "duration_days": roadmap.get("duration_days"),
            "phases": [
                {k: p[k] for k in ("key", "name", "start", "finish", "effort_days")}
                for p in roadmap.get("phases", [])
            ],
            "milestones": roadmap.get("milestones", []),
        },
        "team": _team(roadmap),
        "effort_days": roadmap.get("effort_days"),
        "financials": money,
        "method": "deterministic",
    }
