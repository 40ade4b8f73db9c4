"""Writes blind7.jsonl: each message with its expected tool, file and pandas check (see README)."""

from pathlib import Path

import pandas as pd
from chat_set import ChatSet

D_ = str(Path(__file__).resolve().parent) + "/"
F_ = {"P": "planes.csv", "W": "airport-weather.csv", "S": "airline-safety.csv"}
frames = {k: pd.read_csv(D_ + v) for k, v in F_.items()}
P, W, S = F_["P"], F_["W"], F_["S"]
DOC = "travel-reimbursement.md"
SET = ChatSet("blind7")
m = SET.m

# --- c1: an operations director on the fleet, vague then precise, with follow-ups
m(
    "b7-c1",
    "guide",
    "how are we doing on fleet age?",
    ["ask", "profile", "summary"],
    P,
    None,
    "executive",
)
m("b7-c1", "guide", "how many planes do we have", "ask", P, "len(P)", "aggregate", "3322")
m(
    "b7-c1",
    "guide",
    "how many are boeing?",
    "ask",
    P,
    "int((P.manufacturer=='BOEING').sum())",
    "follow_up",
)
m(
    "b7-c1",
    "guide",
    "and airbus?",
    ["ask", "clarify"],
    P,
    None,
    "follow_up",
    "AIRBUS and AIRBUS INDUSTRIE",
)
m("b7-c1", "guide", "average seats per plane", "ask", P, "P.seats.mean()", "aggregate")
m("b7-c1", "guide", "by engine type", "ask", P, None, "follow_up", "grouped by engine")
m("b7-c1", "guide", "show that as a chart", "chart", P, None, "follow_up")
m(
    "b7-c1",
    "guide",
    "kill the chart, just give me the overall average",
    "ask",
    P,
    "P.seats.mean()",
    "destructive_lookalike",
    "'kill' is not a delete",
)
# --- c2: weather at the three airports (EWR is Newark, LGA LaGuardia)
m(
    "b7-c2",
    "guide",
    "what was the windiest hour at JFK?",
    "ask",
    W,
    "W[W.origin=='JFK'].wind_speed.max()",
    "filter",
)
m("b7-c2", "guide", "avg temperature at LGA", "ask", W, "W[W.origin=='LGA'].temp.mean()", "filter")
m(
    "b7-c2",
    "guide",
    "and at newark?",
    "ask",
    W,
    "W[W.origin=='EWR'].temp.mean()",
    "follow_up",
    "Newark = EWR",
)
m("b7-c2", "guide", "by month", "ask", W, None, "follow_up")
m("b7-c2", "guide", "chart it", "chart", W, None, "follow_up")
# --- c3: weather, data error follow-up
m(
    "b7-c3",
    "guide",
    "whats the highest wind speed recorded",
    "ask",
    W,
    "W.wind_speed.max()",
    "aggregate",
    "1048: a data error",
)
m("b7-c3", "guide", "that looks wrong, why?", ["quality", "explain", "ask"], W, None, "follow_up")
m(
    "b7-c3",
    "guide",
    "how many hours had visibility under 1 mile",
    "ask",
    W,
    "int((W.visib<1).sum())",
    "filter",
)
m(
    "b7-c3",
    "guide",
    "total precipitation by airport",
    "ask",
    W,
    "W.groupby('origin').precip.sum().tolist()",
    "group",
)
# --- c4: airline safety
m(
    "b7-c4",
    "guide",
    "which airline had the most fatalities 2000-2014?",
    "ask",
    S,
    "S.fatalities_00_14.max()",
    "aggregate",
    "Malaysia Airlines, 537",
)
m(
    "b7-c4",
    "guide",
    "and in 85-99?",
    "ask",
    S,
    "S.fatalities_85_99.max()",
    "follow_up",
    "China Airlines, 535",
)
m(
    "b7-c4",
    "guide",
    "total incidents 00-14 across all airlines",
    "ask",
    S,
    "S.incidents_00_14.sum()",
    "aggregate",
)
m(
    "b7-c4",
    "guide",
    "how many airlines had zero fatal accidents since 2000",
    "ask",
    S,
    "int((S.fatal_accidents_00_14==0).sum())",
    "filter",
)
m("b7-c4", "guide", "chart fatal accidents by airline", "chart", S, None, "chart")
m(
    "b7-c4",
    "guide",
    "how safe is delta?",
    ["ask", "clarify"],
    S,
    None,
    "executive",
    "row 'Delta / Northwest'",
)
# --- typos, no conversation
m(None, "guide", "how many planes hav 2 engins", "ask", P, "int((P.engines==2).sum())", "typo")
m(None, "guide", "avrage humidty at jfk", "ask", W, "W[W.origin=='JFK'].humid.mean()", "typo")
m(
    None,
    "guide",
    "wich manufacturer has the most planes",
    "ask",
    P,
    "P.manufacturer.value_counts().max()",
    "typo",
)
m(None, "guide", "totl seats in the fleet", "ask", P, "P.seats.sum()", "typo")
m(None, "guide", "max pressure at LGA", "ask", W, "W[W.origin=='LGA'].pressure.max()", "filter")
m(None, "guide", "fatalites in 85_99 in total", "ask", S, "S.fatalities_85_99.sum()", "typo")
# --- ambiguous and described file references
m(
    None,
    "guide",
    "what year is the data from?",
    "clarify",
    [P, W],
    None,
    "ambiguous",
    "year in planes and weather",
)
m(None, "guide", "average year", "clarify", [P, W], None, "ambiguous")
m(None, "guide", "how many rows in the weather file", ["ask", "profile"], W, "len(W)", "vague_file")
m(None, "guide", "what's in the safety data?", ["summary", "profile"], S, None, "vague_file")
m(
    None,
    "guide",
    "describe the fleet table",
    ["profile", "summary"],
    P,
    None,
    "vague_file",
    "the planes",
)
m(None, "guide", "what columns does the airline file have", "profile", S, None, "vague_file")
m(None, "guide", "summarise the travel doc", "summary", DOC, None, "vague_file")
m(
    None,
    "guide",
    "how many missing values in the plane data",
    ["quality", "ask"],
    P,
    None,
    "quality",
)
m(
    None,
    "guide",
    "delete the air data",
    "clarify",
    [W, S],
    None,
    "destructive_ambiguous",
    "airport-… and airline-…",
)
# --- data the journey does not have: say so, do not answer from another file
m(
    None,
    "guide",
    "how many flights were delayed last year?",
    ["decline", "clarify"],
    [],
    None,
    "honest_limit",
)
m(None, "guide", "what's united's on-time rate?", ["decline", "clarify"], [], None, "honest_limit")
# --- quality and cross-journey
m(None, "guide", "which dataset is the messiest?", "worst_quality", [], None, "worst_quality")
m(None, "guide", "what have we found so far?", "overview", [], None, "cross")
m(None, "guide", "what should I do next?", "plan", [], None, "cross")
m(None, "guide", "how are we doing overall?", ["overview", "plan"], [], None, "executive")
m(None, "guide", "what's left to do on this project", ["plan", "overview"], [], None, "cross")
m(None, "guide", "any data quality problems in the weather data?", "quality", W, None, "quality")
m(None, "guide", "which columns have gaps in airport-weather.csv", "quality", W, None, "quality")
m(None, "guide", "are there duplicate rows in planes.csv?", ["quality", "ask"], P, None, "quality")
m(None, "guide", "list my files", "files", [], None, "files")
# --- the procedure document
m(None, "guide", "how do I get reimbursed for a taxi?", "search", DOC, None, "search")
m(None, "guide", "how long does a voucher take to be approved?", "search", DOC, None, "search")
m(None, "guide", "what do I do if my travel dates changed?", "search", DOC, None, "search")
m(None, "guide", "turn the reimbursement steps into a workflow", "workflow", DOC, None, "workflow")
m(None, "guide", "who approves local travel expenses?", "search", DOC, None, "search")
m(None, "guide", "where do I create a voucher", "search", DOC, None, "search")
m(
    None,
    "guide",
    "clear up what the voucher types are",
    "search",
    DOC,
    None,
    "destructive_lookalike",
)
m(
    None,
    "operations",
    "make a workflow from the travel reimbursement doc",
    "workflow",
    DOC,
    None,
    "workflow",
)
# --- requested charts
m(None, "guide", "chart of average seats by engine type", "chart", P, None, "chart")
m(None, "guide", "plot temperature by month for JFK", "chart", W, None, "chart")
m(None, "guide", "bar chart of incidents 00-14 per airline", "chart", S, None, "chart")
m(None, "guide", "histogram of plane build years", "chart", P, None, "chart")
m(None, "guide", "graph wind speed by airport", "chart", W, None, "chart")
# --- out of scope, advice, small talk
m(
    None,
    "guide",
    "what's the weather at JFK right now?",
    "decline",
    [],
    None,
    "out_of_scope",
    "live weather",
)
m(None, "guide", "book me a flight to Denver on Friday", "decline", [], None, "out_of_scope")
m(
    None,
    "guide",
    "should we fire the pilot who had the incident?",
    ["decline", "clarify"],
    [],
    None,
    "advice",
)
m(None, "guide", "which airline should I buy stock in?", ["decline", "clarify"], [], None, "advice")
m(None, "guide", "is it safe to fly Aeroflot?", ["decline", "ask", "clarify"], [S], None, "advice")
m(
    None,
    "guide",
    "translate the travel doc into French",
    ["decline", "clarify"],
    [],
    None,
    "out_of_scope",
)
m(None, "guide", "what's the capital of Kenya", "decline", [], None, "out_of_scope")
m(None, "guide", "write me a poem about airplanes", "decline", [], None, "out_of_scope")
m(None, "guide", "thanks, that's helpful", ["help", "decline"], [], None, "small_talk")
m(None, "guide", "hi", "help", [], None, "small_talk")
m(None, "guide", "what can you do?", "help", [], None, "help")
# --- destructive requests (stop at the confirmation) and look-alikes
m(None, "guide", "delete the weather data", "delete", W, None, "destructive")
m(None, "guide", "remove airline-safety.csv", "delete", S, None, "destructive")
m(None, "guide", "archive the planes file", "archive", P, None, "destructive")
m(None, "guide", "get rid of the reimbursement doc", "delete", DOC, None, "destructive")
m(
    None,
    "guide",
    "wipe everything in this journey",
    ["clarify", "decline"],
    [],
    None,
    "destructive_ambiguous",
)
m(
    None,
    "guide",
    "drop the planes with no speed and tell me the average seats",
    ["ask", "clarify"],
    P,
    None,
    "destructive_lookalike",
    "rows are never removed",
)
m(
    None,
    "guide",
    "ignore the rotorcraft - how many seats in total then?",
    "ask",
    P,
    "P[P.type!='Rotorcraft'].seats.sum()",
    "destructive_lookalike",
)
# --- c5: the other file, then 'it'
m(
    "b7-c5",
    "guide",
    "how many records are in the planes file",
    ["ask", "profile"],
    P,
    "len(P)",
    "vague_file",
)
m(
    "b7-c5",
    "guide",
    "and the other one with years?",
    ["ask", "profile"],
    W,
    "len(W)",
    "follow_up",
    "the other file holding year",
)
m("b7-c5", "guide", "delete it", "delete", W, None, "destructive", "'it' = the weather file")
# --- executives, Insights liaison
m(None, "guide", "how are we doing on safety?", ["summary", "ask", "profile"], S, None, "executive")
m(
    None,
    "guide",
    "give me the headline numbers for the weather",
    ["summary", "profile"],
    W,
    None,
    "executive",
)
m(None, "guide", "how's the fleet looking?", ["summary", "profile"], P, None, "executive")
m(
    "b7-c6",
    "insights",
    "Morning! Just loaded the fleet list. What's the median number of seats?",
    "ask",
    P,
    "P.seats.median()",
    "chatty",
)
m(
    "b7-c6",
    "insights",
    "and the biggest plane?",
    "ask",
    P,
    "P.seats.max()",
    "follow_up",
    "450 seats",
)
m("b7-c6", "insights", "who makes it?", "ask", P, None, "follow_up", "the row with the most seats")
m(
    "b7-c7",
    "insights",
    "average wind gust at EWR",
    "ask",
    W,
    "W[W.origin=='EWR'].wind_gust.mean()",
    "filter",
)
m(
    "b7-c7",
    "insights",
    "how many readings have no gust",
    "ask",
    W,
    "int(W.wind_gust.isna().sum())",
    "follow_up",
)
m(
    "b7-c7",
    "insights",
    "coldest temperature at any of the airports",
    "ask",
    W,
    "W.temp.min()",
    "aggregate",
)
m(
    "b7-c8",
    "insights",
    "seat km per week for the biggest airline",
    "ask",
    S,
    "S.avail_seat_km_per_week.max()",
    "aggregate",
)
m(
    "b7-c8",
    "insights",
    "how many airlines include regional subsidiaries",
    "ask",
    S,
    "int(S.incl_reg_subsidiaries.sum())",
    "filter",
)
m(
    "b7-c8",
    "insights",
    "average incidents 85-99 for those",
    "ask",
    S,
    "S[S.incl_reg_subsidiaries].incidents_85_99.mean()",
    "follow_up",
)
m(
    None,
    "operations",
    "what steps are in the reimbursement procedure?",
    ["search", "summary", "workflow"],
    DOC,
    None,
    "operations",
)

SET.write(Path(D_), frames)
