"""Decisions the PET development texts showed missing: "in case of …", "if this is not the
case" after a check, and "except if" inside an "otherwise" branch."""

from __future__ import annotations

import pytest

from symphainy.operations.nlp import pipeline
from tests.unit.operations.test_linguistic_rules import branches, read, tasks

pytestmark = pytest.mark.skipif(pipeline.load() is None, reason="English parser not installed")


def test_in_case_of_a_noun_is_a_condition_on_the_action() -> None:
    graph = read("In case of rejection, the employee receives a notice by email.")
    assert tasks(graph) == [("Receive a notice by email", "Employee")]
    assert branches(graph, "Rejection?")["yes"] == "Receive a notice by email"


def test_if_this_is_not_the_case_after_a_check_decides_on_the_checked_question() -> None:
    graph = read(
        "The manager checks whether the budget is sufficient. If this is not the case, the "
        "manager rejects the request. The manager signs the form."
    )
    assert branches(graph, "The budget is sufficient?") == {
        "no": "Reject the request",
        "yes": "Sign the form",
    }


def test_except_if_inside_an_otherwise_branch_nests_there() -> None:
    graph = read(
        "The clerk asks the customer whether he is interested. If this is not the case, the "
        "clerk closes the file, except if the budget is huge. The manager calls the customer."
    )
    assert branches(graph, "He is interested?") == {
        "no": "The budget is huge?",
        "yes": "Call the customer",
    }
    assert branches(graph, "The budget is huge?") == {
        "no": "Close the file",
        "yes": "Call the customer",
    }


def test_deciding_whether_is_the_decision_itself_made_by_the_chooser() -> None:
    graph = read(
        "The clerk logs the claim. The manager decides whether the claim is paid. If it is not, "
        "the clerk closes the claim."
    )
    assert tasks(graph) == [("Log the claim", "Clerk"), ("Close the claim", "Clerk")]
    decision = next(s for s in graph.steps if s.kind == "decision")
    assert (decision.name, decision.actor) == ("The claim is paid?", "Manager")
    assert branches(graph, "The claim is paid?")["no"] == "Close the claim"


def test_repeated_step_is_a_loop_back_to_it_when_a_decision_gives_a_way_out() -> None:
    graph = read(
        "The claims officer writes a recommendation. The senior officer checks the "
        "recommendation. If the claim is not OK, it is sent back to the claims officer and the "
        "recommendation is repeated. If the claim is OK, the officer pays the claim."
    )
    assert not any(name.startswith("Repeat") for name, _actor in tasks(graph))
    sent = next(s for s in graph.steps if s.name == "Send it back to the claims officer")
    assert [graph.step(e.to).name for e in sent.next] == ["Write a recommendation"]
    graph = read("The clerk writes a memo. The memo is repeated.")
    assert ("Repeat the memo", None) in tasks(graph)  # no way out: a step, not an endless loop


def test_in_the_meantime_runs_beside_the_step_before() -> None:
    graph = read(
        "The clerk files the claim. In the meantime, the manager calls the customer. The clerk "
        "closes the case."
    )
    split = next(s for s in graph.steps if s.kind == "parallel_split")
    assert {graph.step(e.to).name for e in split.next} == {"File the claim", "Call the customer"}


def test_deadline_followed_by_otherwise_is_a_check_not_a_step() -> None:
    graph = read(
        "The clerk files the claims. All of this must be completed by 2:30 pm, if it is not, "
        "then an alert should be sent to the supervisor. The clerk goes home."
    )
    assert [name for name, _actor in tasks(graph)] == [
        "File the claims",
        "Send an alert to the supervisor",
        "Go home",
    ]
    assert branches(graph, "All of this is completed by 2:30 pm?") == {
        "no": "Send an alert to the supervisor",
        "yes": "Go home",
    }


def test_in_the_case_and_in_the_event_without_that_open_a_decision() -> None:
    graph = read("In the event the server fails, restart it.")
    decision = next(s for s in graph.steps if s.kind == "decision")
    assert decision.name == "The server fails?"
    graph = read("In the case of a failure, restart the server.")
    assert ("Restart the server", None) in tasks(graph)


def test_conditions_joined_by_or_are_one_decision_and_the_instruction_after_them_its_body() -> None:
    graph = read(
        "In the case a change is rolled back or if it will not be completed apply the aborted "
        "label and close the issue."
    )
    decisions = [s for s in graph.steps if s.kind == "decision"]
    assert [d.name for d in decisions] == [
        "A change is rolled back or if it will not be completed?"
    ]
    assert tasks(graph) == [("Apply the aborted label", None), ("Close the issue", None)]


def test_bare_verb_the_parser_joined_to_a_passive_condition_is_an_instruction() -> None:
    graph = read("In case the change is rolled back, apply the aborted label.")
    assert tasks(graph) == [("Apply the aborted label", None)]


def test_leading_for_with_a_qualified_plural_is_the_case_the_action_is_for() -> None:
    graph = read("For minor incidents, the support team responds directly.")
    assert [s.name for s in graph.steps if s.kind == "decision"] == ["Minor incidents?"]
    assert branches(graph, "Minor incidents?")["yes"] == "Respond directly"
    for text in (
        "For more details, see the guide.",
        "For example, the clerk logs the claim.",
        "For each problem report, the clerk enters the details.",
    ):
        assert not any(s.kind == "decision" for s in read(text).steps)


def test_when_over_a_verbless_phrase_is_a_condition_like_if() -> None:
    graph = read("When in doubt, ask the supervisor for context.")
    assert branches(graph, "In doubt?")["yes"] == "Ask the supervisor for context"
    assert not any(s.kind == "decision" for s in read("When ready, submit the form.").steps)


def test_leading_for_all_with_a_qualified_plural_is_the_case_too() -> None:
    graph = read("For all overdue invoices, a reminder is sent. The clerk files the invoice.")
    assert [s.name for s in graph.steps if s.kind == "decision"] == ["Overdue invoices?"]
    assert branches(graph, "Overdue invoices?")["yes"] == "Send a reminder"
    assert not any(s.kind == "decision" for s in read("For these invoices, send a reminder.").steps)
