"""The chat's ask_data tool shows the parser's own readings as buttons when it asks back."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from symphainy.agents import tools_insights
from symphainy.agents.tools_insights import AskArgs, ask_data

ASKED_BACK: dict[str, Any] = {
    "answered": False,
    "answer": "I did not understand 'heft'.",
    "method": "deterministic",
    "clarification": {
        "understood": "average",
        "not_understood": ["heft"],
        "choices": [
            {
                "question": "average Weight_in_lbs of cars",
                "interpretation": "average of Weight_in_lbs",
            },
            {"question": "average Horsepower of cars", "interpretation": "average of Horsepower"},
        ],
        "question_back": "I did not understand 'heft'.",
    },
    "examples": ["average Horsepower by Origin"],
}


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    file = SimpleNamespace(id="f1", display_name="cars.csv")
    monkeypatch.setattr(tools_insights, "_dataset_file", lambda ctx, ref, text="": file)
    monkeypatch.setattr(tools_insights.content, "datasets_of", lambda session, f: [])
    result: dict[str, Any] = {}
    monkeypatch.setattr(tools_insights.service, "ask", lambda *a: result)
    return result


def _ctx() -> Any:
    return SimpleNamespace(session=None, runtime=None, principal=None, journey=None)


def test_a_question_back_offers_the_parsers_readings_as_choices(asked: dict[str, Any]) -> None:
    asked.update(ASKED_BACK)
    out = ask_data(_ctx(), AskArgs(question="average heft of cars"))
    [card] = out.cards
    assert card["type"] == "choices"
    assert card["title"] == "I did not understand 'heft'."
    assert card["choices"] == [
        {"label": "average Weight_in_lbs of cars", "message": "average Weight_in_lbs of cars"},
        {"label": "average Horsepower of cars", "message": "average Horsepower of cars"},
    ]
    assert not any(f.startswith("try:") for f in out.facts)  # no generic examples instead
    assert out.data["answered"] is False


def test_without_readings_the_generic_examples_remain(asked: dict[str, Any]) -> None:
    asked.update({**ASKED_BACK, "clarification": {**ASKED_BACK["clarification"], "choices": []}})
    out = ask_data(_ctx(), AskArgs(question="average heft of cars"))
    assert out.cards == []
    assert out.facts == ["try: average Horsepower by Origin"]
