"""The coexistence blueprint's typed result and the named defaults its figures rest on.

Kept apart from the rules that classify steps (``blueprint``) so the shape a blueprint is
stored and served in, and the names of its defaults, read on one screen.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field, model_validator

from symphainy.core.provenance import ComputedSource, DefaultSource, InputSource, Source

METHOD = "deterministic"
DEFAULT_MINUTES = {
    "repetitive data handling": 10.0,
    "judgement": 20.0,
    "approval/accountability": 10.0,
    "customer contact": 15.0,
    "customer message": 10.0,
    "regulatory sign-off": 30.0,
    "physical work": 30.0,
    "rule-based decision": 5.0,
    "decision": 5.0,
    "external party": 0.0,
    "unclear": 15.0,
}
DEFAULT_REMAINING = {"automate": 0.1, "assist": 0.5, "human": 1.0}


DEFAULT_CHANGE_AT = (
    "in the blueprint's assumptions (Operations, the workflow's blueprint), or confirm it "
    "on the proposal"
)


def minutes_default_name(category: str) -> str:
    return f"blueprint.minutes_by_category.{category}"


def share_default_name(role: str) -> str:
    return f"blueprint.remaining_share.{role}"


def default_source(name: str) -> DefaultSource:
    """The named built-in value ``name`` (a category's minutes or a role's share) as a source."""
    kind, _, key = name.removeprefix("blueprint.").partition(".")
    if kind == "minutes_by_category":
        rule = f"a “{key}” step takes {DEFAULT_MINUTES[key]:g} minutes per run"
    else:
        rule = f"a step AI does as “{key}” keeps {DEFAULT_REMAINING[key]:.0%} of its effort"
    return DefaultSource(name=name, rule=rule, change_at=DEFAULT_CHANGE_AT)


class StepOverride(BaseModel):
    ai_role: str | None = Field(default=None, pattern="^(automate|assist|human)$")
    minutes_before: float | None = Field(default=None, ge=0, le=100_000)


class Assumptions(BaseModel):
    """What the effort figures rest on; every number may be changed by the user.

    ``minutes_by_category`` and ``remaining_share`` hold only what was entered: a value equal
    to the default still counts as entered, which is how a default is confirmed.
    """

    volume_per_month: float | None = Field(default=None, ge=0, le=10_000_000)
    minutes_by_category: dict[str, float] = Field(default_factory=dict)
    remaining_share: dict[str, float] = Field(default_factory=dict)
    steps: dict[str, StepOverride] = Field(default_factory=dict)


class Author(BaseModel):
    """Who entered a blueprint's assumptions, and when."""

    by: str | None = None
    at: datetime | None = None


class RiskControl(BaseModel):
    risk: str
    control: str
    checkpoint: Literal["yes", "no"]


class StepRow(BaseModel):
    step_id: str
    name: str
    actor: str | None = None
    kind: str = "task"
    ai_role: Literal["automate", "assist", "human"]
    suggested_ai_role: str
    category: str
    reason: str = ""
    matched: list[str] = Field(default_factory=list)
    confidence: float = 0.0
    overridden: bool = False
    minutes_before: float
    minutes_after: float
    minutes_saved: float
    risks: list[RiskControl] = Field(default_factory=list)
    source: dict[str, Any] | None = None  # where in the SOP the step was read
    minutes_before_source: Source | None = None
    remaining_share: float | None = None
    remaining_share_source: Source | None = None

    def defaults_used(self) -> list[str]:
        """Names of the unconfirmed defaults this step's saving rests on."""
        return [
            s.name
            for s in (self.minutes_before_source, self.remaining_share_source)
            if isinstance(s, DefaultSource)
        ]


class Control(RiskControl):
    step_id: str
    name: str


class Handoff(BaseModel):
    from_step: str
    to_step: str
    direction: str
    note: str


class Summary(BaseModel):
    steps: int
    automate: int
    assist: int
    human: int
    minutes_per_run_before: float
    minutes_per_run_after: float
    hours_saved_per_run: float
    volume_per_month: float | None = None
    hours_saved_per_month: float | None = None
    note: str | None = None
    hours_saved_per_run_source: ComputedSource | None = None
    volume_source: InputSource | None = None


class DefaultUse(BaseModel):
    """A built-in value the blueprint used, whether anyone confirmed it, and which steps."""

    name: str
    value: float
    rule: str
    change_at: str
    confirmed: bool
    steps: list[str] = Field(default_factory=list)


class BlueprintAssumptions(BaseModel):
    volume_per_month: float | None = None
    minutes_by_category: dict[str, float] = Field(default_factory=dict)
    remaining_share: dict[str, float] = Field(default_factory=dict)
    steps: dict[str, dict[str, Any]] = Field(default_factory=dict)
    rules: list[str] = Field(default_factory=list)
    entered_minutes: list[str] | None = None  # categories whose minutes someone entered
    entered_shares: list[str] | None = None
    defaults: list[DefaultUse] = Field(default_factory=list)
    entered_by: str | None = None
    entered_at: datetime | None = None


class BlueprintResult(BaseModel):
    """The coexistence blueprint as stored and served; sources say what each figure rests on."""

    method: str = METHOD
    steps: list[StepRow]
    handoffs: list[Handoff] = Field(default_factory=list)
    controls: list[Control] = Field(default_factory=list)
    summary: Summary
    assumptions: BlueprintAssumptions = Field(default_factory=BlueprintAssumptions)

    @model_validator(mode="after")
    def _sources_of_older_blueprints(self) -> BlueprintResult:
        """Blueprints stored before sources were recorded: a value equal to the default is one."""
        entered = self.assumptions.entered_minutes
        for row in self.steps:
            if row.minutes_before_source is None:
                default = DEFAULT_MINUTES.get(row.category)
                if row.overridden or entered is not None or default != row.minutes_before:
                    row.minutes_before_source = InputSource(field=f"steps.{row.step_id}")
                else:
                    row.minutes_before_source = default_source(minutes_default_name(row.category))
            if row.remaining_share_source is None and row.minutes_before:
                row.remaining_share = round(row.minutes_after / row.minutes_before, 4)
                if row.remaining_share == DEFAULT_REMAINING.get(row.ai_role):
                    row.remaining_share_source = default_source(share_default_name(row.ai_role))
                else:
                    row.remaining_share_source = InputSource(field=f"remaining_share.{row.ai_role}")
        return self

    def defaults_used(self) -> list[str]:
        return list(dict.fromkeys(n for row in self.steps for n in row.defaults_used()))


def parse(result: BlueprintResult | Mapping[str, Any]) -> BlueprintResult:
    """A stored blueprint result (JSON) as the typed result."""
    return result if isinstance(result, BlueprintResult) else BlueprintResult.model_validate(result)
