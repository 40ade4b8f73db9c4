"""Small XLSX files written for the table-reading tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl


def workbook(path: Path, rows: list[list[Any]], merged: tuple[str, ...] = ()) -> Path:
    """An XLSX of ``rows`` on its first sheet, with the ``merged`` cell ranges merged."""
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    for cells in merged:
        sheet.merge_cells(cells)
    book.save(path)
    return path
