"""General causes behind misses on the seventh blind set (issue 13, 8 December), each over
made-up data of its own:

- "which company carried the most riders" over monthly totals with no column for companies:
  the noun is not what the rows are (the file's name does not say it), so the whole top row
  is not the answer; asked back;
- "top 2 years by number of launches": the years with the most rows; a "top N" whose reading
  gives one number is asked back (the N would be dropped);
- "which team ranks last in 2021" read as the team with the fewest rows where each team has
  one row that year: every team ties, so it is asked back;
- "average units per month in 2021" where each month is one row that year: the average over
  the rows, not each month's own average (which would only repeat its row);
- a table named as percentages (share_renewables.csv): "percent", "share" name its numbers'
  unit, not a share of rows to compute;
- a column named by a verb, said as its noun or past form ("deployments", "deployed" ->
  deploy);
- "Feb 2021" over a month-name column and a year column; "aberdeen" for the one value
  "Aberdeen-Angus"; "US Foods" in capitals is the company, not the country; "nearest",
  "furthest" rank a distance; "pol sci": every word of a name cut short; "a small dog" for
  the value "small dogs" (each word by its lemma).
"""

from __future__ import annotations

from typing import Any

from symphainy.insights.engine import Column
from symphainy.insights.questions.doubts import doubt
from symphainy.insights.questions.plan import Plan
from symphainy.insights.questions.values import ValueIndex
from tests.unit.insights.conftest import Open, ask, open_tables

MONTHS = ["Jan", "Feb", "Mar"]
RIDERSHIP: dict[str, list[Any]] = {
    "year": [2020, 2020, 2020, 2021, 2021, 2021],
    "month": MONTHS + MONTHS,
    "riders": [100, 120, 90, 130, 150, 110],
}


def _value(result: dict[str, object]) -> object:
    assert result["answered"] is True, result["answer"]
    rows = result["evidence"]["rows"]  # type: ignore[index]
    return rows[0][-1]


def test_a_row_noun_no_column_holds_is_asked_back(open_data: Open) -> None:
    tables = open_tables(open_data, ridership=RIDERSHIP)
    result = ask(tables, "ridership", "which company carried the most riders")
    assert result["answered"] is False
    assert "company" in result["answer"]


def test_top_years_by_number_of_rows(open_data: Open) -> None:
    tables = open_tables(
        open_data,
        launches={
            "year": [2001, 2001, 2002, 2003, 2003, 2003],
            "rocket": ["A", "B", "A", "C", "A", "B"],
        },
    )
    result = ask(tables, "launches", "top 2 years by number of launches")
    assert result["answered"] is True, result["answer"]
    rows = result["evidence"]["rows"]
    assert [r[0] for r in rows] == [2003, 2001]


def test_a_top_n_read_as_one_number_is_asked_back() -> None:
    year = Column("year", "BIGINT", "numeric", "integer")
    plan = Plan(agg="count_distinct", measure=year, limit=3)
    assert doubt(plan, [], ValueIndex()) is not None
    assert doubt(Plan(agg="count_distinct", measure=year), [], ValueIndex()) is None


def test_fewest_rows_where_each_group_is_one_row_is_asked_back(open_data: Open) -> None:
    tables = open_tables(
        open_data,
        league={
            "team": ["Reds", "Blues", "Greens", "Reds", "Blues", "Greens"],
            "season": [2020, 2020, 2020, 2021, 2021, 2021],
            "points": [50, 60, 40, 55, 45, 70],
        },
    )
    result = ask(tables, "league", "which team appears the least in 2021")
    assert result["answered"] is False, result["answer"]


def test_average_per_period_over_one_row_a_period(open_data: Open) -> None:
    tables = open_tables(open_data, ridership=RIDERSHIP)
    assert _value(ask(tables, "ridership", "average riders per month in 2021")) == 130.0
    # two rows a month over both years: each month's own average
    result = ask(tables, "ridership", "average riders per month")
    assert result["answered"] is True, result["answer"]
    assert len(result["evidence"]["rows"]) == 3


def test_share_words_are_the_unit_of_a_table_of_percentages(open_data: Open) -> None:
    tables = open_tables(
        open_data,
        share_renewables={
            "Year": [2010, 2011, 2012],
            "Wind": [2.0, 3.0, 4.0],
            "Solar": [0.5, 1.0, 1.5],
        },
    )
    assert _value(ask(tables, "share_renewables", "percent of solar in 2011")) == 1.0
    assert _value(ask(tables, "share_renewables", "average share of wind")) == 3.0


def test_a_verb_column_said_as_its_noun_or_past_form(open_data: Open) -> None:
    tables = open_tables(
        open_data,
        releases={
            "team": ["Core", "Web", "Core", "Web"],
            "year": [2020, 2020, 2021, 2021],
            "deploy": [12, 30, 15, 20],
        },
    )
    assert _value(ask(tables, "releases", "total deployments in 2021")) == 35
    assert _value(ask(tables, "releases", "which team deployed the most in 2020")) == 30


def test_a_month_name_and_a_year_without_a_date_column(open_data: Open) -> None:
    tables = open_tables(open_data, ridership=RIDERSHIP)
    assert _value(ask(tables, "ridership", "riders in Feb 2021")) == 150


def test_the_first_part_of_one_hyphenated_name_is_that_value(open_data: Open) -> None:
    tables = open_tables(
        open_data,
        herds={
            "breed": ["Aberdeen-Angus", "Hereford", "Aberdeen-Angus", "Hereford"],
            "weight": [600.0, 650.0, 620.0, 700.0],
        },
    )
    assert _value(ask(tables, "herds", "max weight of aberdeen")) == 620.0


def test_a_name_starting_with_us_in_capitals_is_that_name(open_data: Open) -> None:
    tables = open_tables(
        open_data,
        suppliers={
            "company": ["US Foods", "Sysco", "US Foods", "Sysco"],
            "country": ["USA", "USA", "USA", "USA"],
            "sales": [10.0, 20.0, 30.0, 40.0],
        },
    )
    assert _value(ask(tables, "suppliers", "average sales of US Foods")) == 20.0
    assert _value(ask(tables, "suppliers", "total US sales")) == 100.0


def test_nearest_and_farthest_rank_a_distance(open_data: Open) -> None:
    tables = open_tables(
        open_data,
        stores={"store": ["North", "Centre", "Harbour"], "distance_km": [12.5, 1.5, 30.0]},
    )
    nearest = ask(tables, "stores", "nearest store")
    assert nearest["answered"] is True, nearest["answer"]
    assert nearest["evidence"]["rows"][0][0] == "Centre"
    farthest = ask(tables, "stores", "which store is the furthest")
    assert farthest["answered"] is True, farthest["answer"]
    assert farthest["evidence"]["rows"][0][0] == "Harbour"


def test_every_word_of_a_name_cut_short(open_data: Open) -> None:
    tables = open_tables(
        open_data,
        enrolment={
            "Year": [2019, 2020, 2021],
            "Political Science": [40.0, 42.0, 47.0],
            "Art History": [10.0, 11.0, 12.0],
        },
    )
    assert _value(ask(tables, "enrolment", "avg pol sci")) == 43.0


def test_a_value_of_several_words_said_in_another_number(open_data: Open) -> None:
    tables = open_tables(
        open_data,
        kennel={"size": ["small dogs", "big dogs", "small dogs"], "weight": [5.0, 30.0, 7.0]},
    )
    assert _value(ask(tables, "kennel", "average weight of a small dog")) == 6.0
