"""Two conditions on one action (from the sixth blind set of real procedures, issue 15),
tested on other wording: the second is asked on the first one's way in."""

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
