"""Row checks of the second reading, and the scan that decides whether it runs.

They were made cheaper (an early stop, a first-byte test before the exact label match, the tail
of a large table read by row number); these tests pin that they still find what they found.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from symphainy.content.tables import rows, scan


def test_total_label_behind_a_unicode_space_or_in_lower_case_is_found() -> None:
    table = pa.table(
        {
            "label": ["North", "South", "\u00a0Sub-total", "East", "\tgrand total", "totaux"],
            "units": [1, 2, 3, 4, 10, 10],
        }
    )
    labels = [label for _, label in rows.total_rows(table)]
    assert labels == ["Sub-total", "grand total", "totaux"]


def test_words_that_only_start_like_a_total_are_not_totals() -> None:
    table = pa.table(
        {"label": ["Subway", "Sumatra", "Totnes", "Granada", "Insbruck"], "n": [1, 2, 3, 4, 5]}
    )
    assert rows.total_rows(table) == []


def test_repeated_header_needs_half_the_columns_and_is_found_late() -> None:
    names = ["a", "b", "c", "d"]
    data = {n: [f"{n}{i}" for i in range(6)] for n in names}
    for n in names[1:]:  # the first column does not repeat its name; three of four do
        data[n][4] = n.upper()
    found = rows.repeated_header_rows(pa.table(data)).to_pylist()
    assert found == [False, False, False, False, True, False]


def test_no_repeated_header_when_too_few_text_columns_could_repeat() -> None:
    table = pa.table({"a": ["a", "x"], "n1": [1, 2], "n2": [3, 4], "n3": [5, 6]})
    assert rows.repeated_header_rows(table).to_pylist() == [False, False]


def test_blank_rows_need_every_column_empty() -> None:
    table = pa.table({"n": [1, None, None], "t": ["x", " ", " "], "m": [None, None, 2.0]})
    assert rows.blank_rows(table).to_pylist() == [False, True, False]


def _big_parquet(path: Path, cell: str, position: int) -> None:
    labels = [f"item {i}" for i in range(scan.HEAD_ROWS + scan.TAIL_ROWS + 5_000)]
    labels[position] = cell
    count = len(labels)
    pq.write_table(
        pa.table({"label": labels, "n": list(range(count))}), path, row_group_size=20_000
    )


def _needs(path: Path) -> bool:
    return scan.needs_second_reading(path, ["label"], ["label", "n"], frozenset())


def test_scan_of_a_large_table_sees_a_total_in_its_last_rows(tmp_path: Path) -> None:
    _big_parquet(tmp_path / "tail.parquet", "Total", -1)
    assert _needs(tmp_path / "tail.parquet")


def test_scan_of_a_large_table_sees_a_marker_in_its_last_rows(tmp_path: Path) -> None:
    _big_parquet(tmp_path / "tail.parquet", "n/a", -3)
    assert _needs(tmp_path / "tail.parquet")


def test_scan_of_a_large_table_reads_its_head_and_tail_only(tmp_path: Path) -> None:
    _big_parquet(tmp_path / "middle.parquet", "n/a", scan.HEAD_ROWS + 2_000)
    assert not _needs(tmp_path / "middle.parquet")  # the documented trade-off


def test_scan_finds_a_blank_row_when_every_column_has_nulls(tmp_path: Path) -> None:
    path = tmp_path / "blank.parquet"
    pq.write_table(pa.table({"label": ["a", None, "c"], "n": [1, None, 3]}), path)
    assert _needs(path)


def test_scan_needs_no_reading_when_nulls_never_share_a_row(tmp_path: Path) -> None:
    # Every column has a null (so the statistics cannot rule a blank row out), none together.
    path = tmp_path / "scattered.parquet"
    pq.write_table(pa.table({"label": ["a", None, "c"], "n": [1, 2, None]}), path)
    assert not _needs(path)
    assert scan._null_counts(path) == {"label": 1, "n": 1}
