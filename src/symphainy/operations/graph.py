"""The workflow graph: steps with actors, branches and the passage each came from.

One model serves the extractor, the editor, BPMN import/export, the SOP writer and the
blueprint. ``validate`` is the gate every graph passes before it is saved, whoever proposed it
(the deterministic extractor, a user's edit, an imported BPMN file or an LLM).
"""

from __future__ import annotations

from collections import deque
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from symphainy.operations.elements import (
    Artifact,
    Interchange,
    Link,
    MessageFlow,
    Pool,
    Route,
    Shape,
)

StepKind = Literal[
    "start",
    "end",
    "task",
    "decision",
    "parallel_split",
    "parallel_join",
    # Kinds only BPMN files bring (the extractor never builds them):
    "merge",  # an exclusive gateway that only joins paths
    "inclusive",  # an inclusive (OR) gateway
    "complex",  # a complex gateway
    "event_gateway",  # an event-based gateway
    "event",  # an intermediate catch or throw event
    "boundary",  # an event on an activity's border (``attached_to``)
    "subprocess",  # an embedded, event or ad-hoc sub-process or a transaction
]
STEP_KINDS: tuple[str, ...] = (
    "start",
    "end",
    "task",
    "decision",
    "parallel_split",
    "parallel_join",
    "merge",
    "inclusive",
    "complex",
    "event_gateway",
    "event",
    "boundary",
    "subprocess",
)
# The kinds of the strict workflow model (what the extractor and a language model build).
WORKFLOW_KINDS = frozenset(STEP_KINDS[:6])
GATEWAY_KINDS = frozenset(
    {
        "decision",
        "parallel_split",
        "parallel_join",
        "merge",
        "inclusive",
        "complex",
        "event_gateway",
    }
)
EVENT_KINDS = frozenset({"start", "end", "event", "boundary"})
UNASSIGNED = "Unassigned"
MAX_STEPS = 2000  # exchanged BPMN models run to hundreds of elements
# Step ids double as BPMN ids, which must be XML NCNames (ids other modellers write are kept).
# The length is its own limit, not a {0,199} in the pattern: pydantic compiles that
# bounded repeat of a Unicode class for ~0.1 s per field at import.
ID_PATTERN = r"^[A-Za-z_][\w.-]*$"
ID_PATTERN_MAX = 200


class GraphError(ValueError):
    """The graph breaks a rule; ``problems`` names every one found."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems))


class Source(BaseModel):
    """Where in the input an element was found."""

    model_config = ConfigDict(extra="forbid")

    section: str = Field(default="", max_length=500)
    page: int | None = None
    text: str = Field(default="", max_length=4000)


class Edge(BaseModel):
    model_config = ConfigDict(extra="forbid")

    to: str = Field(pattern=ID_PATTERN, max_length=ID_PATTERN_MAX)
    condition: str | None = Field(default=None, max_length=300)
    # From BPMN files: the flow's own id, its condition expression, whether it is the
    # gateway's default flow, and where the modeller drew it.
    id: str | None = Field(default=None, pattern=ID_PATTERN, max_length=ID_PATTERN_MAX)
    expression: str | None = Field(default=None, max_length=4000)
    default: bool = False
    route: Route | None = None


class Step(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=ID_PATTERN, max_length=ID_PATTERN_MAX)
    name: str = Field(min_length=1, max_length=300)
    actor: str | None = Field(default=None, max_length=120)
    kind: StepKind = "task"
    action: str = Field(default="", max_length=60)
    inputs: list[str] = Field(default_factory=list, max_length=20)
    outputs: list[str] = Field(default_factory=list, max_length=20)
    systems: list[str] = Field(default_factory=list, max_length=20)
    next: list[Edge] = Field(default_factory=list, max_length=200)
    source: Source | None = None
    # What BPMN says beyond the workflow's own vocabulary (all optional; see ``elements``).
    element: str = Field(default="", max_length=40)  # the BPMN element, e.g. "userTask"
    events: list[str] = Field(default_factory=list, max_length=10)  # "timer", "message", …
    event_detail: str = Field(default="", max_length=300)  # "PT2H", the message's name, …
    attached_to: str | None = Field(default=None, pattern=ID_PATTERN, max_length=ID_PATTERN_MAX)
    interrupting: bool = True
    # the enclosing sub-process
    parent: str | None = Field(default=None, pattern=ID_PATTERN, max_length=ID_PATTERN_MAX)
    pool: str | None = Field(default=None, pattern=ID_PATTERN, max_length=ID_PATTERN_MAX)
    lane: str | None = Field(default=None, pattern=ID_PATTERN, max_length=ID_PATTERN_MAX)
    loop: Literal["standard", "parallel", "sequential"] | None = None
    triggered_by_event: bool = False
    for_compensation: bool = False
    called_element: str = Field(default="", max_length=200)
    timer: str | None = Field(default=None, max_length=20)  # timeDate | timeDuration | timeCycle
    gateway_direction: str | None = Field(default=None, max_length=20)
    instantiate: bool = False
    unnamed: bool = False  # the file gave no name; ``name`` is a readable stand-in
    shape: Shape | None = None


class Actor(BaseModel):
    name: str
    steps: list[str]


class Branch(BaseModel):
    condition: str | None
    to: str


class Decision(BaseModel):
    step_id: str
    question: str
    actor: str | None
    branches: list[Branch]


class Handoff(BaseModel):
    from_step: str
    to_step: str
    from_actor: str
    to_actor: str


class RaciRow(BaseModel):
    model_config = ConfigDict(extra="forbid")

    activity: str = Field(max_length=300)
    responsible: list[str] = Field(default_factory=list)
    accountable: list[str] = Field(default_factory=list)
    consulted: list[str] = Field(default_factory=list)
    informed: list[str] = Field(default_factory=list)
    source: Source | None = None


class WorkflowGraph(BaseModel):
    """Steps are the truth; actors, decisions, hand-offs and systems are derived from them."""

    title: str = Field(default="Workflow", min_length=1, max_length=300)
    steps: list[Step] = Field(max_length=MAX_STEPS)
    raci: list[RaciRow] = Field(default_factory=list, max_length=200)
    actors: list[Actor] = Field(default_factory=list)
    decisions: list[Decision] = Field(default_factory=list)
    handoffs: list[Handoff] = Field(default_factory=list)
    systems: list[str] = Field(default_factory=list)
    # A collaboration as BPMN exchanges it: empty for workflows read from text.
    pools: list[Pool] = Field(default_factory=list, max_length=100)
    message_flows: list[MessageFlow] = Field(default_factory=list, max_length=1000)
    artifacts: list[Artifact] = Field(default_factory=list, max_length=1000)
    associations: list[Link] = Field(default_factory=list, max_length=2000)
    interchange: Interchange | None = None

    def step(self, step_id: str) -> Step:
        for step in self.steps:
            if step.id == step_id:
                return step
        raise KeyError(step_id)

    def by_id(self) -> dict[str, Step]:
        return {s.id: s for s in self.steps}

    def start(self) -> Step:
        return next(s for s in self.steps if s.kind == "start")

    def starts(self) -> list[Step]:
        """Where the flows begin: start events, or steps nothing leads to (BPMN allows both)."""
        found = [s for s in self.steps if s.kind == "start"]
        targets = {e.to for s in self.steps for e in s.next}
        return found + [
            s
            for s in self.steps
            if s.kind != "start" and s.id not in targets and s.kind != "boundary"
        ]

    def derive(self) -> WorkflowGraph:
        """Recompute the derived lists from the steps (after extraction or an edit)."""
        actors: dict[str, list[str]] = {}
        systems: list[str] = []
        for step in self.steps:
            if step.kind not in EVENT_KINDS and step.actor:
                actors.setdefault(step.actor, []).append(step.id)
            for system in step.systems:
                if system not in systems:
                    systems.append(system)
        steps = self.by_id()
        decisions = [
            Decision(
                step_id=s.id,
                question=s.name,
                actor=s.actor,
                branches=[Branch(condition=e.condition, to=e.to) for e in s.next],
            )
            for s in self.steps
            if s.kind == "decision"
        ]
        handoffs = []
        for step in self.steps:
            for edge in step.next:
                target = steps.get(edge.to)
                if (
                    target is not None
                    and step.actor
                    and target.actor
                    and step.actor != target.actor
                ):
                    handoffs.append(
                        Handoff(
                            from_step=step.id,
                            to_step=target.id,
                            from_actor=step.actor,
                            to_actor=target.actor,
                        )
                    )
        return self.model_copy(
            update={
                "actors": [Actor(name=n, steps=ids) for n, ids in actors.items()],
                "decisions": decisions,
                "handoffs": handoffs,
                "systems": systems,
            }
        )

    def public(self) -> dict[str, Any]:
        return self.derive().model_dump(mode="json")


def predecessors(graph: WorkflowGraph) -> dict[str, list[str]]:
    preds: dict[str, list[str]] = {s.id: [] for s in graph.steps}
    for step in graph.steps:
        for edge in step.next:
            if edge.to in preds:
                preds[edge.to].append(step.id)
    return preds


def _reachable(start: str, edges: dict[str, list[str]]) -> set[str]:
    seen = {start}
    queue = deque([start])
    while queue:
        for nxt in edges.get(queue.popleft(), []):
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return seen


def _label(step: Step) -> str:
    return f"“{step.name}” ({step.id})"


def problems(graph: WorkflowGraph) -> list[str]:
    """Every rule the graph breaks, in words a user can act on; empty when valid."""
    found: list[str] = []
    if not graph.steps:
        return ["the workflow has no steps"]
    ids = [s.id for s in graph.steps]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        found.append(f"step ids must be unique; repeated: {', '.join(duplicates)}")
    steps = graph.by_id()
    starts = [s for s in graph.steps if s.kind == "start"]
    ends = [s for s in graph.steps if s.kind == "end"]
    if len(starts) != 1:
        found.append(f"a workflow needs exactly one start; it has {len(starts)}")
    if not ends:
        found.append("a workflow needs an end; it has none")
    preds = predecessors(graph)
    for step in graph.steps:
        if step.kind not in WORKFLOW_KINDS:
            found.append(
                f"step {_label(step)} is a BPMN {step.kind.replace('_', ' ')}; a workflow read "
                "from text uses start, end, task, decision and parallel split/join"
            )
        targets = [e.to for e in step.next]
        for target in targets:
            if target not in steps:
                found.append(f"step {_label(step)} leads to “{target}”, which does not exist")
        if len(set(targets)) != len(targets):
            found.append(f"step {_label(step)} has two branches to the same step")
        out, incoming = len(step.next), len(preds[step.id])
        if step.kind == "start" and incoming:
            found.append("nothing may lead back to the start; add a step to loop to instead")
        if step.kind == "end" and out:
            found.append(f"the end {_label(step)} cannot lead anywhere")
        if step.kind in ("start", "task", "parallel_join") and out != 1:
            what = "leads nowhere" if out == 0 else f"has {out} next steps"
            hint = (
                "; use a decision for alternatives or a parallel split for steps "
                "done at the same time"
                if out > 1
                else ""
            )
            found.append(f"step {_label(step)} {what}; it needs exactly one next step{hint}")
        if step.kind == "decision" and out < 2:
            found.append(f"decision {_label(step)} needs at least two branches; it has {out}")
        if step.kind == "parallel_split" and out < 2:
            found.append(f"parallel split {_label(step)} needs at least two branches")
        if step.kind == "parallel_join" and incoming < 2:
            found.append(f"parallel join {_label(step)} needs at least two incoming steps")
    if found or len(starts) != 1:
        return found
    forward = {s.id: [e.to for e in s.next] for s in graph.steps}
    reached = _reachable(starts[0].id, forward)
    unreached = [s for s in graph.steps if s.id not in reached]
    if unreached:
        found.append(
            "no path from the start reaches " + ", ".join(_label(s) for s in unreached[:10])
        )
    reaches_end: set[str] = set()
    for end in ends:
        reaches_end |= _reachable(end.id, preds)
    stuck = [s for s in graph.steps if s.id in reached and s.id not in reaches_end]
    if stuck:
        cyclic = [s for s in stuck if s.id in _reachable_from_children(s, forward)]
        names = ", ".join(_label(s) for s in (cyclic or stuck)[:10])
        if cyclic:
            found.append(
                f"the steps {names} form a cycle with no way out to an end; give one "
                "of them a branch that leaves the loop"
            )
        else:
            found.append(f"no end can be reached from {names}")
    return found


def _reachable_from_children(step: Step, forward: dict[str, list[str]]) -> set[str]:
    seen: set[str] = set()
    for child in forward.get(step.id, []):
        seen |= _reachable(child, forward)
    return seen


def validate(graph: WorkflowGraph) -> WorkflowGraph:
    """The graph with derived lists filled in, or :class:`GraphError` naming every problem."""
    found = problems(graph)
    if found:
        raise GraphError(found)
    return graph.derive()


def from_json(data: Any) -> WorkflowGraph:
    """Parse and validate a proposed graph (from a user, an LLM or storage)."""
    if not isinstance(data, dict):
        raise GraphError(["the workflow must be a JSON object with a list of steps"])
    payload = {
        k: v for k, v in data.items() if k not in ("actors", "decisions", "handoffs", "systems")
    }
    try:
        graph = WorkflowGraph.model_validate(payload)
    except ValidationError as exc:
        raise GraphError(
            [f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()[:20]]
        ) from exc
    return validate(graph)
