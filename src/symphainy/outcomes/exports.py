"""Render a :class:`documents.Doc` as Markdown, PDF (WeasyPrint) or DOCX (python-docx).

The PDF has a cover page and page numbers from CSS ``@page`` counters and embeds the Gantt
SVG. DOCX gets the Gantt as a PNG: cairosvg is not installed, so the SVG is laid out by
WeasyPrint as a one-page PDF and rasterised with pypdfium2 (both already dependencies).
"""

from __future__ import annotations

import base64
import io
from html import escape

from symphainy.core.pdfium import PDFIUM_LOCK
from symphainy.core.text import safe_cell
from symphainy.outcomes.documents import Block, Doc

MEDIA_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "md": "text/markdown; charset=utf-8",
}

CSS = """
@page { size: A4; margin: 20mm 16mm 20mm 16mm;
  @bottom-center { content: "Page " counter(page) " of " counter(pages);
                   font-family: "DejaVu Sans", sans-serif; font-size: 8pt; color: #6b7587; }
  @top-right { content: string(doctitle); font-family: "DejaVu Sans", sans-serif;
               font-size: 8pt; color: #6b7587; } }
@page cover { @bottom-center { content: none; } @top-right { content: none; } }
body { font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; font-size: 9.5pt;
       color: #18202e; line-height: 1.45; }
.cover { page: cover; page-break-after: always; padding-top: 60mm; }
.cover .eyebrow { color: #1f4fd1; font-weight: bold; letter-spacing: .08em;
                  text-transform: uppercase; font-size: 9pt; }
.cover h1 { font-size: 26pt; margin: 6mm 0 4mm; string-set: doctitle content(); }
.cover .subtitle { font-size: 12pt; color: #475266; }
.cover dl { margin-top: 30mm; border-top: 2px solid #1f4fd1; padding-top: 5mm; }
.cover dt { color: #6b7587; font-size: 8.5pt; text-transform: uppercase; }
.cover dd { margin: 0 0 3mm 0; font-size: 11pt; }
h1 { font-size: 15pt; color: #173da6; margin: 7mm 0 2mm; border-bottom: 1px solid #e2e6ed;
     padding-bottom: 1mm; }
h2 { font-size: 11.5pt; margin: 5mm 0 2mm; }
table { width: 100%; border-collapse: collapse; margin: 2mm 0 4mm; font-size: 8.5pt; }
th { background: #eaf0fd; text-align: left; padding: 1.6mm; border-bottom: 1px solid #cfd5df; }
td { padding: 1.4mm 1.6mm; border-bottom: 1px solid #e2e6ed; vertical-align: top; }
tr { page-break-inside: avoid; }
.gantt img { width: 100%; }
.pagebreak { page-break-after: always; }
.titleblock { border-bottom: 2px solid #1f4fd1; padding-bottom: 2mm; margin-bottom: 3mm; }
.titleblock h1 { font-size: 18pt; border: 0; margin: 0; string-set: doctitle content(); }
.titleblock p { margin: 0; color: #475266; font-size: 8.5pt; }
.notice { border-left: 3px solid #1f4fd1; background: #eef3fd; padding: 2mm 3mm;
          margin: 2mm 0 3mm; }
ul { margin: 1mm 0 3mm; padding-left: 5mm; }
"""


def to_markdown(doc: Doc) -> str:
    lines = [f"# {doc.title}", "", f"_{doc.subtitle}_", ""]
    if doc.cover:
        lines += [f"- **{k}:** {v}" for k, v in doc.facts] + [""]
    else:
        lines += [" · ".join(f"{k}: {v}" for k, v in doc.facts), ""]
    for block in doc.blocks:
        if block.kind == "heading":
            lines += ["#" * (block.level + 1) + " " + block.text, ""]
        elif block.kind == "para":
            lines += [block.text, ""]
        elif block.kind == "notice":
            lines += [f"> **{block.text}**", ""]
        elif block.kind == "bullets":
            lines += [f"- {_md(i)}" for i in block.items] + [""]
        elif block.kind == "table":
            lines += [
                "| " + " | ".join(_md(h) for h in block.header) + " |",
                "|" + "---|" * len(block.header),
            ]
            lines += ["| " + " | ".join(_md(c) for c in row) + " |" for row in block.rows]
            lines.append("")
        elif block.kind == "gantt":
            lines += [
                "_The Gantt chart is in the PDF and DOCX exports; the task table below "
                "lists the same dates._",
                "",
            ]
    return "\n".join(lines)


def _md(text: str) -> str:
    return safe_cell(text).replace("|", "\\|").replace("\n", " ")


def to_html(doc: Doc) -> str:
    parts = [
        "<!doctype html><html><head><meta charset='utf-8'>",
        f"<title>{escape(doc.title)}</title><style>{CSS}</style></head><body>",
    ]
    if doc.cover:
        parts += [
            "<section class='cover'><p class='eyebrow'>SymphAIny</p>",
            f"<h1>{escape(doc.title)}</h1><p class='subtitle'>{escape(doc.subtitle)}</p><dl>",
            *[f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in doc.facts],
            "</dl></section>",
        ]
    else:
        facts = " · ".join(f"{k}: {v}" for k, v in doc.facts)
        parts.append(
            f"<header class='titleblock'><h1>{escape(doc.title)}</h1>"
            f"<p>{escape(doc.subtitle)}</p><p>{escape(facts)}</p></header>"
        )
    for block in doc.blocks:
        parts.append(_html_block(block, doc.gantt_svg))
    parts.append("</body></html>")
    return "".join(parts)


def _html_block(block: Block, svg: str | None) -> str:
    if block.kind == "heading":
        level = min(block.level, 2)
        return f"<h{level}>{escape(block.text)}</h{level}>"
    if block.kind == "para":
        return f"<p>{escape(block.text)}</p>"
    if block.kind == "notice":
        return f"<p class='notice'><strong>{escape(block.text)}</strong></p>"
    if block.kind == "bullets":
        return "<ul>" + "".join(f"<li>{escape(i)}</li>" for i in block.items) + "</ul>"
    if block.kind == "table":
        head = "".join(f"<th>{escape(h)}</th>" for h in block.header)
        body = "".join(
            "<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in block.rows
        )
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    if block.kind == "gantt" and svg:
        data = base64.b64encode(svg.encode()).decode()
        return (
            f"<div class='gantt'><img alt='Gantt chart' "
            f"src='data:image/svg+xml;base64,{data}'></div>"
        )
    if block.kind == "pagebreak":
        return "<div class='pagebreak'></div>"
    return ""


def to_pdf(doc: Doc) -> bytes:
    from weasyprint import HTML

    return bytes(HTML(string=to_html(doc)).write_pdf())


def svg_to_png(svg: str, scale: float = 2.0) -> bytes:
    """Rasterise an SVG: WeasyPrint lays it out on a page of its size, pypdfium2 renders it."""
    import re

    import pypdfium2
    from weasyprint import HTML

    size = re.search(r'width="(\d+)" height="(\d+)"', svg)
    width, height = (int(size.group(1)), int(size.group(2))) if size else (900, 400)
    data = base64.b64encode(svg.encode()).decode()
    html = (
        f"<style>@page {{ size: {width}px {height}px; margin: 0 }} body {{ margin: 0 }}"
        f"</style><img src='data:image/svg+xml;base64,{data}' "
        f"width='{width}' height='{height}'>"
    )
    document = HTML(string=html).write_pdf()
    with PDFIUM_LOCK:
        pdf = pypdfium2.PdfDocument(document)
        try:
            image = pdf[0].render(scale=scale * 72 / 96).to_pil()
        finally:
            pdf.close()
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def to_docx(doc: Doc) -> bytes:
    from docx import Document
    from docx.enum.text import WD_BREAK
    from docx.shared import Cm, Pt

    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(10)
    document.add_heading(doc.title, level=0)
    document.add_paragraph(doc.subtitle)
    if doc.cover:
        for key, value in doc.facts:
            para = document.add_paragraph()
            para.add_run(f"{key}: ").bold = True
            para.add_run(value)
        document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    else:
        document.add_paragraph(" · ".join(f"{k}: {v}" for k, v in doc.facts))
    for block in doc.blocks:
        if block.kind == "heading":
            document.add_heading(block.text, level=block.level)
        elif block.kind == "para":
            document.add_paragraph(block.text)
        elif block.kind == "notice":
            document.add_paragraph().add_run(block.text).bold = True
        elif block.kind == "bullets":
            for item in block.items:
                document.add_paragraph(item, style="List Bullet")
        elif block.kind == "table":
            tbl = document.add_table(rows=1, cols=len(block.header))
            tbl.style = "Light Grid Accent 1"
            for cell, text in zip(tbl.rows[0].cells, block.header, strict=True):
                cell.text = text
            for row in block.rows:
                for cell, text in zip(tbl.add_row().cells, row, strict=True):
                    cell.text = text
        elif block.kind == "gantt" and doc.gantt_svg:
            document.add_picture(io.BytesIO(svg_to_png(doc.gantt_svg)), width=Cm(16.5))
        elif block.kind == "pagebreak":
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    section = document.sections[0]
    footer = section.footer.paragraphs[0]
    footer.text = doc.title
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def render(doc: Doc, fmt: str) -> bytes:
    if fmt == "pdf":
        return to_pdf(doc)
    if fmt == "docx":
        return to_docx(doc)
    if fmt == "md":
        return to_markdown(doc).encode()
    raise ValueError(f"unknown export format {fmt!r}")
