"""Document structure from the fourth blind set of real procedures (issue 15): HTML tables and
lists pasted into Markdown, a table column that names who does each row, headings that name a
role ("Responsibilities of the …", "Instructions for … receiving …"), and a Participants table
written as label and value."""

from __future__ import annotations

import pytest

from symphainy.operations.nlp import pipeline
from symphainy.operations.reading_html import flow, html_segments
from tests.unit.operations.test_linguistic_rules import branches, read, tasks

pytestmark = pytest.mark.skipif(pipeline.load() is None, reason="English parser not installed")


def test_html_list_items_become_bullets_and_tags_go() -> None:
    assert flow("<p>Before you start:</p><ul><li> Lock the door\n<li>Switch off the pump</ul>") == (
        "Before you start:\n\n- Lock the door\n- Switch off the pump"
    )


def test_a_table_row_with_a_short_name_beside_the_passage_is_done_by_that_name() -> None:
    text = (
        "## Receiving goods\n\n<table>\n<tr>\n<td>When the parcel arrives, we check the delivery "
        "note against the order and store the parcel.</td>\n<td>Warehouse Clerk</td>\n</tr>\n"
        "<tr>\n<td>Afterwards the invoice is matched against the order and it is paid within "
        "thirty days.</td>\n<td>Accounts Payable Team</td>\n</tr>\n</table>\n"
    )
    segments = html_segments(text)
    assert [s.actor for s in segments if s.actor] == ["Warehouse Clerk", "Accounts Payable Team"]
    found = tasks(read(text))
    assert ("Store the parcel", "Warehouse Clerk") in found
    assert any(actor == "Accounts Payable Team" and "invoice" in name for name, actor in found)


def test_a_table_without_a_name_column_is_only_text() -> None:
    text = (
        "<table><tr><td>Open the valve slowly.</td>"
        "<td>Close it after ten minutes.</td></tr></table>"
    )
    assert [s.actor for s in html_segments(text)] == [None]
    assert [name for name, _actor in tasks(read(text))] == [
        "Open the valve slowly",
        "Close it after ten minutes",
    ]


def test_a_heading_naming_whose_duties_follow_gives_them_that_role() -> None:
    graph = read(
        "## Duties of the DPO\n\n1. Reviews each breach report.\n2. Notifies the regulator.\n\n"
        "## Guidance for reviewers handling an appeal\n\nRead the file and write a short opinion.\n"
    )
    found = tasks(graph)
    assert ("Notify the regulator", "DPO") in found
    assert ("Write a short opinion", "Reviewer") in found


def test_a_participants_row_written_as_label_and_value_gives_the_first_role() -> None:
    graph = read(
        "### 3. Release\n\nThe build is signed and uploaded.\n\n|  |  |\n|---|---|\n"
        "| Participants | Release manager, QA lead |\n| Input | Build |\n"
    )
    assert ("Upload the build", "Release Manager") in tasks(graph)


def test_a_participle_saying_what_becomes_of_the_object_stays_in_the_name() -> None:
    assert tasks(read("You will need to get the permit approved by the city.")) == [
        ("Get the permit approved by the city", None)
    ]
    assert tasks(read("Keep the vials sealed until the audit.")) == [
        ("Keep the vials sealed until the audit", None)
    ]


def test_a_heading_in_capitals_is_a_topic_not_a_lane() -> None:
    from symphainy.operations.nlp.actors import role_name

    assert role_name("SHIPPING", heading=True) is None
    assert role_name("NEW EMPLOYEES", heading=True) is None
    assert role_name("New employees", heading=True) == "New Employees"
    assert role_name("HR TEAM", heading=True) == "HR TEAM"  # short words: an acronym's unit


def test_a_bullet_back_at_the_margin_is_no_sub_item_of_the_bullet_before() -> None:
    graph = read(
        "- Useful numbers:\n  - Front desk: 1234\n- If a sample is spilled:\n\n"
        "  1. Cover the spill with towels.\n  2. Call the safety officer.\n"
    )
    assert [s.name for s in graph.steps if s.kind == "decision"] == ["A sample is spilled?"]


def test_a_lead_in_naming_the_situation_is_its_condition() -> None:
    graph = read(
        "What to do when the freezer fails:\n\n1. Move the samples.\n2. Call facilities.\n"
    )
    decisions = [s.name for s in graph.steps if s.kind == "decision"]
    assert decisions == ["The freezer fails?"]
    assert branches(graph, "The freezer fails?")["yes"] == "Move the samples"


def test_restructuredtext_notes_are_asides_and_warnings_are_read() -> None:
    text = (
        "- Label the tube.\n\n.. note:: Labels are kept in the top drawer.\n\n"
        ".. warning:: Wear safety goggles.\n\n"
        ".. image:: tube.png\n   :alt: Open the lid slowly\n\n- Spin the tube.\n"
    )
    assert [name for name, _actor in tasks(read(text))] == [
        "Label the tube",
        "Wear safety goggles",
        "Spin the tube",
    ]


def test_a_place_on_a_form_before_an_instruction_is_no_part_of_the_step() -> None:
    graph = read(
        "- Page 2 / Box 7: Enter the supplier's tax number.\n- Section IV: Sign the declaration.\n"
    )
    assert tasks(graph) == [
        ("Enter the supplier's tax number", None),
        ("Sign the declaration", None),
    ]
