"""The graph under construction: steps added in reading order and the exits still open.

``pending`` holds the exits that the next step will receive (a task's single exit, or a
decision's branches that continue); ``open_else`` is the last decision whose "no" branch is still
waiting for an "Otherwise …", so an unmatched "otherwise" finds the nearest open decision.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from symphainy.operations.graph import Edge, RaciRow, Source, Step

JOIN_NAME = "Wait until all parallel steps are done"

START_ID, END_ID = "start", "end"


@dataclass
class OpenDecision:
    decision: str
    label: str
    taken: list[tuple[str, str | None]]


@dataclass
class FlowBuilder:
    steps: list[Step] = field(default_factory=list)
    pending: list[tuple[str, str | None]] = field(default_factory=list)
    gotos: list[tuple[str, str | None, str]] = field(default_factory=list)
    numbers: dict[str, str] = field(default_factory=dict)
    raci: list[RaciRow] = field(default_factory=list)
    duties: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    last_actor: str | None = None
    # actors in the order they last did a step, and which of them are plural, so that
    # "he/she" and "they" find an actor of their own number
    recent_actors: list[str] = field(default_factory=list)
    plural_actors: set[str] = field(default_factory=set)
    narrator: str | None = None
    addressee: tuple[str, str] | None = None  # (section, role) the text calls "you"
    able: dict[str, str] = field(default_factory=dict)  # "X can nominate": {"nominate": X}
    entry: str | None = None
    open_else: OpenDecision | None = None
    # a condition with nothing after it ("If you are logged in to the box, you can try to:"):
    # its "no" exit waits until the next item, its body, has been read
    bodyless: tuple[str, str | None] | None = None
    counter: int = 0
    parser: bool = False
    parsed: dict[str, Any] = field(default_factory=dict)
    index: dict[str, Step] = field(default_factory=dict)

    def new_id(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}{self.counter}"

    def step(self, step_id: str) -> Step:
        if len(self.index) != len(self.steps):
            self.index = {s.id: s for s in self.steps}  # steps are only ever appended
        return self.index[step_id]

    def edge(self, source: str, target: str, condition: str | None) -> None:
        step = self.step(source)
        for existing in step.next:
            if existing.to == target:
                if condition and existing.condition != condition:
                    existing.condition = " / ".join(c for c in (existing.condition, condition) if c)
                return
        step.next.append(Edge(to=target, condition=condition))

    def add(self, step: Step) -> str:
        self.steps.append(step)
        self.land(step.id)
        self.pending = [(step.id, None)]
        if step.actor and step.kind == "task":
            self.last_actor = step.actor
            if step.actor in self.recent_actors:
                self.recent_actors.remove(step.actor)
            self.recent_actors.append(step.actor)
        return step.id

    def restated_by(self, actor: str) -> None:
        """ "That is done by the call center staff": the step just added is that actor's when it
        had none, and "they" after it means them."""
        if len(self.pending) == 1:
            step = self.step(self.pending[0][0])
            if step.kind == "task" and not step.actor:
                step.actor = actor
        self.last_actor = actor
        if actor in self.recent_actors:
            self.recent_actors.remove(actor)
        self.recent_actors.append(actor)

    def agreeing_actor(self, pronoun: str) -> str | None:
        """The actor "he/she" (singular) or "they" (plural) stands for: the last actor, unless
        it is of the other number and one of the two actors before it agrees."""
        plural = pronoun == "they"
        last = self.last_actor
        if last is None or (last in self.plural_actors) == plural:
            return last
        for actor in reversed(self.recent_actors[-3:-1]):
            if (actor in self.plural_actors) == plural:
                return actor
        return last

    def open_beside_previous(self, source: Source | None) -> Step | None:
        """Put a parallel split before the one step just added, so the next step runs beside it.

        Answers that step, or None when the flow is not at a single plain task. The caller adds
        the parallel step, then :meth:`join_beside` closes both branches.
        """
        if len(self.pending) != 1 or self.pending[0][1] is not None:
            return None
        previous = self.step(self.pending[0][0])
        if previous.kind != "task":
            return None
        split = Step(
            id=self.new_id("p"),
            name="Start in parallel",
            kind="parallel_split",
            source=source,
            next=[Edge(to=previous.id)],
        )
        for step in self.steps:
            for edge in step.next:
                if edge.to == previous.id:
                    edge.to = split.id
        for number, target in self.numbers.items():
            if target == previous.id:
                self.numbers[number] = split.id
        if self.entry == previous.id:
            self.entry = split.id
        self.steps.insert(self.steps.index(previous), split)
        self.pending = [(split.id, None)]
        return previous

    def beside_partners(self, step: Step, partners: list[str]) -> None:
        """ "The kitchen and the sommelier prepare the order": one action done together, so one
        step in the first actor's lane, with a note naming the actors who share it (a step per
        actor would count one action several times)."""
        names = " and ".join([step.actor or "", *partners]).strip(" and")
        self.notes.append(
            f"“{step.name}” is done together by {names} (drawn in the lane of {step.actor})."
        )

    def join_beside(self, previous: Step, source: Source | None) -> None:
        """Join the step opened by :meth:`open_beside_previous` with the one added beside it."""
        self.pending = [(previous.id, None), *self.pending]
        self.add(Step(id=self.new_id("j"), name=JOIN_NAME, kind="parallel_join", source=source))

    def land(self, target: str) -> None:
        """Connect every open exit to ``target``."""
        if self.entry is None:
            self.entry = target
        for source, condition in self.pending:
            self.edge(source, target, condition)
        self.pending = []

    def goto(self, number: str) -> None:
        if self.entry is None:
            self.entry = f"@{number}"
        for source, condition in self.pending:
            self.gotos.append((source, condition, number))
        self.pending = []
