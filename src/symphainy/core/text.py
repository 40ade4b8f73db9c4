"""Text that leaves the platform in exports (CSV, DOCX, PDF, Markdown)."""

from __future__ import annotations

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """Text a spreadsheet will not run as a formula: a leading = + - @ (or tab) gets a quote.

    Every export applies this to text that came from users' files, so a cell such as
    ``=HYPERLINK(...)`` in an uploaded CSV is shown, never executed, wherever it ends up.
    """
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text
