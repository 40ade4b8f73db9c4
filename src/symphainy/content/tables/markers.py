"""Missing-value markers, and which of them could also be a real value in a text column.

A marker such as ``#N/A`` or ``NULL`` is never data. ``NA`` (North America, Namibia, sodium),
``None`` (an answer), ``-`` or ``?`` can be: in a text column they are read as missing only when
the same marker is already the file's missing marker in a column that has a type.
"""

from __future__ import annotations

import re

# Never a value: spreadsheet errors, database nulls, the not-a-number spelling.
UNAMBIGUOUS = frozenset(
    {
        "N/A",
        "n/a",
        "N/a",
        "NaN",
        "nan",
        "null",
        "NULL",
        "#N/A",
        "#NA",
        "#VALUE!",
        "#DIV/0!",
        "#REF!",
        "#NAME?",
        "#NUM!",
        "#NULL!",
        "#N/A N/A",
    }
)
# Missing in a column that has a type; possibly a real value in a text column.
# Runs of stars and dots are statistical offices' "not available" (NASA GISTEMP's ****,
# ONS and World Bank ..); a lone * is a footnote mark, so it is not one here (see TYPED_ONLY).
AMBIGUOUS = frozenset(
    {"NA", "na", "NAN", "Null", "None", "none", "-", "--", "---", "----", ".", "..", "...", "?"}
    | {"n.a.", "N.A.", "**", "***", "****", "*****", "******"}
    | {"\u2013", "\u2014"}  # an en or em dash alone: printed tables' "none"/"not available"
)
MARKERS = UNAMBIGUOUS | AMBIGUOUS
# Words and notes that say a value is not known. Missing only in a column whose other values all
# have a type (police-killings' age: numbers and one "Unknown"; the US Census' "(S)" suppressed,
# "(X)" not applicable; Eurostat's ":"). In a text column they are a category (a race recorded as
# "Unknown") and are never read as missing, whatever other columns do. A lone "*" in a column of
# numbers is a footnote standing in for the value ("less than 0.05 percent", "suppressed"); in
# a text column it is a footnote mark and stays.
TYPED_ONLY = frozenset(
    {"Unknown", "unknown", "UNKNOWN", "Unk", "unk", "Not known", "not known", "n/k", "N/K"}
    | {"(S)", "(X)", "(D)", "(NA)", "(Z)", ":", "*"}
)


def is_marker(value: str) -> bool:
    """Whether a stripped cell is blank or one of the missing-value markers."""
    return value == "" or value in MARKERS


# A count withheld because it is small: "<10", "< 5" (UK councils, health statistics). The
# number is not known, only its bound; in a column of counts it is missing, like "(S)".
SUPPRESSED = re.compile(r"<\s?\d{1,3}")


def is_typed_marker(value: str) -> bool:
    """Whether a stripped cell is missing when the rest of its column has a type."""
    return is_marker(value) or value in TYPED_ONLY or bool(SUPPRESSED.fullmatch(value))


def could_be_value(marker: str) -> bool:
    """Whether a marker could be real text (``NA`` as North America), so needs file evidence."""
    return marker in AMBIGUOUS
