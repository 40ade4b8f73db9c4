"""What is not a step and who "he" / "they" are (rules read from the PET development texts):
participles describing nouns, "i.e." parentheses, statements that someone does not act,
coordinated subjects (one step each, in parallel) and pronouns agreeing in number."""

from __future__ import annotations

import pytest

from symphainy.operations.extract import extract
from symphainy.operations.nlp import pipeline
from symphainy.operations.reading import sections_from_text
from tests.unit.operations.test_linguistic_rules import read, tasks

pytestmark = pytest.mark.skipif(pipeline.load() is None, reason="English parser not installed")


def test_participle_describing_a_noun_is_not_a_step() -> None:
    graph = read("Established underwriters prepare a registration statement.")
    [(name, actor)] = tasks(graph)
    assert name == "Prepare a registration statement"
    assert actor is not None and actor.endswith("Underwriters")


def test_bare_participle_joined_to_a_present_verb_describes_the_next_noun() -> None:
    graph = read("The manager puts the receipt and copied documents into an envelope and posts it.")
    names = [name for name, _actor in tasks(graph)]
    assert "Copy documents into an envelope" not in names
    assert names[-1] == "Post it"


def test_parenthesis_opened_by_ie_spells_out_the_step_before_it() -> None:
    graph = read(
        "The waiter prepares the cart (i.e., puts a tablecloth on it and gathers silverware). "
        "The waiter delivers the order."
    )
    names = [name for name, _actor in tasks(graph)]
    assert "Gather silverware" not in names
    assert "Deliver the order" in names


def test_statement_that_someone_does_not_act_is_not_a_step() -> None:
    graph = read(
        "The clerk checks the claim. Underwriters will not handle a new issue. "
        "The clerk files the claim."
    )
    assert tasks(graph) == [("Check the claim", "Clerk"), ("File the claim", "Clerk")]


def test_instruction_not_to_act_stays_a_step() -> None:
    graph = read("Do not restart the server.")
    assert [name for name, _actor in tasks(graph)] == ["Do not restart the server"]


def test_negated_statement_carrying_an_action_keeps_it() -> None:
    graph = read(
        "If the alert is unknown, collectd likely cannot talk to Fastly so restart collectd."
    )
    assert any("restart collectd" in name.lower() for name, _actor in tasks(graph))


def test_coordinated_subjects_share_one_step_with_a_note() -> None:
    graph, notes = extract(
        sections_from_text(
            "The manager receives the order. The kitchen and the sommelier prepare it."
        ),
        "t",
    )
    # one action done together: one step (PET marks one activity), both actors named in a note
    assert tasks(graph) == [("Receive the order", "Manager"), ("Prepare it", "Kitchen")]
    assert not any(s.kind == "parallel_split" for s in graph.steps)
    assert any("Kitchen and Sommelier" in note for note in notes)


def test_they_after_coordinated_subjects_is_the_pair() -> None:
    graph = read(
        "The kitchen and the sommelier prepare the order. The waiter checks it. "
        "Then they clean the kitchen."
    )
    assert tasks(graph)[-1] == ("Clean the kitchen", "Kitchen")


def test_they_finds_a_plural_actor_and_he_a_singular_one() -> None:
    graph = read(
        "The clerks check the form. The manager signs it and then they file it. "
        "The auditors review the file. He approves the payment."
    )
    assert tasks(graph) == [
        ("Check the form", "Clerks"),
        ("Sign it", "Manager"),
        ("File it", "Clerks"),
        ("Review the file", "Auditors"),
        ("Approve the payment", "Manager"),
    ]


def test_they_after_a_singular_actor_with_no_plural_one_is_that_actor() -> None:
    graph = read("The sales department receives the order. They check the stock.")
    assert tasks(graph)[-1] == ("Check the stock", "Sales Department")


def test_if_restating_an_alternative_goes_on_from_it_without_a_second_decision() -> None:
    graph = read(
        "The clerk rejects the claim or the clerk approves the claim. "
        "If the clerk approves the claim, the manager pays it. "
        "If the clerk rejects the claim, the manager informs the customer. "
        "The manager archives the file."
    )
    decisions = [s for s in graph.steps if s.kind == "decision"]
    assert [d.name for d in decisions] == ["Reject the claim or Approve the claim?"]
    by_name = {s.name: s for s in graph.steps}
    pay, inform = by_name["Pay it"].id, by_name["Inform the customer"].id
    assert [e.to for e in by_name["Approve the claim"].next] == [pay]
    assert [e.to for e in by_name["Reject the claim"].next] == [inform]
    archive = by_name["Archive the file"].id
    assert [e.to for e in by_name["Pay it"].next] == [archive]
    assert [e.to for e in by_name["Inform the customer"].next] == [archive]


def test_if_on_something_else_after_alternatives_is_a_decision_of_its_own() -> None:
    graph = read(
        "The clerk rejects the claim or the clerk approves the claim. "
        "If the amount is high, the manager checks it."
    )
    assert len([s for s in graph.steps if s.kind == "decision"]) == 2


def test_what_in_addition_to_takes_for_granted_is_not_a_new_step() -> None:
    graph = read(
        "The underwriters register the issue with the SEC. In addition to registering the issue "
        "with the SEC, they check the blue-sky laws."
    )
    names = [name for name, _actor in tasks(graph)]
    assert names.count("Register the issue with the SEC") == 1
    assert names[-1] == "Check the blue-sky laws"


def test_that_is_done_by_x_is_no_step_and_names_who_did_the_step_before() -> None:
    graph = read(
        "The customer is contacted. That is done by the call center staff. "
        "They determine the budget. This can be achieved in several ways."
    )
    assert tasks(graph) == [
        ("Contact the customer", "Call Center Staff"),
        ("Determine the budget", "Call Center Staff"),
    ]


def test_deadline_check_with_this_is_still_a_decision() -> None:
    graph = read(
        "The clerk files the report. This must be completed by 4 pm otherwise the supervisor "
        "is sent a message."
    )
    assert any(s.kind == "decision" for s in graph.steps)


def test_after_that_is_a_sequence_word_not_a_trigger() -> None:
    # "After that …, when they haven't …": the actions before the comma are the steps; the
    # negated "when" clause is no step, and the sentence is not dropped with it
    graph = read(
        "The underwriters check the issue. After that they enter into a firm commitment and "
        "then offer it to the public, when they haven't found any reason not to."
    )
    assert tasks(graph) == [
        ("Check the issue", "Underwriters"),
        ("Enter into a firm commitment", "Underwriters"),
        ("Offer it to the public", "Underwriters"),
    ]


def test_a_role_and_what_its_colon_spells_out_are_no_steps() -> None:
    graph = read(
        "The company contacts the underwriters. Usually they play a triple role: first they "
        "advise the company, then they buy the issue, and finally they resell it. "
        "The underwriters then register the issue."
    )
    assert tasks(graph) == [
        ("Contact the underwriters", "Company"),
        ("Register the issue", "Underwriters"),
    ]


def test_a_first_sentence_saying_what_a_business_does_is_no_step() -> None:
    graph = read(
        "A small company manufactures customized bicycles. The sales department receives an "
        "order. The storehouse checks the parts."
    )
    assert [name for name, _actor in tasks(graph)] == ["Receive an order", "Check the parts"]
    # one thing named: still a step
    graph = read("A customer brings in a defective computer. The clerk checks the defect.")
    assert tasks(graph)[0] == ("Bring in a defective computer", "Customer")
