"""One module per file format; ``parse_file`` picks the right one from the sniffed type."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from symphainy.content.parsers import (
    bpmn,
    delimited,
    excel,
    json_lines,
    parquet,
    pdf,
    slides,
    text,
    web_page,
    word,
)
from symphainy.content.parsers.base import (
    FileKind,
    ParseError,
    ParseLimits,
    ParseResult,
    Progress,
    no_progress,
)
from symphainy.content.parsers.formats import FORMATS, by_media_type
from symphainy.content.tables.columns import ReadingOptions, current_options

if TYPE_CHECKING:
    from symphainy.content.sniff import Sniffed

Parser = Callable[[Path, Path, ParseLimits, Progress], ParseResult]

_PARSERS: dict[str, Parser] = {
    "csv": delimited.parse,
    "tsv": delimited.parse,
    "xlsx": excel.parse_xlsx,
    "xls": excel.parse_xls,
    "json": json_lines.parse_json,
    "jsonl": json_lines.parse_jsonl,
    "parquet": parquet.parse,
    "pdf": pdf.parse,
    "docx": word.parse,
    "pptx": slides.parse,
    "text": partial(text.parse, markdown=False),
    "markdown": partial(text.parse, markdown=True),
    "html": web_page.parse,
    "bpmn": bpmn.parse,
}

__all__ = ["ParseError", "ParseResult", "parse_file"]


def parse_file(
    path: Path,
    sniffed: Sniffed,
    out_dir: Path,
    limits: ParseLimits,
    progress: Progress = no_progress,
    reading: ReadingOptions | None = None,
) -> ParseResult:
    """Parse one file into tables (``out_dir/table_{i}.parquet``), a document or a workflow.

    Unsupported content returns kind=unsupported with the reason; anything unreadable raises
    ParseError whose message names the problem in words a user can act on.
    """
    fmt = by_media_type(sniffed.media_type)
    if fmt.label == "encrypted-office":
        raise ParseError("the file is password-protected; remove the password and upload it again")
    parser = _PARSERS.get(fmt.label)
    if parser is None:
        reason = (
            sniffed.reason or f"The file is {FORMATS[fmt.label].described}, which is not parsed"
        )
        return ParseResult(kind=FileKind.unsupported, reason=reason)
    out_dir.mkdir(parents=True, exist_ok=True)
    progress(0.0, f"Parsing {fmt.described}")
    reporting_failed: list[Exception] = []

    def report(fraction: float, message: str) -> None:
        try:
            progress(fraction, message)
        except Exception as exc:
            reporting_failed.append(exc)
            raise

    token = current_options.set(reading or ReadingOptions())
    try:
        result = parser(path, out_dir, limits, report)
    except ParseError:
        raise
    except (MemoryError, RecursionError) as exc:
        raise ParseError(f"{fmt.described} is too large or too deeply nested to parse") from exc
    except (zipfile.BadZipFile, EOFError) as exc:
        raise ParseError(f"{fmt.described} is damaged or truncated ({exc})") from exc
    except Exception as exc:
        if reporting_failed:
            # The progress callback failed (the worker's database was busy, say): not the
            # file's fault, so not a permanent ParseError; the job is retried.
            raise reporting_failed[0] from None
        # Third-party readers raise whatever their internals hit on a corrupt file; the
        # user needs a reason, the worker must keep running.
        raise ParseError(f"{fmt.described} could not be read: {type(exc).__name__}: {exc}") from exc
    finally:
        current_options.reset(token)
    if result.document is not None:
        from symphainy.content.chunking import chunk_sections  # chunking imports parsers.base

        result.document.chunks = chunk_sections(result.document.sections)
    result.details.setdefault("media_type", sniffed.media_type)
    return result
