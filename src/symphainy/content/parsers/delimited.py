"""CSV and TSV: detect encoding, delimiter and header in Python, let DuckDB load the rows.

Only a sample (the first MiB) is read in Python. DuckDB streams the whole file straight into
Parquet with ``COPY ... TO``, which keeps a 100 MB file well under the memory limit and close
to DuckDB's own read speed. Files in another encoding are transcoded to UTF-8 in blocks first.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from pathlib import Path

import duckdb
import pyarrow.parquet as pq

from symphainy.content.parsers import aligned, tables
from symphainy.content.parsers.base import (
    FileKind,
    ParseError,
    ParseLimits,
    ParseResult,
    Progress,
    TableResult,
)
from symphainy.content.parsers.dialect import detect_dialect
from symphainy.content.tables import headers
from symphainy.core import duckdb_pool

# The CSV -> Parquet copy runs in a kept DuckDB database (core.duckdb_pool) capped at 384 MB.
COPY_DATABASE = duckdb_pool.Options(memory_limit="384MB")

SAMPLE_BYTES = 1024 * 1024
_TWO_DECIMALS = re.compile(r"^-?\d+[.,]\d{2}$")
_DECIMAL_COMMA = re.compile(r"^-?\d+,\d+$")


def parse(path: Path, out_dir: Path, limits: ParseLimits, progress: Progress) -> ParseResult:
    sample = _read_sample(path, limits)
    complete = path.stat().st_size <= len(sample)
    encoding, text = _decode_sample(sample, complete)
    if not complete and "\n" in text:
        text = text[: text.rindex("\n")]  # the sample's last line is cut short
    progress(0.1, f"Detected {encoding} text")
    source = path
    if encoding not in ("utf-8", "ascii"):
        source = out_dir / ".source-utf8.csv"
        _transcode(path, source, encoding)
    spaced = _space_separated(text)
    spans = [] if spaced else aligned.fixed_columns(text)
    try:
        if spaced or spans:
            separated = out_dir / ".source-comma.csv"
            if spaced:
                _space_to_comma(source, separated, spaced)
                text = "\n".join(_space_to_comma_lines(text.splitlines()[:200], spaced))
            else:
                aligned.fixed_to_comma(source, separated, spans)
                lines = [line for line in text.splitlines()[:200] if line.strip()]
                text = "\n".join(aligned.fixed_to_comma_lines(lines, spans))
            if source != path:
                source.unlink(missing_ok=True)
            source = separated
        table = _load(source, text, out_dir / "table_0.parquet", limits, progress)
        table.name = path.stem
    finally:
        if source != path:
            source.unlink(missing_ok=True)
    if spaced:
        table.details["delimiter"] = "spaces"
    elif spans:
        table.details["delimiter"] = "fixed-width columns"
    table.details["encoding"] = encoding
    return ParseResult(kind=FileKind.dataset, tables=[table], details=dict(table.details))


# A field of a whitespace-separated file: a double-quoted string (R's write.table quotes
# names and labels) or a run of anything but spaces and quotes.
_SPACED_FIELD = re.compile(r'"(?:[^"]|"")*"|[^\s"]+')


def _space_separated(text: str) -> int:
    """The field count of a file whose columns are separated by spaces, or 0.

    R's ``write.table``, Stata's and survey programs' plain-text exports: no comma, semicolon,
    tab or pipe splits the lines, but runs of spaces split most of them into one count, and at
    least one column is numbers on every line (a column of names with a space inside each is
    one column, not two). A header one field short is R's header over row names.
    """
    lines = [line for line in text.splitlines()[:200] if line.strip()]
    if len(lines) < 5 or detect_dialect(lines[:50]) is not None:
        return 0
    rows = [_SPACED_FIELD.findall(line) for line in lines[:100]]
    counts = [len(r) for r in rows]
    mode = max(set(counts), key=counts.count)
    # Three fields at least, and the first line as wide or one short: a single column of
    # "12 kg" or "New York" splits evenly on its spaces too.
    if mode < 3 or counts.count(mode) < 0.8 * len(counts) or counts[0] not in (mode, mode - 1):
        return 0
    body = [r for r in rows[1:] if len(r) == mode]
    numeric = sum(all(headers.is_data_value(r[i]) for r in body) for i in range(mode))
    return mode if body and numeric >= 2 else 0


def _space_to_comma_lines(lines: list[str], width: int) -> list[str]:
    out: list[str] = []
    for index, line in enumerate(lines):
        fields = [_unquote(f) for f in _SPACED_FIELD.findall(line)]
        if index == 0 and len(fields) == width - 1:
            fields.insert(0, "")  # R's header has no name over the row names
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="").writerow(fields)
        out.append(buffer.getvalue())
    return out


def _space_to_comma(source: Path, target: Path, width: int) -> None:
    """Rewrite a whitespace-separated file as CSV, line by line (quoted fields keep spaces)."""
    with (
        source.open(encoding="utf-8-sig", newline="") as reader,
        target.open("w", encoding="utf-8", newline="") as writer,
    ):
        for index, line in enumerate(reader):
            if index == 0:
                writer.write(_space_to_comma_lines([line], width)[0] + "\n")
            elif line.strip():
                fields = [_unquote(f) for f in _SPACED_FIELD.findall(line)]
                csv.writer(writer, lineterminator="\n").writerow(fields)


def _unquote(field: str) -> str:
    if len(field) >= 2 and field[0] == field[-1] == '"':
        return field[1:-1].replace('""', '"')
    return field


def _read_sample(path: Path, limits: ParseLimits) -> bytes:
    """The first MiB, extended to the end of the first line (which must fit the line limit)."""
    with path.open("rb") as handle:
        sample = handle.read(SAMPLE_BYTES)
        while b"\n" not in sample and len(sample) <= limits.max_line_bytes:
            more = handle.read(SAMPLE_BYTES)
            if not more:
                break
            sample += more
    first_line = sample.split(b"\n", 1)[0]
    if len(first_line) > limits.max_line_bytes:
        raise ParseError(
            f"the first line is longer than {limits.max_line_bytes:,} bytes; this does not look "
            "like a table"
        )
    return sample


def _decode_sample(sample: bytes, complete: bool) -> tuple[str, str]:
    if sample.startswith(codecs.BOM_UTF8):
        sample = sample[3:]
    if b"\x00" in sample[:4096]:  # zero bytes are valid UTF-8: UTF-16 without a BOM first
        from symphainy.content.parsers.encoding import utf16_without_bom

        bare = utf16_without_bom(sample)
        if bare is not None:
            cut = sample if complete else sample[: len(sample) - len(sample) % 2]
            return bare, cut.decode(bare, errors="strict" if complete else "ignore")
    try:
        return "utf-8", sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        if not complete and exc.start >= len(sample) - 4:
            return "utf-8", sample[: exc.start].decode("utf-8")
        utf8_error = exc
    from symphainy.content.parsers.encoding import guess_encoding

    # A sample cut mid-character would fail every strict multibyte decoder: end it at a line.
    probe = sample if complete else sample[: sample.rfind(b"\n") + 1] or sample
    guessed = guess_encoding(probe)
    if guessed is None or guessed == "utf-8":
        raise ParseError(
            f"the file is not valid UTF-8 (byte {utf8_error.start:,}) and its encoding "
            "could not be recognised"
        )
    encoding = guessed
    text = sample.decode(encoding, errors="ignore" if not complete else "strict")
    return encoding, text


def _transcode(source: Path, target: Path, encoding: str) -> None:
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    offset = 0
    with source.open("rb") as reader, target.open("w", encoding="utf-8", newline="") as writer:
        while block := reader.read(4 * SAMPLE_BYTES):
            try:
                writer.write(decoder.decode(block))
            except UnicodeDecodeError as exc:
                raise ParseError(
                    f"byte {offset + exc.start:,} cannot be decoded as {encoding}; the file "
                    "mixes encodings"
                ) from exc
            offset += len(block)
        writer.write(decoder.decode(b"", final=True))


def _load(
    source: Path, text: str, target: Path, limits: ParseLimits, progress: Progress
) -> TableResult:
    lines = text.splitlines()[:200]
    if not any(line.strip() for line in lines):
        raise ParseError("the file contains no rows")
    delimiter, quote = detect_dialect(lines) or ("\t" if "\t" in lines[0] else ",", '"')
    sampled = _sample_rows(lines, delimiter, quote)
    layout = headers.locate_header(sampled)
    rows = [r.cells for r in sampled if r.end_line > layout.data_line and r.filled]
    header = layout.names is not None
    width = max([len(r) for r in rows] + [len(layout.names or [])] + [1])
    tables.check_shape(0, width, limits, "the file")
    ragged = any(len(row) < width for row in rows)
    header_cells = [*(layout.names or []), *[None] * (width - len(layout.names or []))]
    names = tables.clean_names(header_cells)
    decimal_comma = delimiter != "," and _uses_decimal_comma(rows)
    progress(0.2, f"Reading rows (delimiter {delimiter!r}, header {'yes' if header else 'no'})")
    sql_quote = quote.replace("'", "''")  # a SQL string literal of the quote character
    options = (
        f"delim='{delimiter}', header=false, skip={_records_before(sampled, layout.data_line)}, "
        f"quote='{sql_quote}', escape='{sql_quote}', "
        f"null_padding={str(ragged).lower()}, max_line_size={limits.max_line_bytes}, "
        "encoding='utf-8', dateformat='%Y-%m-%d'"  # other date forms: read by column evidence
        + (", decimal_separator=','" if decimal_comma else "")
        + _letter_columns(rows, [n for n, _ in names])
    )
    con = duckdb_pool.lend(COPY_DATABASE)
    try:
        count = _copy(con, source, options, names, target)
    except duckdb.Error as exc:
        target.unlink(missing_ok=True)
        raise ParseError(_explain(exc)) from exc
    finally:
        con.close()
    try:
        tables.check_shape(count, len(names), limits, "the file")
    except ParseError:
        target.unlink(missing_ok=True)
        raise
    progress(0.8, f"Loaded {count:,} rows; labelling columns")
    written = pq.read_schema(target).names
    if written != [n for n, _ in names]:  # DuckDB found more columns than the sample showed
        names = tables.clean_names(written)
    hints = _decimal_hints(rows, [n for n, _ in names])
    return tables.finish_table(
        source.stem,
        target,
        names,
        {
            "delimiter": delimiter,
            **({"quote": quote} if quote != '"' else {}),
            "header": header,
            "header_rows": layout.header_rows,
            **({"notes_above": layout.notes_above[:5]} if layout.notes_above else {}),
            "decimal_separator": "," if decimal_comma else ".",
        },
        decimal_hint="," if decimal_comma or delimiter == ";" else ".",
        hints=hints,
    )


def _copy(
    con: duckdb.DuckDBPyConnection,
    source: Path,
    options: str,
    names: list[tuple[str, str | None]],
    target: Path,
) -> int:
    """Stream the CSV into Parquet; retry with a full-file type scan if the sample misled.

    Column names are passed in rather than read back with DESCRIBE, which would make DuckDB
    sniff the file a second time. Snappy, not zstd: on a 100 MB file zstd costs ~0.7 s more.
    """
    quoted = ", ".join("'" + name.replace("'", "''") + "'" for name, _ in names)
    sample_size, parallel, strict = 20_480, True, True
    while True:
        relation = (
            f"read_csv('{tables.sql_path(source)}', {options}, names=[{quoted}], "
            f"sample_size={sample_size}, parallel={str(parallel).lower()}"
            + ("" if strict else ", strict_mode=false")
            + ")"
        )
        try:
            result = con.execute(
                f"COPY (SELECT * FROM {relation}) TO '{tables.sql_path(target)}' "  # noqa: S608
                "(FORMAT parquet, COMPRESSION snappy)"
            ).fetchone()
        except duckdb.ConversionException:
            if sample_size == -1:
                raise
            sample_size = -1  # a value past the sample broke the guessed type: scan it all
            continue
        except duckdb.Error as exc:
            if "error when sniffing file" in str(exc).lower():
                # The dialect is already known (delimiter, quote, header): DuckDB's strict
                # check refuses real exports with a stray quote inside an unquoted field, and
                # notes below the table are narrower than rows the sample showed.
                if strict:
                    strict = False
                    continue
                if "null_padding=false" in options:
                    options = options.replace("null_padding=false", "null_padding=true")
                    continue
            if not parallel or "parallel=false" not in str(exc):
                raise
            parallel = False  # short rows padded with nulls plus quoted newlines
            continue
        return int(result[0]) if result else 0


def _explain(exc: duckdb.Error) -> str:
    """DuckDB's CSV errors are long; keep where it failed and why, in the user's words."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    where = lines[0].split("Error: ", 1)[-1] if lines else "unknown position"
    skip = ("Original Line", "Possible Solution", "file =")
    detail = next((line for line in lines[1:] if not line.startswith(skip)), "")
    # Not the "possible fixes" DuckDB lists below the error (they name every option).
    lowered = re.split(r"possible (?:fixes|solution)", str(exc), flags=re.IGNORECASE)[0].lower()
    if "invalid unicode" in lowered:
        return (
            f"the file is not valid UTF-8 text ({where}); it mixes encodings or is not text. "
            "Save it as UTF-8 and upload it again"
        )
    if "error when sniffing file" in lowered:
        # DuckDB's own words name a temporary copy of the file and its sniffer.
        return (
            "the rows could not be split into columns the same way on every line; check that "
            "the file is one table with one delimiter"
        )
    if "maximum line size" in lowered:
        return f"a line is longer than the maximum line size ({where}): {detail[:200]}"
    return f"the rows could not be read as a table ({where}): {detail[:200]}"


def _records_before(sampled: list[headers.SampleRow], data_line: int) -> int:
    """DuckDB's ``skip`` counts records, not lines: a quoted note spanning five lines above the
    table (a metadata block's description) is one record to skip."""
    extra, previous = 0, 0
    for row in sampled:
        if row.end_line > data_line:
            break
        extra += max(0, row.end_line - previous - 1)
        previous = row.end_line
    return data_line - extra


def _sample_rows(lines: list[str], delimiter: str, quote: str) -> list[headers.SampleRow]:
    try:
        return headers.read_rows(lines, delimiter, quote=quote)
    except csv.Error as exc:
        raise ParseError(
            f"the file is not well-formed {delimiter!r}-separated text: {exc}"
        ) from exc


def _uses_decimal_comma(rows: list[list[str]]) -> bool:
    return any(_DECIMAL_COMMA.match(cell.strip()) for row in rows[:100] for cell in row)


# "True"/"False" alone are still booleans (a program wrote them); "YES" alone is a mark.
_ONE_STATE = ({"yes"}, {"no"})


def _letter_columns(rows: list[list[str]], names: list[str]) -> str:
    """Keep one-letter T/F columns as text: DuckDB would read "F" (female, fail...) as false.

    Likewise a column holding only "YES" (and blanks): a mark, not a yes/no, until both
    states appear (the same rule as the second reading's).
    """
    letters: list[str] = []
    for index, name in enumerate(names):
        values = {r[index].strip().lower() for r in rows if index < len(r) and r[index].strip()}
        if values and (values <= {"t", "f"} or values in _ONE_STATE):
            letters.append("'" + name.replace("'", "''") + "': 'VARCHAR'")
    return f", types={{{', '.join(letters)}}}" if letters else ""


def _decimal_hints(rows: list[list[str]], names: list[str]) -> set[str]:
    """Columns written with exactly two decimals everywhere (money), before floats drop zeros."""
    hints: set[str] = set()
    for index, name in enumerate(names):
        values = [r[index].strip() for r in rows if index < len(r) and r[index].strip()]
        if values and all(_TWO_DECIMALS.match(v) for v in values):
            hints.add(name)
    return hints
