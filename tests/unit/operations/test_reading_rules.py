"""Layout rules from the sixth blind set of real procedures (issue 15), each tested on other
wording: fenced code blocks, a "responsible for" line that names the duties itself, a label that
is an instruction, and headings that say whose information follows."""

from __future__ import annotations

import pytest

from symphainy.operations.nlp import pipeline
from symphainy.operations.nlp.actors import role_name
from tests.unit.operations.test_linguistic_rules import read, tasks

pytestmark = pytest.mark.skipif(pipeline.load() is None, reason="English parser not installed")


def test_a_fenced_block_after_a_colon_ends_the_sentence() -> None:
    graph = read(
        "## Pause\n\n"
        "Next, tell the scheduler to pause the queue:\n\n"
        "```shell\nqueue pause main\n```\n\n"
        "Once it returns, you can restart the worker.\n"
    )
    names = [name for name, _actor in tasks(graph)]
    assert "Tell the scheduler to pause the queue" in names
    assert "Restart the worker" in names


def test_the_commands_of_a_fenced_block_name_no_role() -> None:
    graph = read(
        "## Rotate the key\n\n"
        "First, stop the agent:\n\n"
        "```bash\nsystemctl stop agent\n```\n\n"
        "When it has stopped, replace the key file.\n"
    )
    assert {actor for _name, actor in tasks(graph)} == {None}


def test_a_one_line_fenced_block_inside_a_sentence_is_its_object() -> None:
    graph = read(
        "## Reload\n\n"
        "After editing the file you must run\n\n"
        "```\nnginx -s reload\n```\n"
        "so that the server reads it again.\n"
    )
    assert ("Run “nginx -s reload”", None) in tasks(graph)


def test_responsible_for_line_naming_its_duties_gives_them_and_the_list_its_role() -> None:
    graph = read(
        "## Samples\n\n"
        "Tenants are responsible for registering their samples with the curator and for "
        "returning them:\n\n"
        "- Pack each sample in a sealed bag.\n"
        "- Write the catalogue number on the bag.\n"
    )
    found = dict(tasks(graph))
    assert found["Pack each sample in a sealed bag"] == "Tenants"
    assert found["Write the catalogue number on the bag"] == "Tenants"
    assert any(actor == "Tenants" and "register" in name.lower() for name, actor in found.items())


def test_a_label_that_is_an_instruction_is_no_role() -> None:
    assert role_name("Check the list of approvers") is None
    assert role_name("Open the ticket") is None
    assert role_name("US Teammates") == "US Teammates"
    graph = read(
        "## Approvals\n\n"
        "1. The clerk prepares the file.\n"
        "   - Check the list of approvers: call the first one or email the second one\n"
    )
    assert all(actor != "Check The List of Approvers" for _name, actor in tasks(graph))


def test_information_for_a_role_heading_gives_the_section_that_role() -> None:
    assert role_name("Travel information for visiting researchers", heading=True) == (
        "Visiting Researcher"
    )
    graph = read(
        "## Information for new volunteers\n\n"
        "- Collect your badge at the desk.\n"
        "- Read the safety leaflet.\n"
    )
    assert {actor for _name, actor in tasks(graph)} == {"New Volunteer"}


def test_inline_code_of_several_words_is_one_object() -> None:
    graph = read("## Bot\n\n- Use `@bot start review` in the thread.\n- Close the issue.\n")
    names = [name for name, _actor in tasks(graph)]
    assert names[0].startswith("Use “@bot start review”")
    assert "Review" not in names
