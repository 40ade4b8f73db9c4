"""Slots: dates, numbers, files and columns read from what people type."""

from __future__ import annotations

from datetime import date

import pytest

from symphainy.agents.slots import extract, match_columns, parse_date
from tests.unit.agents.request_table import FILES

TODAY = date(2026, 11, 25)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("draft the roadmap starting in March", date(2027, 3, 1)),
        ("start in december", date(2026, 12, 1)),
        ("from Marhc 2028", date(2028, 3, 1)),
        ("kick off on 2027-01-15", date(2027, 1, 15)),
        ("beginning next month", date(2026, 12, 1)),
        ("in Q2", date(2027, 4, 1)),
        ("sept please", date(2027, 9, 1)),
        ("we may start soon", None),
        ("start in may", date(2027, 5, 1)),
        ("no date here", None),
    ],
)
def test_dates_are_read_as_the_next_such_day(text: str, expected: date | None) -> None:
    assert parse_date(text, TODAY) == expected


def test_numbers_formats_and_statuses() -> None:
    slots = extract("a 6 month plan as pdf for the failed files", FILES, TODAY)
    assert (slots.months, slots.format, slots.status) == (6, "pdf", "failed")
    assert extract("over two years", FILES, TODAY).months is None
    assert extract("over 2 years", FILES, TODAY).months == 24
    assert extract("show the top 10 rows", FILES, TODAY).count == 10


def test_files_are_found_by_their_distinctive_words_despite_typos() -> None:
    assert [f.name for f in extract("check the custmers file", FILES, TODAY).files] == [
        "customers.csv"
    ]
    assert extract("what's in the data?", FILES, TODAY).files == []
    assert extract("onbording sop", FILES, TODAY).files[0].name == "Onboarding SOP.docx"


def test_columns_are_matched_with_underscores_and_typos() -> None:
    columns = ["order_id", "region", "order_value", "customer_email"]
    assert match_columns("average order value by regoin", columns) == ["order_value", "region"]
    assert match_columns("nothing relevant", columns) == []
