"""A seventh blind set of business questions, over six tables no earlier set uses.

Written on 8 December 2026 (04:52-05:05 UTC) by a session that had not read the parser's code,
the way different people type: managers' plain words, short forms ("GE", "comp sci", "avg"),
typing errors, plurals, "top 3", "per year", "share of", "A vs B", partial names ("holstein"
for ``Holstein-Friesian``), a wide table whose columns are fields of study, and questions the
table cannot answer (kind ``back``). Scored once as the blind figure (see ``docs/quality.md``).

Tables (none used by an earlier set):
- ``planets``, ``flights``, ``glue``: the seaborn-data repository
  (github.com/mwaskom/seaborn-data, commit 71e2436a092d714350de0fc409ca8a8714e7e78f, fetched
  with the project's ``fetch`` tool; the repository carries no licence file). Sources per its
  README: NASA Exoplanet Archive catalogue (US government work, public domain), the Box & Jenkins
  monthly airline passengers 1949-1960 (R's ``AirPassengers``, public facts), the GLUE benchmark
  leaderboard (gluebenchmark.com; scores are public facts). Read from
  ``$ASK_DATA_DIR/seaborn-data/<name>.csv`` (see README.md for the command);
- ``grunfeld``: Grunfeld (1950) investment data of 11 US firms 1935-1954 (public domain per its
  ``data.py``), read in place from the ``statsmodels`` 0.14.4 wheel;
- ``cows``: butterfat of milk by breed and age (``bokeh_sampledata`` 2026.1, ``cows.csv``;
  BSD-3-Clause package);
- ``degrees``: percentage of US bachelor's degrees awarded to women by field, 1970-2011 (NCES
  Digest of Education Statistics, US government work, public domain; ``bokeh_sampledata``
  2026.1, ``percent-bachelors-degrees-women-usa.csv``).
"""

from __future__ import annotations

import pandas as pd
from benchmarks.ask.business_questions import Question, argmax, argmin, back, count_by, grp
from benchmarks.ask.business_questions_3 import data_dir
from benchmarks.ask.business_questions_4 import BOKEH, _csv
from benchmarks.ask.business_questions_6 import _statsmodels

# table -> the file name a user would have uploaded
NAMES_7: dict[str, str] = {
    "planets": "planets.csv",
    "flights": "flights.csv",
    "glue": "glue.csv",
    "grunfeld": "grunfeld.csv",
    "cows": "cows.csv",
    "degrees": "percent-bachelors-degrees-women-usa.csv",
}


def load7(table: str) -> pd.DataFrame:
    if table in ("planets", "flights", "glue"):
        frame = pd.read_csv(data_dir() / "seaborn-data" / f"{table}.csv")
    elif table == "grunfeld":
        frame = _statsmodels("grunfeld")
    elif table == "cows":
        frame = _csv(BOKEH, "bokeh_sampledata/_data/cows.csv")
    elif table == "degrees":
        frame = _csv(BOKEH, "bokeh_sampledata/_data/percent-bachelors-degrees-women-usa.csv")
    else:
        raise KeyError(table)
    # plain object dtypes for text, as a CSV upload would be read
    return frame.astype({c: object for c in frame.columns if str(frame[c].dtype) == "str"})


def _top_years(d: pd.DataFrame, n: int) -> list[int]:
    counts = d.groupby("year").size().sort_values(ascending=False)
    return [int(y) for y in counts.index[:n]]


def _by_year(d: pd.DataFrame, col: str, years: tuple[int, ...]) -> dict[str, float]:
    rows = d[d.Year.isin(years)]
    return {str(int(y)): float(v) for y, v in zip(rows.Year, rows[col], strict=True)}


def _top_models(d: pd.DataFrame, n: int) -> list[str]:
    return [str(m) for m in d.groupby("Model").Score.mean().sort_values(ascending=False).index[:n]]


Q = Question
QUESTIONS_7: list[Question] = [
    # planets: method, number, orbital_period, mass, distance, year (1989-2014); mass and
    # distance often missing
    Q(
        "planets",
        "how many planets were discovered by transit",
        lambda d: (d.method == "Transit").sum(),
        "value",
    ),
    Q("planets", "number of planets found in 2010", lambda d: (d.year == 2010).sum(), "value"),
    Q(
        "planets",
        "avg orbital period of planets found by radial velocity",
        lambda d: d[d.method == "Radial Velocity"].orbital_period.mean(),
        "value",
    ),
    Q(
        "planets",
        "which discovery method found the most planets",
        lambda d: str(d.method.value_counts().idxmax()),
        "label",
    ),
    Q("planets", "planets per year", lambda d: count_by(d, "year"), "groups"),
    Q("planets", "average mass by method", lambda d: grp(d, "method", "mass", "mean"), "groups"),
    Q(
        "planets",
        "what share of planets were found with imaging",
        lambda d: 100 * (d.method == "Imaging").mean(),
        "value",
    ),
    Q(
        "planets",
        "what year was the most distant planet discovered",
        lambda d: d.loc[d.distance.idxmax(), "year"],
        "value",
    ),
    Q("planets", "how many planets have no mass recorded", lambda d: d.mass.isna().sum(), "value"),
    Q("planets", "closest planet distance", lambda d: d.distance.min(), "value"),
    Q(
        "planets",
        "how many planets discovered before 2000",
        lambda d: (d.year < 2000).sum(),
        "value",
    ),
    Q("planets", "median orbital period", lambda d: d.orbital_period.median(), "value"),
    Q("planets", "top 3 years by number of discoveries", lambda d: _top_years(d, 3), "top"),
    Q("planets", "what's the name of the planet with the longest orbit", back, "back"),
    Q(
        "planets",
        "how many planets were discoverd by microlensing since 2010",
        lambda d: ((d.method == "Microlensing") & (d.year >= 2010)).sum(),
        "value",
    ),
    # flights: year (1949-1960), month (January..December), passengers (thousands)
    Q("flights", "total passengers in 1955", lambda d: d[d.year == 1955].passengers.sum(), "value"),
    Q(
        "flights",
        "average passengers per month in 1960",
        lambda d: d[d.year == 1960].passengers.mean(),
        "value",
    ),
    Q("flights", "busiest month ever", lambda d: argmax(d, "passengers", "month"), "label"),
    Q(
        "flights",
        "total passengers per year",
        lambda d: grp(d, "year", "passengers", "sum"),
        "groups",
    ),
    Q(
        "flights",
        "which year had the most passengers",
        lambda d: str(d.groupby("year").passengers.sum().idxmax()),
        "label",
    ),
    Q(
        "flights",
        "average passengers by month",
        lambda d: grp(d, "month", "passengers", "mean"),
        "groups",
    ),
    Q(
        "flights",
        "how many months had more than 400 passengers",
        lambda d: (d.passengers > 400).sum(),
        "value",
    ),
    Q(
        "flights",
        "passengers in march 1958",
        lambda d: d[(d.year == 1958) & (d.month == "March")].passengers.sum(),
        "value",
    ),
    Q("flights", "lowest monthly passenger count", lambda d: d.passengers.min(), "value"),
    Q(
        "flights",
        "how many passengers flew in december 1949",
        lambda d: d[(d.year == 1949) & (d.month == "December")].passengers.sum(),
        "value",
    ),
    Q("flights", "revenue per passenger in 1955", back, "back"),
    Q(
        "flights",
        "passengers in 1949 vs 1950",
        lambda d: {
            "1949": float(d[d.year == 1949].passengers.sum()),
            "1950": float(d[d.year == 1950].passengers.sum()),
        },
        "groups",
    ),
    Q("flights", "which airline carried the most passengers", back, "back"),
    # glue: Model, Year, Encoder (Transformer/LSTM), Task (CoLA, SST-2, ...), Score
    Q("glue", "avg score of BERT", lambda d: d[d.Model == "BERT"].Score.mean(), "value"),
    Q(
        "glue",
        "best model on RTE",
        lambda d: argmax(d[d.Task == "RTE"], "Score", "Model"),
        "label",
    ),
    Q("glue", "average score per task", lambda d: grp(d, "Task", "Score", "mean"), "groups"),
    Q(
        "glue",
        "how many models use an LSTM encoder",
        lambda d: d[d.Encoder == "LSTM"].Model.nunique(),
        "value",
    ),
    Q("glue", "highest score on CoLA", lambda d: d[d.Task == "CoLA"].Score.max(), "value"),
    Q(
        "glue",
        "lowest scoring task for T5",
        lambda d: argmin(d[d.Model == "T5"], "Score", "Task"),
        "label",
    ),
    Q("glue", "mean score by encoder", lambda d: grp(d, "Encoder", "Score", "mean"), "groups"),
    Q("glue", "how many results from 2019", lambda d: (d.Year == 2019).sum(), "value"),
    Q(
        "glue",
        "what did RoBERTa score on MNLI",
        lambda d: d[(d.Model == "RoBERTa") & (d.Task == "MNLI")].Score.sum(),
        "value",
    ),
    Q("glue", "top 3 models by average score", lambda d: _top_models(d, 3), "top"),
    Q("glue", "what's the training time of ERNIE", back, "back"),
    Q("glue", "share of results above 90", lambda d: 100 * (d.Score > 90).mean(), "value"),
    # grunfeld: invest, value, capital, firm (11 firms), year (1935-1954)
    Q(
        "grunfeld",
        "total investment of General Motors",
        lambda d: d[d.firm == "General Motors"].invest.sum(),
        "value",
    ),
    Q("grunfeld", "avg invest per firm", lambda d: grp(d, "firm", "invest", "mean"), "groups"),
    Q(
        "grunfeld",
        "IBM's capital in 1950",
        lambda d: d[(d.firm == "IBM") & (d.year == 1950)].capital.sum(),
        "value",
    ),
    Q(
        "grunfeld",
        "which firm had the highest market value in 1954",
        lambda d: argmax(d[d.year == 1954], "value", "firm"),
        "label",
    ),
    Q("grunfeld", "total investment in 1940", lambda d: d[d.year == 1940].invest.sum(), "value"),
    Q("grunfeld", "how many firms", lambda d: d.firm.nunique(), "value"),
    Q(
        "grunfeld",
        "max capital stock for GE",
        lambda d: d[d.firm == "General Electric"].capital.max(),
        "value",
    ),
    Q(
        "grunfeld",
        "average value of US Steel",
        lambda d: d[d.firm == "US Steel"].value.mean(),
        "value",
    ),
    Q("grunfeld", "total invest per year", lambda d: grp(d, "year", "invest", "sum"), "groups"),
    Q(
        "grunfeld",
        "how many years did chrysler invest over 100",
        lambda d: ((d.firm == "Chrysler") & (d.invest > 100)).sum(),
        "value",
    ),
    Q("grunfeld", "what were Goodyear's profits in 1945", back, "back"),
    Q(
        "grunfeld",
        "which firm invested the least in 1935",
        lambda d: argmin(d[d.year == 1935], "invest", "firm"),
        "label",
    ),
    Q(
        "grunfeld",
        "westinghouse median investment",
        lambda d: d[d.firm == "Westinghouse"].invest.median(),
        "value",
    ),
    # cows: butterfat (%), age ("Mature" / "2 years old"), breed (5 breeds)
    Q(
        "cows",
        "average butterfat by breed",
        lambda d: grp(d, "breed", "butterfat", "mean"),
        "groups",
    ),
    Q(
        "cows",
        "which breed has the highest avg butterfat",
        lambda d: str(d.groupby("breed").butterfat.mean().idxmax()),
        "label",
    ),
    Q(
        "cows",
        "mean butterfat for mature jerseys",
        lambda d: d[(d.age == "Mature") & (d.breed == "Jersey")].butterfat.mean(),
        "value",
    ),
    Q("cows", "how many 2 year old cows", lambda d: (d.age == "2 years old").sum(), "value"),
    Q(
        "cows",
        "max butterfat of holstein",
        lambda d: d[d.breed == "Holstein-Friesian"].butterfat.max(),
        "value",
    ),
    Q(
        "cows",
        "avg butterfat for 2 year olds vs mature cows",
        lambda d: grp(d, "age", "butterfat", "mean"),
        "groups",
    ),
    Q("cows", "how much milk does a guernsey cow give", back, "back"),
    Q("cows", "how many cows have butterfat above 5", lambda d: (d.butterfat > 5).sum(), "value"),
    # degrees: Year (1970-2011) and one column per field: % of bachelor's degrees awarded to
    # women (Agriculture, ..., Computer Science, Engineering, Math and Statistics, ...)
    Q(
        "degrees",
        "percent of women in computer science in 1985",
        lambda d: d[d.Year == 1985]["Computer Science"].sum(),
        "value",
    ),
    Q(
        "degrees",
        "average share of women in engineering",
        lambda d: d.Engineering.mean(),
        "value",
    ),
    Q(
        "degrees",
        "which year had the highest % of women in comp sci",
        lambda d: argmax(d, "Computer Science", "Year"),
        "label",
    ),
    Q(
        "degrees",
        "engineering women share in 2011",
        lambda d: d[d.Year == 2011].Engineering.sum(),
        "value",
    ),
    Q("degrees", "lowest psychology percentage", lambda d: d.Psychology.min(), "value"),
    Q(
        "degrees",
        "in how many years was the share of women in business over 40%",
        lambda d: (d.Business > 40).sum(),
        "value",
    ),
    Q(
        "degrees",
        "average for math and stats after 2000",
        lambda d: d[d.Year > 2000]["Math and Statistics"].mean(),
        "value",
    ),
    Q("degrees", "how many men got physics degrees in 1990", back, "back"),
    Q("degrees", "max percent of women in architecture", lambda d: d.Architecture.max(), "value"),
    Q(
        "degrees",
        "education percentage in 1970 vs 2011",
        lambda d: _by_year(d, "Education", (1970, 2011)),
        "groups",
    ),
]
