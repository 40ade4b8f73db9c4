"""Validation rules every graph passes before it is saved, whoever proposed it."""

from __future__ import annotations

from typing import Any

import pytest

from symphainy.operations.graph import GraphError, from_json


def _graph(steps: list[dict[str, Any]]) -> dict[str, Any]:
    return {"title": "Proposed", "steps": steps}


VALID = _graph(
    [
        {"id": "start", "name": "Start", "kind": "start", "next": [{"to": "a"}]},
        {"id": "a", "name": "Check the invoice", "actor": "Clerk", "next": [{"to": "d"}]},
        {
            "id": "d",
            "name": "Amount above 5,000?",
            "kind": "decision",
            "actor": "Clerk",
            "next": [{"to": "b", "condition": "yes"}, {"to": "end", "condition": "no"}],
        },
        {"id": "b", "name": "Approve the invoice", "actor": "Manager", "next": [{"to": "end"}]},
        {"id": "end", "name": "End", "kind": "end"},
    ]
)


def test_a_valid_proposal_is_accepted_with_derived_lists() -> None:
    graph = from_json(VALID)
    assert [a.name for a in graph.actors] == ["Clerk", "Manager"]
    assert graph.decisions[0].branches[0].condition == "yes"
    assert graph.handoffs[0].from_actor == "Clerk" and graph.handoffs[0].to_actor == "Manager"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda s: s[1]["next"].__setitem__(0, {"to": "ghost"}), "does not exist"),
        (
            lambda s: s.append(
                {"id": "start2", "name": "Again", "kind": "start", "next": [{"to": "a"}]}
            ),
            "exactly one start",
        ),
        (lambda s: s.pop(), "needs an end"),
        (
            lambda s: (
                s[3].__setitem__("next", [{"to": "a"}]),
                s[2].__setitem__(
                    "next", [{"to": "b", "condition": "yes"}, {"to": "a", "condition": "no"}]
                ),
            ),
            "cycle with no way out",
        ),
        (
            lambda s: s.insert(3, {"id": "orphan", "name": "Lost", "next": [{"to": "end"}]}),
            "no path from the start",
        ),
        (lambda s: s[2].__setitem__("next", [{"to": "b"}]), "at least two branches"),
        (lambda s: s[1].__setitem__("next", [{"to": "d"}, {"to": "b"}]), "exactly one next step"),
    ],
)
def test_invalid_proposals_are_rejected_naming_the_problem(change: Any, message: str) -> None:
    import copy

    data = copy.deepcopy(VALID)
    change(data["steps"])
    with pytest.raises(GraphError) as caught:
        from_json(data)
    assert message in str(caught.value)


def test_malformed_json_shapes_are_rejected() -> None:
    with pytest.raises(GraphError):
        from_json(["not", "an", "object"])
    with pytest.raises(GraphError) as caught:
        from_json({"steps": [{"id": "1 bad id", "name": "x"}]})
    assert "steps.0.id" in str(caught.value)
    with pytest.raises(GraphError):
        from_json({"steps": [{"id": "a", "name": "x", "kind": "sometimes"}]})
