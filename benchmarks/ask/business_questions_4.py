"""A fourth blind set of business questions, over seven tables no earlier set uses.

Written on 8 December 2026 (00:45-01:10 UTC) by a session that had not read the parser's code,
the way a manager types: short, abbreviations, typing errors, lookups, aggregates, shares,
superlatives returning the row, top N, group-by, date parts, ranges, several conditions, OR,
missing counts, and questions the table cannot answer (kind ``back``: a question back is right,
an answer is wrong). Scored once as the blind figure (see ``docs/quality.md``), then never
tuned on question by question.

Tables (none used by an earlier set; all read in place from package wheels, nothing copied):
- ``movies``: OMDb titles joined with their Rotten Tomatoes figures (box office, meter),
  ``bokeh_sampledata`` 2026.1 (``movies.db``; package BSD-3-Clause);
- ``emissions``: CO2 emissions per person by country and year 1950-2012, ``bokeh_sampledata``
  (``emissions.csv.gz``);
- ``election``: Montreal 2013 mayoral election by district, ``plotly`` 7.1.0
  (``package_data/datasets/election.csv.gz``; package MIT);
- ``routes``: US airline routes (OpenFlights), ``bokeh_sampledata`` (``routes.csv.gz``);
- ``unemployment``: US monthly unemployment rate 1948-2016 (BLS, public domain),
  ``bokeh_sampledata`` (``unemployment1948.csv``);
- ``medals``: Sochi 2014 medal table by country, ``bokeh_sampledata`` (``olympics2014.json``,
  flattened to the columns a spreadsheet of it would have);
- ``sprint``: Olympic 100 m sprint medallists 1896-2012, ``bokeh_sampledata``
  (``sprint.csv``).

The wheels are fetched with ``pip download --no-deps -d DIR plotly==7.1.0
bokeh-sampledata==2026.1`` (``ASK_DATA_DIR``, default ``/tmp/askdata``), as for the third set.
Answers are computed here with pandas; kinds as in ``business_questions.py``, plus ``back``.
"""

from __future__ import annotations

import io
import json
import sqlite3
import tempfile
import zipfile

import pandas as pd
from benchmarks.ask.business_questions import Question, argmax, argmin, back, count_by, grp
from benchmarks.ask.business_questions_3 import data_dir

BOKEH = "bokeh_sampledata-2026.1"
PLOTLY = "plotly-7.1.0"

# table -> the file name a user would have uploaded
NAMES_4: dict[str, str] = {
    "movies": "movies.csv",
    "emissions": "emissions.csv",
    "election": "election.csv",
    "routes": "routes.csv",
    "unemployment": "unemployment1948.csv",
    "medals": "olympics2014.csv",
    "sprint": "sprint.csv",
}


def _member(wheel: str, member: str) -> bytes:
    with zipfile.ZipFile(data_dir() / f"{wheel}-py3-none-any.whl") as zf:
        return zf.read(member)


def _csv(wheel: str, member: str, **kw: object) -> pd.DataFrame:
    comp = "gzip" if member.endswith(".gz") else None
    frame: pd.DataFrame = pd.read_csv(
        io.BytesIO(_member(wheel, member)),
        compression=comp,
        **kw,  # type: ignore[arg-type]
    )
    return frame


def _movies() -> pd.DataFrame:
    with tempfile.NamedTemporaryFile(suffix=".db") as tmp:
        tmp.write(_member(BOKEH, "bokeh_sampledata/_data/movies.db"))
        tmp.flush()
        con = sqlite3.connect(tmp.name)
        frame = pd.read_sql(
            "SELECT o.Title, o.Year, o.Rating, o.Runtime, o.Genre, o.Released, o.Director,"
            " o.Language, o.Country, o.Oscars, t.BoxOffice, t.Meter"
            " FROM omdb o JOIN tomatoes t ON o.ID = t.ID",
            con,
        )
        con.close()
    for col in ("Rating", "Director", "Language", "Country", "Released"):
        frame[col] = frame[col].replace("", None)
    frame["Released"] = pd.to_datetime(frame["Released"], errors="coerce")
    return frame


def _medals() -> pd.DataFrame:
    data = json.loads(_member(BOKEH, "bokeh_sampledata/_data/olympics2014.json"))["data"]
    rows = [
        {
            "Country": d["name"],
            "Code": d["abbr"],
            "Gold": d["medals"]["gold"],
            "Silver": d["medals"]["silver"],
            "Bronze": d["medals"]["bronze"],
            "Total": d["medals"]["total"],
        }
        for d in data
    ]
    return pd.DataFrame(rows)


def load4(table: str) -> pd.DataFrame:
    if table == "movies":
        frame = _movies()
    elif table == "emissions":
        frame = _csv(BOKEH, "bokeh_sampledata/_data/emissions.csv.gz")
        frame["year"] = frame["year"].astype(int)
    elif table == "election":
        frame = _csv(PLOTLY, "plotly/package_data/datasets/election.csv.gz")
    elif table == "routes":
        frame = _csv(BOKEH, "bokeh_sampledata/_data/routes.csv.gz")
    elif table == "unemployment":
        frame = _csv(BOKEH, "bokeh_sampledata/_data/unemployment1948.csv")
    elif table == "medals":
        frame = _medals()
    elif table == "sprint":
        frame = _csv(BOKEH, "bokeh_sampledata/_data/sprint.csv", skipinitialspace=True)
    else:
        raise KeyError(table)
    # plain object dtypes for text, as a CSV upload would be read
    return frame.astype({c: object for c in frame.columns if str(frame[c].dtype) == "str"})


Q = Question
QUESTIONS_4: list[Question] = [
    # movies: Title, Year, Rating (MPAA), Runtime (min), Genre ("Comedy, Drama"), Released
    # (date), Director, Language, Country, Oscars, BoxOffice ($), Meter (tomatometer)
    Q("movies", "total box office of all movies", lambda d: d.BoxOffice.sum(), "value"),
    Q("movies", "how many movies won an oscar", lambda d: (d.Oscars >= 1).sum(), "value"),
    Q(
        "movies",
        "which movie made the most money",
        lambda d: argmax(d, "BoxOffice", "Title"),
        "label",
    ),
    Q(
        "movies",
        "top 5 movies by box office",
        lambda d: sorted(d.BoxOffice.dropna(), reverse=True)[:5],
        "top",
    ),
    Q(
        "movies",
        "avg runtime of R rated movies",
        lambda d: d[d.Rating == "R"].Runtime.mean(),
        "value",
    ),
    Q(
        "movies",
        "how many films did woody allen direct",
        lambda d: (d.Director == "Woody Allen").sum(),
        "value",
    ),
    Q(
        "movies",
        "box office for Avatar",
        lambda d: set(d[d.Title == "Avatar"].BoxOffice),
        "set",
    ),
    Q("movies", "number of movies per rating", lambda d: count_by(d, "Rating"), "groups"),
    Q("movies", "how many movies from 2010", lambda d: (d.Year == 2010).sum(), "value"),
    Q(
        "movies",
        "average box office by rating",
        lambda d: grp(d, "Rating", "BoxOffice", "mean"),
        "groups",
    ),
    Q("movies", "longest movie", lambda d: argmax(d, "Runtime", "Title"), "label"),
    Q(
        "movies",
        "how many movies are missing box office",
        lambda d: d.BoxOffice.isna().sum(),
        "value",
    ),
    Q(
        "movies",
        "movies with more than 3 oscars",
        lambda d: set(d[d.Oscars > 3].Title),
        "set",
    ),
    Q(
        "movies",
        "what % of movies are rated PG-13",
        lambda d: 100 * (d.Rating == "PG-13").mean(),
        "value",
    ),
    Q(
        "movies",
        "median meter score for clint eastwood movies",
        lambda d: d[d.Director == "Clint Eastwood"].Meter.median(),
        "value",
    ),
    Q(
        "movies",
        "how many movies in 2005 or 2006",
        lambda d: d.Year.isin([2005, 2006]).sum(),
        "value",
    ),
    Q(
        "movies",
        "which director has the most oscars",
        lambda d: str(d.groupby("Director").Oscars.sum().idxmax()),
        "label",
    ),
    Q(
        "movies",
        "number of movies released in december",
        lambda d: (d.Released.dt.month == 12).sum(),
        "value",
    ),
    Q(
        "movies",
        "how many movies run between 90 and 100 minutes",
        lambda d: d.Runtime.between(90, 100).sum(),
        "value",
    ),
    Q("movies", "what was the budget of Avatar", back, "back"),
    Q("movies", "which movie was shown in the most theaters", back, "back"),
    Q("movies", "average profit per movie", back, "back"),
    # emissions: country, year (1950-2012), emissions (t CO2 per person)
    Q(
        "emissions",
        "co2 emissions of china in 2012",
        lambda d: set(d[(d.country == "China") & (d.year == 2012)].emissions),
        "set",
    ),
    Q(
        "emissions",
        "which country had the highest emissions in 2012",
        lambda d: argmax(d[d.year == 2012], "emissions", "country"),
        "label",
    ),
    Q(
        "emissions",
        "avg emissions by year",
        lambda d: grp(d, "year", "emissions", "mean"),
        "groups",
    ),
    Q(
        "emissions",
        "top 3 countries by emissions in 1990",
        lambda d: sorted(d[d.year == 1990].emissions, reverse=True)[:3],
        "top",
    ),
    Q("emissions", "how many countries in the data", lambda d: d.country.nunique(), "value"),
    Q(
        "emissions",
        "emisions of germany in 2000",
        lambda d: set(d[(d.country == "Germany") & (d.year == 2000)].emissions),
        "set",
    ),
    Q(
        "emissions",
        "how many countries had emissions above 20 in 2012",
        lambda d: ((d.year == 2012) & (d.emissions > 20)).sum(),
        "value",
    ),
    Q(
        "emissions",
        "average emissions for the united states since 2000",
        lambda d: d[(d.country == "United States") & (d.year >= 2000)].emissions.mean(),
        "value",
    ),
    Q(
        "emissions",
        "lowest emitting country in 2012",
        lambda d: argmin(d[d.year == 2012], "emissions", "country"),
        "label",
    ),
    Q(
        "emissions",
        "what year were US emissions highest",
        lambda d: str(d.loc[d[d.country == "United States"].emissions.idxmax(), "year"]),
        "label",
    ),
    Q("emissions", "which industry emits the most co2", back, "back"),
    Q("emissions", "what is the population of france", back, "back"),
    # election: district, Coderre, Bergeron, Joly (votes), total, winner, result
    # (majority/plurality), district_id
    Q("election", "how many districts did Joly win", lambda d: (d.winner == "Joly").sum(), "value"),
    Q("election", "total votes for coderre", lambda d: d.Coderre.sum(), "value"),
    Q(
        "election",
        "which district had the most votes in total",
        lambda d: argmax(d, "total", "district"),
        "label",
    ),
    Q(
        "election",
        "number of districts won by a majority",
        lambda d: (d.result == "majority").sum(),
        "value",
    ),
    Q("election", "avg total votes per district", lambda d: d.total.mean(), "value"),
    Q(
        "election",
        "districts won by bergeron",
        lambda d: set(d[d.winner == "Bergeron"].district),
        "set",
    ),
    Q(
        "election",
        "how many districts each candidate won",
        lambda d: count_by(d, "winner"),
        "groups",
    ),
    Q(
        "election",
        "joly votes in bois-de-liesse",
        lambda d: set(d[d.district == "101-Bois-de-Liesse"].Joly),
        "set",
    ),
    Q(
        "election",
        "what share of districts did coderre win",
        lambda d: 100 * (d.winner == "Coderre").mean(),
        "value",
    ),
    Q(
        "election",
        "how many districts had fewer than 5000 votes",
        lambda d: (d.total < 5000).sum(),
        "value",
    ),
    Q("election", "what was the turnout percentage", back, "back"),
    Q("election", "how many votes did coderre get in 2009", back, "back"),
    # routes: Airline (code), AirlineID, Source, SourceID, Destination, DestinationID,
    # Codeshare (empty), Stops (all 0), Equipment (empty)
    Q("routes", "how many routes does WN fly", lambda d: (d.Airline == "WN").sum(), "value"),
    Q(
        "routes",
        "which airline has the most routes",
        lambda d: str(d.Airline.value_counts().idxmax()),
        "label",
    ),
    Q("routes", "number of routes from ORD", lambda d: (d.Source == "ORD").sum(), "value"),
    Q(
        "routes",
        "how many routes from JFK to LAX",
        lambda d: ((d.Source == "JFK") & (d.Destination == "LAX")).sum(),
        "value",
    ),
    Q(
        "routes",
        "top 5 airlines by number of routes",
        lambda d: list(d.Airline.value_counts().iloc[:5]),
        "top",
    ),
    Q("routes", "how many different source airports", lambda d: d.Source.nunique(), "value"),
    Q("routes", "routes per airline", lambda d: count_by(d, "Airline"), "groups"),
    Q(
        "routes",
        "which source airport has the most routes",
        lambda d: str(d.Source.value_counts().idxmax()),
        "label",
    ),
    Q("routes", "how many nonstop routes", lambda d: (d.Stops == 0).sum(), "value"),
    Q(
        "routes",
        "routes from ATL or DFW",
        lambda d: d.Source.isin(["ATL", "DFW"]).sum(),
        "value",
    ),
    Q("routes", "what is the average ticket price from JFK", back, "back"),
    Q("routes", "how long is the flight from LAX to SFO", back, "back"),
    # unemployment: Year (1948-2016), Jan..Dec (monthly rate, %), Annual
    Q(
        "unemployment",
        "annual unemployment rate in 2009",
        lambda d: set(d[d.Year == 2009].Annual),
        "set",
    ),
    Q(
        "unemployment",
        "which year had the highest annual unemployment",
        lambda d: argmax(d, "Annual", "Year"),
        "label",
    ),
    Q(
        "unemployment",
        "average annual unemployment in the 1980s",
        lambda d: d[d.Year.between(1980, 1989)].Annual.mean(),
        "value",
    ),
    Q("unemployment", "jan unemployment in 2010", lambda d: set(d[d.Year == 2010].Jan), "set"),
    Q(
        "unemployment",
        "how many years was annual unemployment above 8",
        lambda d: (d.Annual > 8).sum(),
        "value",
    ),
    Q("unemployment", "lowest december rate", lambda d: d.Dec.min(), "value"),
    Q(
        "unemployment",
        "avg annual rate since 2000",
        lambda d: d[d.Year >= 2000].Annual.mean(),
        "value",
    ),
    Q(
        "unemployment",
        "top 3 years by annual unemployment",
        lambda d: sorted(d.Annual, reverse=True)[:3],
        "top",
    ),
    Q("unemployment", "unemployment in california in 2010", back, "back"),
    Q("unemployment", "how many people were unemployed in 2009", back, "back"),
    # medals: Country, Code, Gold, Silver, Bronze, Total (Sochi 2014)
    Q(
        "medals",
        "how many golds did norway win",
        lambda d: set(d[d.Country == "Norway"].Gold),
        "set",
    ),
    Q(
        "medals",
        "which country won the most medals",
        lambda d: argmax(d, "Total", "Country"),
        "label",
    ),
    Q("medals", "total gold medals", lambda d: d.Gold.sum(), "value"),
    Q("medals", "how many countries won no medals", lambda d: (d.Total == 0).sum(), "value"),
    Q(
        "medals",
        "top 3 countries by gold",
        lambda d: sorted(d.Gold, reverse=True)[:3],
        "top",
    ),
    Q(
        "medals",
        "countries with more than 10 medals",
        lambda d: set(d[d.Total > 10].Country),
        "set",
    ),
    Q("medals", "avg medals per country", lambda d: d.Total.mean(), "value"),
    Q("medals", "silver medals for USA", lambda d: set(d[d.Code == "USA"].Silver), "set"),
    Q(
        "medals",
        "what share of all medals did russia win",
        lambda d: 100 * d[d.Code == "RUS"].Total.sum() / d.Total.sum(),
        "value",
    ),
    Q("medals", "how many athletes did canada send", back, "back"),
    # sprint: Name, Country (code), Medal (GOLD/SILVER/BRONZE), Time (s), Year (1896-2012)
    Q(
        "sprint",
        "how many gold medals has usain bolt won",
        lambda d: ((d.Name == "Usain Bolt") & (d.Medal == "GOLD")).sum(),
        "value",
    ),
    Q("sprint", "fastest time ever", lambda d: d.Time.min(), "value"),
    Q(
        "sprint",
        "who won gold in 1996",
        lambda d: set(d[(d.Year == 1996) & (d.Medal == "GOLD")].Name),
        "set",
    ),
    Q("sprint", "medals by country", lambda d: count_by(d, "Country"), "groups"),
    Q(
        "sprint",
        "how many medals did the USA win before 1950",
        lambda d: ((d.Country == "USA") & (d.Year < 1950)).sum(),
        "value",
    ),
    Q(
        "sprint",
        "average gold medal time since 2000",
        lambda d: d[(d.Medal == "GOLD") & (d.Year >= 2000)].Time.mean(),
        "value",
    ),
    Q(
        "sprint",
        "which country has the most gold medals",
        lambda d: str(d[d.Medal == "GOLD"].Country.value_counts().idxmax()),
        "label",
    ),
    Q("sprint", "what was bolt's reaction time in 2012", back, "back"),
]
