"""The deterministic extractor reads steps, actors, systems and branches from the text."""

from __future__ import annotations

import pytest

from symphainy.operations.extract import ExtractionError, extract
from symphainy.operations.graph import GraphError
from symphainy.operations.reading import TooLong, read, sections_from_text
from tests.unit.operations.conftest import flow, workflow_from


def _next(graph, step_id):  # type: ignore[no-untyped-def]
    return [(e.to, e.condition) for e in graph.step(step_id).next]


def test_numbered_sop_with_decision_loop_and_conditional() -> None:
    graph = workflow_from("claims_numbered.md")
    tasks = [(name, actor) for kind, name, actor in flow(graph) if kind == "task"]
    assert tasks[:3] == [
        ("Submit a claim through the online portal", "Customer"),
        ("Log the claim in Guidewire", "Claims Clerk"),
        ("Assign a claim number", "Claims Clerk"),
    ]
    complete = next(s for s in graph.steps if s.name == "Is the claim complete?")
    assert complete.kind == "decision"
    targets = {c: graph.step(t).name for t, c in _next(graph, complete.id)}
    assert targets["no"] == "Request the missing documents from the Customer"
    assert targets["yes"] == "The amount exceeds 10,000?"
    missing = next(s for s in graph.steps if s.name.startswith("Request the missing"))
    loop = graph.step(missing.next[0].to)
    assert loop.name == "All documents are received?"
    assert {c: graph.step(t).name for t, c in _next(graph, loop.id)} == {
        "no": "Review the claim form and the photos",
        "yes": "The amount exceeds 10,000?",
    }
    amount = graph.step(
        targets["yes"] and next(s.id for s in graph.steps if s.name == "The amount exceeds 10,000?")
    )
    approvers = {c: graph.step(t).actor for t, c in _next(graph, amount.id)}
    assert approvers == {"yes": "Claims Manager", "no": "Claims Adjuster"}
    assert "SAP" in graph.systems and "Guidewire" in graph.systems
    assert {h.to_actor for h in graph.handoffs} >= {"Claims Clerk", "Finance"}


def test_prose_sop_reads_actor_sentences_passive_and_parallel() -> None:
    graph = workflow_from("purchase_prose.txt")
    assert ("task", "Fill in a purchase request in Coupa", "Requester") in flow(graph)
    assert ("task", "Receive the goods", "Warehouse Clerk") in flow(graph)
    rejected = next(s for s in graph.steps if s.name == "The request is rejected?")
    yes = graph.step(next(t for t, c in _next(graph, rejected.id) if c == "yes"))
    assert yes.name == "Return it to the Requester" and yes.next[0].to == "end"
    split = next(s for s in graph.steps if s.kind == "parallel_split")
    assert {graph.step(e.to).actor for e in split.next} == {"Procurement Officer", "Finance"}
    assert any(s.kind == "parallel_join" for s in graph.steps)
    assert not any("describes" in s.name or "starts when" in s.name for s in graph.steps)


def test_raci_tables_give_actors_and_procedure_table_gives_steps() -> None:
    graph = workflow_from("onboarding_raci.md")
    assert [(n, a) for k, n, a in flow(graph) if k == "task"] == [
        ("Send the offer letter to the candidate", "HR Advisor"),
        ("Create the user account and laptop", "IT Support"),
        ("Prepare the welcome pack", "HR Advisor"),
        ("Complete the induction training", "New Hire"),
    ]
    assert "Workday" in graph.systems and "ServiceNow" in graph.systems
    raci = {r.activity: r for r in graph.raci}
    assert raci["Create the user account in Active Directory"].responsible == ["IT Support"]
    assert raci["Send the offer letter"].accountable == ["Hiring Manager"]


def test_raci_only_document_becomes_steps_owned_by_the_responsible_role() -> None:
    text = (
        "# Month-end close\n\n| Task | Responsible | Accountable |\n|---|---|---|\n"
        "| Reconcile the bank accounts | Staff Accountant | Controller |\n"
        "| Post the accruals | Staff Accountant | Controller |\n"
        "| Approve the journal entries | Controller | CFO |\n"
    )
    graph, _ = extract(sections_from_text(text), "Close")
    assert [(s.name, s.actor) for s in graph.steps if s.kind == "task"] == [
        ("Reconcile the bank accounts", "Staff Accountant"),
        ("Post the accruals", "Staff Accountant"),
        ("Approve the journal entries", "Controller"),
    ]


def test_parallel_sub_items_repeat_until_and_go_to_step() -> None:
    graph = workflow_from("incident_parallel.md")
    split = next(s for s in graph.steps if s.kind == "parallel_split")
    assert [graph.step(e.to).name for e in split.next] == [
        "Notify the stakeholders by email",
        "Investigate the root cause",
    ]
    loop = next(s for s in graph.steps if s.name == "The incident is resolved?")
    assert {c: graph.step(t).name for t, c in _next(graph, loop.id)} == {
        "no": "Publish a status update",
        "yes": "Apply the fix",
    }
    unhappy = next(s for s in graph.steps if s.name == "The user is not satisfied?")
    assert graph.step({c: t for t, c in _next(graph, unhappy.id)}["yes"]).name == "Apply the fix"


def test_word_style_numbering_and_inline_go_to() -> None:
    graph = workflow_from("refunds_docx_style.txt")
    old = next(s for s in graph.steps if s.name == "The order is older than 30 days?")
    reject = graph.step(next(t for t, c in _next(graph, old.id) if c == "yes"))
    assert reject.name == "Reject the request"
    assert graph.step(reject.next[0].to).name == "Close the ticket in Zendesk"
    assert graph.step(reject.next[0].to).actor == "Customer Service Agent"
    assert {"Shopify", "Stripe", "Zendesk"} <= set(graph.systems)


@pytest.mark.parametrize(
    "name",
    [
        "claims_numbered.md",
        "purchase_prose.txt",
        "onboarding_raci.md",
        "incident_parallel.md",
        "refunds_docx_style.txt",
    ],
)
def test_every_element_keeps_its_source_passage(name: str) -> None:
    graph = workflow_from(name)
    for step in graph.steps:
        if step.kind in ("task", "decision"):
            assert step.source is not None and step.source.text, step
            assert step.source.section


def test_a_cycle_with_no_way_out_is_refused_with_a_clear_message() -> None:
    with pytest.raises(GraphError) as caught:
        workflow_from("loop_no_exit.md")
    assert "cycle with no way out" in str(caught.value)
    assert "Check the form" in str(caught.value)


def test_text_without_a_procedure_is_refused() -> None:
    with pytest.raises(ExtractionError):
        extract(sections_from_text("Quarterly numbers were good. Morale is high."), "x")


def test_five_megabyte_single_line_is_refused_quickly() -> None:
    with pytest.raises(TooLong):
        sections_from_text("a" * (5 * 1024 * 1024))
    with pytest.raises(TooLong):
        read([{"title": "x", "text": "b " * 300_000}])


def test_long_single_line_under_the_limit_is_read_in_bounded_time() -> None:
    import time

    started = time.perf_counter()
    with pytest.raises(ExtractionError):
        extract(sections_from_text("word " * 79_000), "x")
    assert time.perf_counter() - started < 10


def test_references_to_missing_steps_are_noted() -> None:
    graph, notes = extract(
        sections_from_text(
            "1. The clerk checks the form. If it is wrong, go to step 9.\n2. File the form.\n"
        ),
        "x",
    )
    assert any("step 9" in n for n in notes)
    assert graph.step("end")
