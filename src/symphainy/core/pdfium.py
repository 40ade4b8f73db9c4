"""One lock for every use of PDFium in the process.

PDFium, which pypdfium2 wraps, is not thread-safe: two threads reading two different PDFs at
once fail with "Failed to load page" or crash the process (seen with two parse jobs on the
in-process worker's threads). Parsing, OCR rendering and export rasterising hold this lock
around their PDFium calls; work that does not call PDFium (tesseract, WeasyPrint, pdfplumber's
pdfminer) runs outside it.
"""

from __future__ import annotations

import threading

PDFIUM_LOCK = threading.RLock()
