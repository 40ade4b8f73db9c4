"""Types come from the bytes; a name that contradicts them is a clear error."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import docx
import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from PIL import Image

from symphainy.content.parsers import parse_file
from symphainy.content.parsers.base import FileKind, ParseLimits
from symphainy.content.sniff import MismatchError, check_declared, sniff


def _png(path: Path) -> None:
    Image.new("RGB", (4, 4), "red").save(path, "PNG")


def test_png_named_csv_is_a_mismatch(tmp_path: Path) -> None:
    path = tmp_path / "upload.bin"
    _png(path)
    sniffed = sniff(path, "report.csv")
    assert sniffed.media_type == "image/png"
    with pytest.raises(MismatchError) as info:
        check_declared(sniffed, "report.csv")
    assert str(info.value) == "report.csv is named like a CSV file but its content is a PNG image"


def test_png_named_png_is_stored_unsupported_with_reason(tmp_path: Path) -> None:
    path = tmp_path / "logo.png"
    _png(path)
    sniffed = sniff(path, path.name)
    check_declared(sniffed, path.name)
    assert sniffed.kind is FileKind.unsupported
    assert sniffed.reason is not None
    assert "image" in sniffed.reason
    result = parse_file(path, sniffed, tmp_path / "out", ParseLimits())
    assert result.kind is FileKind.unsupported
    assert result.reason == sniffed.reason


def test_unknown_binary_is_unsupported(tmp_path: Path) -> None:
    path = tmp_path / "blob.dat"
    path.write_bytes(bytes(range(256)) * 10)
    sniffed = sniff(path, path.name)
    assert sniffed.kind is FileKind.unsupported
    assert sniffed.reason is not None
    assert "binary" in sniffed.reason
    with pytest.raises(MismatchError, match="named like plain text but its content is unrecog"):
        check_declared(sniffed, "notes.txt")


def test_office_containers_are_told_apart(tmp_path: Path) -> None:
    xlsx, docx_path, zipped = tmp_path / "a.bin", tmp_path / "b.bin", tmp_path / "c.bin"
    openpyxl.Workbook().save(xlsx)
    docx.Document().save(docx_path)
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.writestr("readme.txt", "hello")
    assert sniff(xlsx, "x").extension == "xlsx"
    assert sniff(docx_path, "x").extension == "docx"
    assert sniff(zipped, "x").extension == "zip"
    with pytest.raises(
        MismatchError, match="named like an Excel workbook but its content is a ZIP"
    ):
        check_declared(sniff(zipped, "data.xlsx"), "data.xlsx")


@pytest.mark.parametrize(
    ("content", "filename", "extension"),
    [
        ("a,b\n1,2\n3,4\n", "data", "csv"),
        ("a\tb\n1\t2\n", "data", "tsv"),
        ("a;b\n1;2\n3;4\n", "data.txt", "txt"),
        ("single column\nvalue\n", "list.csv", "csv"),
        (json.dumps([{"a": 1}, {"a": 2}]), "data", "json"),
        ('{"a": 1}\n{"a": 2}\n', "data", "jsonl"),
        ("<!DOCTYPE html><html><body><p>x</p></body></html>", "page", "html"),
        ("# Title\n\nSee [docs](http://x).\n", "readme", "md"),
        ("Just some prose, with a comma.\n", "note", "txt"),
        (
            '<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"><process/>'
            "</definitions>",
            "flow.xml",
            "bpmn",
        ),
    ],
)
def test_text_formats_are_recognised_by_content(
    tmp_path: Path, content: str, filename: str, extension: str
) -> None:
    path = tmp_path / "upload"
    path.write_text(content)
    sniffed = sniff(path, filename)
    assert sniffed.extension == extension
    check_declared(sniffed, filename)


def test_parquet_and_pdf_magic(tmp_path: Path) -> None:
    parquet = tmp_path / "p"
    pq.write_table(pa.table({"a": [1]}), parquet)
    assert sniff(parquet, "x").kind is FileKind.dataset
    pdf = tmp_path / "d"
    pdf.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    assert sniff(pdf, "x").media_type == "application/pdf"
    text = tmp_path / "upload.txt"
    text.write_text("hello")
    with pytest.raises(MismatchError, match="named like a PDF document but its content is plain"):
        check_declared(sniff(text, "a.pdf"), "a.pdf")


def test_empty_file_is_unsupported(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    sniffed = sniff(path, path.name)
    assert sniffed.kind is FileKind.unsupported
    assert sniffed.reason == "The file is empty"


def test_binary_excel_workbook_is_unsupported_with_reason(tmp_path: Path) -> None:
    path = tmp_path / "book.xlsb"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.bin", b"\x00\x01")
    sniffed = sniff(path, path.name)
    check_declared(sniffed, path.name)
    assert sniffed.kind is FileKind.unsupported
    assert (
        sniffed.reason
        == "The file is an Excel binary (.xlsb) workbook, which SymphAIny does not parse"
    )
