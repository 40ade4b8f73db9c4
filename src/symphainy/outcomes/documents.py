"""The content of a roadmap or proposal export, as format-neutral blocks.

``exports`` renders the same blocks to Markdown, PDF (HTML + CSS) and DOCX, so the three
formats always say the same thing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from symphainy.core.text import safe_cell


def num(value: float | None, digits: int = 0, unit: str = "") -> str:
    """A number for people: grouped thousands, a true minus sign (never a formula start)."""
    if value is None:
        return "not computed"
    text = f"{abs(value):,.{digits}f}"
    return ("\u2212" if value < 0 else "") + text + (f" {unit}" if unit else "")


@dataclass
class Block:
    kind: str  # heading | para | bullets | table | gantt | pagebreak
    text: str = ""
    level: int = 1
    items: list[str] = field(default_factory=list)
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)


@dataclass
class Doc:
    title: str
    subtitle: str
    facts: list[tuple[str, str]]
    blocks: list[Block]
    gantt_svg: str | None = None


def H(text: str, level: int = 1) -> Block:  # noqa: N802 - reads like the markup it builds
    return Block("heading", text=text, level=level)


def P(text: str) -> Block:  # noqa: N802
    return Block("para", text=text)


def table(header: list[str], rows: list[list[object]]) -> Block:
    return Block(
        "table",
        header=[safe_cell(h) for h in header],
        rows=[[safe_cell(c) for c in row] for row in rows],
    )


def bullets(items: list[str]) -> Block:
    return Block("bullets", items=[safe_cell(i) for i in items])


def _source(src: Mapping[str, Any] | None) -> str:
    if not src:
        return ""
    parts = [str(src.get("type", ""))]
    for key in ("id", "field", "step_id", "check"):
        if src.get(key):
            parts.append(f"{key}={src[key]}")
    return " ".join(parts)


def roadmap_blocks(roadmap: Mapping[str, Any]) -> list[Block]:
    blocks = [
        H("Summary"),
        P(
            f"{len(roadmap['tasks'])} tasks in {len(roadmap['phases'])} phases, "
            f"{roadmap['duration_days']} working days from {roadmap['start_date']} to "
            f"{roadmap['finish_date']}; {roadmap['effort_days']} person-days of effort."
        ),
        *[P("Note: " + w) for w in roadmap.get("warnings", [])],
        H("Gantt chart"),
        Block("gantt"),
        H("Milestones"),
        table(
            ["Milestone", "Date", "Closes after"],
            [[m["name"], m["date"], ", ".join(m["after"])] for m in roadmap["milestones"]],
        ),
        H("Critical path"),
        P(" → ".join(roadmap["critical_path"]) or "none"),
        Block("pagebreak"),
        H("Tasks"),
    ]
    by_id = {t["id"]: t for t in roadmap["tasks"]}
    for phase in roadmap["phases"]:
        blocks.append(H(f"{phase['name']} ({phase['start']} – {phase['finish']})", 2))
        blocks.append(
            table(
                ["Task", "Name", "Days", "Start", "Finish", "After", "Motivated by", "Critical"],
                [
                    [
                        t["id"],
                        t["name"],
                        t["duration_days"],
                        t["start"],
                        t["finish"],
                        ", ".join(t["depends_on"]) or "—",
                        t["motivation"].get("label", ""),
                        "yes" if t["critical"] else "",
                    ]
                    for t in (by_id[i] for i in phase["task_ids"])
                ],
            )
        )
    blocks += [H("Rules"), bullets(list(roadmap.get("rules", [])))]
    return blocks


def _financial_blocks(money: Mapping[str, Any]) -> list[Block]:
    cur = money.get("currency") or ""
    figs = money["figures"]
    labels = {
        "cost": ("Cost (one-off)", cur, 0),
        "annual_benefit": ("Annual benefit", cur, 0),
        "hours_saved_per_month": ("Hours saved per month", "h", 1),
        "roi": ("ROI over the period", "", 2),
        "npv": ("NPV", cur, 0),
        "payback_months": ("Payback", "months", 1),
    }
    rows = []
    for key, (label, unit, digits) in labels.items():
        f = figs[key]
        value = (
            num(f["value"] * 100, 0, "%")
            if key == "roi" and f["value"] is not None
            else num(f["value"], digits, unit)
        )
        rows.append([label, value, f["formula"], f["message"] or ""])
    blocks = [
        H("Financials"),
        table(["Figure", "Value", "Formula", "Note"], rows),
        H("Inputs", 2),
        table(
            ["Input", "Value", "Unit", "Source"],
            [
                [i["label"], num(i["value"], 2), i["unit"], _source(i["source"])]
                for i in money["inputs"]
            ],
        ),
    ]
    if money.get("needed_inputs"):
        blocks.append(
            P(
                "Inputs still needed: "
                + ", ".join(f"{n['name']} ({n['label']})" for n in money["needed_inputs"])
            )
        )
    sens = money["sensitivity"]
    blocks.append(H("Sensitivity of the benefit", 2))
    if sens["rows"]:
        blocks.append(
            table(
                ["Benefit change", "Annual benefit", "NPV", "ROI", "Payback (months)"],
                [
                    [
                        num(r["change"] * 100, 0, "%"),
                        num(r["annual_benefit"]),
                        num(r["npv"]),
                        num(r["roi"] * 100, 0, "%") if r["roi"] is not None else num(None),
                        num(r["payback_months"], 1),
                    ]
                    for r in sens["rows"]
                ],
            )
        )
    else:
        blocks.append(P(sens["message"]))
    return blocks


def proposal_blocks(p: Mapping[str, Any]) -> list[Block]:
    tl = p["timeline"]
    blocks = [
        H("Objectives"),
        bullets([o["text"] for o in p["objectives"]] or ["none stated"]),
        H("Scope"),
        H("In scope", 2),
        bullets([s["text"] for s in p["scope"]["in"]] or ["nothing yet"]),
        H("Out of scope", 2),
        bullets([s["text"] for s in p["scope"]["out"]] or ["nothing excluded"]),
        H("Success criteria"),
        table(
            ["Criterion", "Baseline", "Target"],
            [[c["text"], c["baseline"], c["target"]] for c in p["success_criteria"]],
        ),
        H("Risks and mitigations"),
        table(["Risk", "Mitigation"], [[r["risk"], r["mitigation"]] for r in p["risks"]]),
        H("Timeline"),
        P(f"From {tl['start_date']} to {tl['finish_date']}: {tl['duration_days']} working days."),
        Block("gantt"),
        table(
            ["Phase", "Start", "Finish", "Effort (days)"],
            [[ph["name"], ph["start"], ph["finish"], ph["effort_days"]] for ph in tl["phases"]],
        ),
        H("Team and effort"),
        table(
            ["Role", "Effort (person-days)", "Tasks"],
            [[t["role"], t["effort_days"], ", ".join(t["tasks"])] for t in p["team"]],
        ),
        Block("pagebreak"),
        *_financial_blocks(p["financials"]),
        H("Assumptions"),
        bullets([a["text"] for a in p["assumptions"]]),
    ]
    return blocks
