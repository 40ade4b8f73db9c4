"""The human/AI coexistence blueprint: which steps AI automates, assists or leaves to people.

Rule-based and stated: each step's role follows from the words of the step itself (verbs and
nouns matched against the categories below, which the result names), effort comes from a
minutes-per-category table the user can override, and every automated step that touches
money, customers or compliance gets a human-in-the-loop checkpoint.
"""

from __future__ import annotations

import re
from typing import Any

from symphainy.core.provenance import ComputedSource, DefaultSource, InputSource, Source
from symphainy.operations.blueprint_export import to_csv as to_csv
from symphainy.operations.blueprint_export import to_markdown as to_markdown
from symphainy.operations.blueprint_result import DEFAULT_CHANGE_AT as DEFAULT_CHANGE_AT
from symphainy.operations.blueprint_result import DEFAULT_MINUTES as DEFAULT_MINUTES
from symphainy.operations.blueprint_result import DEFAULT_REMAINING as DEFAULT_REMAINING
from symphainy.operations.blueprint_result import METHOD as METHOD
from symphainy.operations.blueprint_result import Assumptions as Assumptions
from symphainy.operations.blueprint_result import Author as Author
from symphainy.operations.blueprint_result import BlueprintAssumptions as BlueprintAssumptions
from symphainy.operations.blueprint_result import BlueprintResult as BlueprintResult
from symphainy.operations.blueprint_result import Control as Control
from symphainy.operations.blueprint_result import DefaultUse as DefaultUse
from symphainy.operations.blueprint_result import Handoff as Handoff
from symphainy.operations.blueprint_result import RiskControl as RiskControl
from symphainy.operations.blueprint_result import StepOverride as StepOverride
from symphainy.operations.blueprint_result import StepRow as StepRow
from symphainy.operations.blueprint_result import Summary as Summary
from symphainy.operations.blueprint_result import default_source as default_source
from symphainy.operations.blueprint_result import minutes_default_name as minutes_default_name
from symphainy.operations.blueprint_result import parse as parse
from symphainy.operations.blueprint_result import share_default_name as share_default_name
from symphainy.operations.graph import EVENT_KINDS, GATEWAY_KINDS, Step, WorkflowGraph

# category: (ai_role, base confidence, words that signal it, reason)
CATEGORIES: dict[str, tuple[str, float, tuple[str, ...], str]] = {
    "regulatory sign-off": (
        "human",
        0.85,
        (
            "sign off",
            "sign-off",
            "certify",
            "attest",
            "regulator",
            "regulatory",
            "compliance",
            "legal",
            "audit",
            "sox",
            "gdpr",
            "hipaa",
            "statutory",
        ),
        "a regulatory or compliance sign-off must stay with an accountable person",
    ),
    "approval/accountability": (
        "human",
        0.8,
        (
            "approve",
            "authorise",
            "authorize",
            "sign",
            "reject",
            "accept",
            "escalate",
            "decide",
            "ratify",
            "endorse",
        ),
        "an approval carries accountability that stays with a person",
    ),
    "customer contact": (
        "human",
        0.7,
        (
            "call",
            "phone",
            "meet",
            "visit",
            "interview",
            "negotiate",
            "speak",
            "console",
            "discuss",
            "greet",
        ),
        "a conversation with a person; AI can prepare notes but people hold the contact",
    ),
    "customer message": (
        "assist",
        0.7,
        ("notify", "inform", "email", "reply", "respond", "letter", "message", "remind", "request"),
        "AI drafts the message from the case data; a person checks and sends it",
    ),
    "judgement": (
        "assist",
        0.65,
        (
            "review",
            "assess",
            "evaluate",
            "investigate",
            "analyse",
            "analyze",
            "diagnose",
            "determine",
            "judge",
            "select",
            "choose",
            "prioritise",
            "prioritize",
            "triage",
            "estimate",
            "negotiate",
            "plan",
            "design",
        ),
        "needs judgement; AI prepares a summary and a recommendation, a person decides",
    ),
    "physical work": (
        "human",
        0.75,
        (
            "inspect on site",
            "deliver",
            "pick",
            "pack",
            "ship",
            "repair",
            "install",
            "load",
            "drive",
            "hand over",
            "print",
            "sign the",
        ),
        "physical work in the real world",
    ),
    "repetitive data handling": (
        "automate",
        0.75,
        (
            "enter",
            "record",
            "log",
            "copy",
            "update",
            "file",
            "scan",
            "upload",
            "download",
            "populate",
            "key",
            "transcribe",
            "reconcile",
            "match",
            "calculate",
            "validate",
            "verify",
            "check",
            "generate",
            "archive",
            "assign",
            "route",
            "register",
            "create",
            "export",
            "import",
            "sort",
            "classify",
            "collect",
            "gather",
            "retrieve",
            "compare",
            "post",
            "pay",
            "issue",
            "send",
            "track",
            "monitor",
            "publish",
            "close",
        ),
        "rule-based, repetitive handling of data that software can do end to end",
    ),
}
RULE_WORDS = re.compile(
    r"\b(?:above|below|over|under|exceeds?|greater|less|more than|equal|"
    r"complete|valid|invalid|missing|matches?|within|before|after|is "
    r"(?:the|a|an)?\s*\w+)\b|\d",
    re.I,
)
MONEY = re.compile(
    r"\b(?:amount|payment|pay|invoice|refund|price|cost|fee|budget|credit|"
    r"debit|salary|payroll|claim|purchase|order|quote)s?\b|[$€£]",
    re.I,
)
CUSTOMER = re.compile(
    r"\b(?:customer|client|patient|applicant|claimant|candidate|user|"
    r"citizen|member|supplier|vendor)s?\b",
    re.I,
)
COMPLIANCE = re.compile(
    r"\b(?:compliance|regulatory|regulation|legal|policy|audit|kyc|aml|"
    r"gdpr|hipaa|sox|consent|licen[cs]e)\b",
    re.I,
)


def _words(step: Step) -> str:
    source = step.source.text if step.source else ""
    return f" {step.name} {step.action} {' '.join(step.inputs + step.outputs)} {source} ".lower()


def _matches(text: str, words: tuple[str, ...]) -> list[str]:
    return [w for w in words if re.search(rf"\b{re.escape(w)}", text)]


def classify(step: Step) -> dict[str, Any]:
    """ai_role, category, reason (citing the words matched) and confidence for one step."""
    text = _words(step)
    name_text = f" {step.name} {step.action} ".lower()
    if step.kind == "decision":
        conditions = " ".join(e.condition or "" for e in step.next) + " " + step.name
        rule = RULE_WORDS.findall(conditions)
        judgement = _matches(
            name_text, CATEGORIES["judgement"][2] + CATEGORIES["approval/accountability"][2]
        )
        if rule and not judgement:
            return {
                "ai_role": "automate",
                "category": "rule-based decision",
                "matched": sorted({r.strip().lower() for r in rule if r.strip()})[:5],
                "reason": "the branch depends on a checkable condition in the data "
                f"(“{step.name}”), which a rule can evaluate",
                "confidence": 0.7,
            }
        return {
            "ai_role": "assist",
            "category": "decision",
            "matched": judgement,
            "reason": f"the decision “{step.name}” needs a person's judgement; AI can "
            "gather the facts and suggest the branch",
            "confidence": 0.55,
        }
    if step.actor and CUSTOMER.search(step.actor):
        return {
            "ai_role": "human",
            "category": "external party",
            "matched": [step.actor],
            "reason": f"the step is done by {step.actor}, outside the team; AI can make "
            "it easier (a pre-filled form, a guided portal) but not do it",
            "confidence": 0.75,
        }
    hits = {
        name: _matches(name_text if name != "regulatory sign-off" else text, spec[2])
        for name, spec in CATEGORIES.items()
    }
    hits = {k: v for k, v in hits.items() if v}
    if not hits:
        return {
            "ai_role": "assist",
            "category": "unclear",
            "matched": [],
            "reason": "the step's wording gives no clear signal; AI can help, a person "
            "stays in charge",
            "confidence": 0.4,
        }
    # Categories are listed from most to least protective; the first that matches wins.
    category = next(c for c in CATEGORIES if c in hits)
    role, confidence, _signals, reason = CATEGORIES[category]
    if role == "automate" and step.systems:
        confidence += 0.1
        reason += f" (it happens in {', '.join(step.systems)})"
    if len(hits) > 1:
        confidence -= 0.1
    matched = hits[category]
    return {
        "ai_role": role,
        "category": category,
        "matched": matched,
        "reason": f"{reason}: the step says “{'”, “'.join(matched)}”",
        "confidence": round(min(0.95, max(0.3, confidence)), 2),
    }


def _risks(step: Step, role: str) -> list[RiskControl]:
    text = _words(step) + " ".join(e.condition or "" for e in step.next).lower()
    if role != "automate":
        return []
    touches = [
        what
        for what, pattern in (("money", MONEY), ("customers", CUSTOMER), ("compliance", COMPLIANCE))
        if pattern.search(text)
    ]
    if touches:
        return [
            RiskControl(
                risk=f"an automated {'decision' if step.kind == 'decision' else 'step'} "
                f"affecting {' and '.join(touches)} acts on a wrong or unusual case",
                control="human-in-the-loop checkpoint: a person confirms the result before it "
                "takes effect",
                checkpoint="yes",
            )
        ]
    return [
        RiskControl(
            risk="an automation error goes unnoticed",
            control="exception queue for cases the rules cannot handle and a weekly sample review",
            checkpoint="no",
        )
    ]


def _minutes(
    step_id: str, category: str, assumptions: Assumptions, author: Author
) -> tuple[float, Source]:
    override = assumptions.steps.get(step_id)
    if override is not None and override.minutes_before is not None:
        return override.minutes_before, InputSource(
            field=f"steps.{step_id}.minutes_before", by=author.by, at=author.at
        )
    key = category if category in DEFAULT_MINUTES else "unclear"
    name = minutes_default_name(key)
    if key in assumptions.minutes_by_category:
        value = assumptions.minutes_by_category[key]
        confirms = name if value == DEFAULT_MINUTES[key] else None
        return value, InputSource(
            field=f"minutes_by_category.{key}",
            by=author.by,
            at=author.at,
            confirms_default=confirms,
        )
    return DEFAULT_MINUTES[key], default_source(name)


def _share(role: str, assumptions: Assumptions, author: Author) -> tuple[float, Source]:
    name = share_default_name(role)
    if role in assumptions.remaining_share:
        value = assumptions.remaining_share[role]
        confirms = name if value == DEFAULT_REMAINING[role] else None
        return value, InputSource(
            field=f"remaining_share.{role}", by=author.by, at=author.at, confirms_default=confirms
        )
    return DEFAULT_REMAINING[role], default_source(name)


RULES = [
    "minutes before = the step's category minutes (minutes_by_category), unless the step has "
    "its own minutes_before",
    "minutes after = minutes before x remaining_share of its ai_role (automate keeps a share "
    "for handling exceptions, assist for checking AI's draft)",
    "ai_role comes from the first category whose words the step contains, in this order: "
    + ", ".join(CATEGORIES),
    "decisions on a checkable condition (numbers, complete/valid/matches) are automated; "
    "others are assisted",
    "every automated step touching money, customers or compliance gets a human-in-the-loop "
    "checkpoint",
    "a built-in minutes or share value is a default until someone enters or confirms it; "
    "figures resting on it are estimates",
]


def _is_work(step: Step) -> bool:
    """Tasks and decisions take someone's time; events, routing gateways and the frame of a
    sub-process (whose own tasks get rows) do not."""
    if step.kind == "decision":
        return True
    return step.kind not in EVENT_KINDS | GATEWAY_KINDS and step.kind != "subprocess"


def build(
    graph: WorkflowGraph, assumptions: Assumptions, author: Author | None = None
) -> BlueprintResult:
    """Per-step roles, effort before/after, hand-offs, controls and the hours saved.

    Every minutes figure says whether it was entered (by whom, when) or is a named default.
    """
    author = author or Author()
    rows: list[StepRow] = []
    for step in graph.steps:
        if not _is_work(step):
            continue
        found = classify(step)
        override = assumptions.steps.get(step.id, StepOverride())
        role = override.ai_role or found["ai_role"]
        before, before_source = _minutes(step.id, found["category"], assumptions, author)
        share, share_source = _share(role, assumptions, author)
        after = round(before * share, 2)
        rows.append(
            StepRow(
                step_id=step.id,
                name=step.name,
                actor=step.actor,
                kind=step.kind,
                ai_role=role,
                suggested_ai_role=found["ai_role"],
                category=found["category"],
                reason=found["reason"],
                matched=found["matched"],
                confidence=found["confidence"],
                overridden=override.ai_role is not None or override.minutes_before is not None,
                minutes_before=before,
                minutes_after=after,
                minutes_saved=round(before - after, 2),
                risks=_risks(step, role),
                source=step.source.model_dump() if step.source else None,
                minutes_before_source=before_source,
                remaining_share=share,
                remaining_share_source=share_source,
            )
        )
    by_id = {r.step_id: r for r in rows}
    handoffs = []
    for step in graph.steps:
        for edge in step.next:
            a, b = by_id.get(step.id), by_id.get(edge.to)
            if a and b and (a.ai_role == "automate") != (b.ai_role == "automate"):
                handoffs.append(
                    Handoff(
                        from_step=a.step_id,
                        to_step=b.step_id,
                        direction="AI to person" if a.ai_role == "automate" else "person to AI",
                        note=f"“{a.name}” ({a.ai_role}) hands over to “{b.name}” ({b.ai_role})",
                    )
                )
    before_total = round(sum(r.minutes_before for r in rows), 2)
    after_total = round(sum(r.minutes_after for r in rows), 2)
    saved_hours = round((before_total - after_total) / 60, 3)
    volume = assumptions.volume_per_month
    used = list(dict.fromkeys(n for r in rows for n in r.defaults_used()))
    defaults = _default_uses(rows)
    return BlueprintResult(
        steps=rows,
        handoffs=handoffs,
        controls=[
            Control(step_id=r.step_id, name=r.name, **risk.model_dump())
            for r in rows
            for risk in r.risks
        ],
        summary=Summary(
            steps=len(rows),
            automate=sum(1 for r in rows if r.ai_role == "automate"),
            assist=sum(1 for r in rows if r.ai_role == "assist"),
            human=sum(1 for r in rows if r.ai_role == "human"),
            minutes_per_run_before=before_total,
            minutes_per_run_after=after_total,
            hours_saved_per_run=saved_hours,
            volume_per_month=volume,
            # from the unrounded saving, as outcomes computes it: one rounding per figure
            hours_saved_per_month=round((before_total - after_total) / 60 * volume, 1)
            if volume is not None
            else None,
            note=None
            if volume is not None
            else "enter how many times a month this workflow runs (Runs per month) "
            "to see the monthly saving",
            hours_saved_per_run_source=ComputedSource(
                formula="Σ over steps (minutes before − minutes after) / 60",
                inputs=[f"steps.{r.step_id}.minutes_before" for r in rows],
                rests_on_defaults=used,
            ),
            volume_source=InputSource(field="volume_per_month", by=author.by, at=author.at)
            if volume is not None
            else None,
        ),
        assumptions=BlueprintAssumptions(
            volume_per_month=volume,
            minutes_by_category={**DEFAULT_MINUTES, **assumptions.minutes_by_category},
            remaining_share={**DEFAULT_REMAINING, **assumptions.remaining_share},
            steps={k: v.model_dump(exclude_none=True) for k, v in assumptions.steps.items()},
            rules=RULES,
            entered_minutes=sorted(assumptions.minutes_by_category),
            entered_shares=sorted(assumptions.remaining_share),
            defaults=defaults,
            entered_by=author.by,
            entered_at=author.at,
        ),
    )


def _default_uses(rows: list[StepRow]) -> list[DefaultUse]:
    """Each built-in value the steps rest on (confirmed or not), with the steps using it."""
    out: dict[str, DefaultUse] = {}
    for row in rows:
        for src, value in (
            (row.minutes_before_source, row.minutes_before),
            (row.remaining_share_source, row.remaining_share),
        ):
            if isinstance(src, DefaultSource):
                name, confirmed = src.name, False
            elif isinstance(src, InputSource) and src.confirms_default:
                name, confirmed = src.confirms_default, True
            else:
                continue
            use = out.setdefault(
                name,
                DefaultUse(
                    name=name,
                    value=float(value or 0.0),
                    rule=default_source(name).rule,
                    change_at=DEFAULT_CHANGE_AT,
                    confirmed=confirmed,
                ),
            )
            use.steps.append(row.step_id)
    return list(out.values())
