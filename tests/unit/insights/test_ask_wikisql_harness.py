"""The WikiSQL harness computes the gold answer as WikiSQL's engine does and judges strictly."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

PATH = Path(__file__).resolve().parents[3] / "benchmarks" / "ask" / "wikisql_benchmark.py"


@pytest.fixture(scope="module")
def harness() -> ModuleType:
    spec = importlib.util.spec_from_file_location("wikisql_benchmark", PATH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclass looks itself up there
    spec.loader.exec_module(module)
    return module


TABLE: dict[str, Any] = {
    "id": "1-1",
    "header": ["Player", "No.", "Points", "Team"],
    "types": ["text", "text", "real", "text"],
    "rows": [
        ["Antonio Lang", "21", "12", "Duke"],
        ["Voshon Lenard", "2", "30.5", "Minnesota"],
        ["Martin Lewis", "32, 44", "7", "Butler CC (KS)"],
        ["Art Long", "42", "n/a", "Duke"],
    ],
}


def sql(sel: int, agg: int = 0, *conds: tuple[int, int, Any]) -> dict[str, Any]:
    return {"sel": sel, "agg": agg, "conds": [list(c) for c in conds]}


def test_text_conditions_compare_lower_cased(harness: ModuleType) -> None:
    assert harness.gold(TABLE, sql(0, 0, (3, 0, "butler cc (ks)"))) == ["martin lewis"]
    assert harness.gold(TABLE, sql(0, 3, (3, 0, "DUKE"))) == [2]


def test_real_columns_compare_as_numbers(harness: ModuleType) -> None:
    assert harness.gold(TABLE, sql(0, 0, (2, 1, 10))) == ["antonio lang", "voshon lenard"]
    assert harness.gold(TABLE, sql(2, 1)) == [30.5]
    assert harness.gold(TABLE, sql(2, 5, (3, 0, "duke"))) == [12.0]  # n/a is no number


def test_no_matching_row_gives_an_empty_or_null_answer(harness: ModuleType) -> None:
    assert harness.gold(TABLE, sql(0, 0, (3, 0, "Iowa"))) == []
    assert harness.gold(TABLE, sql(2, 4, (3, 0, "Iowa"))) == [None]


def answered(*rows: list[Any]) -> dict[str, Any]:
    return {"answered": True, "evidence": {"rows": [list(r) for r in rows]}}


def test_judge_needs_one_column_with_exactly_the_gold_values(harness: ModuleType) -> None:
    assert harness.judge(["duke"], answered(["Duke"])) == "right"
    assert harness.judge(["duke", "iowa"], answered(["x", "Iowa"], ["y", "Duke"])) == "right"
    assert harness.judge(["duke"], answered(["Duke"], ["Iowa"])) == "wrong"  # extra row
    assert harness.judge([12.0], answered([12])) == "right"
    assert harness.judge([12.0], answered([13])) == "wrong"
    assert harness.judge([], answered()) == "right"
    assert harness.judge(["duke"], {"answered": False}) == "asked back"


def test_the_held_out_split_is_by_table(harness: ModuleType) -> None:
    ids = [f"1-{i}-1" for i in range(300)]
    share = sum(harness.held_out(t) for t in ids) / len(ids)
    assert 0.2 < share < 0.45
    assert harness.held_out("1-7-1") == harness.held_out("1-7-1")
