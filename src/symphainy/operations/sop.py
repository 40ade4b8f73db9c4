"""A standard operating procedure written from a workflow, as structured content, Markdown and DOCX.

Every sentence is built from the graph: its steps, actors, systems, outputs and branches. The
numbered procedure reads as an SOP and uses the phrasing the extractor reads: each step names its
role ("Claims Clerk: Log the claim."), a decision asks its question and says what happens on each
answer ("If yes, then continue with step 6. If no, then go to step 8."), steps done at the same
time are announced together ("The following happen in parallel: steps 4 and 6") and joined
("Wait until … done"), so SOP -> workflow -> SOP keeps every step. A model imported from
another modeller may also have boundary events and several pools (phrased by
:mod:`symphainy.operations.bpmn_prose`): an event on a step's border is said with that step
("If the timer of 2 hours expires during …, continue with …"), not numbered as a step of its
own, and each pool (a party with its own procedure) gets its own section.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime
from typing import Any

from symphainy.core.text import safe_cell
from symphainy.operations.bpmn_prose import exception_paths, pool_sections
from symphainy.operations.graph import Step, WorkflowGraph

PARALLEL_WORDS = ("in parallel", "at the same time", "simultaneously", "concurrently")


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _sentence(text: str) -> str:
    return text if text.endswith((".", "?", "!", "…")) else text + "."


def numbering(graph: WorkflowGraph) -> dict[str, int]:
    """Step number of every task, decision, gateway and event, in the graph's order."""
    order = [s for s in graph.steps if s.kind not in ("start", "end")]
    return {s.id: i for i, s in enumerate(order, start=1)}


def _procedure_line(
    step: Step, numbers: dict[str, int], graph: WorkflowGraph, preds: dict[str, list[str]]
) -> str:
    steps = graph.by_id()
    n = numbers[step.id]
    who = f"{step.actor}: " if step.actor else ""

    def target(step_id: str) -> str:
        if steps[step_id].kind == "end":
            return "end the procedure"
        if numbers[step_id] == n + 1:
            return f"continue with step {numbers[step_id]}"
        return f"go to step {numbers[step_id]}"

    if step.kind == "decision":
        question = step.name if step.name.endswith("?") else step.name + "?"
        branches = []
        for edge in step.next:
            if edge.condition and edge.condition.lower() not in ("otherwise", "else"):
                branches.append(f"If {edge.condition}, then {target(edge.to)}.")
            else:
                branches.append(f"Otherwise, {target(edge.to)}.")
        return f"{n}. {who}{question} " + " ".join(branches)
    if step.kind == "parallel_split":
        name = step.name.rstrip(" .:")
        if not any(w in name.lower() for w in PARALLEL_WORDS):
            name += ", at the same time"
        targets = _join([str(numbers[e.to]) for e in step.next if e.to in numbers])
        return f"{n}. {name}: steps {targets}."
    if step.kind == "parallel_join":
        lower = step.name.lower()
        if lower.startswith("wait") and ("done" in lower or "complete" in lower):
            text = _sentence(step.name)
        else:
            waits = _join([str(numbers[p]) for p in preds[step.id] if p in numbers])
            text = f"Wait until steps {waits} are complete."
        return f"{n}. {text}" + _tail(step, n, numbers, steps)
    return f"{n}. {who}{_sentence(step.name)}" + _tail(step, n, numbers, steps)


def _tail(step: Step, n: int, numbers: dict[str, int], steps: dict[str, Step]) -> str:
    if not step.next:
        return ""
    nxt = steps[step.next[0].to]
    if nxt.kind == "end":
        return "" if n == len(numbers) else " Then end the procedure."
    return "" if numbers[nxt.id] == n + 1 else f" Then go to step {numbers[nxt.id]}."


def _procedure_numbers(graph: WorkflowGraph, nested: set[str]) -> dict[str, int]:
    """The SOP's step numbers: an event on a step's border is said with that step (see
    :func:`_exceptions_by_step`) and a step done in parallel under its split, so unlike the
    editor's list neither has a number of its own."""
    order = [
        s for s in graph.steps if s.kind not in ("start", "end", "boundary") and s.id not in nested
    ]
    return {s.id: i for i, s in enumerate(order, start=1)}


def _simple_parallel(graph: WorkflowGraph, preds: dict[str, list[str]]) -> dict[str, list[str]]:
    """Splits whose branches are single steps that lead straight to one join: they are written
    as one step with the branches nested under it (the join is implied), {split: branches}."""
    steps = graph.by_id()
    out: dict[str, list[str]] = {}
    for split in graph.steps:
        if split.kind != "parallel_split" or len(split.next) < 2:
            continue
        branches = [steps[e.to] for e in split.next if e.to in steps]
        joins = {b.next[0].to for b in branches if len(b.next) == 1}
        simple = all(
            b.kind == "task" and len(b.next) == 1 and preds.get(b.id) == [split.id]
            for b in branches
        )
        if simple and len(joins) == 1 and steps[next(iter(joins))].kind == "parallel_join":
            join = next(iter(joins))
            if sorted(preds.get(join, [])) == sorted(b.id for b in branches):
                out[split.id] = [b.id for b in branches] + [join]
    return out


def _nested_line(split: Step, n: int, graph: WorkflowGraph, group: list[str]) -> str:
    """ "5. The following happen in parallel:" with each branch, its role named, under it."""
    name = split.name.rstrip(" .:")
    if not any(w in name.lower() for w in PARALLEL_WORDS):
        name += ", at the same time"
    who = f"{split.actor}: " if split.actor else ""
    branches = [graph.step(sid) for sid in group[:-1]]
    items = [f"    - {b.actor + ': ' if b.actor else ''}{_sentence(b.name)}" for b in branches]
    return "\n".join([f"{n}. {who}{name}:", *items])


def _exceptions_by_step(graph: WorkflowGraph) -> dict[str, list[str]]:
    """The sentence for each boundary event, under the step whose border it sits on."""
    events = [s for s in graph.steps if s.kind == "boundary"]
    out: dict[str, list[str]] = {}
    for event, sentence in zip(events, exception_paths(graph), strict=True):
        out.setdefault(event.attached_to or "", []).append(sentence)
    return out


def build(graph: WorkflowGraph, version: int, author: str | None) -> dict[str, Any]:
    """The SOP's content: every section computed from the workflow."""
    from symphainy.operations.graph import predecessors

    graph = graph.derive()
    preds = predecessors(graph)
    groups = _simple_parallel(graph, preds)
    numbers = _procedure_numbers(graph, {sid for group in groups.values() for sid in group})
    # a group is nested only when the flow after it is simply the next step
    for split_id, group in list(groups.items()):
        after = graph.step(group[-1]).next
        if len(after) != 1 or numbers.get(after[0].to, -1) != numbers[split_id] + 1:
            del groups[split_id]
    numbers = _procedure_numbers(graph, {sid for group in groups.values() for sid in group})
    number_of = dict(numbers)
    for split_id, group in groups.items():
        number_of.update(dict.fromkeys(group, numbers[split_id]))
    tasks = [s for s in graph.steps if s.kind == "task"]
    decisions = [s for s in graph.steps if s.kind == "decision"]
    splits = [s for s in graph.steps if s.kind == "parallel_split"]
    actors = [a.name for a in graph.actors]
    first, last = (tasks[0].name, tasks[-1].name) if tasks else ("the first step", "the last")
    roles = []
    for actor in graph.actors:
        duties = [
            f"{number_of[sid]}. {graph.step(sid).name}" for sid in actor.steps if sid in number_of
        ]
        raci = [r.activity for r in graph.raci if actor.name in r.accountable]
        roles.append({"role": actor.name, "steps": duties, "accountable_for": raci})
    definitions = []
    for system in graph.systems:
        used = sorted(
            {number_of[s.id] for s in graph.steps if system in s.systems and s.id in number_of}
        )
        definitions.append(
            {
                "term": system,
                "meaning": "a system or tool this procedure uses "
                f"(step{'s' if len(used) != 1 else ''} "
                f"{_join([str(u) for u in used])})",
            }
        )
    records = [
        {"record": out, "step": number_of[s.id], "by": s.actor}
        for s in graph.steps
        if s.id in number_of
        for out in s.outputs
    ]
    purpose = (
        f"This procedure sets out how {_join(actors) or 'the team'} carry out "
        f"“{graph.title}”, from “{first}” to “{last}”."
    )
    scope = (
        f"It starts when the first step, “{first}”, begins and ends after “{last}”. It "
        f"covers {len(tasks)} task{'s' if len(tasks) != 1 else ''} and {len(decisions)} "
        f"decision{'s' if len(decisions) != 1 else ''}"
        + (
            f" with {len(splits)} parallel section{'s' if len(splits) != 1 else ''}"
            if splits
            else ""
        )
        + f", carried out by {len(actors)} "
        f"role{'s' if len(actors) != 1 else ''}"
        + (f" using {_join(graph.systems)}." if graph.systems else ".")
    )
    exceptions = _exceptions_by_step(graph)
    lines = {
        s.id: " ".join([_procedure_line(s, numbers, graph, preds), *exceptions.get(s.id, [])])
        for s in graph.steps
        if s.id in numbers
    }
    for split_id, group in groups.items():
        lines[split_id] = _nested_line(graph.step(split_id), numbers[split_id], graph, group)
    procedure = list(lines.values())
    sections = [
        {"party": party, "procedure": [lines[s.id] for s in members if s.id in lines]}
        for party, members in pool_sections(graph)
    ]
    if len(sections) >= 2:
        placed = {s.id for _party, members in pool_sections(graph) for s in members}
        rest = [lines[sid] for sid in lines if sid not in placed]
        if rest:
            sections.append({"party": "Other steps", "procedure": rest})
    else:
        sections = []
    return {
        "title": graph.title,
        "purpose": purpose,
        "scope": scope,
        "roles": roles,
        "definitions": definitions,
        "procedure": procedure,
        "sections": sections,
        "handoffs": [
            f"Step {numbers[h.from_step]} ({h.from_actor}) hands over to step "
            f"{numbers[h.to_step]} ({h.to_actor})"
            for h in graph.handoffs
            if h.from_step in numbers and h.to_step in numbers
        ],
        "records": records,
        "revision": {
            "version": version,
            "date": datetime.now(UTC).date().isoformat(),
            "author": author or "",
            "change": f"Written from workflow version {version} by the deterministic SOP writer",
        },
    }


def _parts(content: dict[str, Any]) -> list[tuple[str, list[str]]]:
    """The procedure as written: one part per party (pool) when there are several."""
    if content.get("sections"):
        return [(part["party"], part["procedure"]) for part in content["sections"]]
    return [("", content["procedure"])]


def to_markdown(content: dict[str, Any]) -> str:
    out = [
        f"# {content['title']}",
        "",
        "## Purpose",
        "",
        content["purpose"],
        "",
        "## Scope",
        "",
        content["scope"],
        "",
        "## Roles and responsibilities",
        "",
    ]
    for role in content["roles"]:
        out.append(f"- **{safe_cell(role['role'])}**: steps " + "; ".join(role["steps"]))
        if role["accountable_for"]:
            out.append(f"  - Accountable for: {'; '.join(role['accountable_for'])}")
    out += ["", "## Definitions", ""]
    out += [f"- **{safe_cell(d['term'])}**: {d['meaning']}" for d in content["definitions"]] or [
        "- No systems are named in this procedure."
    ]
    out += ["", "## Procedure", ""]
    for party, lines in _parts(content):
        if party:
            out += [f"### {safe_cell(party)}", ""]
        out += [*[safe_cell(line) for line in lines], ""]
    if content["handoffs"]:
        out += ["## Hand-offs", "", *[f"- {safe_cell(h)}" for h in content["handoffs"]], ""]
    out += ["## Records and outputs", ""]
    out += [
        f"- {safe_cell(r['record'])} (step {r['step']}{', ' + r['by'] if r['by'] else ''})"
        for r in content["records"]
    ] or ["- No records are named in this procedure."]
    rev = content["revision"]
    out += [
        "",
        "## Revision history",
        "",
        "| Version | Date | Author | Change |",
        "|---|---|---|---|",
        f"| {rev['version']} | {rev['date']} | {rev['author']} | {rev['change']} |",
        "",
    ]
    return "\n".join(out)


def to_docx(content: dict[str, Any]) -> bytes:
    from docx import Document

    doc = Document()
    doc.add_heading(content["title"], level=0)
    for heading, key in (("Purpose", "purpose"), ("Scope", "scope")):
        doc.add_heading(heading, level=1)
        doc.add_paragraph(content[key])
    doc.add_heading("Roles and responsibilities", level=1)
    for role in content["roles"]:
        doc.add_paragraph(
            f"{safe_cell(role['role'])}: steps " + "; ".join(role["steps"]), style="List Bullet"
        )
    doc.add_heading("Definitions", level=1)
    for d in content["definitions"]:
        doc.add_paragraph(f"{safe_cell(d['term'])}: {d['meaning']}", style="List Bullet")
    doc.add_heading("Procedure", level=1)
    for party, lines in _parts(content):
        if party:
            doc.add_heading(safe_cell(party), level=2)
        for line in lines:
            doc.add_paragraph(safe_cell(line))
    if content["handoffs"]:
        doc.add_heading("Hand-offs", level=1)
        for h in content["handoffs"]:
            doc.add_paragraph(safe_cell(h), style="List Bullet")
    doc.add_heading("Records and outputs", level=1)
    for r in content["records"]:
        doc.add_paragraph(f"{safe_cell(r['record'])} (step {r['step']})", style="List Bullet")
    doc.add_heading("Revision history", level=1)
    rev = content["revision"]
    table = doc.add_table(rows=2, cols=4)
    table.style = "Table Grid"
    for i, (label, value) in enumerate(
        (
            ("Version", rev["version"]),
            ("Date", rev["date"]),
            ("Author", rev["author"]),
            ("Change", rev["change"]),
        )
    ):
        table.cell(0, i).text = label
        table.cell(1, i).text = str(value)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
