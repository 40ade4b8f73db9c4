"""A third blind set of business questions, over six tables no earlier set uses.

Written on 7 December 2026 (21:50-22:10 UTC) by a session that had not read the parser's code,
the way an executive or an analyst types: abbreviations, typing errors, "top 3 by", "what
share", "A vs B", lookups, superlatives, conditions with numbers and dates, and questions the
table cannot answer (kind ``back``: the right outcome is a question back; an answer is wrong).
Scored once as the blind figure (see ``docs/quality.md``), never tuned on question by question.

Tables (none used by ``business_questions.py`` or ``business_questions_2.py``):
- ``superstore``: Sample Superstore (CC0-1.0), ``bokeh_sampledata`` 2026.1
  (``SampleSuperstore.csv.gz``; package BSD-3-Clause);
- ``titanic``: historical Titanic passenger sample (public domain), ``bokeh_sampledata`` 2026.1
  (``titanic_all.csv``);
- ``marriages``: US marriages and divorces 1867-2011 (CDC/NCHS, public domain),
  ``bokeh_sampledata`` 2026.1 (``us_marriages_divorces.csv``);
- ``tips``: restaurant tips (Bryant & Smith 1995, as shipped in plotly), ``plotly`` 7.1.0
  (``package_data/datasets/tips.csv.gz``; package MIT);
- ``gapminder``: Gapminder country data 1952-2007 (CC-BY, Gapminder.org), ``plotly`` 7.1.0
  (``package_data/datasets/gapminder.csv.gz``);
- ``temps``: Seattle hourly temperatures 2010, ``vega_datasets`` 0.9.0 (``seattle-temps``;
  BSD-3-Clause package), already a test dependency.

The two wheels are not dependencies of the project: the harness reads the files straight out
of the wheels, which ``pip download --no-deps -d DIR plotly==7.1.0 bokeh-sampledata==2026.1``
puts in DIR (``ASK_DATA_DIR``, default ``/tmp/askdata``). Nothing is copied into this repository.
Answers are computed here with pandas; kinds as in ``business_questions.py``, plus ``back``.
"""

from __future__ import annotations

import io
import os
import tempfile
import zipfile
from pathlib import Path

import pandas as pd
from benchmarks.ask.business_questions import Question, back, count_by, grp

# table -> (wheel name prefix, member path inside the wheel, the file name a user uploads)
SOURCES: dict[str, tuple[str, str, str]] = {
    "superstore": (
        "bokeh_sampledata-2026.1",
        "bokeh_sampledata/_data/SampleSuperstore.csv.gz",
        "SampleSuperstore.csv",
    ),
    "titanic": ("bokeh_sampledata-2026.1", "bokeh_sampledata/_data/titanic_all.csv", "titanic.csv"),
    "marriages": (
        "bokeh_sampledata-2026.1",
        "bokeh_sampledata/_data/us_marriages_divorces.csv",
        "us_marriages_divorces.csv",
    ),
    "tips": ("plotly-7.1.0", "plotly/package_data/datasets/tips.csv.gz", "tips.csv"),
    "gapminder": ("plotly-7.1.0", "plotly/package_data/datasets/gapminder.csv.gz", "gapminder.csv"),
    "temps": ("", "seattle_temps", "seattle-temps.csv"),
}


def data_dir() -> Path:
    return Path(os.environ.get("ASK_DATA_DIR") or Path(tempfile.gettempdir()) / "askdata")


def load3(table: str) -> pd.DataFrame:
    wheel, member, _ = SOURCES[table]
    if not wheel:
        from vega_datasets import local_data

        df: pd.DataFrame = getattr(local_data, member)()
        return df
    path = data_dir() / f"{wheel}-py3-none-any.whl"
    with zipfile.ZipFile(path) as zf:
        raw = zf.read(member)
    comp = "gzip" if member.endswith(".gz") else None
    frame: pd.DataFrame = pd.read_csv(io.BytesIO(raw), compression=comp)
    # plain object/float dtypes, as a CSV upload would be read
    return frame.astype({c: object for c in frame.columns if str(frame[c].dtype) == "str"})


Q = Question
QUESTIONS_3: list[Question] = [
    # superstore: Ship Mode, Segment, Country, City, State, Postal Code, Region, Category,
    # Sub-Category, Sales, Quantity, Discount, Profit (one row per order line; no dates)
    Q("superstore", "totl sales by regoin", lambda d: grp(d, "Region", "Sales", "sum"), "groups"),
    Q("superstore", "what's our total profit?", lambda d: d.Profit.sum(), "value"),
    Q(
        "superstore",
        "how many orders were shipped same day",
        lambda d: (d["Ship Mode"] == "Same Day").sum(),
        "value",
    ),
    Q(
        "superstore",
        "top 3 sub-categories by profit",
        lambda d: sorted(d.groupby("Sub-Category").Profit.sum(), reverse=True)[:3],
        "top",
    ),
    Q(
        "superstore",
        "avg discount for furniture",
        lambda d: d[d.Category == "Furniture"].Discount.mean(),
        "value",
    ),
    Q(
        "superstore",
        "what share of sales comes from technology?",
        lambda d: 100 * d[d.Category == "Technology"].Sales.sum() / d.Sales.sum(),
        "value",
    ),
    Q("superstore", "how many items have negative profit", lambda d: (d.Profit < 0).sum(), "value"),
    Q(
        "superstore",
        "which state has the highest total sales?",
        lambda d: str(d.groupby("State").Sales.sum().idxmax()),
        "label",
    ),
    Q(
        "superstore",
        "total profit in Texas",
        lambda d: d[d.State == "Texas"].Profit.sum(),
        "value",
    ),
    Q(
        "superstore",
        "compare furniture vs office supplies sales",
        lambda d: grp(
            d[d.Category.isin(["Furniture", "Office Supplies"])], "Category", "Sales", "sum"
        ),
        "groups",
    ),
    Q("superstore", "number of cities", lambda d: d.City.nunique(), "value"),
    Q("superstore", "how many sales over $1000", lambda d: (d.Sales > 1000).sum(), "value"),
    Q(
        "superstore",
        "total sales for the consumer segment in the East",
        lambda d: d[(d.Segment == "Consumer") & (d.Region == "East")].Sales.sum(),
        "value",
    ),
    Q("superstore", "median sale amount", lambda d: d.Sales.median(), "value"),
    Q(
        "superstore",
        "qty sold by category",
        lambda d: grp(d, "Category", "Quantity", "sum"),
        "groups",
    ),
    Q(
        "superstore",
        "avg profit when discount is above 20%",
        lambda d: d[d.Discount > 0.2].Profit.mean(),
        "value",
    ),
    Q(
        "superstore",
        "how many sub categories are there",
        lambda d: d["Sub-Category"].nunique(),
        "value",
    ),
    Q(
        "superstore",
        "which ship mode is used most?",
        lambda d: str(d["Ship Mode"].value_counts().idxmax()),
        "label",
    ),
    Q(
        "superstore",
        "which city in california has the most sales",
        lambda d: str(d[d.State == "California"].groupby("City").Sales.sum().idxmax()),
        "label",
    ),
    Q("superstore", "what were sales in March 2017?", back, "back"),
    Q("superstore", "how many customers do we have", back, "back"),
    Q("superstore", "forecast next year's profit", back, "back"),
    # tips: total_bill, tip, sex, smoker, day (Thur..Sun), time (Lunch/Dinner), size
    Q("tips", "average tip", lambda d: d.tip.mean(), "value"),
    Q("tips", "avrage tip on saturdays", lambda d: d[d.day == "Sat"].tip.mean(), "value"),
    Q("tips", "how many parties of 4 or more", lambda d: (d["size"] >= 4).sum(), "value"),
    Q("tips", "total bill by day", lambda d: grp(d, "day", "total_bill", "sum"), "groups"),
    Q(
        "tips",
        "what % of bills were paid by smokers",
        lambda d: 100 * (d.smoker == "Yes").mean(),
        "value",
    ),
    Q("tips", "biggest tip", lambda d: d.tip.max(), "value"),
    Q(
        "tips",
        "compare lunch vs dinner average tip",
        lambda d: grp(d, "time", "tip", "mean"),
        "groups",
    ),
    Q("tips", "how many bills over $40", lambda d: (d.total_bill > 40).sum(), "value"),
    Q(
        "tips",
        "avg bill for female smokers",
        lambda d: d[(d.sex == "Female") & (d.smoker == "Yes")].total_bill.mean(),
        "value",
    ),
    Q(
        "tips",
        "which day has the highest average tip?",
        lambda d: str(d.groupby("day").tip.mean().idxmax()),
        "label",
    ),
    Q(
        "tips",
        "number of dinners on thursday",
        lambda d: ((d.time == "Dinner") & (d.day == "Thur")).sum(),
        "value",
    ),
    Q("tips", "total tips per party size", lambda d: grp(d, "size", "tip", "sum"), "groups"),
    Q("tips", "average tip percentage", back, "back"),
    Q("tips", "tips given by waiters named john", back, "back"),
    # gapminder: country, continent, year (1952..2007 every 5), lifeExp, pop, gdpPercap,
    # iso_alpha, iso_num, centroid_lon, centroid_lat
    Q(
        "gapminder",
        "lif expectancy of japan in 2007",
        lambda d: set(d[(d.country == "Japan") & (d.year == 2007)].lifeExp),
        "set",
    ),
    Q(
        "gapminder",
        "which country had the highest gdp per capita in 2007",
        lambda d: str(d.loc[d[d.year == 2007].gdpPercap.idxmax(), "country"]),
        "label",
    ),
    Q(
        "gapminder",
        "average life expectancy by continent in 2007",
        lambda d: grp(d[d.year == 2007], "continent", "lifeExp", "mean"),
        "groups",
    ),
    Q(
        "gapminder",
        "populaton of china in 1952",
        lambda d: set(d[(d.country == "China") & (d.year == 1952)]["pop"]),
        "set",
    ),
    Q(
        "gapminder",
        "how many countries are in africa",
        lambda d: d[d.continent == "Africa"].country.nunique(),
        "value",
    ),
    Q(
        "gapminder",
        "total population of europe in 2007",
        lambda d: d[(d.continent == "Europe") & (d.year == 2007)]["pop"].sum(),
        "value",
    ),
    Q("gapminder", "lowest life expectancy ever recorded", lambda d: d.lifeExp.min(), "value"),
    Q(
        "gapminder",
        "top 5 countries by population in 2007",
        lambda d: sorted(d[d.year == 2007]["pop"], reverse=True)[:5],
        "top",
    ),
    Q(
        "gapminder",
        "which countries had life expectancy over 80 in 2007",
        lambda d: set(d[(d.year == 2007) & (d.lifeExp > 80)].country),
        "set",
    ),
    Q(
        "gapminder",
        "compare gdp per capita of france vs germany in 2007",
        lambda d: grp(
            d[(d.year == 2007) & d.country.isin(["France", "Germany"])],
            "country",
            "gdpPercap",
            "mean",
        ),
        "groups",
    ),
    Q(
        "gapminder",
        "avg gdp per cap in asia 1952",
        lambda d: d[(d.continent == "Asia") & (d.year == 1952)].gdpPercap.mean(),
        "value",
    ),
    Q("gapminder", "number of records per year", lambda d: count_by(d, "year"), "groups"),
    Q("gapminder", "what was the GDP of Brazil in 2007", back, "back"),
    Q("gapminder", "inflation rate in india", back, "back"),
    # titanic: name, class (1st/2nd/3rd), age, sex, survived (0/1)
    Q("titanic", "how many passangers survived", lambda d: (d.survived == 1).sum(), "value"),
    Q(
        "titanic",
        "what percentage of passengers survived",
        lambda d: 100 * (d.survived == 1).mean(),
        "value",
    ),
    Q(
        "titanic",
        "average age of survivors",
        lambda d: d[d.survived == 1].age.mean(),
        "value",
    ),
    Q("titanic", "how many passengers have no age recorded", lambda d: d.age.isna().sum(), "value"),
    Q("titanic", "how old was the oldest passenger", lambda d: d.age.max(), "value"),
    Q(
        "titanic",
        "how many women were in 1st class",
        lambda d: ((d.sex == "female") & (d["class"] == "1st")).sum(),
        "value",
    ),
    Q("titanic", "avg age by sex", lambda d: grp(d, "sex", "age", "mean"), "groups"),
    Q("titanic", "number of passengers under 10", lambda d: (d.age < 10).sum(), "value"),
    Q(
        "titanic",
        "how many 3rd class passengers died",
        lambda d: ((d["class"] == "3rd") & (d.survived == 0)).sum(),
        "value",
    ),
    Q("titanic", "how many male passengers", lambda d: (d.sex == "male").sum(), "value"),
    Q("titanic", "what cabin was Allison, Miss Helen Loraine in", back, "back"),
    # marriages: Year (1867..2011), Marriages, Divorces, Population, Marriages_per_1000,
    # Divorces_per_1000 (one row per year)
    Q(
        "marriages",
        "marraiges in 1950",
        lambda d: set(d[d.Year == 1950].Marriages),
        "set",
    ),
    Q(
        "marriages",
        "which year had the most divorces",
        lambda d: str(d.loc[d.Divorces.idxmax(), "Year"]),
        "label",
    ),
    Q(
        "marriages",
        "average divorce rate in the 1990s",
        lambda d: d[d.Year.between(1990, 1999)].Divorces_per_1000.mean(),
        "value",
    ),
    Q(
        "marriages",
        "how many years had more than 2 million marriages",
        lambda d: (d.Marriages > 2_000_000).sum(),
        "value",
    ),
    Q(
        "marriages",
        "total divorces since 2000",
        lambda d: d[d.Year >= 2000].Divorces.sum(),
        "value",
    ),
    Q("marriages", "highest marriage rate", lambda d: d.Marriages_per_1000.max(), "value"),
    Q("marriages", "population in 2010", lambda d: set(d[d.Year == 2010].Population), "set"),
    Q(
        "marriages",
        "average marriages per year between 1900 and 1950",
        lambda d: d[d.Year.between(1900, 1950)].Marriages.mean(),
        "value",
    ),
    Q("marriages", "why did divorces drop after 1980?", back, "back"),
    # temps: date (hourly, 2010), temp (degrees F)
    Q(
        "temps",
        "average temperature in July",
        lambda d: d[pd.to_datetime(d.date).dt.month == 7].temp.mean(),
        "value",
    ),
    Q("temps", "max temp in 2010", lambda d: d.temp.max(), "value"),
    Q(
        "temps",
        "when was the hottest hour",
        lambda d: str(pd.Timestamp(d.loc[d.temp.idxmax(), "date"]).strftime("%Y-%m-%d %H:%M:%S")),
        "label",
    ),
    Q("temps", "how many hours were above 70 degrees", lambda d: (d.temp > 70).sum(), "value"),
    Q(
        "temps",
        "lowest temperature in december",
        lambda d: d[pd.to_datetime(d.date).dt.month == 12].temp.min(),
        "value",
    ),
    Q(
        "temps",
        "average temp on 2010-03-15",
        lambda d: d[
            pd.to_datetime(d.date).dt.date == pd.Timestamp("2010-03-15").date()
        ].temp.mean(),
        "value",
    ),
    Q("temps", "average humidity in june", back, "back"),
]
