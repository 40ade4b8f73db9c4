"""Guards for ZIP-based Office files, run before any library opens them.

openpyxl, python-docx and python-pptx decompress whatever the archive holds, so a 40 KB
"workbook" can expand to gigabytes. The central directory declares every member's sizes:
checking them costs nothing and stops the bomb before it goes off. Office parts never carry a
DTD, so a DOCTYPE or ENTITY declaration is refused as an entity-expansion attack.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

from symphainy.content.parsers.base import ParseError, ParseLimits

_PROLOG_BYTES = 64 * 1024
MAX_MEMBERS = 10_000  # a large workbook has a few hundred parts
_EOCD = b"PK\x05\x06"


def declared_members(path: Path) -> int | None:
    """Entry count from the end-of-central-directory record, read before ``zipfile`` loads
    the directory (which would hold millions of entries in memory). None when not found."""
    size = path.stat().st_size
    with path.open("rb") as handle:
        handle.seek(max(size - 66_000, 0))  # the record plus the longest possible comment
        tail = handle.read()
    at = tail.rfind(_EOCD)
    if at == -1 or len(tail) < at + 12:
        return None
    count = int.from_bytes(tail[at + 10 : at + 12], "little")
    return 1 << 32 if count == 0xFFFF else count  # ZIP64: far more than any Office file


def check_office_zip(path: Path, limits: ParseLimits, what: str) -> None:
    """Raise ParseError if the archive is corrupt, a decompression bomb, or declares entities."""
    members_declared = declared_members(path)
    if members_declared is not None and members_declared > MAX_MEMBERS:
        raise ParseError(
            f"{what} declares {members_declared:,} parts, above the limit of {MAX_MEMBERS:,} "
            "(possible zip bomb)"
        )
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as exc:
        raise ParseError(f"{what} is damaged or truncated (not a readable ZIP container)") from exc
    with archive:
        members = archive.infolist()
        if any(info.flag_bits & 0x1 for info in members):
            raise ParseError(f"{what} is password-protected")
        total = sum(info.file_size for info in members)
        if total > limits.max_decompressed_bytes:
            raise ParseError(
                f"{what} would expand to {total:,} bytes, above the limit of "
                f"{limits.max_decompressed_bytes:,} (possible zip bomb)"
            )
        for info in members:
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > 1024 * 1024 and ratio > limits.max_compression_ratio:
                raise ParseError(
                    f"{what} contains {info.filename} compressed {ratio:,.0f} to 1, above the "
                    f"limit of {limits.max_compression_ratio} (possible zip bomb)"
                )
        for info in members:
            if info.filename.endswith((".xml", ".rels")):
                _check_prolog(archive, info, what)


def _check_prolog(archive: zipfile.ZipFile, info: zipfile.ZipInfo, what: str) -> None:
    try:
        with archive.open(info) as member:
            prolog = member.read(_PROLOG_BYTES)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
        raise ParseError(f"{what} is damaged: part {info.filename} cannot be read") from exc
    if prolog[:2] in (b"\xff\xfe", b"\xfe\xff"):
        prolog = prolog.decode("utf-16", errors="ignore").encode("utf-8")
    upper = prolog.upper()
    if b"<!DOCTYPE" in upper or b"<!ENTITY" in upper:
        raise ParseError(
            f"{what} contains an XML document type declaration in {info.filename}; "
            "refused as a possible entity-expansion attack"
        )
