"""PDF: text per page with pypdfium2, headings from the bookmarks, tables with pdfplumber.

pdfium is fast and robust on hostile files, so it does the text. pdfplumber finds tables but
is slow, so it runs only on short documents. Pages with images and no text layer are scans:
they are OCR'd with tesseract when it is installed, otherwise reported in needs_ocr_pages.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
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

TABLE_PAGE_LIMIT = 30  # pdfplumber costs ~0.1-0.5 s a page; beyond this tables are skipped
OCR_TIMEOUT_SECONDS = 120
OCR_MAX_PAGES = 50


def parse(path: Path, out_dir: Path, limits: ParseLimits, progress: Progress) -> ParseResult:
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    try:
        pdf = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise ParseError("the PDF is password-protected") from exc
        raise ParseError(f"the PDF is damaged or truncated ({exc})") from exc
    try:
        count = len(pdf)
        if count == 0:
            raise ParseError("the PDF has no pages")
        if count > limits.max_pages:
            raise ParseError(f"the PDF has {count:,} pages; the limit is {limits.max_pages:,}")
        metadata = dict(pdf.get_metadata_dict(skip_empty=True))
        toc = _toc(pdf)
        texts: list[str] = []
        scanned: list[int] = []
        chars = 0
        for index in range(count):
            page = pdf[index]
            try:
                textpage = page.get_textpage()
                text = textpage.get_text_bounded().replace("\r\n", "\n").replace("\r", "\n")
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
        text_pages = [i + 1 for i, t in enumerate(texts) if t.strip()]
        ocr_pages = _ocr(pdf, scanned, texts, progress)
    finally:
        pdf.close()
    tables = _tables(path, count, text_pages, progress)
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
        tables=tables,
    )
    progress(1.0, f"Read {count} page(s)")
    return ParseResult(kind=FileKind.document, document=document)


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


def _tables(
    path: Path, count: int, text_pages: list[int], progress: Progress
) -> list[list[list[str]]]:
    if count > TABLE_PAGE_LIMIT or not text_pages:
        return []
    import pdfplumber

    progress(0.85, "Looking for tables")
    found: list[list[list[str]]] = []
    try:
        with pdfplumber.open(path) as document:
            for number in text_pages:
                for table in document.pages[number - 1].extract_tables():
                    rows = [[(cell or "").strip() for cell in row] for row in table]
                    if len(rows) >= 2 and max(len(r) for r in rows) >= 2:
                        found.append(rows)
    except Exception:
        return found
    return found
