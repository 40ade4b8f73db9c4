"""Document structure and roles read from the layout (rules from the second blind set of real
procedures, issue 15): reStructuredText lists, headings and inline markup, "X is responsible
for:" lead-ins, role labels opening an item or paragraph, "If so" after a question, and plural
topic headings that name no role."""

from __future__ import annotations

import pytest

from symphainy.operations.nlp import pipeline
from symphainy.operations.nlp.actors import role_name
from symphainy.operations.reading import sections_from_text
from symphainy.operations.reading_lines import plain_text, read_lines
from tests.unit.operations.test_linguistic_rules import branches, read, tasks

pytestmark = pytest.mark.skipif(pipeline.load() is None, reason="English parser not installed")


def test_restructuredtext_auto_numbered_list_is_read_as_numbered_steps() -> None:
    text = (
        "Vulnerability process\n"
        "=====================\n\n"
        "#. The security team acknowledges the report.\n"
        "#. The security team assigns a CVE identifier.\n"
        "#. The release manager publishes a patch release.\n"
    )
    sections = sections_from_text(text)
    assert [s["title"] for s in sections if s["title"]] == ["Vulnerability process"]
    graph = read(text)
    names = [name for name, _actor in tasks(graph)]
    assert names == [
        "Acknowledge the report",
        "Assign a CVE identifier",
        "Publish a patch release",
    ]


def test_setext_underline_makes_a_heading_not_a_step() -> None:
    sections = sections_from_text("Release steps\n-------------\n\n1. Tag the release.\n")
    assert sections[-1]["title"] == "Release steps"
    assert "-----" not in sections[-1]["text"]


def test_a_sentence_over_a_rule_stays_text() -> None:
    sections = sections_from_text("The clerk files the form.\n---\n")
    assert all(s["title"] != "The clerk files the form." for s in sections)


def test_restructuredtext_inline_markup_keeps_only_the_words() -> None:
    assert plain_text("See `this post <https://x.org/p>`_ by M.") == "See this post by M."
    assert plain_text("close it (:ref:`an example <saved_replies>`).") == "close it (an example)."
    assert plain_text("The workflow [1]_ is good") == "The workflow is good"
    assert plain_text("tag ``sklearn.linear_model`` when") == "tag sklearn.linear_model when"


def test_responsible_for_lead_in_gives_the_list_its_role() -> None:
    graph = read(
        "## Offboarding\n\n"
        "Prior to the last day, the People Partner is responsible for:\n\n"
        "- Scheduling the profile termination\n"
        "- Sending the exit survey\n\n"
        "The Payroll team is responsible for:\n\n"
        "- Scheduling the final paycheck\n"
    )
    assert tasks(graph) == [
        ("Schedule the profile termination", "People Partner"),
        ("Send the exit survey", "People Partner"),
        ("Schedule the final paycheck", "Payroll Team"),
    ]


def test_role_label_opening_an_item_or_paragraph_is_its_actor() -> None:
    graph = read(
        "- **US Teammates:** Log the leave dates in Tilt.\n\n"
        "**Non-US Teammates:** Log the leave dates in the PTO tool.\n"
    )
    assert tasks(graph) == [
        ("Log the leave dates in Tilt", "US Teammates"),
        ("Log the leave dates in the PTO tool", "Non-US Teammates"),
    ]


def test_label_that_names_no_role_stays_in_the_item() -> None:
    [unit] = read_lines(["- Weekly: check the backups."], "", None)
    assert (unit.text, unit.actor) == ("Weekly: check the backups.", None)


def test_if_so_after_a_question_is_its_yes_branch() -> None:
    graph = read(
        "1. Is this a usage question? If so close it with a polite message.\n"
        "2. Add the relevant labels.\n"
    )
    ways = branches(graph, "usage question")
    assert ways["yes"] == "Close it with a polite message"
    assert ways["no"] == "Add the relevant labels"


def test_question_answered_in_the_same_item_goes_on_to_the_next_item() -> None:
    graph = read("1. Is the form complete? File it.\n2. Add the relevant labels.\n")
    ways = branches(graph, "form complete")
    assert ways == {"yes": "File it", "no": "Add the relevant labels"}


def test_plural_topic_heading_names_no_role() -> None:
    assert role_name("Services", heading=True) is None
    assert role_name("IT Services", heading=True) == "IT Services"
    assert role_name("Security team", heading=True) == "Security Team"


def test_paragraph_after_an_item_does_not_run_into_it() -> None:
    lines = [
        "#. Thank the reporter for opening an issue",
        "",
        "   The issue tracker is many people's first interaction with the",
        "   project itself. We want it to be welcoming.",
        "",
        "#. Add the relevant labels.",
    ]
    units = read_lines(lines, "", None)
    assert units[0].text == "Thank the reporter for opening an issue"
    assert units[1].text.startswith("The issue tracker is many people's first interaction with the")


def test_one_word_instruction_between_sentences_is_a_step() -> None:
    graph = read("Add the bacteria to the tube. Mix. Store the tube at room temperature.")
    assert [name for name, _actor in tasks(graph)] == [
        "Add the bacteria to the tube",
        "Mix",
        "Store the tube at room temperature",
    ]


def test_role_heading_gives_its_role_to_the_sections_under_it() -> None:
    graph = read(
        "## Role: Scribe\n\n"
        "### Description\n\n"
        "A Scribe documents the timeline and makes sure decisions are captured.\n\n"
        "### Duties\n\n"
        "1. Ensure the incident call is being recorded.\n"
        "2. Note the key actions in the chat.\n\n"
        "## Escalation\n\n"
        "1. Page the on-call engineer.\n"
    )
    assert tasks(graph) == [
        ("Ensure the incident call is being recorded", "Scribe"),
        ("Note the key actions in the chat", "Scribe"),
        ("Page the on-call engineer", None),
    ]


def test_description_section_is_context() -> None:
    graph = read("## Description\n\nThe clerk keeps the files.\n\n## Steps\n\n1. File the form.\n")
    assert [name for name, _actor in tasks(graph)] == ["File the form"]


_RST_RUNBOOK = """1. Prepare the release commit
-----------------------------

Checkout the branch for the release and clean the repository::

    $ git checkout maintenance/1.21.x
    $ git clean -xdfq

Sanity check::

    $ python3 runtests.py -m "full"

Tag the release and push the tag.

2. Build wheels
---------------

Download the wheels from the staging directory.
"""


def test_numbered_rst_titles_group_steps_and_literal_blocks_are_not_words_of_steps() -> None:
    graph = read(_RST_RUNBOOK)
    assert tasks(graph) == [
        ("Checkout the branch for the release", None),
        ("Clean the repository", None),
        ("Sanity check", None),
        ("Tag the release", None),
        ("Push the tag", None),
        ("Download the wheels from the staging directory", None),
    ]
    sources = [s.source.section for s in graph.steps if s.kind == "task" and s.source]
    assert sources[0] == "1. Prepare the release commit"
    assert sources[-1] == "2. Build wheels"
