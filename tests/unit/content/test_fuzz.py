"""Whatever the bytes, sniffing never fails and parsing fails only with ParseError."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import openpyxl
import pytest
import weasyprint
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from symphainy.content.parsers import parse_file
from symphainy.content.parsers.base import ParseError, ParseLimits
from symphainy.content.sniff import sniff


def _seeds() -> dict[str, bytes]:
    xlsx, word = io.BytesIO(), io.BytesIO()
    workbook = openpyxl.Workbook()
    workbook.active.append(["a", "b"])
    workbook.active.append([1, "x"])
    workbook.save(xlsx)
    document = docx.Document()
    document.add_heading("Title", 1)
    document.add_paragraph("Body text.")
    document.save(word)
    return {
        "seed.xlsx": xlsx.getvalue(),
        "seed.docx": word.getvalue(),
        "seed.pdf": weasyprint.HTML(string="<h1>T</h1><p>Body</p>").write_pdf(),
        "seed.csv": b"id,name,amount\n1,Ada,2.50\n2,Linus,3.75\n",
        "seed.json": b'{"data": [{"a": {"b": 1}}, {"a": {"b": 2}}]}',
        "seed.html": b"<html><body><h1>T</h1><p>x</p></body></html>",
    }


SEEDS = _seeds()


def _parse_any(path: Path, out: Path) -> None:
    sniffed = sniff(path, path.name)
    try:
        parse_file(path, sniffed, out, ParseLimits(max_pages=20, max_rows=10_000))
    except ParseError as exc:
        reason = str(exc)
    else:
        return
    assert reason, "a parse error always carries a reason"


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    name=st.sampled_from(sorted(SEEDS)),
    cut=st.floats(min_value=0.0, max_value=1.0),
    flips=st.lists(st.tuples(st.floats(0, 1), st.integers(0, 255)), max_size=8),
)
def test_damaged_files_fail_with_parse_error_only(
    tmp_path_factory: pytest.TempPathFactory,
    name: str,
    cut: float,
    flips: list[tuple[float, int]],
) -> None:
    data = bytearray(SEEDS[name])
    for where, value in flips:
        data[int(where * (len(data) - 1))] = value
    data = data[: max(1, int(len(data) * cut))] if cut < 1.0 else data
    directory = tmp_path_factory.mktemp("fuzz")
    path = directory / name
    path.write_bytes(bytes(data))
    _parse_any(path, directory / "out")


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    data=st.binary(min_size=0, max_size=4096), suffix=st.sampled_from(["csv", "bin", "txt", "json"])
)
def test_random_bytes_fail_with_parse_error_only(
    tmp_path_factory: pytest.TempPathFactory, data: bytes, suffix: str
) -> None:
    directory = tmp_path_factory.mktemp("random")
    path = directory / f"upload.{suffix}"
    path.write_bytes(data)
    _parse_any(path, directory / "out")
