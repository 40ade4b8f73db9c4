"""A graph proposed as JSON (by an LLM, later) is validated before anything is saved."""

from __future__ import annotations

from typing import Any

import pytest

from symphainy.core.errors import Invalid
from symphainy.operations.service import accept_proposal
from symphainy.operations.service_types import Proposal
from tests.unit.operations.test_graph import VALID


def _proposer(graph: Any) -> Any:
    def propose(title: str, sections: list[dict[str, Any]]) -> Proposal:
        assert sections and title
        return Proposal(graph=graph, model="test-model-1")

    return propose


SECTIONS = [{"title": "Procedure", "text": "1. Check the invoice."}]


def test_a_valid_proposal_is_accepted_and_names_its_model() -> None:
    graph, model = accept_proposal(_proposer(VALID), "Invoices", SECTIONS)
    assert model == "test-model-1"
    assert [s.id for s in graph.steps] == ["start", "a", "d", "b", "end"]


@pytest.mark.parametrize(
    "bad",
    [
        {
            "title": "x",
            "steps": [
                {"id": "start", "name": "Start", "kind": "start", "next": [{"to": "nowhere"}]}
            ],
        },
        {"title": "x", "steps": "not a list"},
        "a paragraph instead of JSON",
        {
            "title": "x",
            "steps": [
                {"id": "start", "name": "Start", "kind": "start", "next": [{"to": "a"}]},
                {"id": "a", "name": "Loop", "next": [{"to": "a"}]},
                {"id": "end", "name": "End", "kind": "end"},
            ],
        },
    ],
)
def test_an_invalid_proposal_is_rejected_with_the_reason(bad: Any) -> None:
    with pytest.raises(Invalid) as caught:
        accept_proposal(_proposer(bad), "Invoices", SECTIONS)
    assert "test-model-1" in caught.value.detail and "not saved" in caught.value.detail
    assert caught.value.extra["errors"]
