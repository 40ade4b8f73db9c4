"""Business questions over tables shipped in packages, each with its answer computed by pandas.

Written from a user's side before the parser was tuned (see README.md). Every answer is computed
here with pandas, independently of the parser and of SQL. ``HELD_OUT`` marks the questions kept
out of development: every third question of each table (by position) is held out.

Kinds of expected answer:
- ``value``: one number (compared with a relative tolerance of 1e-6 or 0.01 absolute);
- ``label``: a text value that must appear in the answer's first row;
- ``groups``: a mapping of group -> number, compared in full;
- ``set``: the set of values of one answered column;
- ``top``: the first values of one answered column, in order (the ranked quantity, so that
  rows tied on it may come in any order).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd


@dataclass(frozen=True)
class Question:
    table: str
    text: str
    expected: Callable[[pd.DataFrame], Any]
    kind: str


def grp(df: pd.DataFrame, by: str, col: str, how: str) -> dict[str, float]:
    return {str(k): float(v) for k, v in df.groupby(by)[col].agg(how).items()}


def count_by(df: pd.DataFrame, by: str) -> dict[str, float]:
    return {str(k): float(v) for k, v in df.groupby(by).size().items()}


def argmax(df: pd.DataFrame, col: str, label: str) -> str:
    return str(df.loc[df[col].idxmax(), label])


def argmin(df: pd.DataFrame, col: str, label: str) -> str:
    return str(df.loc[df[col].idxmin(), label])


def back(_: pd.DataFrame) -> None:
    """A question the table cannot answer: the right reply is a question back."""
    return None


Q = Question
QUESTIONS: list[Question] = [
    # cars (vega_datasets): Name, Miles_per_Gallon, Cylinders, Displacement, Horsepower,
    # Weight_in_lbs, Acceleration, Year, Origin
    Q("cars", "how many cars have 8 cylinders?", lambda d: (d.Cylinders == 8).sum(), "value"),
    Q(
        "cars",
        "average mpg of cars from Japan",
        lambda d: d[d.Origin == "Japan"].Miles_per_Gallon.mean(),
        "value",
    ),
    Q("cars", "what's the heaviest car?", lambda d: argmax(d, "Weight_in_lbs", "Name"), "label"),
    Q("cars", "how many cars are there?", lambda d: len(d), "value"),
    Q(
        "cars",
        "average horsepower by origin",
        lambda d: grp(d, "Origin", "Horsepower", "mean"),
        "groups",
    ),
    Q(
        "cars",
        "which car has the best fuel economy?",
        lambda d: argmax(d, "Miles_per_Gallon", "Name"),
        "label",
    ),
    Q(
        "cars",
        "maximum weight of cars with 4 cylinders",
        lambda d: d[d.Cylinders == 4].Weight_in_lbs.max(),
        "value",
    ),
    Q("cars", "how many cars from Europe", lambda d: (d.Origin == "Europe").sum(), "value"),
    Q("cars", "number of cars per origin", lambda d: count_by(d, "Origin"), "groups"),
    Q("cars", "median horsepower", lambda d: d.Horsepower.median(), "value"),
    Q(
        "cars",
        "how many cars have horsepower over 200",
        lambda d: (d.Horsepower > 200).sum(),
        "value",
    ),
    Q(
        "cars",
        "average weight of cars with more than 6 cylinders",
        lambda d: d[d.Cylinders > 6].Weight_in_lbs.mean(),
        "value",
    ),
    Q(
        "cars",
        "how many cars are missing horsepower?",
        lambda d: d.Horsepower.isna().sum(),
        "value",
    ),
    Q(
        "cars",
        "what is the mpg of the ford torino?",
        lambda d: set(d[d.Name == "ford torino"].Miles_per_Gallon.dropna()),
        "set",
    ),
    Q(
        "cars",
        "lowest acceleration of cars from USA",
        lambda d: d[d.Origin == "USA"].Acceleration.min(),
        "value",
    ),
    Q(
        "cars",
        "what percentage of cars are from Japan?",
        lambda d: 100 * (d.Origin == "Japan").mean(),
        "value",
    ),
    Q(
        "cars",
        "how many cars have between 4 and 6 cylinders",
        lambda d: d.Cylinders.between(4, 6).sum(),
        "value",
    ),
    Q(
        "cars",
        "average displacement of cars not from USA",
        lambda d: d[d.Origin != "USA"].Displacement.mean(),
        "value",
    ),
    Q(
        "cars",
        "top 3 cars by horsepower",
        lambda d: sorted(d.Horsepower.dropna(), reverse=True)[:3],
        "top",
    ),
    Q(
        "cars",
        "how many cars from Japan or Europe",
        lambda d: d.Origin.isin(["Japan", "Europe"]).sum(),
        "value",
    ),
    Q(
        "cars",
        "total weight of cars with 3 cylinders",
        lambda d: d[d.Cylinders == 3].Weight_in_lbs.sum(),
        "value",
    ),
    Q("cars", "how many different car names are there", lambda d: d.Name.nunique(), "value"),
    Q(
        "cars",
        "average miles per gallon for cars with 4 cylinders from Europe",
        lambda d: d[(d.Cylinders == 4) & (d.Origin == "Europe")].Miles_per_Gallon.mean(),
        "value",
    ),
    Q(
        "cars",
        "which origin has the highest average mpg",
        lambda d: max(grp(d, "Origin", "Miles_per_Gallon", "mean").items(), key=lambda kv: kv[1])[
            0
        ],
        "label",
    ),
    Q(
        "cars",
        "how many cars weigh less than 2000 lbs",
        lambda d: (d.Weight_in_lbs < 2000).sum(),
        "value",
    ),
    Q("cars", "count of cars by cylinders", lambda d: count_by(d, "Cylinders"), "groups"),
    Q("cars", "minimum mpg", lambda d: d.Miles_per_Gallon.min(), "value"),
    # penguins (palmerpenguins): species, island, bill_length_mm, bill_depth_mm,
    # flipper_length_mm, body_mass_g, sex, year
    Q(
        "penguins",
        "average body mass of Gentoo penguins",
        lambda d: d[d.species == "Gentoo"].body_mass_g.mean(),
        "value",
    ),
    Q(
        "penguins",
        "average flipper length of Gentoo",
        lambda d: d[d.species == "Gentoo"].flipper_length_mm.mean(),
        "value",
    ),
    Q("penguins", "how many rows have a missing sex?", lambda d: d.sex.isna().sum(), "value"),
    Q(
        "penguins",
        "how many penguins are on Biscoe island",
        lambda d: (d.island == "Biscoe").sum(),
        "value",
    ),
    Q(
        "penguins",
        "average bill length by species",
        lambda d: grp(d, "species", "bill_length_mm", "mean"),
        "groups",
    ),
    Q("penguins", "how many species are there", lambda d: d.species.nunique(), "value"),
    Q("penguins", "number of penguins per island", lambda d: count_by(d, "island"), "groups"),
    Q(
        "penguins",
        "maximum body mass of female penguins",
        lambda d: d[d.sex == "female"].body_mass_g.max(),
        "value",
    ),
    Q(
        "penguins",
        "how many Adelie penguins on Dream",
        lambda d: ((d.species == "Adelie") & (d.island == "Dream")).sum(),
        "value",
    ),
    Q(
        "penguins",
        "what percentage of penguins are Chinstrap",
        lambda d: 100 * (d.species == "Chinstrap").mean(),
        "value",
    ),
    Q("penguins", "median flipper length", lambda d: d.flipper_length_mm.median(), "value"),
    Q(
        "penguins",
        "how many penguins weigh over 5000 g",
        lambda d: (d.body_mass_g > 5000).sum(),
        "value",
    ),
    Q(
        "penguins",
        "how many penguins were observed in 2008",
        lambda d: (d.year == 2008).sum(),
        "value",
    ),
    Q(
        "penguins",
        "average body mass by sex",
        lambda d: grp(d, "sex", "body_mass_g", "mean"),
        "groups",
    ),
    Q(
        "penguins",
        "which species has the longest average flipper",
        lambda d: max(grp(d, "species", "flipper_length_mm", "mean").items(), key=lambda kv: kv[1])[
            0
        ],
        "label",
    ),
    Q(
        "penguins",
        "smallest bill depth of male Adelie penguins",
        lambda d: d[(d.sex == "male") & (d.species == "Adelie")].bill_depth_mm.min(),
        "value",
    ),
    Q("penguins", "count penguins by year", lambda d: count_by(d, "year"), "groups"),
    Q(
        "penguins",
        "how many penguins have a bill length above 50 mm",
        lambda d: (d.bill_length_mm > 50).sum(),
        "value",
    ),
    Q(
        "penguins",
        "average body mass of penguins not on Biscoe",
        lambda d: d[d.island != "Biscoe"].body_mass_g.mean(),
        "value",
    ),
    Q("penguins", "how many islands are there", lambda d: d.island.nunique(), "value"),
    Q(
        "penguins",
        "total body mass of Chinstrap penguins",
        lambda d: d[d.species == "Chinstrap"].body_mass_g.sum(),
        "value",
    ),
    Q(
        "penguins",
        "how many penguins are missing body mass",
        lambda d: d.body_mass_g.isna().sum(),
        "value",
    ),
    Q(
        "penguins",
        "which island has the most penguins",
        lambda d: max(count_by(d, "island").items(), key=lambda kv: kv[1])[0],
        "label",
    ),
    Q(
        "penguins",
        "average bill depth for each island",
        lambda d: grp(d, "island", "bill_depth_mm", "mean"),
        "groups",
    ),
    Q(
        "penguins",
        "what is the heaviest penguin's species",
        lambda d: argmax(d, "body_mass_g", "species"),
        "label",
    ),
    Q(
        "penguins",
        "how many female Gentoo penguins",
        lambda d: ((d.sex == "female") & (d.species == "Gentoo")).sum(),
        "value",
    ),
    # seattle-weather: date, precipitation, temp_max, temp_min, wind, weather
    Q(
        "weather",
        "what was the hottest day?",
        lambda d: str(d.loc[d.temp_max.idxmax(), "date"].date()),
        "label",
    ),
    Q(
        "weather",
        "total rainfall in 2015",
        lambda d: d[d.date.dt.year == 2015].precipitation.sum(),
        "value",
    ),
    Q("weather", "average max temperature", lambda d: d.temp_max.mean(), "value"),
    Q("weather", "how many days had snow", lambda d: (d.weather == "snow").sum(), "value"),
    Q("weather", "average wind by weather", lambda d: grp(d, "weather", "wind", "mean"), "groups"),
    Q(
        "weather",
        "total precipitation per year",
        lambda d: {
            str(k): float(v) for k, v in d.groupby(d.date.dt.year).precipitation.sum().items()
        },
        "groups",
    ),
    Q(
        "weather",
        "how many days with precipitation over 20",
        lambda d: (d.precipitation > 20).sum(),
        "value",
    ),
    Q("weather", "lowest minimum temperature", lambda d: d.temp_min.min(), "value"),
    Q(
        "weather",
        "what was the coldest day",
        lambda d: str(d.loc[d.temp_min.idxmin(), "date"].date()),
        "label",
    ),
    Q(
        "weather",
        "average max temperature in July 2014",
        lambda d: d[(d.date.dt.year == 2014) & (d.date.dt.month == 7)].temp_max.mean(),
        "value",
    ),
    Q("weather", "number of days by weather", lambda d: count_by(d, "weather"), "groups"),
    Q(
        "weather",
        "what percentage of days were sunny",
        lambda d: 100 * (d.weather == "sun").mean(),
        "value",
    ),
    Q(
        "weather",
        "how many days had fog in 2013",
        lambda d: ((d.weather == "fog") & (d.date.dt.year == 2013)).sum(),
        "value",
    ),
    Q("weather", "maximum wind speed", lambda d: d.wind.max(), "value"),
    Q(
        "weather",
        "which day was the windiest",
        lambda d: str(d.loc[d.wind.idxmax(), "date"].date()),
        "label",
    ),
    Q(
        "weather",
        "average precipitation per month",
        lambda d: {
            str(k): float(v) for k, v in d.groupby(d.date.dt.month).precipitation.mean().items()
        },
        "groups",
    ),
    Q(
        "weather",
        "how many days had a max temperature above 30",
        lambda d: (d.temp_max > 30).sum(),
        "value",
    ),
    Q(
        "weather",
        "how many rainy days in 2012",
        lambda d: ((d.weather == "rain") & (d.date.dt.year == 2012)).sum(),
        "value",
    ),
    Q("weather", "median wind", lambda d: d.wind.median(), "value"),
    Q(
        "weather",
        "average min temperature when it snowed",
        lambda d: d[d.weather == "snow"].temp_min.mean(),
        "value",
    ),
    Q(
        "weather",
        "total rainfall in March 2015",
        lambda d: d[(d.date.dt.year == 2015) & (d.date.dt.month == 3)].precipitation.sum(),
        "value",
    ),
    Q(
        "weather",
        "how many days had no precipitation",
        lambda d: (d.precipitation == 0).sum(),
        "value",
    ),
    Q(
        "weather",
        "highest temperature in 2013",
        lambda d: d[d.date.dt.year == 2013].temp_max.max(),
        "value",
    ),
    Q(
        "weather",
        "number of days with drizzle or fog",
        lambda d: d.weather.isin(["drizzle", "fog"]).sum(),
        "value",
    ),
    # stocks: symbol, date, price
    Q("stocks", "average price of MSFT", lambda d: d[d.symbol == "MSFT"].price.mean(), "value"),
    Q("stocks", "highest price of AAPL", lambda d: d[d.symbol == "AAPL"].price.max(), "value"),
    Q("stocks", "average price by symbol", lambda d: grp(d, "symbol", "price", "mean"), "groups"),
    Q("stocks", "how many rows for IBM", lambda d: (d.symbol == "IBM").sum(), "value"),
    Q(
        "stocks",
        "what was the price of GOOG in 2009",
        lambda d: set(d[(d.symbol == "GOOG") & (d.date.dt.year == 2009)].price),
        "set",
    ),
    Q("stocks", "how many symbols are there", lambda d: d.symbol.nunique(), "value"),
    Q("stocks", "maximum price per symbol", lambda d: grp(d, "symbol", "price", "max"), "groups"),
    Q("stocks", "lowest price of AMZN", lambda d: d[d.symbol == "AMZN"].price.min(), "value"),
    Q(
        "stocks",
        "average AAPL price in 2008",
        lambda d: d[(d.symbol == "AAPL") & (d.date.dt.year == 2008)].price.mean(),
        "value",
    ),
    Q(
        "stocks",
        "when was the highest price of IBM",
        lambda d: str(d.loc[d[d.symbol == "IBM"].price.idxmax(), "date"].date()),
        "label",
    ),
    Q("stocks", "how many prices above 500", lambda d: (d.price > 500).sum(), "value"),
    Q(
        "stocks",
        "which symbol had the highest price",
        lambda d: argmax(d, "price", "symbol"),
        "label",
    ),
    Q("stocks", "median price of MSFT", lambda d: d[d.symbol == "MSFT"].price.median(), "value"),
    Q(
        "stocks",
        "average price per year for AMZN",
        lambda d: {
            str(k): float(v)
            for k, v in d[d.symbol == "AMZN"].groupby(d.date.dt.year).price.mean().items()
        },
        "groups",
    ),
    Q("stocks", "what is the first date in the data", lambda d: str(d.date.min().date()), "label"),
    Q("stocks", "how many rows have a price below 20", lambda d: (d.price < 20).sum(), "value"),
    Q(
        "stocks",
        "average price of IBM or MSFT",
        lambda d: d[d.symbol.isin(["IBM", "MSFT"])].price.mean(),
        "value",
    ),
    # airports: iata, name, city, state, country, latitude, longitude
    Q("airports", "how many airports are in Texas", lambda d: (d.state == "TX").sum(), "value"),
    Q(
        "airports",
        "how many airports in the state of CA",
        lambda d: (d.state == "CA").sum(),
        "value",
    ),
    Q("airports", "number of airports by country", lambda d: count_by(d, "country"), "groups"),
    Q(
        "airports",
        "which state has the most airports",
        lambda d: max(count_by(d, "state").items(), key=lambda kv: kv[1])[0],
        "label",
    ),
    Q(
        "airports",
        "what city is the airport with iata code SEA in",
        lambda d: set(d[d.iata == "SEA"].city),
        "set",
    ),
    Q(
        "airports",
        "how many airports are in Chicago",
        lambda d: (d.city == "Chicago").sum(),
        "value",
    ),
    Q(
        "airports",
        "what is the name of the airport with code LAX",
        lambda d: set(d[d.iata == "LAX"].name),
        "set",
    ),
    Q("airports", "how many states are there", lambda d: d.state.nunique(), "value"),
    Q(
        "airports",
        "what is the northernmost airport",
        lambda d: argmax(d, "latitude", "name"),
        "label",
    ),
    Q(
        "airports",
        "average latitude of airports in Alaska state AK",
        lambda d: d[d.state == "AK"].latitude.mean(),
        "value",
    ),
    Q(
        "airports",
        "how many airports have latitude above 60",
        lambda d: (d.latitude > 60).sum(),
        "value",
    ),
    Q(
        "airports",
        "which airports are in Seattle",
        lambda d: set(d[d.city == "Seattle"].name),
        "set",
    ),
    Q(
        "airports",
        "how many airports are not in the USA",
        lambda d: (d.country != "USA").sum(),
        "value",
    ),
    Q("airports", "how many cities have an airport", lambda d: d.city.nunique(), "value"),
    Q("airports", "how many airports are missing a state", lambda d: d.state.isna().sum(), "value"),
    Q(
        "airports",
        "what is the iata code of Seattle-Tacoma Intl",
        lambda d: set(d[d.name == "Seattle-Tacoma Intl"].iata),
        "set",
    ),
    Q(
        "airports",
        "how many airports in Florida FL with latitude below 26",
        lambda d: ((d.state == "FL") & (d.latitude < 26)).sum(),
        "value",
    ),
    # iris: sepalLength, sepalWidth, petalLength, petalWidth, species
    Q(
        "iris",
        "average petal length by species",
        lambda d: grp(d, "species", "petalLength", "mean"),
        "groups",
    ),
    Q("iris", "how many setosa flowers", lambda d: (d.species == "setosa").sum(), "value"),
    Q(
        "iris",
        "maximum sepal width of virginica",
        lambda d: d[d.species == "virginica"].sepalWidth.max(),
        "value",
    ),
    Q(
        "iris",
        "how many flowers have a petal width over 2",
        lambda d: (d.petalWidth > 2).sum(),
        "value",
    ),
    Q("iris", "median sepal length", lambda d: d.sepalLength.median(), "value"),
    Q(
        "iris",
        "which species has the largest average sepal length",
        lambda d: max(grp(d, "species", "sepalLength", "mean").items(), key=lambda kv: kv[1])[0],
        "label",
    ),
    Q(
        "iris",
        "smallest petal length of versicolor",
        lambda d: d[d.species == "versicolor"].petalLength.min(),
        "value",
    ),
    Q("iris", "how many species", lambda d: d.species.nunique(), "value"),
    Q(
        "iris",
        "average sepal width of flowers with petal length under 2",
        lambda d: d[d.petalLength < 2].sepalWidth.mean(),
        "value",
    ),
    Q(
        "iris",
        "total petal width of setosa",
        lambda d: d[d.species == "setosa"].petalWidth.sum(),
        "value",
    ),
    Q("iris", "how many flowers are not setosa", lambda d: (d.species != "setosa").sum(), "value"),
    Q("iris", "count flowers by species", lambda d: count_by(d, "species"), "groups"),
    Q(
        "iris",
        "what percentage of flowers have a sepal length above 6",
        lambda d: 100 * (d.sepalLength > 6).mean(),
        "value",
    ),
    Q(
        "iris",
        "minimum petal width per species",
        lambda d: grp(d, "species", "petalWidth", "min"),
        "groups",
    ),
    Q(
        "iris",
        "average petal lenght of virginica",
        lambda d: d[d.species == "virginica"].petalLength.mean(),
        "value",
    ),
    # barley: yield, variety, year, site
    Q("barley", "total yield by site", lambda d: grp(d, "site", "yield", "sum"), "groups"),
    Q("barley", "average yield in 1931", lambda d: d[d.year == 1931]["yield"].mean(), "value"),
    Q(
        "barley",
        "which variety has the highest total yield",
        lambda d: max(grp(d, "variety", "yield", "sum").items(), key=lambda kv: kv[1])[0],
        "label",
    ),
    Q(
        "barley",
        "average yield at Waseca",
        lambda d: d[d.site == "Waseca"]["yield"].mean(),
        "value",
    ),
    Q("barley", "how many varieties are there", lambda d: d.variety.nunique(), "value"),
    Q(
        "barley",
        "maximum yield of Trebi",
        lambda d: d[d.variety == "Trebi"]["yield"].max(),
        "value",
    ),
    Q("barley", "average yield per year", lambda d: grp(d, "year", "yield", "mean"), "groups"),
    Q(
        "barley",
        "yield of Manchuria at Morris in 1932",
        lambda d: set(
            d[(d.variety == "Manchuria") & (d.site == "Morris") & (d.year == 1932)]["yield"]
        ),
        "set",
    ),
    Q("barley", "how many rows have a yield below 20", lambda d: (d["yield"] < 20).sum(), "value"),
    Q(
        "barley",
        "lowest yield at Grand Rapids",
        lambda d: d[d.site == "Grand Rapids"]["yield"].min(),
        "value",
    ),
    Q(
        "barley",
        "total yield of Velvet in 1932",
        lambda d: d[(d.variety == "Velvet") & (d.year == 1932)]["yield"].sum(),
        "value",
    ),
    Q(
        "barley",
        "which site had the lowest average yield",
        lambda d: min(grp(d, "site", "yield", "mean").items(), key=lambda kv: kv[1])[0],
        "label",
    ),
    Q(
        "barley",
        "average yield of No. 457",
        lambda d: d[d.variety == "No. 457"]["yield"].mean(),
        "value",
    ),
    Q("barley", "how many sites", lambda d: d.site.nunique(), "value"),
    Q(
        "barley",
        "median yield at Duluth",
        lambda d: d[d.site == "Duluth"]["yield"].median(),
        "value",
    ),
    # la-riots: first_name, last_name, age, gender, race, death_date, address, neighborhood, type
    Q("riots", "how many deaths were homicides", lambda d: (d.type == "Homicide").sum(), "value"),
    Q("riots", "average age of victims", lambda d: d.age.mean(), "value"),
    Q("riots", "number of deaths by race", lambda d: count_by(d, "race"), "groups"),
    Q("riots", "how many female victims", lambda d: (d.gender == "Female").sum(), "value"),
    Q("riots", "what was the age of the oldest victim", lambda d: d.age.max(), "value"),
    Q("riots", "how many victims were younger than 20", lambda d: (d.age < 20).sum(), "value"),
    Q("riots", "average age by gender", lambda d: grp(d, "gender", "age", "mean"), "groups"),
    Q(
        "riots",
        "how many deaths were in Westlake",
        lambda d: (d.neighborhood == "Westlake").sum(),
        "value",
    ),
    Q("riots", "how many victims are missing an age", lambda d: d.age.isna().sum(), "value"),
    Q("riots", "how many neighborhoods are there", lambda d: d.neighborhood.nunique(), "value"),
    Q("riots", "number of deaths by type", lambda d: count_by(d, "type"), "groups"),
    Q(
        "riots",
        "what neighborhood was George Alvarez in",
        lambda d: set(d[(d.first_name == "George") & (d.last_name == "Alvarez")].neighborhood),
        "set",
    ),
    Q(
        "riots",
        "how many Latino victims were male",
        lambda d: ((d.race == "Latino") & (d.gender == "Male")).sum(),
        "value",
    ),
    Q("riots", "youngest victim's age", lambda d: d.age.min(), "value"),
    Q(
        "riots",
        "what percentage of victims were Black",
        lambda d: 100 * (d.race == "Black").mean(),
        "value",
    ),
    Q(
        "riots",
        "how many officer-involved shootings",
        lambda d: (d.type == "Officer-involved shooting").sum(),
        "value",
    ),
    # driving: side, year, miles, gas
    Q("driving", "average gas price", lambda d: d.gas.mean(), "value"),
    Q("driving", "maximum miles driven", lambda d: d.miles.max(), "value"),
    Q(
        "driving",
        "in which year were the most miles driven",
        lambda d: str(d.loc[d.miles.idxmax(), "year"]),
        "label",
    ),
    Q("driving", "gas price in 1980", lambda d: set(d[d.year == 1980].gas), "set"),
    Q("driving", "how many years had gas above 2", lambda d: (d.gas > 2).sum(), "value"),
    Q("driving", "average miles after 2000", lambda d: d[d.year > 2000].miles.mean(), "value"),
    Q("driving", "lowest gas price", lambda d: d.gas.min(), "value"),
    Q(
        "driving",
        "average gas price between 1990 and 2000",
        lambda d: d[d.year.between(1990, 2000)].gas.mean(),
        "value",
    ),
    Q("driving", "how many years are in the data", lambda d: d.year.nunique(), "value"),
    Q("driving", "miles in 1975", lambda d: set(d[d.year == 1975].miles), "set"),
    Q(
        "driving",
        "which year had the cheapest gas",
        lambda d: str(d.loc[d.gas.idxmin(), "year"]),
        "label",
    ),
    Q("driving", "total miles before 1970", lambda d: d[d.year < 1970].miles.sum(), "value"),
]

HELD_OUT: set[int] = set()
_seen: dict[str, int] = {}
for _i, _q in enumerate(QUESTIONS):
    _n = _seen.get(_q.table, 0)
    if _n % 3 == 2:
        HELD_OUT.add(_i)
    _seen[_q.table] = _n + 1
