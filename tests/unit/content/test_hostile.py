"""Hostile and broken files fail that file with a clear reason, never the process."""

from __future__ import annotations

import io
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import weasyprint

from symphainy.content.parsers import parse_file
from symphainy.content.parsers.base import ParseError, ParseLimits, ParseResult
from symphainy.content.sniff import sniff

ParseFn = Callable[..., ParseResult]

_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    )
    + "]>\n"
)


def _rewrite_member(path: Path, member: str, data: bytes) -> None:
    source = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = data if info.filename == member else source.read(info)
            target.writestr(info.filename, content)


def _small_xlsx(path: Path) -> None:
    workbook = openpyxl.Workbook()
    for i in range(50):
        workbook.active.append([i, f"row {i}", i * 1.5])
    workbook.save(path)


def test_zip_bomb_xlsx_is_refused_before_opening(tmp_path: Path, parse: ParseFn) -> None:
    path = tmp_path / "bomb.xlsx"
    _small_xlsx(path)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", b"\0" * (64 * 1024 * 1024))
    assert path.stat().st_size < 1024 * 1024
    limits = ParseLimits(max_decompressed_bytes=32 * 1024 * 1024)
    started = time.monotonic()
    with pytest.raises(ParseError, match=r"would expand to [\d,]+ bytes.*possible zip bomb"):
        parse(path, limits)
    assert time.monotonic() - started < 2


def test_highly_compressed_member_is_refused(tmp_path: Path, parse: ParseFn) -> None:
    path = tmp_path / "ratio.xlsx"
    _small_xlsx(path)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", b" " * (8 * 1024 * 1024))
    with pytest.raises(ParseError, match=r"compressed [\d,]+ to 1"):
        parse(path)


def test_billion_laughs_inside_docx_is_refused(tmp_path: Path, parse: ParseFn) -> None:
    path = tmp_path / "laughs.docx"
    document = docx.Document()
    document.add_paragraph("hello")
    document.save(path)
    original = zipfile.ZipFile(path).read("word/document.xml").decode()
    body = original.split("?>", 1)[1].replace("hello", "&lol9;")
    _rewrite_member(path, "word/document.xml", (_LAUGHS + body).encode())
    with pytest.raises(ParseError, match="entity-expansion"):
        parse(path)


def test_billion_laughs_in_bpmn_is_refused(tmp_path: Path, parse: ParseFn) -> None:
    path = tmp_path / "flow.bpmn"
    path.write_text(
        _LAUGHS + '<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL">'
        "<process name='&lol9;'/></definitions>"
    )
    with pytest.raises(ParseError, match="entity-expansion"):
        parse(path)


def test_million_column_csv_line_is_refused(tmp_path: Path, parse: ParseFn) -> None:
    path = tmp_path / "wide.csv"
    path.write_text(",".join("c" for _ in range(1_000_000)) + "\n1,2\n")
    with pytest.raises(ParseError, match="1,000,000 columns; the limit is 2,000"):
        parse(path)


def test_overlong_line_is_refused(tmp_path: Path, parse: ParseFn) -> None:
    path = tmp_path / "long.csv"
    path.write_text("a,b\n1,2\n3," + "x" * 5000 + "\n")
    with pytest.raises(ParseError, match="longer than the maximum line size"):
        parse(path, ParseLimits(max_line_bytes=1000))


def test_first_line_beyond_line_limit_is_refused(tmp_path: Path, parse: ParseFn) -> None:
    path = tmp_path / "oneline.csv"
    path.write_text("x" * 5000)
    with pytest.raises(ParseError, match="first line is longer than 1,000 bytes"):
        parse(path, ParseLimits(max_line_bytes=1000))


def test_too_many_rows_is_refused(tmp_path: Path, parse: ParseFn) -> None:
    path = tmp_path / "rows.csv"
    path.write_text("n\n" + "".join(f"{i}\n" for i in range(100)))
    with pytest.raises(ParseError, match="more than 10 rows"):
        parse(path, ParseLimits(max_rows=10))
    assert not (tmp_path / "out-rows.csv" / "table_0.parquet").exists()


def test_too_many_pages_is_refused(tmp_path: Path, parse: ParseFn) -> None:
    path = tmp_path / "long.pdf"
    weasyprint.HTML(string="<p>one</p><p style='page-break-before:always'>two</p>").write_pdf(path)
    with pytest.raises(ParseError, match="2 pages; the limit is 1"):
        parse(path, ParseLimits(max_pages=1))


def _encrypted_pdf() -> bytes:
    """A minimal PDF whose standard security handler rejects the empty user password."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
        b"<< /Filter /Standard /V 1 /R 2 /P -44 /O <"
        + b"ab" * 32
        + b"> /U <"
        + b"cd" * 32
        + b"> >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R /Encrypt 4 0 R " % (len(objects) + 1)
    out += b"/ID [<" + b"00" * 16 + b"><" + b"00" * 16 + b">] >>\n"
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def test_encrypted_pdf_says_password_protected(tmp_path: Path, parse: ParseFn) -> None:
    path = tmp_path / "secret.pdf"
    path.write_bytes(_encrypted_pdf())
    with pytest.raises(ParseError, match="the PDF is password-protected"):
        parse(path)


def test_encrypted_office_file_says_password_protected(tmp_path: Path, parse: ParseFn) -> None:
    # Encrypted OOXML is an OLE2 compound file holding an "EncryptedPackage" stream.
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
    path = tmp_path / "secret.xlsx"
    path.write_bytes(header + "EncryptedPackage".encode("utf-16-le") + b"\0" * 1024)
    with pytest.raises(ParseError, match="password-protected"):
        parse(path)


def test_truncated_xlsx_is_reported_as_damaged(tmp_path: Path, parse: ParseFn) -> None:
    path = tmp_path / "cut.xlsx"
    _small_xlsx(path)
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    assert sniff(path, path.name).extension == "xlsx"
    with pytest.raises(ParseError, match="damaged or truncated"):
        parse(path)


def test_truncated_pdf_is_reported(tmp_path: Path, parse: ParseFn) -> None:
    path = tmp_path / "cut.pdf"
    weasyprint.HTML(string="<p>hello</p>").write_pdf(path)
    path.write_bytes(path.read_bytes()[:200])
    with pytest.raises(ParseError, match="PDF"):
        parse(path)


def test_truncated_parquet_is_reported(tmp_path: Path, parse: ParseFn) -> None:
    path = tmp_path / "cut.parquet"
    pq.write_table(pa.table({"a": list(range(1000))}), path)
    path.write_bytes(path.read_bytes()[:-100])
    with pytest.raises(ParseError, match="truncated"):
        parse(path)


def test_invalid_json_points_at_the_error(tmp_path: Path, parse: ParseFn) -> None:
    path = tmp_path / "bad.json"
    path.write_text('[{"a": 1},\n {"a": 2,,}]')
    with pytest.raises(ParseError, match=r"not valid JSON: .* line 2"):
        parse(path)


def test_deeply_nested_json_fails_cleanly(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(ParseError):
        parse_file(path, sniff(path, path.name), tmp_path / "out", ParseLimits())


def test_archive_with_too_many_parts_is_refused(tmp_path: Path, parse: ParseFn) -> None:
    path = tmp_path / "many.docx"
    document = docx.Document()
    document.add_paragraph("hello")
    document.save(path)
    with zipfile.ZipFile(path, "a") as archive:
        for index in range(10_001):
            archive.writestr(f"word/media/part{index}.bin", b"")
    with pytest.raises(ParseError, match=r"declares 10,0\d\d parts, above the limit of 10,000"):
        parse(path)
