"""Insights on a table read as an analyst would: penguins-raw, the issue's own example."""

from __future__ import annotations

from pathlib import Path

import pytest

from symphainy.content.parsers import parse_file
from symphainy.content.parsers.base import ParseLimits, TableResult
from symphainy.content.sniff import sniff
from symphainy.insights import engine
from symphainy.insights.profile import profile
from symphainy.insights.quality import assess
from symphainy.insights.summary import dataset_summary

RAW = Path(__file__).resolve().parents[2] / "data" / "tables" / "palmerpenguins__penguins-raw.csv"


@pytest.fixture
def penguins(tmp_path: Path) -> TableResult:
    return parse_file(RAW, sniff(RAW, RAW.name), tmp_path, ParseLimits()).tables[0]


def test_profile_quality_and_summary_use_the_corrected_types(penguins: TableResult) -> None:
    semantic = {c.name: c.type.value for c in penguins.columns}
    readings = {c.name: c.reading for c in penguins.columns if c.reading}
    con = engine.connect(penguins.parquet_path)
    try:
        prof = profile(con, semantic)
        assessed = assess(con, prof, semantic, readings)
    finally:
        con.close()
    stats = {c["name"]: c for c in prof["columns"]}
    assert stats["Body Mass (g)"]["kind"] == "numeric"
    assert stats["Delta 15 N (o/oo)"]["count"] == 344 - 14
    assert stats["Comments"]["count"] == 344 - 290
    assert len(prof["correlations"]["pearson"]) > 1
    markers = [f for f in assessed["findings"] if f["check"] == "missing_marker"]
    assert {f["column"] for f in markers} == {
        "Culmen Length (mm)",
        "Culmen Depth (mm)",
        "Flipper Length (mm)",
        "Body Mass (g)",
        "Sex",
        "Delta 15 N (o/oo)",
        "Delta 13 C (o/oo)",
        "Comments",
    }
    penalty = {p["finding"]: p["penalty"] for p in assessed["penalties"]}
    assert all(penalty[f["id"]] == 0 for f in markers)  # a decision, not a data fault
    text = dataset_summary(prof, assessed)["text"]
    for measure in ("Culmen Length (mm)", "Body Mass (g)", "Delta 13 C (o/oo)"):
        assert f"“{measure}” ranges from" in text


def test_a_marker_kept_as_text_is_a_finding() -> None:
    from symphainy.insights.quality import reading_findings

    found = reading_findings({"region": {"markers_kept_as_text": {"NA": 12}}})
    assert [(f["check"], f["column"], f["count"]) for f in found] == [
        ("marker_kept_as_text", "region", 12)
    ]
    assert "North America" in found[0]["message"]
