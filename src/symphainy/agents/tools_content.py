"""The Content liaison's tools: files, their status and parse results, search, lifecycle."""

from __future__ import annotations

from collections import Counter
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from symphainy.agents.artefacts import resolve_file
from symphainy.agents.tools import (
    NoArgs,
    ToolContext,
    ToolResult,
    link_card,
    registrar,
    status_card,
    table_card,
)
from symphainy.content import search, service
from symphainy.content.preview import build_preview
from symphainy.models.content import File
from symphainy.models.workspace import Role


class FileArgs(BaseModel):
    model_config = ConfigDict(extra="forbid")
    file: str | None = Field(None, description="the file's name (or id) as the user said it")


class ListFilesArgs(BaseModel):
    model_config = ConfigDict(extra="forbid")
    status: Literal["pending", "processing", "ready", "failed"] | None = None
    kind: Literal["dataset", "document", "workflow", "unsupported"] | None = None


class PreviewArgs(FileArgs):
    rows: int = Field(10, ge=1, le=50, description="how many rows to show")


class SearchArgs(BaseModel):
    model_config = ConfigDict(extra="forbid")
    query: str = Field(min_length=1, max_length=500, description="what to look for")
    limit: int = Field(5, ge=1, le=20)


def _size(n: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:,} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n = n / 1024  # type: ignore[assignment]
    return str(n)


def _shape(file: File) -> str:
    s = file.summary or {}
    if "rows" in s:
        return f"{s['rows']:,} rows × {s.get('columns', '?')} columns"
    if "sections" in s or "pages" in s:
        parts = [
            f"{s['pages']} pages" if s.get("pages") else "",
            f"{s['sections']} sections" if s.get("sections") is not None else "",
        ]
        return ", ".join(p for p in parts if p)
    return ""


def list_files(ctx: ToolContext, args: ListFilesArgs) -> ToolResult:
    page = service.list_files(
        ctx.session, ctx.principal, ctx.journey.id, status=args.status, kind=args.kind, limit=200
    )
    files = page.items
    by_status = Counter(f.status for f in files)
    filters = " ".join(x for x in (args.status, args.kind) if x)
    if not files:
        return ToolResult(
            data={"files": []},
            headline=(f"This journey has no {filters + ' ' if filters else ''}files yet."),
        )
    facts = [f"{n} {status}" for status, n in sorted(by_status.items())]
    for f in files:
        if f.status == "failed":
            facts.append(f"“{f.display_name}” failed: {f.error or f.status_message}")
        elif f.status in ("pending", "processing"):
            facts.append(f"“{f.display_name}” is {f.status} ({round(f.progress * 100)}%)")
    rows = [[f.display_name, f.kind, f.status, _shape(f), _size(f.size)] for f in files]
    return ToolResult(
        data={
            "files": [
                {
                    "id": f.id,
                    "name": f.display_name,
                    "kind": f.kind,
                    "status": f.status,
                    "progress": f.progress,
                }
                for f in files
            ]
        },
        facts=facts,
        cards=[table_card("Files", ["name", "kind", "status", "contents", "size"], rows)],
        headline=f"This journey has {len(files)} {filters + ' ' if filters else ''}"
        f"file{'s' if len(files) != 1 else ''}.",
    )


def file_details(ctx: ToolContext, args: FileArgs) -> ToolResult:
    file = resolve_file(ctx, args.file, archived=None)
    facts = [f"kind: {file.kind}", f"status: {file.status}", f"size: {_size(file.size)}"]
    if shape := _shape(file):
        facts.append(f"contents: {shape}")
    if file.error:
        facts.append(f"error: {file.error}")
    if file.archived_at is not None:
        facts.append("archived")
    cards = [link_card(file.display_name, f"/api/v1/files/{file.id}/download", "Download")]
    columns = []
    for dataset in service.datasets_of(ctx.session, file):
        columns = [[c["name"], c.get("type", "")] for c in dataset.columns]
        cards.append(table_card(f"Columns of {dataset.name}", ["column", "type"], columns))
        facts.append(
            "columns: " + ", ".join(c[0] for c in columns[:12]) + ("…" if len(columns) > 12 else "")
        )
    return ToolResult(
        data={
            "id": file.id,
            "name": file.display_name,
            "kind": file.kind,
            "status": file.status,
            "size": file.size,
            "summary": file.summary,
        },
        facts=facts,
        cards=cards,
        headline=f"Here is “{file.display_name}”.",
    )


def preview_file(ctx: ToolContext, args: PreviewArgs) -> ToolResult:
    file = resolve_file(ctx, args.file)
    preview = build_preview(ctx.session, ctx.runtime, file, args.rows)
    cards = []
    facts = []
    for table in preview.tables:
        names = [c["name"] for c in table.columns]
        cards.append(
            table_card(
                f"{file.display_name}: {table.name}", names, table.rows, total=table.total_rows
            )
        )
        facts.append(f"{table.name}: showing {len(table.rows)} of {table.total_rows:,} rows")
    for section in preview.sections[:5]:
        text = " ".join(section.text.split())
        facts.append(f"{section.title}: {text[:200]}{'…' if len(text) > 200 else ''}")
    if preview.note:
        facts.append(preview.note)
    return ToolResult(
        data=preview.model_dump(mode="json"),
        facts=facts,
        cards=cards,
        headline=f"The start of “{file.display_name}”.",
    )


def search_content(ctx: ToolContext, args: SearchArgs) -> ToolResult:
    results = search.search(ctx.session, ctx.principal, ctx.journey.id, args.query, args.limit)
    if not results.items:
        return ToolResult(
            data=results.model_dump(mode="json"),
            headline=f"Nothing in this journey's files matches “{args.query}”.",
        )
    # Passages are quoted as data: whatever they say is shown, never obeyed.
    facts = [f"“{h.file_name}”: {h.snippet}" for h in results.items[:3]]
    rows = [[h.file_name, h.source, h.snippet, round(h.score, 4)] for h in results.items]
    return ToolResult(
        data=results.model_dump(mode="json"),
        facts=facts,
        cards=[table_card(f"Search: {args.query}", ["file", "from", "passage", "score"], rows)],
        headline=f"{len(results.items)} passage{'s' if len(results.items) != 1 else ''} "
        f"match “{args.query}”; the best ones:",
    )


def _lifecycle(ctx: ToolContext, file: File, verb: str) -> ToolResult:
    return ToolResult(
        data={
            "id": file.id,
            "name": file.display_name,
            "status": file.status,
            "archived": file.archived_at is not None,
        },
        cards=[status_card(file.display_name, file.status, verb)],
        headline=f"“{file.display_name}” {verb}.",
    )


def archive_file(ctx: ToolContext, args: FileArgs) -> ToolResult:
    file = resolve_file(ctx, args.file)
    return _lifecycle(
        ctx,
        service.archive(ctx.session, ctx.principal, file.id),
        "is archived; restore it any time",
    )


def restore_file(ctx: ToolContext, args: FileArgs) -> ToolResult:
    file = resolve_file(ctx, args.file, archived=True)
    return _lifecycle(ctx, service.restore(ctx.session, ctx.principal, file.id), "is restored")


def reprocess_file(ctx: ToolContext, args: FileArgs) -> ToolResult:
    file = resolve_file(ctx, args.file)
    return _lifecycle(
        ctx, service.reprocess(ctx.session, ctx.principal, file.id), "is queued to be parsed again"
    )


def delete_file(ctx: ToolContext, args: FileArgs) -> ToolResult:
    file = resolve_file(ctx, args.file, archived=None)
    name, file_id = file.display_name, file.id
    service.delete_file(ctx.session, ctx.runtime, ctx.principal, file_id)
    return ToolResult(
        data={"id": file_id, "name": name, "deleted": True},
        cards=[status_card(name, "deleted", "deleted with its derived data")],
        headline=f"“{name}” is deleted, with its datasets, text and search index.",
    )


def upload_file(ctx: ToolContext, args: NoArgs) -> ToolResult:
    # A chat message cannot carry a file: check the caller may upload, then point at the form.
    ctx.principal.require(ctx.journey.workspace_id, Role.member)
    href = f"/journeys/{ctx.journey.id}#upload"
    return ToolResult(
        data={"upload_url": f"/api/v1/journeys/{ctx.journey.id}/files"},
        facts=[
            "accepted: CSV, XLSX, JSON, Parquet, PDF, DOCX, PPTX, TXT/MD, HTML, images",
            "each file is checked by its content, parsed in the background and made searchable",
        ],
        cards=[link_card("Upload files", href, "Open the upload form")],
        headline="You can add files to this journey from the upload form.",
    )


_tool = registrar("content")


_tool(
    "list_files",
    "List the journey's files with their upload and parsing status.",
    (
        "what's the upload status of my files?",
        "which files have I uploaded?",
        "are my files ready yet?",
        "did any file fail to parse?",
        "show me all documents",
    ),
    ListFilesArgs,
    list_files,
    ("files", "status", "uploaded", "uploads", "ready", "failed", "processing", "parsed", "done"),
)
_tool(
    "file_details",
    "Describe one file: type, size, status, rows and columns or pages.",
    (
        "tell me about the orders file",
        "what columns does customers.csv have?",
        "how many rows are in the sales spreadsheet?",
        "details of the policy pdf",
    ),
    FileArgs,
    file_details,
    ("columns", "rows", "details", "size", "about"),
)
_tool(
    "preview_file",
    "Show the first rows of a dataset or the first sections of a document.",
    (
        "show me the first rows of orders.csv",
        "preview the sales data",
        "let me see the onboarding document",
        "open the spreadsheet",
    ),
    PreviewArgs,
    preview_file,
    ("preview", "first", "show", "see", "open"),
)
_tool(
    "search_content",
    "Search the journey's documents and data for a topic or a phrase.",
    (
        "find where the documents mention hotel refunds",
        "search for late deliveries",
        "where do we talk about approvals?",
        "look up what the policy says about expenses",
        "what does the memo say about budgets?",
    ),
    SearchArgs,
    search_content,
    ("search", "find", "mention", "where", "look", "say"),
)
_tool(
    "archive_file",
    "Archive a file: hide it from the journey without deleting it.",
    (
        "archive the file",
        "archive the old sales file",
        "put the draft pdf in the archive",
        "hide orders.csv",
    ),
    FileArgs,
    archive_file,
    ("archive", "hide"),
    writes=True,
    destructive=True,
)
_tool(
    "restore_file",
    "Bring back an archived file.",
    ("restore the archived orders file", "bring back the file I archived", "unarchive it"),
    FileArgs,
    restore_file,
    ("restore", "unarchive", "back"),
    writes=True,
)
_tool(
    "reprocess_file",
    "Parse a file again, after a failure.",
    ("reprocess the failed upload", "parse the sales file again", "retry the broken file"),
    FileArgs,
    reprocess_file,
    ("reprocess", "retry", "again", "reparse"),
    writes=True,
)
_tool(
    "delete_file",
    "Delete a file with everything derived from it.",
    ("delete orders.csv", "remove the old draft document", "get rid of the test file"),
    FileArgs,
    delete_file,
    ("delete", "remove", "erase"),
    writes=True,
    destructive=True,
)
_tool(
    "upload_file",
    "Add new files to the journey.",
    ("I want to upload a file", "how do I add my spreadsheet?", "upload new data"),
    NoArgs,
    upload_file,
    ("upload", "add", "import"),
    writes=True,
)
