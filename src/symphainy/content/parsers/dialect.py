"""Delimiter and quote detection, shared by sniffing (is this CSV?) and the CSV parser."""

from __future__ import annotations

import csv
import re

QUOTES = ('"', "'")


def detect_delimiter(lines: list[str]) -> str | None:
    """The delimiter of the sample (see ``detect_dialect``)."""
    dialect = detect_dialect(lines)
    return dialect[0] if dialect else None


def detect_dialect(lines: list[str]) -> tuple[str, str] | None:
    """Pick the delimiter and quote that split the sample into the most consistent field count.

    Scoring (rather than ``csv.Sniffer``) because Sniffer guesses wrong on short samples and on
    prose with commas; a delimiter wins only when most lines split into the same count >= 2.
    The quote is ``"`` unless cells are wrapped in ``'`` and none in ``"``: an apostrophe in
    "O'Brien" is text, a column of ``'North, East'`` cells is quoting.
    """
    sample = [line for line in lines if line.strip()][:50]
    if not sample:
        return None
    best: tuple[float, str, str] | None = None
    for delimiter in (",", ";", "\t", "|"):
        if not any(delimiter in line for line in sample):
            continue
        quote = _quote_for(sample, delimiter)
        try:
            counts = [len(row) for row in csv.reader(sample, delimiter=delimiter, quotechar=quote)]
        except csv.Error:
            continue
        mode = max(set(counts), key=counts.count)
        agreeing = _agreement(counts, mode)
        if mode < 2 or agreeing < 0.8 or (len(sample) == 1 and delimiter == ","):
            continue
        score = agreeing * 10 + min(mode, 50) / 50
        if best is None or score > best[0]:
            best = (score, delimiter, quote)
    return (best[1], best[2]) if best else None


def _agreement(counts: list[int], mode: int) -> float:
    """Share of lines splitting into ``mode`` fields, not counting lines around the table.

    Bank and statistics exports put an account or title block above the header (``Girokonto;
    DE42...``, ``Zeitraum;17.11.2025 - 09.12.2025``) and sources and notes below the last row:
    in a short file those lines alone pull the share under the bar. They are left out when the
    lines from the first to the last one of ``mode`` fields are most of the sample (lines of
    other widths between them still count against it).
    """
    overall = counts.count(mode) / len(counts)
    first = counts.index(mode)
    last = len(counts) - 1 - counts[::-1].index(mode)
    table = counts[first : last + 1]
    if len(table) * 2 < len(counts):
        return overall
    return max(overall, table.count(mode) / len(table))


def _wrapped_lines(sample: list[str], delimiter: str, quote: str) -> int:
    """Lines with at least one cell that opens and closes with ``quote`` at cell boundaries."""
    d, q = re.escape(delimiter), re.escape(quote)
    cell = re.compile(rf"(?:^|{d})\s*{q}[^{q}]*{q}\s*(?={d}|$)")
    return sum(1 for line in sample if cell.search(line))


def _quote_for(sample: list[str], delimiter: str) -> str:
    if _wrapped_lines(sample, delimiter, '"'):
        return '"'
    return "'" if _wrapped_lines(sample, delimiter, "'") >= 2 else '"'
