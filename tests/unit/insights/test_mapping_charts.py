"""Field mapping signals and checks; charts aggregate instead of shipping rows; summaries cite."""

from __future__ import annotations

import datetime as dt

import pytest

from symphainy.core.errors import Invalid
from symphainy.insights import charts, engine, mapping
from symphainy.insights.profile import profile
from symphainy.insights.quality import assess
from symphainy.insights.summary import dataset_summary
from tests.unit.insights.conftest import Open

SOURCE = {
    "cust_email": ["a@x.io", "b@y.io", "c@z.io"],
    "Amount": ["10", "12.5", "oops"],
    "created": [dt.date(2026, 1, d) for d in (1, 2, 3)],
}
TARGET = {"EmailAddress": ["q@x.io"], "total_amount": [1.5], "CreatedOn": [dt.date(2026, 2, 1)]}


def _columns(con: object) -> list[engine.Column]:
    return engine.describe(con)  # type: ignore[arg-type]


def test_mapping_pairs_by_name_pattern_and_type(open_data: Open) -> None:
    src = open_data(SOURCE, name="s.parquet")
    dst = open_data(TARGET, name="t.parquet")
    s_cols, t_cols = _columns(src), _columns(dst)
    s_stats = {c["name"]: c for c in profile(src)["columns"]}
    t_stats = {c["name"]: c for c in profile(dst)["columns"]}
    pairs = mapping.suggest(s_cols, t_cols, s_stats, t_stats, use_embeddings=False)
    chosen = mapping.choose(pairs, s_cols, t_cols, {})
    assert {m["source"]: m["target"] for m in chosen} == {
        "cust_email": "EmailAddress",
        "Amount": "total_amount",
        "created": "CreatedOn",
    }
    email = next(m for m in chosen if m["source"] == "cust_email")
    assert email["signals"]["pattern"] == 1.0 and email["signals"]["type"] == 1.0
    checks = {
        c["source"]: c
        for c in mapping.validate(
            src, chosen, {c.name: c for c in s_cols}, {c.name: c for c in t_cols}
        )
    }
    assert checks["Amount"]["failures"] == 1 and checks["Amount"]["target_type"] == "number"
    assert checks["created"]["failures"] == 0
    preview = mapping.preview(src, chosen, {c.name: c for c in s_cols})
    assert preview["columns"] == ["EmailAddress", "total_amount", "CreatedOn"]
    assert preview["rows"][0] == ["a@x.io", "10", "2026-01-01"]


def test_user_overrides_win_and_unknown_fields_are_refused(open_data: Open) -> None:
    src, dst = open_data(SOURCE, name="s.parquet"), open_data(TARGET, name="t.parquet")
    s_cols, t_cols = _columns(src), _columns(dst)
    pairs = mapping.suggest(s_cols, t_cols, {}, {}, use_embeddings=False)
    chosen = mapping.choose(pairs, s_cols, t_cols, {"Amount": None, "cust_email": "total_amount"})
    by_source = {m["source"]: m for m in chosen}
    assert "Amount" not in by_source
    assert by_source["cust_email"]["target"] == "total_amount"
    assert by_source["cust_email"]["origin"] == "user"
    with pytest.raises(Invalid):
        mapping.choose(pairs, s_cols, t_cols, {"nope": "EmailAddress"})


def test_charts_inline_aggregates_not_rows(open_data: Open) -> None:
    n = 5000
    con = open_data(
        {
            "x": [float(i % 100) for i in range(n)],
            "y": [float(i % 100) * 2 + 1 for i in range(n)],
            "kind": [["a", "b", "c"][i % 3] for i in range(n)],
            "day": [dt.date(2026, 1, 1) + dt.timedelta(days=i % 90) for i in range(n)],
        }
    )
    prof = profile(con)
    chosen = charts.choose(con, prof)
    kinds = [c["kind"] for c in chosen]
    assert kinds == ["histogram", "histogram", "bar", "timeseries", "scatter"]
    for chart in chosen:
        assert len(chart["spec"]["data"]["values"]) <= charts.SCATTER_BINS**2 < n
    monthly = chosen[3]["spec"]["data"]["values"]
    by_month: dict[int, list[float]] = {}
    for i in range(n):
        month = (dt.date(2026, 1, 1) + dt.timedelta(days=i % 90)).month
        by_month.setdefault(month, []).append(float(i % 100))
    # "x" is not a quantity that adds up (no amount, count, cost...): averaged per month.
    assert [v["value"] for v in monthly] == pytest.approx(
        [sum(xs) / len(xs) for _month, xs in sorted(by_month.items())]
    )
    assert chosen[3]["title"] == "Average x per month of Day"
    svg = charts.to_svg(chosen[2]["spec"])
    assert svg.startswith("<svg") and "Kind" in svg  # the axis title, as a label
    one = charts.choose(con, prof, kind="scatter", x="x", y="y")
    assert [c["columns"] for c in one] == [["x", "y"]]
    with pytest.raises(Invalid):
        charts.choose(con, prof, kind="histogram", x="kind")


def test_summary_sentences_rest_on_listed_facts(open_data: Open) -> None:
    con = open_data({"amount": [1.0, 2.0, 3.0, None], "team": ["a", "a", "b", "b"]})
    prof = profile(con)
    result = dataset_summary(prof, assess(con, prof))
    ids = {f["id"] for f in result["facts"]}
    assert all(s["facts"] and set(s["facts"]) <= ids for s in result["sentences"])
    assert result["sentences"][0]["text"] == "The dataset has 4 rows and 2 columns."
    assert any("ranges from 1 to 3" in s["text"] for s in result["sentences"])


def test_histogram_leaves_extremes_out_and_says_how_many(open_data: Open) -> None:
    con = open_data({"amount": [float(i % 50) for i in range(500)] + [1e6, 2e6, 3e6]})
    spec = charts.histogram(con, profile(con), "amount")
    assert "3 values beyond the IQR fences not shown" in spec["title"]
    assert sum(b["count"] for b in spec["data"]["values"]) == 500
