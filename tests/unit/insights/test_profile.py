"""Profile numbers equal pandas' on random frames; correlations and Cramér's V are exact."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from symphainy.insights import engine
from symphainy.insights import profile as profiling
from symphainy.insights.profile import column, cramers_v, profile
from tests.unit.insights.conftest import Open, write_parquet

# pandas is the reference implementation here, a test-only dependency (pandas==3.1.1).
pd = pytest.importorskip("pandas")

floats = st.one_of(st.none(), st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False))
ints = st.one_of(st.none(), st.integers(-(10**9), 10**9))


def _close(ours: Any, theirs: Any) -> bool:
    if theirs is None or (isinstance(theirs, float) and math.isnan(theirs)):
        return ours is None
    return ours is not None and math.isclose(float(ours), float(theirs), rel_tol=1e-9, abs_tol=1e-6)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.lists(st.tuples(floats, ints), min_size=1, max_size=80))
def test_profile_numbers_equal_pandas(tmp_path: Path, data: list[tuple[Any, Any]]) -> None:
    cols = {"x": [a for a, _ in data], "n": [b for _, b in data]}
    path = write_parquet(tmp_path / "p.parquet", cols, {"x": pa.float64(), "n": pa.int64()})
    con = engine.connect(path)
    try:
        result = profile(con)
    finally:
        con.close()
    frame = pd.DataFrame(
        {
            "x": pd.Series(cols["x"], dtype="float64"),
            "n": pd.Series(cols["n"], dtype="Int64").astype("float64"),
        }
    )
    assert result["rows"] == len(frame)
    for name in ("x", "n"):
        ours, series = column(result, name), frame[name]
        assert ours["count"] == int(series.count())
        assert ours["nulls"] == int(series.isna().sum())
        assert ours["distinct"] == int(series.nunique())
        for stat in ("mean", "min", "max", "std", "median"):
            assert _close(ours.get(stat), getattr(series, stat)()), (name, stat, ours.get(stat))
    assert result["duplicate_rows"] == int(frame.duplicated().sum())


def test_correlations_equal_pandas(open_data: Open) -> None:
    a = [float(i % 17) for i in range(300)]
    b = [v * 2 + (i % 5) for i, v in enumerate(a)]
    c = [float((i * 7919) % 101) for i in range(300)]
    con = open_data({"a": a, "b": b, "c": c})
    result = profile(con)
    frame = pd.DataFrame({"a": a, "b": b, "c": c})
    for method in ("pearson", "spearman"):
        expected = frame.corr(method=method)
        for pair in result["correlations"][method]:
            assert pair["r"] == pytest.approx(expected.loc[pair["a"], pair["b"]], abs=1e-9)
    assert result["correlations"]["pearson"][0]["a"] == "a"


def test_cramers_v_matches_the_textbook_formula() -> None:
    # 2x2 table [[10, 20], [30, 40]]: chi2 = 0.7937, n = 100, V = sqrt(chi2 / n).
    cells = [("x", "p", 10), ("x", "q", 20), ("y", "p", 30), ("y", "q", 40)]
    n, rows, cols = 100, {"x": 30, "y": 70}, {"p": 40, "q": 60}
    chi2 = sum((o - rows[r] * cols[c] / n) ** 2 / (rows[r] * cols[c] / n) for r, c, o in cells)
    assert cramers_v(cells) == pytest.approx(math.sqrt(chi2 / n))
    assert cramers_v([("x", "p", 5), ("y", "q", 5)]) == pytest.approx(1.0)


def test_text_columns_get_lengths_patterns_and_top_values(open_data: Open) -> None:
    con = open_data(
        {
            "contact": ["a@b.co", "c@d.org", "+44 20 7946 0000", None, "a@b.co"],
            "city": ["Oslo", "Oslo", "Rome", "Oslo", "Rome"],
        }
    )
    result = profile(con)
    contact = column(result, "contact")
    assert contact["pattern_counts"]["email"] == 3 and contact["pattern_counts"]["phone"] == 1
    assert contact["length"] == {"min": 6, "max": 16, "mean": pytest.approx(35 / 4)}
    assert column(result, "city")["top_values"] == [
        {"value": "Oslo", "count": 3},
        {"value": "Rome", "count": 2},
    ]
    assert result["correlations"]["cramers_v"][0]["v"] >= 0


def test_histogram_bins_cover_every_value(open_data: Open) -> None:
    con = open_data({"v": [float(i) for i in range(1000)] + [None]})
    bins = column(profile(con), "v")["histogram"]
    assert len(bins) == 20 and sum(b["count"] for b in bins) == 1000
    assert bins[0]["start"] == 0 and bins[-1]["end"] == 999


def test_shapes_of_a_large_unique_column_are_sampled_and_labelled(
    open_data: Open, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(profiling, "SHAPES_SAMPLE", 300)
    mails = [f"user{i}@example.com" if i % 4 else f"user{i}-at-example" for i in range(3000)]
    small = [f"u{i}@x.org" if i % 4 else f"u{i}" for i in range(150)]
    con = open_data({"mail": mails, "small": small + [None] * (3000 - 150)})
    result = profile(con)
    mail = column(result, "mail")
    assert "pattern_counts" not in mail
    sample = mail["patterns_sample"]
    assert sample["of"] == 3000 and 100 < sample["values"] < 1000
    assert mail["patterns"]["email"] == pytest.approx(0.75, abs=0.1)
    assert any("sample" in note for note in result["notes"])
    small = column(result, "small")  # 150 filled values, under the sample size: exact
    assert "patterns_sample" not in small and small["pattern_counts"]["email"] == 150 - 38
    # the sample is the same every time
    assert column(profile(con), "mail")["patterns"] == mail["patterns"]


def test_invalid_emails_are_counted_exactly_when_shapes_were_sampled(
    open_data: Open, monkeypatch: pytest.MonkeyPatch
) -> None:
    from symphainy.insights.quality import assess

    monkeypatch.setattr(profiling, "SHAPES_SAMPLE", 300)
    mails = [f"user{i}@example.com" if i % 7 else f"user{i}-at-example" for i in range(3000)]
    con = open_data({"contact": mails})
    prof = profile(con)
    assert "patterns_sample" in column(prof, "contact")
    found = [f for f in assess(con, prof)["findings"] if f["check"] == "invalid_email"]
    assert [f["count"] for f in found] == [len(range(0, 3000, 7))]


def test_duplicate_rows_are_exact_with_nulls_signed_zeros_and_nan(open_data: Open) -> None:
    xs = [0.0, -0.0, float("nan"), float("nan"), None, None, 1.5, 1.5, 2.5]
    ts = ["a", "a", "b", "b", None, None, "c", "c", "c"]
    con = open_data({"x": xs, "t": ts})
    distinct_star = con.execute("SELECT count(*) FROM (SELECT DISTINCT * FROM data)").fetchone()
    assert distinct_star is not None
    assert profile(con)["duplicate_rows"] == 9 - int(distinct_star[0])
    unique = open_data({"x": [float(i) for i in range(50)]}, name="u.parquet")
    assert profile(unique)["duplicate_rows"] == 0


def test_profile_caps_duckdb_memory_and_restores_it(open_data: Open) -> None:
    con = open_data({"x": [1.0, 2.0]})
    before = con.execute("SELECT current_setting('memory_limit')").fetchone()
    seen: list[str] = []
    with profiling.memory_capped(con):
        seen.append(str(con.execute("SELECT current_setting('memory_limit')").fetchone()[0]))
    assert profiling.size_bytes(seen[0]) == profiling.size_bytes(profiling.MEMORY_LIMIT) or (
        profiling.size_bytes(seen[0]) or 0
    ) <= (profiling.size_bytes(profiling.MEMORY_LIMIT) or 0)
    assert con.execute("SELECT current_setting('memory_limit')").fetchone() == before
    locked = open_data({"x": [1.0, 2.0]}, locked=True, name="l.parquet")
    assert profile(locked)["rows"] == 2  # a locked connection keeps its own cap


def test_memory_sizes_are_read() -> None:
    assert profiling.size_bytes("256MB") == 256 * 1000**2
    assert profiling.size_bytes("19.2 GiB") == int(19.2 * 1024**3)
    assert profiling.size_bytes("512.0 MiB") == 512 * 1024**2
    assert profiling.size_bytes("lots") is None


def test_blanks_zeros_and_negatives_stay_exact_when_their_scan_is_skipped(
    open_data: Open,
) -> None:
    con = open_data(
        {
            "low": ["\x01x", " ", "", "  ", "a", None],  # smallest value under a space
            "high": ["b", "c", "a b", "zz", "é", None],  # no value can be blank
            "ctl": ["\x01x", " ", "a", "b", "c", None],
            "pos": [1.0, 2.0, 3.0, 4.0, 5.0, None],
            "neg": [-1.0, 0.0, -0.0, 2.0, 3.0, None],
        }
    )
    result = profile(con)
    assert column(result, "low")["blank"] == 3 and column(result, "high")["blank"] == 0
    assert column(result, "ctl")["blank"] == 1
    assert column(result, "low")["min"] == "" and column(result, "high")["max"] == "é"
    assert (column(result, "pos")["zeros"], column(result, "pos")["negatives"]) == (0, 0)
    assert (column(result, "neg")["zeros"], column(result, "neg")["negatives"]) == (2, 1)
