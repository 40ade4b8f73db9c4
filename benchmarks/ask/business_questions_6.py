"""A sixth blind set of business questions, over nine tables no earlier set uses.

Written on 8 December 2026 (03:45-04:10 UTC) by a session that had not read the parser's code,
the way a manager types: short and abbreviated column names (``TOTEMP``, ``UNEMP``, ``infl``,
``ins_premium``), words for values ("women" for ``female``, "US" for ``USA``, "Texas" for
``TX``), typing errors, "top 3", per-year figures, percentages, and questions the table cannot
answer (kind ``back``). Scored once as the blind figure (see ``docs/quality.md``).

Tables (none used by an earlier set):
- ``taxis``, ``diamonds``, ``healthexp``, ``car_crashes``: the seaborn-data repository
  (github.com/mwaskom/seaborn-data, commit 71e2436a092d714350de0fc409ca8a8714e7e78f); sources
  per its README: NYC TLC trip records (public data, March 2019), ggplot2's diamonds (MIT),
  Our World in Data health expenditure (CC-BY 4.0), FiveThirtyEight bad drivers (CC-BY 4.0).
  Read from ``$ASK_DATA_DIR/seaborn-data/<name>.csv`` (see README.md for the command);
- ``macrodata``, ``longley``, ``statecrime``: US macroeconomic data 1959-2009, the Longley
  1967 data, US state crime 2009 (all public domain per their ``data.py``), read in place from
  the ``statsmodels`` 0.14.4 wheel;
- ``experiment``: a made-up experiment by gender and group (``plotly`` 7.1.0, MIT);
- ``population``: UN World Population Prospects by country, year, sex and age group
  (``bokeh_sampledata`` 2026.1, ``population.csv.gz``; CC-BY 3.0 IGO).
"""

from __future__ import annotations

import io
import zipfile

import pandas as pd
from benchmarks.ask.business_questions import Question, argmax, argmin, back, count_by, grp
from benchmarks.ask.business_questions_3 import data_dir
from benchmarks.ask.business_questions_4 import BOKEH, PLOTLY, _csv

STATSMODELS = "statsmodels-0.14.4-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl"

# table -> the file name a user would have uploaded
NAMES_6: dict[str, str] = {
    "taxis": "taxis.csv",
    "diamonds": "diamonds.csv",
    "healthexp": "healthexp.csv",
    "car_crashes": "car_crashes.csv",
    "macrodata": "macrodata.csv",
    "longley": "longley.csv",
    "statecrime": "statecrime.csv",
    "experiment": "experiment.csv",
    "population": "population.csv",
}


def _statsmodels(name: str) -> pd.DataFrame:
    with zipfile.ZipFile(data_dir() / STATSMODELS) as zf:
        raw = zf.read(f"statsmodels/datasets/{name}/{name}.csv")
    return pd.read_csv(io.BytesIO(raw))


def load6(table: str) -> pd.DataFrame:
    if table in ("taxis", "diamonds", "healthexp", "car_crashes"):
        frame = pd.read_csv(data_dir() / "seaborn-data" / f"{table}.csv")
        if table == "taxis":
            frame["pickup"] = pd.to_datetime(frame["pickup"])
            frame["dropoff"] = pd.to_datetime(frame["dropoff"])
    elif table in ("macrodata", "longley", "statecrime"):
        frame = _statsmodels(table)
    elif table == "experiment":
        frame = _csv(PLOTLY, "plotly/package_data/datasets/experiment.csv.gz")
    elif table == "population":
        frame = _csv(BOKEH, "bokeh_sampledata/_data/population.csv.gz")
    else:
        raise KeyError(table)
    # plain object dtypes for text, as a CSV upload would be read
    return frame.astype({c: object for c in frame.columns if str(frame[c].dtype) == "str"})


def _pop(d: pd.DataFrame, **where: object) -> float:
    rows = d
    for col, val in where.items():
        rows = rows[rows[col] == val]
    return float(rows.Value.sum())


Q = Question
QUESTIONS_6: list[Question] = [
    # taxis: pickup, dropoff (timestamps, March 2019), passengers, distance, fare, tip, tolls,
    # total, color (yellow/green), payment (credit card/cash), pickup_zone, dropoff_zone,
    # pickup_borough, dropoff_borough
    Q("taxis", "how many trips", lambda d: len(d), "value"),
    Q("taxis", "average fare", lambda d: d.fare.mean(), "value"),
    Q(
        "taxis",
        "avg tip when paid by credit card",
        lambda d: d[d.payment == "credit card"].tip.mean(),
        "value",
    ),
    Q("taxis", "total fares paid in cash", lambda d: d[d.payment == "cash"].fare.sum(), "value"),
    Q("taxis", "how many green taxi trips", lambda d: (d.color == "green").sum(), "value"),
    Q(
        "taxis",
        "average distance by pickup borough",
        lambda d: grp(d, "pickup_borough", "distance", "mean"),
        "groups",
    ),
    Q("taxis", "longest trip distance", lambda d: d.distance.max(), "value"),
    Q("taxis", "biggest tip", lambda d: d.tip.max(), "value"),
    Q(
        "taxis",
        "how many rides had more than 4 passengers",
        lambda d: (d.passengers > 4).sum(),
        "value",
    ),
    Q(
        "taxis",
        "what % of trips were paid with credit card",
        lambda d: 100 * (d.payment == "credit card").mean(),
        "value",
    ),
    Q(
        "taxis",
        "how many trips on march 15",
        lambda d: (d.pickup.dt.strftime("%Y-%m-%d") == "2019-03-15").sum(),
        "value",
    ),
    Q(
        "taxis",
        "avg tip on trips over 10 miles",
        lambda d: d[d.distance > 10].tip.mean(),
        "value",
    ),
    Q("taxis", "total tolls paid", lambda d: d.tolls.sum(), "value"),
    Q(
        "taxis",
        "which pickup zone has the most trips",
        lambda d: str(d.pickup_zone.value_counts().idxmax()),
        "label",
    ),
    Q(
        "taxis",
        "how many trips from Manhattan to Queens",
        lambda d: ((d.pickup_borough == "Manhattan") & (d.dropoff_borough == "Queens")).sum(),
        "value",
    ),
    Q("taxis", "what was the driver's name on the longest trip", back, "back"),
    Q("taxis", "how many trips with no passengers", lambda d: (d.passengers == 0).sum(), "value"),
    Q(
        "taxis",
        "how many trips are missing a payment type",
        lambda d: d.payment.isna().sum(),
        "value",
    ),
    # diamonds: carat, cut (Fair..Ideal), color (D..J), clarity (I1..IF), depth, table, price,
    # x, y, z
    Q(
        "diamonds",
        "average price of ideal cut diamonds",
        lambda d: d[d.cut == "Ideal"].price.mean(),
        "value",
    ),
    Q("diamonds", "how many diamonds over 2 carats", lambda d: (d.carat > 2).sum(), "value"),
    Q(
        "diamonds",
        "what's the carat of the most expensive diamond",
        lambda d: d.loc[d.price.idxmax(), "carat"],
        "value",
    ),
    Q("diamonds", "avg price by cut", lambda d: grp(d, "cut", "price", "mean"), "groups"),
    Q("diamonds", "median price", lambda d: d.price.median(), "value"),
    Q(
        "diamonds",
        "how many diamonds with color D and clarity IF",
        lambda d: ((d.color == "D") & (d.clarity == "IF")).sum(),
        "value",
    ),
    Q(
        "diamonds",
        "top 3 most expensive diamonds",
        lambda d: list(d.nlargest(3, "price").price),
        "top",
    ),
    Q("diamonds", "avg carat for premium", lambda d: d[d.cut == "Premium"].carat.mean(), "value"),
    Q("diamonds", "number of diamonds by clarity", lambda d: count_by(d, "clarity"), "groups"),
    Q(
        "diamonds",
        "which cut has the highest average price",
        lambda d: str(d.groupby("cut").price.mean().idxmax()),
        "label",
    ),
    Q("diamonds", "what's the wholesale cost of the cheapest diamond", back, "back"),
    # healthexp: Year (1970-2020), Country (Germany, France, Great Britain, Japan, USA,
    # Canada), Spending_USD (health spending per person), Life_Expectancy
    Q(
        "healthexp",
        "health spending in Japan in 2015",
        lambda d: d[(d.Country == "Japan") & (d.Year == 2015)].Spending_USD.iloc[0],
        "value",
    ),
    Q(
        "healthexp",
        "life expectancy in france 2000",
        lambda d: d[(d.Country == "France") & (d.Year == 2000)].Life_Expectancy.iloc[0],
        "value",
    ),
    Q(
        "healthexp",
        "which country had the highest spending in 2019",
        lambda d: argmax(d[d.Year == 2019], "Spending_USD", "Country"),
        "label",
    ),
    Q(
        "healthexp",
        "average life exp by country",
        lambda d: grp(d, "Country", "Life_Expectancy", "mean"),
        "groups",
    ),
    Q(
        "healthexp",
        "max spending for the US",
        lambda d: d[d.Country == "USA"].Spending_USD.max(),
        "value",
    ),
    Q(
        "healthexp",
        "how many years of data for germany",
        lambda d: (d.Country == "Germany").sum(),
        "value",
    ),
    Q(
        "healthexp",
        "what was canada's life expectancy in 1990",
        lambda d: d[(d.Country == "Canada") & (d.Year == 1990)].Life_Expectancy.iloc[0],
        "value",
    ),
    Q(
        "healthexp",
        "average spending in the uk",
        lambda d: d[d.Country == "Great Britain"].Spending_USD.mean(),
        "value",
    ),
    Q("healthexp", "life expectancy of men in Japan", back, "back"),
    # car_crashes: per state (abbrev, two-letter code): total (drivers in fatal collisions per
    # billion miles), speeding, alcohol, not_distracted, no_previous, ins_premium, ins_losses
    Q("car_crashes", "average insurance premium", lambda d: d.ins_premium.mean(), "value"),
    Q(
        "car_crashes",
        "which state has the highest ins losses",
        lambda d: argmax(d, "ins_losses", "abbrev"),
        "label",
    ),
    Q(
        "car_crashes",
        "how many states have premiums over 1000",
        lambda d: (d.ins_premium > 1000).sum(),
        "value",
    ),
    Q(
        "car_crashes",
        "alcohol related crashes in Montana",
        lambda d: d[d.abbrev == "MT"].alcohol.iloc[0],
        "value",
    ),
    Q("car_crashes", "total crashes in TX", lambda d: d[d.abbrev == "TX"].total.iloc[0], "value"),
    Q(
        "car_crashes",
        "what state has the lowest speeding",
        lambda d: argmin(d, "speeding", "abbrev"),
        "label",
    ),
    # macrodata: year, quarter, realgdp, realcons, realinv, realgovt, realdpi, cpi, m1,
    # tbilrate, unemp, pop, infl, realint (US, 1959Q1-2009Q3)
    Q(
        "macrodata",
        "average unemployment rate in 2009",
        lambda d: d[d.year == 2009].unemp.mean(),
        "value",
    ),
    Q("macrodata", "highest inflation", lambda d: d.infl.max(), "value"),
    Q(
        "macrodata",
        "what was real gdp in q1 1990",
        lambda d: d[(d.year == 1990) & (d.quarter == 1)].realgdp.iloc[0],
        "value",
    ),
    Q(
        "macrodata",
        "average tbill rate in the 1980s",
        lambda d: d[d.year.between(1980, 1989)].tbilrate.mean(),
        "value",
    ),
    Q(
        "macrodata",
        "which year had the highest unemployment",
        lambda d: int(d.loc[d.unemp.idxmax(), "year"]),
        "value",
    ),
    Q("macrodata", "max cpi", lambda d: d.cpi.max(), "value"),
    Q(
        "macrodata",
        "how many quarters had a negative real interest rate",
        lambda d: (d.realint < 0).sum(),
        "value",
    ),
    Q(
        "macrodata",
        "total real investment in 2000",
        lambda d: d[d.year == 2000].realinv.sum(),
        "value",
    ),
    Q(
        "macrodata",
        "average inflation when unemployment was above 8",
        lambda d: d[d.unemp > 8].infl.mean(),
        "value",
    ),
    Q("macrodata", "what was the stock market return in 2008", back, "back"),
    # longley: Obs, TOTEMP, GNPDEFL, GNP, UNEMP, ARMED, POP, YEAR (1947-1962)
    Q(
        "longley",
        "total employment in 1955",
        lambda d: d[d.YEAR == 1955].TOTEMP.iloc[0],
        "value",
    ),
    Q("longley", "average unemployment", lambda d: d.UNEMP.mean(), "value"),
    Q(
        "longley",
        "what year had the largest armed forces",
        lambda d: int(d.loc[d.ARMED.idxmax(), "YEAR"]),
        "value",
    ),
    Q("longley", "max GNP", lambda d: d.GNP.max(), "value"),
    Q("longley", "GNP deflator in 1950", lambda d: d[d.YEAR == 1950].GNPDEFL.iloc[0], "value"),
    Q(
        "longley",
        "how many years was unemployment over 4000",
        lambda d: (d.UNEMP > 4000).sum(),
        "value",
    ),
    Q("longley", "population in 1962", lambda d: d[d.YEAR == 1962].POP.iloc[0], "value"),
    # statecrime: state, violent, murder, hs_grad, poverty, single, white, urban (2009, rates
    # and percentages)
    Q(
        "statecrime",
        "murder rate in texas",
        lambda d: d[d.state == "Texas"].murder.iloc[0],
        "value",
    ),
    Q(
        "statecrime",
        "which state has the highest violent crime rate",
        lambda d: argmax(d, "violent", "state"),
        "label",
    ),
    Q("statecrime", "avg poverty rate", lambda d: d.poverty.mean(), "value"),
    Q(
        "statecrime",
        "how many states have a murder rate above 5",
        lambda d: (d.murder > 5).sum(),
        "value",
    ),
    Q(
        "statecrime",
        "high school graduation rate in ohio",
        lambda d: d[d.state == "Ohio"].hs_grad.iloc[0],
        "value",
    ),
    Q(
        "statecrime",
        "top 3 states by poverty",
        lambda d: list(d.nlargest(3, "poverty").poverty),
        "top",
    ),
    Q(
        "statecrime",
        "states with poverty over 20%",
        lambda d: list(d[d.poverty > 20].state),
        "set",
    ),
    Q("statecrime", "what was the unemployment rate in Ohio", back, "back"),
    # experiment: experiment_1, experiment_2, experiment_3 (scores), gender (male/female),
    # group (control/treatment)
    Q(
        "experiment",
        "average experiment 1 score for women",
        lambda d: d[d.gender == "female"].experiment_1.mean(),
        "value",
    ),
    Q(
        "experiment",
        "how many men in the treatment group",
        lambda d: ((d.gender == "male") & (d.group == "treatment")).sum(),
        "value",
    ),
    Q(
        "experiment",
        "avg experiment 3 by group",
        lambda d: grp(d, "group", "experiment_3", "mean"),
        "groups",
    ),
    Q(
        "experiment",
        "max experiment 2 result among females",
        lambda d: d[d.gender == "female"].experiment_2.max(),
        "value",
    ),
    Q("experiment", "how many participants", lambda d: len(d), "value"),
    Q(
        "experiment",
        "average experiment 2 for males in control",
        lambda d: d[(d.gender == "male") & (d.group == "control")].experiment_2.mean(),
        "value",
    ),
    # population: LocID, Location (countries and regions), Year (1950-2100), Sex (Male/Female),
    # AgeGrp ("0-4" ... "100+"), AgeGrpStart, Value (people)
    Q(
        "population",
        "total population of France in 2020",
        lambda d: _pop(d, Location="France", Year=2020),
        "value",
    ),
    Q(
        "population",
        "how many women lived in Japan in 2000",
        lambda d: _pop(d, Location="Japan", Year=2000, Sex="Female"),
        "value",
    ),
    Q(
        "population",
        "number of men aged 100+ in Italy in 2020",
        lambda d: _pop(d, Location="Italy", Year=2020, Sex="Male", AgeGrp="100+"),
        "value",
    ),
    Q(
        "population",
        "population of Germany by sex in 2010",
        lambda d: grp(d[(d.Location == "Germany") & (d.Year == 2010)], "Sex", "Value", "sum"),
        "groups",
    ),
    Q(
        "population",
        "how many locations are in the data",
        lambda d: d.Location.nunique(),
        "value",
    ),
    Q(
        "population",
        "female population of brazil in 1950",
        lambda d: _pop(d, Location="Brazil", Year=1950, Sex="Female"),
        "value",
    ),
    Q(
        "population",
        "which age group had the most people in India in 2020",
        lambda d: str(
            d[(d.Location == "India") & (d.Year == 2020)].groupby("AgeGrp").Value.sum().idxmax()
        ),
        "label",
    ),
    Q("population", "what is the average income in Spain", back, "back"),
]
