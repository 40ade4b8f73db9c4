"""A fifth blind set of business questions, over four tables no earlier set uses.

Written on 8 December 2026 (01:55-02:05 UTC) by a session that had not read the parser's code,
the way a manager types: lookups, counts, aggregates, superlatives returning the row, top N,
group-by, date parts, ranges, several conditions, missing counts, text prefixes ("all firefox
versions"), and questions the table cannot answer (kind ``back``). Scored once as the blind
figure (see ``docs/quality.md``), then never tuned on question by question.

Tables (none used by an earlier set; read in place from the same package wheels as sets 3-4):
- ``elements``: the periodic table (``bokeh_sampledata`` 2026.1, ``elements.csv``);
- ``lincoln``: daily high/low temperatures, Lincoln NE, 2016 (NOAA, public domain;
  ``bokeh_sampledata``, ``lincoln_weather.csv``); DATE read as a date, as an upload would be;
- ``browsers``: browser version market shares, November 2013 (``bokeh_sampledata``,
  ``browsers_nov_2013.csv``);
- ``wind``: wind rose frequencies by direction and strength (``plotly`` 7.1.0,
  ``package_data/datasets/wind.csv.gz``).
"""

from __future__ import annotations

import pandas as pd
from benchmarks.ask.business_questions import Question, argmax, argmin, back, count_by, grp
from benchmarks.ask.business_questions_4 import BOKEH, PLOTLY, _csv

# table -> the file name a user would have uploaded
NAMES_5: dict[str, str] = {
    "elements": "elements.csv",
    "lincoln": "lincoln_weather.csv",
    "browsers": "browsers_nov_2013.csv",
    "wind": "wind.csv",
}


def load5(table: str) -> pd.DataFrame:
    if table == "elements":
        frame = _csv(BOKEH, "bokeh_sampledata/_data/elements.csv")
    elif table == "lincoln":
        frame = _csv(BOKEH, "bokeh_sampledata/_data/lincoln_weather.csv")
        frame["DATE"] = pd.to_datetime(frame["DATE"])
    elif table == "browsers":
        frame = _csv(BOKEH, "bokeh_sampledata/_data/browsers_nov_2013.csv")
    elif table == "wind":
        frame = _csv(PLOTLY, "plotly/package_data/datasets/wind.csv.gz")
    else:
        raise KeyError(table)
    # plain object dtypes for text, as a CSV upload would be read
    return frame.astype({c: object for c in frame.columns if str(frame[c].dtype) == "str"})


def _year(d: pd.DataFrame) -> pd.Series:
    return pd.to_numeric(d["year discovered"], errors="coerce")


def _month(d: pd.DataFrame) -> pd.Series:
    return d.DATE.dt.month


SHARE = "Market Share Perc. (Nov 2013)"
VERSION = "Browser Version"

Q = Question
QUESTIONS_5: list[Question] = [
    # elements: atomic number, symbol, name, atomic mass (text), electronegativity, atomic
    # radius, standard state, bonding type, melting point, boiling point, density, metal
    # (category), year discovered (text, "Ancient"), group (text), period
    Q("elements", "how many elements are there", lambda d: len(d), "value"),
    Q("elements", "how many noble gases", lambda d: (d.metal == "noble gas").sum(), "value"),
    Q(
        "elements",
        "which element has the highest melting point",
        lambda d: argmax(d, "melting point", "name"),
        "label",
    ),
    Q(
        "elements",
        "avg density of transition metals",
        lambda d: d[d.metal == "transition metal"].density.mean(),
        "value",
    ),
    Q(
        "elements",
        "element with the lowest boiling point",
        lambda d: argmin(d, "boiling point", "name"),
        "label",
    ),
    Q(
        "elements",
        "how many elements are liquid",
        lambda d: (d["standard state"] == "liquid").sum(),
        "value",
    ),
    Q(
        "elements",
        "number of elements by standard state",
        lambda d: count_by(d, "standard state"),
        "groups",
    ),
    Q(
        "elements",
        "average electronegativity by metal type",
        lambda d: grp(d, "metal", "electronegativity", "mean"),
        "groups",
    ),
    Q(
        "elements",
        "how many elements were discovered in the 1800s",
        lambda d: ((_year(d) >= 1800) & (_year(d) <= 1899)).sum(),
        "value",
    ),
    Q(
        "elements",
        "which element has the biggest atomic radius",
        lambda d: argmax(d, "atomic radius", "name"),
        "label",
    ),
    Q("elements", "max density", lambda d: d.density.max(), "value"),
    Q("elements", "how many elements in period 4", lambda d: (d.period == 4).sum(), "value"),
    Q(
        "elements",
        "top 5 densest elements",
        lambda d: list(d.nlargest(5, "density").density),
        "top",
    ),
    Q(
        "elements",
        "how many halogens melt below 300",
        lambda d: ((d.metal == "halogen") & (d["melting point"] < 300)).sum(),
        "value",
    ),
    Q("elements", "what's the symbol for gold", lambda d: "Au", "label"),
    Q(
        "elements",
        "atomic number of iron?",
        lambda d: int(d[d.name == "Iron"]["atomic number"].iloc[0]),
        "value",
    ),
    Q("elements", "what is the price per kilo of copper", back, "back"),
    Q("elements", "which element is most abundant in the earth's crust", back, "back"),
    Q(
        "elements",
        "average first ionization energy of alkali metals",
        lambda d: d[d.metal == "alkali metal"]["IE-1"].mean(),
        "value",
    ),
    Q("elements", "how many metalloids", lambda d: (d.metal == "metalloid").sum(), "value"),
    # lincoln: STATION, NAME, DATE (2016), TMAX, TMIN (deg F)
    Q("lincoln", "highest max temp of the year", lambda d: d.TMAX.max(), "value"),
    Q(
        "lincoln",
        "average high in july",
        lambda d: d[_month(d) == 7].TMAX.mean(),
        "value",
    ),
    Q("lincoln", "how many days was the low below 32", lambda d: (d.TMIN < 32).sum(), "value"),
    Q("lincoln", "coldest low temperature", lambda d: d.TMIN.min(), "value"),
    Q(
        "lincoln",
        "average low by month",
        lambda d: {str(k): float(v) for k, v in d.groupby(_month(d)).TMIN.mean().items()},
        "groups",
    ),
    Q("lincoln", "how many days over 90", lambda d: (d.TMAX > 90).sum(), "value"),
    Q(
        "lincoln",
        "how many days are missing a high temperature",
        lambda d: d.TMAX.isna().sum(),
        "value",
    ),
    Q("lincoln", "max temp in january", lambda d: d[_month(d) == 1].TMAX.max(), "value"),
    Q(
        "lincoln",
        "number of days with a high above 80 and a low under 60",
        lambda d: ((d.TMAX > 80) & (d.TMIN < 60)).sum(),
        "value",
    ),
    Q("lincoln", "how much did it rain in june", back, "back"),
    Q("lincoln", "what was the humidity on july 4", back, "back"),
    Q(
        "lincoln",
        "what was the high on 2016-07-04",
        lambda d: d[d.DATE == "2016-07-04"].TMAX.iloc[0],
        "value",
    ),
    Q(
        "lincoln",
        "avg high from june to august",
        lambda d: d[_month(d).between(6, 8)].TMAX.mean(),
        "value",
    ),
    Q(
        "lincoln",
        "lowest high temp in december",
        lambda d: d[_month(d) == 12].TMAX.min(),
        "value",
    ),
    Q(
        "lincoln",
        "how many days in march had a high over 60",
        lambda d: ((_month(d) == 3) & (d.TMAX > 60)).sum(),
        "value",
    ),
    # browsers: "Browser Version" ("Chrome 31.0"), "Market Share Perc. (Nov 2013)"
    Q(
        "browsers",
        "what's chrome 31's market share",
        lambda d: d[d[VERSION] == "Chrome 31.0"][SHARE].iloc[0],
        "value",
    ),
    Q(
        "browsers",
        "which browser version has the biggest share",
        lambda d: argmax(d, SHARE, VERSION),
        "label",
    ),
    Q(
        "browsers",
        "total market share of all firefox versions",
        lambda d: d[d[VERSION].str.startswith("Firefox")][SHARE].sum(),
        "value",
    ),
    Q("browsers", "how many browser versions are listed", lambda d: len(d), "value"),
    Q(
        "browsers",
        "top 3 browser versions by market share",
        lambda d: list(d.nlargest(3, SHARE)[VERSION]),
        "top",
    ),
    Q(
        "browsers",
        "how many versions have less than 0.1% share",
        lambda d: (d[SHARE] < 0.1).sum(),
        "value",
    ),
    Q("browsers", "average market share", lambda d: d[SHARE].mean(), "value"),
    Q(
        "browsers",
        "total share of internet explorer",
        lambda d: d[d[VERSION].str.startswith("IE ")][SHARE].sum(),
        "value",
    ),
    Q("browsers", "how many users does safari have", back, "back"),
    Q("browsers", "what was chrome's share in 2012", back, "back"),
    Q(
        "browsers",
        "how many safari versions",
        lambda d: d[VERSION].str.startswith("Safari").sum(),
        "value",
    ),
    # wind: direction (N, NNE, ...), strength ("0-1" ... "6+"), frequency
    Q(
        "wind",
        "total frequency for north winds",
        lambda d: d[d.direction == "N"].frequency.sum(),
        "value",
    ),
    Q(
        "wind",
        "which direction has the highest total frequency",
        lambda d: str(d.groupby("direction").frequency.sum().idxmax()),
        "label",
    ),
    Q("wind", "frequency by strength", lambda d: grp(d, "strength", "frequency", "sum"), "groups"),
    Q(
        "wind",
        "average frequency per direction",
        lambda d: grp(d, "direction", "frequency", "mean"),
        "groups",
    ),
    Q("wind", "max frequency", lambda d: d.frequency.max(), "value"),
    Q(
        "wind",
        "what is the frequency of NNE winds at strength 6+",
        lambda d: d[(d.direction == "NNE") & (d.strength == "6+")].frequency.iloc[0],
        "value",
    ),
    Q("wind", "which month is the windiest", back, "back"),
    Q(
        "wind",
        "total frequency of 6+ winds",
        lambda d: d[d.strength == "6+"].frequency.sum(),
        "value",
    ),
]
