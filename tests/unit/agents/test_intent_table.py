"""The offline engine picks the right tool and arguments for realistic requests.

The request table is the project's own regression set (the held-out figure comes from
``benchmarks/chat_benchmark.py``); it goes through the same decision the chat makes
(``agents.understand.decide``), with the table's journey.
"""

from __future__ import annotations

import pytest

from symphainy.agents import understand, wording
from symphainy.agents.tools import tools_for
from tests.unit.agents.request_table import FILES, NAMED, ROWS, TODAY, UNCLEAR, Row

JOURNEY = understand.Journey(files=FILES, values={}, named=NAMED, today=TODAY)
NAMES = {f.id: f.name for f in FILES}


def test_the_table_covers_the_four_pillars_with_forty_requests() -> None:
    assert len(ROWS) >= 40
    assert {r.agent for r in ROWS} == {"guide", "content", "insights", "operations", "outcomes"}


@pytest.mark.parametrize("row", ROWS, ids=[r.message for r in ROWS])
def test_request_means_the_right_tool_and_arguments(row: Row) -> None:
    found = understand.decide(row.message, row.agent, tools_for(row.agent), JOURNEY, None)
    if row.tool in ("help", "clarify", "decline"):
        assert found.kind == row.tool, found
        return
    assert found.tool is not None and found.tool.name == row.tool, found
    if found.kind == "clarify":
        # No file named and several fit: the answer asks which, offering each as a choice.
        assert "file" not in row.args and len(found.choices) > 1, found
        return
    assert found.kind == "tool", found
    args = {k: NAMES.get(v, v) if k.endswith("file") else v for k, v in found.args.items()}
    for key, value in row.args.items():
        if key == "question":
            # Insights gets the question without the words that only named its file.
            ref = next(f for f in FILES if f.id == found.args["file"])
            value = wording.question_for(value, ref, JOURNEY)
        assert args.get(key) == value, (key, args)


@pytest.mark.parametrize(("agent", "message"), UNCLEAR)
def test_requests_no_tool_fits_are_not_forced_onto_one(agent: str, message: str) -> None:
    found = understand.decide(message, agent, tools_for(agent), JOURNEY, None)
    assert found.kind in ("decline", "clarify"), found
