"""Two files that answer a question with the same figures: answered, naming both."""

from __future__ import annotations

from typing import Any

from symphainy.agents.engine import _figures


def _answer(rows: list[list[Any]], columns: list[str], **reading: Any) -> dict[str, Any]:
    return {
        "answered": True,
        "evidence": {"columns": columns, "rows": rows},
        "interpretation": {"aggregate": "max", "order": None, "limit": None, **reading},
    }


def test_the_same_figures_under_other_column_names_agree() -> None:
    tidy = _answer([["Adelie", 3700.0]], ["species", "value"])
    raw = _answer([["Adelie Penguin (Pygoscelis adeliae)", 3700]], ["Species", "value"])
    assert _figures(tidy) == _figures(raw) is not None


def test_different_figures_or_readings_do_not_agree() -> None:
    one = _answer([[1, 6300.0]], ["id", "body_mass_g"], measure="body_mass_g")
    other = _answer([[2, 6000.0]], ["id", "Body Mass (g)"], measure="Body Mass (g)")
    counted = _answer(
        [[1, 6300.0]], ["id", "body_mass_g"], measure="body_mass_g", aggregate="count"
    )
    assert _figures(one) != _figures(other)
    assert _figures(one) != _figures(counted)


def test_an_unanswered_question_or_text_values_never_agree() -> None:
    assert _figures({"answered": False, "evidence": None}) is None
    assert _figures(_answer([["a", "b"]], ["x", "y"])) is None
    assert _figures(_answer([], ["x", "value"])) is None
