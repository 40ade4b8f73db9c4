"""The offline engine picks the right tool and arguments for realistic requests."""

from __future__ import annotations

import pytest

from symphainy.agents import intent
from symphainy.agents.tools import tools_for
from tests.unit.agents.request_table import FILES, NAMED, ROWS, TODAY, UNCLEAR, Row


def test_the_table_covers_the_four_pillars_with_forty_requests() -> None:
    assert len(ROWS) >= 40
    assert {r.agent for r in ROWS} == {"guide", "content", "insights", "operations", "outcomes"}


@pytest.mark.parametrize("row", ROWS, ids=[r.message for r in ROWS])
def test_request_means_the_right_tool_and_arguments(row: Row) -> None:
    found = intent.understand(row.message, tools_for(row.agent), row.agent, FILES, TODAY, NAMED)
    assert found is not None, "not understood"
    assert found.tool.name == row.tool, found.alternatives
    for key, value in row.args.items():
        assert found.args.get(key) == value, (key, found.args)


@pytest.mark.parametrize(("agent", "message"), UNCLEAR)
def test_requests_no_tool_fits_are_not_forced_onto_one(agent: str, message: str) -> None:
    assert intent.understand(message, tools_for(agent), agent, FILES, TODAY, NAMED) is None
