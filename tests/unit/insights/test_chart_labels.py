"""Charts speak the reader's language: display labels, sensible aggregates, bars per value."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import duckdb

from symphainy.insights import charts
from symphainy.insights.profile import profile

Open = Callable[..., duckdb.DuckDBPyConnection]


def _cars() -> dict[str, list[Any]]:
    rows = 60
    return {
        "Miles_per_Gallon": [12.0 + (i * 7 % 30) * 0.9 for i in range(rows)],
        "Cylinders": [[4, 6, 8, 3, 5][i % 5] for i in range(rows)],
        "Year": [dt.date(1970 + i % 12, 1, 1) for i in range(rows)],
        "sales_amount": [100.0 + i for i in range(rows)],
    }


def test_labels_read_as_words() -> None:
    assert charts.label("Miles_per_Gallon") == "Miles per gallon"
    assert charts.label("studyName") == "Study name"
    assert charts.label("Body Mass (g)") == "Body Mass (g)"
    assert charts.label("ID") == "ID"


def test_rates_are_averaged_per_year_and_amounts_totalled(open_data: Open) -> None:
    con = open_data(_cars())
    prof = profile(con)
    mpg = charts.choose(con, prof, kind="timeseries", x="Year", y="Miles_per_Gallon")[0]
    assert mpg["title"] == "Average miles per gallon per year"
    assert "miles_per_gallon" not in str(mpg["spec"]).replace("Miles_per_Gallon", "")
    assert len(mpg["spec"]["data"]["values"]) == 12  # one point per year, not per month
    sales = charts.choose(con, prof, kind="timeseries", x="Year", y="sales_amount")[0]
    assert sales["title"] == "Total sales amount per year"


def test_a_whole_number_column_with_few_values_gets_a_bar_per_value(open_data: Open) -> None:
    con = open_data(_cars())
    prof = profile(con)
    chart = charts.choose(con, prof, kind="histogram", x="Cylinders")[0]
    assert chart["title"] == "Rows per value of Cylinders"
    values = chart["spec"]["data"]["values"]
    assert [v["value"] for v in values] == [3, 4, 5, 6, 8]
    assert sum(v["count"] for v in values) == 60
    assert chart["spec"]["encoding"]["x"]["type"] == "ordinal"
    mpg = charts.choose(con, prof, kind="histogram", x="Miles_per_Gallon")[0]
    assert mpg["title"].startswith("Distribution of Miles per gallon")
