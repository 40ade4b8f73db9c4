"""PDF: text per page with pypdfium2, headings from the bookmarks, tables with pdfplumber.

pdfium is fast and robust on hostile files, so it does the text, and the file is usable once
the text is read. pdfplumber finds ruled tables but costs 0.1-0.8 s of CPU a page in pure
Python (6 s for a 15-page paper), so the parse only lists the pages to look at
(``DocumentResult.table_pages``, the first ``TABLE_PAGE_LIMIT`` pages with text) and
``content.document_tables`` reads them afterwards with :func:`read_tables`, a few pages per
job. Pages with images and no text layer are scans: they are OCR'd with tesseract when it is
installed, otherwise reported in needs_ocr_pages.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

from symphainy.content.parsers.base import (
    DocumentResult,
    FileKind,
    ParseError,
    ParseLimits,
    ParseResult,
    Progress,
)
from symphainy.content.parsers.outline import OutlineBuilder, plain_heading
from symphainy.core.pdfium import PDFIUM_LOCK

TABLE_PAGE_LIMIT = 150  # read after the file is ready, 5 pages a job; ~0.1-0.8 s a page
EDGE_LINES = 3  # lines at the top and at the bottom of a page where running headers/footers sit
EDGE_BAND = 0.07  # share of the page height at the top and bottom where they are printed
_DIGITS = re.compile(r"\d+")
# A page number alone: "7", "- 7 -", "Page 7", "7 of 40", "Page 7 of 40", "vii".
_PAGE_NUMBER = re.compile(
    r"^(?:page\s+)?[-–—(\[]?\s*(?:\d{1,5}|(?=[ivxlcdm])m{0,3}(?:cm|cd|d?c{0,3})(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3}))\s*[-–—)\]]?(?:\s*(?:of|/)\s*\d{1,5})?$",
    re.IGNORECASE,
)
OCR_TIMEOUT_SECONDS = 120
OCR_MAX_PAGES = 50


def parse(path: Path, out_dir: Path, limits: ParseLimits, progress: Progress) -> ParseResult:
    import pypdfium2 as pdfium

    with PDFIUM_LOCK:
        try:
            pdf = pdfium.PdfDocument(path)
        except pdfium.PdfiumError as exc:
            if "password" in str(exc).lower():
                raise ParseError("the PDF is password-protected") from exc
            raise ParseError(f"the PDF is damaged or truncated ({exc})") from exc
    try:
        with PDFIUM_LOCK:
            count, metadata, toc, texts, bands, scanned = _read_text(pdf, limits, progress)
        text_pages = [i + 1 for i, t in enumerate(texts) if t.strip()]
        ocr_pages = _ocr(pdf, scanned, texts, progress)
    finally:
        with PDFIUM_LOCK:
            pdf.close()
    texts, removed = drop_running_lines(texts, toc, bands)
    sections = _sections(texts, toc)
    if not sections and not scanned:
        raise ParseError("the PDF contains no text")
    title = str(metadata.get("Title") or "").strip() or (
        sections[0].title if sections else path.stem
    )
    document = DocumentResult(
        title=title,
        sections=sections,
        chunks=[],  # filled by parse_file
        pages=count,
        metadata=metadata,
        needs_ocr_pages=[p for p in scanned if p not in ocr_pages],
        ocr_pages=ocr_pages,
        table_pages=[n for n in text_pages if n <= TABLE_PAGE_LIMIT],
    )
    progress(1.0, f"Read {count} page(s)")
    details: dict[str, Any] = {}
    if removed:
        details["running_headers_and_footers_removed"] = removed
    return ParseResult(kind=FileKind.document, document=document, details=details)


def _read_text(
    pdf: Any, limits: ParseLimits, progress: Progress
) -> tuple[
    int, dict[str, Any], dict[int, list[tuple[int, str]]], list[str], list[set[str]], list[int]
]:
    """Page count, metadata, bookmarks, each page's text, its edge lines and the scanned pages
    (PDFium calls only: the caller holds ``PDFIUM_LOCK``)."""
    import pypdfium2.raw as pdfium_c

    count = len(pdf)
    if count == 0:
        raise ParseError("the PDF has no pages")
    if count > limits.max_pages:
        raise ParseError(f"the PDF has {count:,} pages; the limit is {limits.max_pages:,}")
    metadata = dict(pdf.get_metadata_dict(skip_empty=True))
    toc = _toc(pdf)
    texts: list[str] = []
    bands: list[set[str]] = []
    scanned: list[int] = []
    chars = 0
    for index in range(count):
        page = pdf[index]
        try:
            textpage = page.get_textpage()
            text = textpage.get_text_bounded().replace("\r\n", "\n").replace("\r", "\n")
            bands.append(_band_lines(textpage, page.get_height()))
            textpage.close()
            if not text.strip() and any(
                page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=3)
            ):
                scanned.append(index + 1)
        finally:
            page.close()
        chars += len(text)
        if chars > limits.max_text_chars:
            raise ParseError(f"the PDF has more than {limits.max_text_chars:,} characters")
        texts.append(text)
        if index % 20 == 0:
            progress(0.7 * (index + 1) / count, f"Read page {index + 1} of {count}")
    return count, metadata, toc, texts, bands, scanned


def _band_lines(textpage: Any, height: float) -> set[str]:
    """Lines printed in the top and bottom bands of a page, where running text sits."""
    band = height * EDGE_BAND
    lines: set[str] = set()
    for top, bottom in ((height, height - band), (band, 0.0)):
        text = textpage.get_text_bounded(top=top, bottom=bottom)
        lines.update(" ".join(line.split()) for line in text.splitlines() if line.strip())
    return lines


def drop_running_lines(
    texts: list[str],
    toc: dict[int, list[tuple[int, str]]] | None = None,
    bands: list[set[str]] | None = None,
) -> tuple[list[str], int]:
    """Pages without their running headers, footers and bare page numbers.

    A line near the top or bottom of a page is running text when the same line, with its
    numbers ignored ("4 Function reference", "Page 7 of 40"), sits at a page edge on at least
    three pages and on at least 40 % of the pages; a bare page number at an edge is dropped on
    any document of two pages or more. With ``bands`` (the lines printed in each page's top and
    bottom margins) only those lines are candidates, so a body line that happens to end several
    pages stays. Left in, running text becomes chunks that match every query and headings
    repeated on every page of the outline. A bookmark title on its own page is kept.
    """
    pages = [t.split("\n") for t in texts]
    if len(pages) < 2:
        return texts, 0
    edges = [
        [
            i
            for i in _edge_indexes(lines)
            if bands is None or " ".join(lines[i].split()) in bands[index]
        ]
        for index, lines in enumerate(pages)
    ]
    seen: Counter[str] = Counter()
    for lines, indexes in zip(pages, edges, strict=True):
        seen.update({_edge_key(lines[i]) for i in indexes} - {""})
    needed = max(3, int(0.4 * len(pages) + 0.999))
    running = {key for key, n in seen.items() if n >= needed}
    out: list[str] = []
    removed = 0
    for index, lines in enumerate(pages):
        titles = {title for _level, title in (toc or {}).get(index, [])}
        drop = set()
        for i in edges[index]:
            line = " ".join(lines[i].split())
            if line in titles:
                continue
            if _edge_key(line) in running or _PAGE_NUMBER.match(line):
                drop.add(i)
        removed += len(drop)
        out.append("\n".join(line for i, line in enumerate(lines) if i not in drop))
    return out, removed


def _edge_indexes(lines: list[str]) -> list[int]:
    filled = [i for i, line in enumerate(lines) if line.strip()]
    return sorted(set(filled[:EDGE_LINES] + filled[-EDGE_LINES:]))


def _edge_key(line: str) -> str:
    return _DIGITS.sub("#", " ".join(line.split()).lower())


def _toc(pdf: Any) -> dict[int, list[tuple[int, str]]]:
    """Bookmarks by page index: (level, title). Empty when the PDF has no outline."""
    headings: dict[int, list[tuple[int, str]]] = {}
    for bookmark in pdf.get_toc(max_depth=6):
        dest = bookmark.get_dest()
        index = dest.get_index() if dest is not None else None
        title = " ".join(bookmark.get_title().split())
        if index is not None and title:
            headings.setdefault(index, []).append((bookmark.level + 1, title))
    return headings


def _sections(texts: list[str], toc: dict[int, list[tuple[int, str]]]) -> list[Any]:
    builder = OutlineBuilder()
    for index, text in enumerate(texts):
        page = index + 1
        builder.new_page(page)
        pending = list(toc.get(index, []))
        paragraph: list[str] = []
        for line in text.split("\n"):
            stripped = " ".join(line.split())
            heading = _match_heading(stripped, pending, use_plain=not toc)
            if heading is not None:
                builder.paragraph("\n".join(paragraph), page)
                paragraph = []
                builder.heading(heading[1], heading[0], page)
            elif stripped:
                paragraph.append(stripped)
            elif paragraph:
                builder.paragraph("\n".join(paragraph), page)
                paragraph = []
        builder.paragraph("\n".join(paragraph), page)
    return builder.finish()


def _match_heading(
    line: str, pending: list[tuple[int, str]], use_plain: bool
) -> tuple[int, str] | None:
    if not line:
        return None
    for entry in pending:
        if entry[1] == line:
            pending.remove(entry)
            return entry
    return plain_heading(line) if use_plain else None


def _ocr(pdf: Any, pages: list[int], texts: list[str], progress: Progress) -> list[int]:
    """OCR scanned pages with tesseract when installed; returns the pages it read."""
    tesseract = shutil.which("tesseract")
    if tesseract is None or not pages:
        return []
    done: list[int] = []
    with tempfile.TemporaryDirectory() as tmp:
        for number in pages[:OCR_MAX_PAGES]:
            progress(0.7, f"Recognising text on scanned page {number}")
            image = Path(tmp) / f"page-{number}.png"
            with PDFIUM_LOCK:
                page = pdf[number - 1]
                try:
                    page.render(scale=300 / 72).to_pil().save(image)
                finally:
                    page.close()
            try:
                completed = subprocess.run(  # noqa: S603 - fixed binary, our own temp file
                    [tesseract, str(image), "stdout"],
                    capture_output=True,
                    timeout=OCR_TIMEOUT_SECONDS,
                    check=False,
                )
            except subprocess.TimeoutExpired:
                continue
            text = completed.stdout.decode("utf-8", errors="replace").strip()
            if completed.returncode == 0 and text:
                texts[number - 1] = text
                done.append(number)
    return done


def read_tables(path: Path, pages: list[int]) -> tuple[list[list[list[str]]], list[int]]:
    """Tables pdfplumber finds on ``pages`` (1-based) of the PDF, and the pages it could not read.

    A table needs two rows and two columns; cells are stripped, empty cells are "".
    """
    import pdfplumber

    found: list[list[list[str]]] = []
    failed: list[int] = []
    with pdfplumber.open(path) as document:
        for number in pages:
            if number > len(document.pages):
                failed.append(number)
                continue
            try:
                extracted = document.pages[number - 1].extract_tables()
            except Exception:  # pdfplumber raises many types; the page is named in the note
                failed.append(number)
                continue
            finally:
                document.pages[number - 1].close()  # frees the page's parsed objects
            for table in extracted:
                rows = [[(cell or "").strip() for cell in row] for row in table]
                if len(rows) >= 2 and max(len(r) for r in rows) >= 2:
                    found.append(rows)
    return found, failed


def table_note(page_count: int, found: int, failed: list[int]) -> str | None:
    """What the parse summary says of the table pass when it did not look at every page or
    could not read some: a skipped step is said, never silent."""
    notes = []
    if page_count > TABLE_PAGE_LIMIT:
        notes.append(
            f"tables read on pages 1–{TABLE_PAGE_LIMIT} of {page_count} ({found} found); "
            f"pages past {TABLE_PAGE_LIMIT} were not looked at"
        )
    if failed:
        pages = ", ".join(str(n) for n in failed[:10]) + ("…" if len(failed) > 10 else "")
        notes.append(f"{found} found; pages {pages} could not be read for tables")
    return "; ".join(notes) or None
