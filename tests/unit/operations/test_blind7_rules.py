"""Rules from the seventh blind set's actor misses (issue 15), each on other wording: a lead-in
"X has the following duties:" over a list, an opening sentence that tells the reader which role
the steps are for ("To act as X, follow …"), the role words DRI and captain, "it is best to V"
as an instruction rather than a step of the last actor, "direct X to V … and V" as the
director's two steps, a label before a colon (which the parser made a second subject) as no
subject, "X can V …. To V …, do Y" as X's instructions (a known blind-6 miss), a subject written
without its article ("Help desk opens …") as a subject; and one task name: "Make sure X …"
without "that" keeps what is made sure of."""

from __future__ import annotations

import pytest

from symphainy.operations.nlp import pipeline
from symphainy.operations.nlp.actors import role_name
from tests.unit.operations.test_linguistic_rules import read, tasks

pytestmark = pytest.mark.skipif(pipeline.load() is None, reason="English parser not installed")


def test_has_the_following_duties_lead_in_gives_the_list_its_role() -> None:
    graph = read(
        "## Release\n\n"
        "The release captain has the following duties:\n\n"
        "1. Freeze the main branch.\n"
        "2. Announce the code freeze.\n"
    )
    assert tasks(graph) == [
        ("Freeze the main branch", "Release Captain"),
        ("Announce the code freeze", "Release Captain"),
    ]


def test_opening_sentence_naming_the_readers_role_gives_it_to_the_sections_under_it() -> None:
    graph = read(
        "# Handling a billing dispute\n\n"
        "## Process\n\n"
        "When acting as the billing coordinator on a dispute, follow these steps.\n\n"
        "### Step 1: Intake\n\n"
        "- Log the dispute in the tracker.\n"
        "- The account manager calls the customer.\n\n"
        "### Step 2: Resolution\n\n"
        "- Issue the credit note.\n"
    )
    assert ("Log the dispute in the tracker", "Billing Coordinator") in tasks(graph)
    assert ("Call the customer", "Account Manager") in tasks(graph)
    assert ("Issue the credit note", "Billing Coordinator") in tasks(graph)


def test_a_purpose_that_names_no_role_gives_none() -> None:
    graph = read(
        "## Process\n\n"
        "To work as quickly as possible on a dispute, use the following steps.\n\n"
        "### Step 1\n\n"
        "- Log the dispute in the tracker.\n"
    )
    assert ("Log the dispute in the tracker", None) in tasks(graph)


def test_dri_and_captain_are_roles() -> None:
    assert role_name("Release DRI") == "Release DRI"
    assert role_name("Release Captain") == "Release Captain"


def test_it_standing_for_the_infinitive_is_no_one_named_before() -> None:
    graph = read(
        "The clerk files the form. When this happens, it is best to notify the auditor. "
        "It is a good idea to keep a copy."
    )
    assert tasks(graph) == [
        ("File the form", "Clerk"),
        ("Notify the auditor", None),
        ("Keep a copy", None),
    ]


def test_it_that_gives_the_infinitive_to_a_role_still_does() -> None:
    graph = read("The clerk files the form. It is up to the manager to approve it.")
    assert tasks(graph) == [("File the form", "Clerk"), ("Approve it", "Manager")]


def test_make_sure_without_that_keeps_what_is_made_sure_of() -> None:
    assert tasks(read("Make sure the manager knows the date.")) == [
        ("Make sure the manager knows the date", None)
    ]


def test_directing_someone_to_act_is_one_step_and_the_next_action_is_the_directors() -> None:
    graph = read(
        "The clerk should direct the visitor to sign the register at the gate and tell the "
        "guard the visitor's name."
    )
    assert tasks(graph) == [
        ("Direct the visitor to sign the register at the gate", "Clerk"),
        ("Tell the guard the visitor's name", "Clerk"),
    ]


def test_a_label_before_a_colon_is_not_the_subject() -> None:
    graph = read(
        "1. Purchase orders over the limit (vs small ones): finance team reviews each order.\n"
    )
    assert tasks(graph) == [("Review each order", "Finance Team")]


def test_instructions_for_what_a_role_can_do_are_that_roles() -> None:
    graph = read(
        "## Refunds\n\n"
        "Account managers can approve a refund for their customers. To approve a refund, open "
        "the billing console. Enter the amount and the reason.\n\n"
        "## Reports\n\n"
        "To close the month, send the report.\n"
    )
    assert tasks(graph)[1:] == [
        ("Open the billing console", "Account Managers"),
        ("Enter the amount and the reason", "Account Managers"),
        ("Send the report", None),
    ]


def test_subject_without_its_article_is_not_read_as_an_imperative() -> None:
    graph = read("1. Help desk opens a ticket.\n2. Help the customer find the form.\n")
    assert tasks(graph) == [
        ("Open a ticket", "Help Desk"),
        ("Help the customer find the form", None),
    ]
