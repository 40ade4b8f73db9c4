"""What a sentence does not ask anyone to do (issue 15, round 6): the "that" clause of a verb of
checking or knowing is what is checked, "feel free to / make sure to" carry the action after
them."""

from __future__ import annotations

import pytest

from symphainy.operations.nlp import pipeline
from tests.unit.operations.test_linguistic_rules import read, tasks

pytestmark = pytest.mark.skipif(pipeline.load() is None, reason="English parser not installed")


def test_that_clause_after_a_checking_verb_is_the_object_of_the_check() -> None:
    graph = read(
        "The clerk needs to check that the issue complies with the blue-sky laws of each state."
    )
    assert tasks(graph) == [
        ("Check that the issue complies with the blue-sky laws of each state", "Clerk")
    ]


def test_make_sure_that_is_one_step() -> None:
    graph = read("Make sure that the title accurately reflects the issue.")
    assert tasks(graph) == [("Make sure that the title accurately reflects the issue", None)]


def test_tracked_clause_keeps_its_own_actor_out_of_the_step() -> None:
    graph = read("Accounting will track that managers are approving invoices.")
    assert tasks(graph) == [("Track that managers are approving invoices", "Accounting")]


def test_a_that_clause_after_other_verbs_is_still_a_step() -> None:
    graph = read("The clerk tells the customer that the claim is paid. The clerk files the claim.")
    names = [name for name, _actor in tasks(graph)]
    assert names[-1] == "File the claim"
    assert not any(name.startswith("Track") for name in names)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Feel free to ask for the version.", "Ask for the version"),
        ("Make sure to return it.", "Return it"),
        ("Be sure to close the door.", "Close the door"),
    ],
)
def test_feel_free_and_make_sure_to_carry_the_action(text: str, expected: str) -> None:
    assert [name for name, _actor in tasks(read(text))] == [expected]


def test_question_asking_for_information_is_no_step() -> None:
    graph = read(
        "1. Fill out the leave form.\n"
        "2. What type of leave are you requesting?\n"
        "3. Are you taking leave consecutively or intermittently?\n"
        "4. Send the form to the People Team.\n"
    )
    assert [name for name, _actor in tasks(graph)] == [
        "Fill out the leave form",
        "Send the form to the People Team",
    ]
    assert not [s for s in graph.steps if s.kind == "decision"]


def test_yes_no_question_is_still_a_decision() -> None:
    graph = read("1. Is the form complete? File it.\n2. Send the form back.\n")
    assert [s.name for s in graph.steps if s.kind == "decision"] == ["Is the form complete?"]


def test_you_are_in_a_condition_names_no_addressee() -> None:
    graph = read(
        "If you are an exempt employee, record your hours weekly. Submit the timesheet to payroll."
    )
    assert all(actor is None for _name, actor in tasks(graph))


def test_you_are_the_role_still_names_the_addressee() -> None:
    graph = read("You are the incident commander. Open the bridge call.")
    assert tasks(graph) == [("Open the bridge call", "Incident Commander")]


def test_item_that_is_only_a_command_is_the_step_of_running_it() -> None:
    graph = read(
        "1. Stop MySQL.\n2. `sudo service mysql start`\n3. `mysql -u root -p`\n4. Check the logs.\n"
    )
    assert [name for name, _actor in tasks(graph)] == [
        "Stop MySQL",
        "Run sudo service mysql start",
        "Run mysql -u root -p",
        "Check the logs",
    ]


def test_participle_saying_what_a_state_shows_is_no_step() -> None:
    graph = read(
        "The status may be killed, indicating that Upstart has tried to kill MySQL but it is "
        "refusing to die. Remove the binlog files."
    )
    names = [name for name, _actor in tasks(graph)]
    assert names[-1] == "Remove the binlog files"
    assert not any(n.startswith(("Indicate", "Refuse", "Die", "Try")) for n in names)


def test_note_that_keeps_the_instruction_it_carries() -> None:
    graph = read("Please note that you must get an Authority to Operate.")
    assert any(name.startswith("Get an Authority") for name, _actor in tasks(graph))


def test_how_long_a_thing_takes_is_no_step() -> None:
    graph = read("The review usually takes two weeks. The clerk takes the form to the archive.")
    assert tasks(graph) == [("Take the form to the archive", "Clerk")]


def test_thanks_are_no_step_but_thanking_someone_is() -> None:
    graph = read("Thank you for improving the security of Ceph. Thank the reporter.")
    assert [name for name, _actor in tasks(graph)] == ["Thank the reporter"]


def test_what_someone_is_asked_to_do_is_part_of_the_asking_step() -> None:
    graph = read(
        "The help desk asks the user to take pictures of the screen. "
        "Encourage them to chime in on the original issue."
    )
    assert tasks(graph) == [
        ("Ask the user to take pictures of the screen", "Help Desk"),
        ("Encourage them to chime in on the original issue", None),
    ]


def test_needing_to_act_is_still_the_action() -> None:
    graph = read("The clerk needs to file the form.")
    assert tasks(graph) == [("File the form", "Clerk")]


def test_leading_purpose_is_no_step() -> None:
    graph = read(
        "To make best use of our resources, we use business cards sparingly. "
        "To initiate your request, submit the form."
    )
    assert [name for name, _actor in tasks(graph)] == [
        "Use business cards sparingly",
        "Submit the form",
    ]
