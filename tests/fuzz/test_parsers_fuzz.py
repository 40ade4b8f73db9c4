"""Mutated files of every format through sniff + parse_file: ParseError or a clean result only.

Small valid seeds are generated here, one per parsed format, then damaged by Hypothesis: byte
flips, truncation, inserted runs and, for the ZIP-based formats, damage inside one member of
the archive re-zipped (so the XML readers see it, not only the ZIP reader). Each example has a
time limit: a parser that hangs fails the test instead of stalling the suite.
"""

from __future__ import annotations

import io
import json
import signal
import tempfile
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

import docx
import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import weasyprint
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pptx import Presentation

from symphainy.content.parsers import parse_file
from symphainy.content.parsers.base import ParseError, ParseLimits
from symphainy.content.sniff import sniff

pytestmark = pytest.mark.slow
SECONDS_PER_EXAMPLE = 20
LIMITS = ParseLimits(max_pages=20, max_rows=50_000, max_decompressed_bytes=50 * 1024 * 1024)
BPMN = b"""<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="x">
  <process id="p" isExecutable="false">
    <laneSet><lane id="l1" name="Clerk"><flowNodeRef>s</flowNodeRef></lane></laneSet>
    <startEvent id="s" name="Invoice received"/>
    <task id="t" name="Enter invoice"/>
    <exclusiveGateway id="g" name="Over limit?"/>
    <endEvent id="e" name="Paid"/>
    <sequenceFlow id="f1" sourceRef="s" targetRef="t"/>
    <sequenceFlow id="f2" sourceRef="t" targetRef="g"/>
    <sequenceFlow id="f3" sourceRef="g" targetRef="e"/>
  </process>
</definitions>
"""


def _seeds() -> dict[str, bytes]:
    rows = [
        {"id": i, "name": f"Supplier {i}", "amount": i * 2.5, "paid": f"2026-01-{i + 1:02d}"}
        for i in range(12)
    ]
    xlsx, word, slides, parquet = io.BytesIO(), io.BytesIO(), io.BytesIO(), io.BytesIO()
    book = openpyxl.Workbook()
    book.active.append(list(rows[0]))
    for row in rows:
        book.active.append(list(row.values()))
    book.create_sheet("Notes").append(["note", "=SUM(1,2)"])
    book.save(xlsx)
    document = docx.Document()
    document.add_heading("Invoice procedure", 1)
    document.add_paragraph("1. The clerk enters the invoice.")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(1, 1).text = "step", "owner"
    document.save(word)
    deck = Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[1])
    slide.shapes.title.text = "Quarterly review"
    slide.placeholders[1].text = "Revenue grew 12%"
    deck.save(slides)
    pq.write_table(pa.Table.from_pylist(rows), parquet)
    csv = "id,name,amount,paid\n" + "".join(
        f"{r['id']},{r['name']},{r['amount']},{r['paid']}\n" for r in rows
    )
    return {
        "seed.csv": csv.encode(),
        "seed.tsv": csv.replace(",", "\t").encode(),
        "seed.json": json.dumps({"data": rows}).encode(),
        "seed.jsonl": "\n".join(json.dumps(r) for r in rows).encode(),
        "seed.parquet": parquet.getvalue(),
        "seed.xlsx": xlsx.getvalue(),
        "seed.docx": word.getvalue(),
        "seed.pptx": slides.getvalue(),
        "seed.pdf": weasyprint.HTML(
            string="<h1>Procedure</h1><p>The clerk pays.</p>"
            "<table><tr><td>a</td><td>b</td></tr></table>"
        ).write_pdf(),
        "seed.txt": b"Invoice procedure\n\n1. Receive.\n2. Approve.\n3. Pay.\n",
        "seed.md": b"# Procedure\n\n## Steps\n\n- receive\n- approve\n\n| a | b |\n|---|---|\n",
        "seed.html": b"<html><head><title>T</title></head><body><h1>Steps</h1><p>Pay</p>"
        b"<table><tr><th>a</th></tr><tr><td>1</td></tr></table></body></html>",
        "seed.bpmn": BPMN,
    }


SEEDS = _seeds()
ZIPPED = ("seed.xlsx", "seed.docx", "seed.pptx")


class Hang(Exception):
    pass


@contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    """Interrupts Python code that runs too long; code stuck in C is caught by the clock."""

    def expire(_signum: int, _frame: FrameType | None) -> None:
        raise Hang(f"parsing took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    started = time.monotonic()
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    if time.monotonic() - started > seconds:
        raise Hang(f"parsing took more than {seconds} s")


def _mutate(data: bytes, edits: list[tuple[str, float, bytes]]) -> bytes:
    out = bytearray(data)
    for kind, where, value in edits:
        at = int(where * max(len(out) - 1, 0))
        if kind == "flip" and out:
            out[at] ^= value[0] or 0xFF
        elif kind == "insert":
            out[at:at] = value
        elif kind == "truncate":
            del out[max(1, at) :]
        elif kind == "duplicate":
            out[at:at] = out[at : at + len(value) * 16]
    return bytes(out)


def _mutate_member(data: bytes, pick: float, edits: list[tuple[str, float, bytes]]) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        names = source.namelist()
        target = names[int(pick * (len(names) - 1))]
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
            for name in names:
                body = source.read(name)
                out.writestr(name, _mutate(body, edits) if name == target else body)
    return buffer.getvalue()


edits_strategy = st.lists(
    st.tuples(
        st.sampled_from(["flip", "insert", "truncate", "duplicate"]),
        st.floats(0, 1),
        st.binary(min_size=1, max_size=24)
        | st.sampled_from(
            [
                b"\x00",
                b"\xff\xfe",
                b'"',
                b"\n",
                b"<",
                b"<!ENTITY",
                b"]]>",
                b"%",
                b"obj",
                b"\r\n",
                b"\xef\xbb\xbf",
                b"9999999999999999999999",
                b"{",
                b"[[[[[[[[",
                b"PK\x03\x04",
            ]
        ),
    ),
    min_size=1,
    max_size=6,
)


def _check(name: str, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        with time_limit(SECONDS_PER_EXAMPLE):
            try:
                sniffed = sniff(path, name)
                result = parse_file(path, sniffed, Path(tmp) / "out", LIMITS)
            except ParseError as exc:
                reason = str(exc)
            else:
                reason = None
        if reason is not None:
            assert reason.strip(), "a parse error always says why"
            return
        for table in result.tables:
            assert table.parquet_path.exists()
            assert table.rows == pq.ParquetFile(table.parquet_path).metadata.num_rows


def test_every_seed_parses_cleanly() -> None:
    for name, data in SEEDS.items():
        _check(name, data)


FUZZ = settings(
    max_examples=100, deadline=None, database=None, suppress_health_check=list(HealthCheck)
)


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_mutated_files_fail_only_with_parse_error(name: str) -> None:
    @FUZZ
    @given(edits=edits_strategy)
    def run(edits: list[tuple[str, float, bytes]]) -> None:
        _check(name, _mutate(SEEDS[name], edits))

    run()


@pytest.mark.parametrize("name", ZIPPED)
def test_damage_inside_office_archives_fails_only_with_parse_error(name: str) -> None:
    @FUZZ
    @given(pick=st.floats(0, 1), edits=edits_strategy)
    def run(pick: float, edits: list[tuple[str, float, bytes]]) -> None:
        _check(name, _mutate_member(SEEDS[name], pick, edits))

    run()


@pytest.mark.parametrize("name", ["seed.csv", "seed.xlsx", "seed.pdf", "seed.docx"])
def test_a_failing_progress_report_is_not_blamed_on_the_file(name: str) -> None:
    """Regression: a busy database under the progress callback became a permanent ParseError
    ("a CSV file could not be read: OperationalError: database is locked") under load."""

    class Busy(Exception):
        pass

    calls = []

    def progress(_fraction: float, _message: str) -> None:
        calls.append(1)
        if len(calls) > 1:
            raise Busy("database is locked")

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(SEEDS[name])
        try:
            parse_file(path, sniff(path, name), Path(tmp) / "out", LIMITS, progress)
        except Busy:
            return
        except ParseError as exc:
            pytest.fail(f"a progress failure was reported as the file's fault: {exc}")
    assert len(calls) <= 1, "the parser reported progress, so Busy should have escaped"
