"""Conditions from the sixth blind set of real procedures (issue 15), tested on other wording:
two conditions on one action, and a negated condition that is not a bare "if they are not"."""

from __future__ import annotations

import pytest

from symphainy.operations.nlp import pipeline
from tests.unit.operations.test_linguistic_rules import branches, read

pytestmark = pytest.mark.skipif(pipeline.load() is None, reason="English parser not installed")


def test_second_condition_on_one_action_is_asked_on_the_first_ones_yes() -> None:
    graph = read(
        "## Keys\n\n"
        "If the office is closed, return the key to the porter unless the porter has left.\n\n"
        "Sign the log.\n"
    )
    assert branches(graph, "office is closed") == {
        "yes": "The porter has left?",
        "no": "Sign the log",
    }
    assert branches(graph, "porter has left") == {
        "no": "Return the key to the porter",
        "yes": "Sign the log",
    }


def test_a_negated_condition_with_more_words_is_no_otherwise() -> None:
    graph = read(
        "## Care\n\n"
        "The resident arrives. If they do not want to talk to you, then refer them to the "
        "duty nurse.\n"
    )
    assert branches(graph, "do not want to talk")["yes"] == "Refer them to the duty nurse"
