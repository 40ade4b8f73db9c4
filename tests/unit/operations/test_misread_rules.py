"""Clause rules from the sixth blind set of real procedures (issue 15), each tested on other
wording: who an "it is up to X / your job as X" sentence gives the action to, sentences a
paragraph break or a missing comma leaves unfinished, and words the small parser misreads."""

from __future__ import annotations

import pytest

from symphainy.operations.nlp import pipeline
from tests.unit.operations.test_linguistic_rules import branches, read, tasks

pytestmark = pytest.mark.skipif(pipeline.load() is None, reason="English parser not installed")


def test_it_is_up_to_a_role_gives_the_infinitive_to_that_role() -> None:
    graph = read(
        "## Repairs\n\n"
        "The tenant reports the fault. It is up to the landlord and the agent to arrange a "
        "repair.\n"
    )
    assert ("Arrange a repair", "Landlord") in tasks(graph)


def test_your_job_as_a_role_gives_the_infinitive_to_that_role() -> None:
    graph = read(
        "## Drafts\n\n"
        "The author uploads the draft. It's your job as the reviewer to check the draft.\n"
    )
    assert ("Check the draft", "Reviewer") in tasks(graph)


def test_a_paragraph_without_a_full_stop_ends_its_sentence() -> None:
    graph = read(
        "## Parcels\n\n"
        "**Stage 3: Once you have the parcel, scan the label on the box**\n\n"
        "**Stage 4: The courier signs the delivery note.**\n"
    )
    names = [name for name, _actor in tasks(graph)]
    assert "Scan the label on the box" in names
    assert not any("Stage" in name for name in names)


def test_a_place_label_opening_a_paragraph_is_no_step() -> None:
    graph = read(
        "## Parcels\n\n"
        "**Stage 2: If the parcel is damaged, photograph the box.**\n\n"
        "**Stage 3: Scan the label.**\n"
    )
    assert all("Stage" not in step.name for step in graph.steps)
    assert branches(graph, "damaged")["yes"] == "Photograph the box"


def test_a_leading_condition_without_its_comma_is_split_before_the_pronoun() -> None:
    graph = read(
        "## Drafts\n\n"
        "If you are picked as a judge you get notified in the channel.\n\n"
        "Read the rules.\n"
    )
    decisions = [s.name for s in graph.steps if s.kind == "decision"]
    assert decisions == ["You are picked as a judge?"]


def test_at_mention_is_the_verb_mention() -> None:
    graph = read("## Tickets\n\n1. Open a ticket.\n2. @-mention the owner in the ticket.\n")
    assert "Mention the owner in the ticket" in [name for name, _actor in tasks(graph)]


def test_an_item_opened_by_or_is_an_instruction() -> None:
    graph = read("## Volunteers\n\n- Use the list.\n- Or solicit helpers outside the list.\n")
    assert "Solicit helpers outside the list" in [name for name, _actor in tasks(graph)]


def test_plural_noun_before_to_and_a_verb_after_and_is_the_next_action() -> None:
    graph = read(
        "## Rounds\n\n"
        "The inspector walks around the site and checks to see if the gates are locked.\n"
    )
    assert ("Check", "Inspector") in tasks(graph)


def test_an_instruction_tagged_as_a_gerund_keeps_its_word() -> None:
    graph = read("## Badges\n\nTo get the badge printed, ping the front desk on the channel.\n")
    assert "Ping the front desk on the channel" in [name for name, _actor in tasks(graph)]


def test_let_someone_know_is_one_step_whatever_the_tag() -> None:
    graph = read(
        "## Reviews\n\n"
        "Then let the alleged offender know what actions will be taken against them.\n"
    )
    names = [name for name, _actor in tasks(graph)]
    assert "Let the alleged offender know" in names
    assert "Let" not in names


def test_a_meeting_chair_is_a_role() -> None:
    graph = read(
        "## Board\n\n"
        "Before each board meeting, the meeting chair will circulate the minutes. During the "
        "meeting, the chair ensures that someone keeps time.\n"
    )
    assert tasks(graph) == [
        ("Circulate the minutes", "Meeting Chair"),
        ("Ensure that someone keeps time", "Chair"),
    ]


def test_a_good_opportunity_to_do_something_is_the_action_advised() -> None:
    graph = read(
        "## Coaching\n\n"
        "The coach meets the player every month. At the first meeting, this is a good "
        "opportunity to agree the training goals.\n"
    )
    assert "Agree the training goals" in [name for name, _actor in tasks(graph)]


def test_a_sentence_starting_with_a_misread_imperative_is_procedural() -> None:
    graph = read("## Launch\n\n**Stage 5: Announce the release.**\n\nCelebrate publication!\n")
    assert "Celebrate publication!" in [name for name, _actor in tasks(graph)]


def test_having_a_conversation_is_an_action() -> None:
    graph = read(
        "## Mentoring\n\nThe mentor reads the report and has a conversation with the student.\n"
    )
    assert ("Have a conversation with the student", "Mentor") in tasks(graph)


def test_say_thank_you_is_one_step() -> None:
    graph = read("## Tickets\n\n- Close the ticket.\n- Say thank you to the customer.\n")
    assert [name for name, _actor in tasks(graph)] == [
        "Close the ticket",
        "Say thank you to the customer",
    ]


def test_a_bare_verb_joined_to_a_passive_goes_with_the_modal_verb_above_it() -> None:
    graph = read(
        "## Pensions\n\n"
        "All supervisors should check whether each new starter was enrolled in the right "
        "pension plan and sign the enrolment form.\n"
    )
    assert ("Sign the enrolment form", "Supervisors") in tasks(graph)


def test_an_infinitive_on_the_object_is_part_of_the_step() -> None:
    graph = read(
        "## Committee\n\n"
        "Each year, the committee appoints a chair to run the meetings. The members meet in May.\n"
    )
    assert ("Appoint a chair to run the meetings", "Committee") in tasks(graph)
