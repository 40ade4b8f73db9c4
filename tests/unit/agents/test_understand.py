"""Decisions read from the whole message before any tool is matched by resemblance."""

from __future__ import annotations

import pytest

from symphainy.agents import understand
from symphainy.agents.artefacts import FileRef
from symphainy.agents.tools import tools_for

JOURNEY = understand.Journey(
    files=[
        FileRef("p", "penguins.csv", "dataset", "ready", ("species", "island", "body_mass_g")),
        FileRef("w", "seattle-weather.csv", "dataset", "ready", ("date", "temp_max", "weather")),
        FileRef("r", "incident-runbook.md", "document", "ready"),
    ],
    values={"p": {"species": ["Adelie", "Gentoo"]}, "w": {"weather": ["rain", "sun"]}},
)


@pytest.mark.parametrize(
    ("message", "args"),
    [
        ("which datasets are in this journey?", {"kind": "dataset"}),
        ("list my datasets", {"kind": "dataset"}),
        ("what files do I have", {}),
        ("what files have I uploaded so far?", {}),
        ("can you show me all the documents", {"kind": "document"}),
    ],
)
def test_asking_what_the_journey_holds_lists_its_files(message: str, args: dict[str, str]) -> None:
    found = understand.decide(message, "guide", tools_for("guide"), JOURNEY, None)
    assert found.kind == "tool" and found.tool is not None
    assert (found.tool.name, found.args) == ("list_files", args)


@pytest.mark.parametrize(
    "message",
    [
        "which datasets have missing values?",
        "which files mention the incident commander?",
        "what files failed to parse?",
        "which dataset has the worst quality?",
    ],
)
def test_a_question_about_the_files_contents_is_not_a_listing(message: str) -> None:
    assert understand._file_listing(message, tools_for("guide")) is None
