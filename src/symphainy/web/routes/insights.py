"""The Insights pillar's pages: a journey's analysable files, one file's insights in tabs
(Profile, Quality, Charts, Ask, Summary or Review), and the field-mapping page.

Every result comes from ``insights.service``, the same functions as the API; these routes only
read query strings and forms and choose what to show.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Form, Request, Response

from symphainy.auth.deps import AskLimit, DbSession, RuntimeDep
from symphainy.auth.principal import Principal
from symphainy.content import service as content
from symphainy.core.compute import ComputeTurn
from symphainy.core.errors import AppError, Conflict, Invalid
from symphainy.insights import service
from symphainy.journeys import service as journeys
from symphainy.web.deps import FormFields, FormPrincipal, PagePrincipal
from symphainy.web.render import redirect, render, sentence

if TYPE_CHECKING:  # types of what other pillars' services return
    from symphainy.models.content import File

router = APIRouter(include_in_schema=False)
DATASET_TABS = ("profile", "quality", "charts", "ask", "summary")
DOCUMENT_TABS = ("summary", "review")
CHART_KINDS = ("histogram", "bar", "timeseries", "scatter", "missing")


def _files(session: DbSession, principal: Principal, journey_id: str) -> list[File]:
    kinds = ("dataset", "document")
    return content.list_files(session, principal, journey_id, kinds=kinds, limit=200).items


@router.get("/journeys/{journey_id}/insights", name="pillar_insights")
def insights_page(
    request: Request, journey_id: str, principal: PagePrincipal, session: DbSession
) -> Response:
    journey = journeys.get_journey(session, principal, journey_id)
    files = _files(session, principal, journey.id)
    return render(
        request,
        "insights/overview.html",
        {
            "journey": journey,
            "files": files,
            "datasets": [f for f in files if f.kind == "dataset" and f.status == "ready"],
        },
        principal=principal,
    )


def _file_context(
    session: DbSession, principal: Principal, file_id: str, dataset_id: str | None
) -> dict[str, Any]:
    file = content.get_file(session, principal, file_id)
    journey = journeys.get_journey(session, principal, file.journey_id)
    datasets = content.datasets_of(session, file) if file.kind == "dataset" else []
    chosen = next((d for d in datasets if d.id == dataset_id), datasets[0] if datasets else None)
    return {
        "journey": journey,
        "file": file,
        "datasets": datasets,
        "dataset": chosen,
        "tabs": DATASET_TABS if file.kind == "dataset" else DOCUMENT_TABS,
    }


def _tab_data(
    session: DbSession,
    runtime: RuntimeDep,
    principal: Principal,
    ctx: dict[str, Any],
    tab: str,
    chart: str | None,
    x: str | None,
    y: str | None,
) -> dict[str, Any]:
    file, dataset = ctx["file"], ctx["dataset"]
    dataset_id = dataset.id if dataset is not None else None
    if tab in ("profile", "quality"):
        row = service.dataset_analysis(session, runtime, principal, file.id, tab, dataset_id)
        if row.status != "ready":
            return {"pending": row}
        if tab == "quality":  # read by a person: the Guide's plan counts it as reviewed
            service.mark_quality_reviewed(session, principal, file.id, dataset_id)
        spearman = {
            f"{c['a']}|{c['b']}": c["r"]
            for c in row.result.get("correlations", {}).get("spearman", [])
        }
        return {tab: row.result, "spearman": spearman}
    if tab == "charts":
        listed, _ = service.chart_list(
            session, runtime, principal, file.id, dataset_id, chart, x, y
        )
        profile = service.dataset_analysis(
            session, runtime, principal, file.id, "profile", dataset_id
        )
        query = "&".join(
            f"{k}={v}"
            for k, v in (("dataset_id", dataset_id), ("chart", chart), ("x", x), ("y", y))
            if v
        )
        return {
            "charts": listed.result["charts"],
            "chart_query": f"?{query}" if query else "",
            "columns": [c["name"] for c in profile.result["columns"]],
            "picked": {"chart": chart or "", "x": x or "", "y": y or ""},
        }
    if tab == "summary":
        return {"summary": service.file_summary(session, runtime, principal, file.id, dataset_id)}
    if tab == "review":
        return {"review": service.review(session, principal, file.id)}
    return {}


def _render_file(
    request: Request,
    session: DbSession,
    runtime: RuntimeDep,
    principal: Principal,
    file_id: str,
    tab: str,
    dataset_id: str | None,
    extra: dict[str, Any] | None = None,
    chart: str | None = None,
    x: str | None = None,
    y: str | None = None,
) -> Response:
    ctx = _file_context(session, principal, file_id, dataset_id)
    tab = tab if tab in ctx["tabs"] else ctx["tabs"][0]
    ctx.update(tab=tab, problem=None, **(extra or {}))
    if ctx["file"].status != "ready":
        ctx["problem"] = (
            f"“{ctx['file'].display_name}” is {ctx['file'].status}; insights "
            "appear once it is parsed."
        )
        return render(request, "insights/file.html", ctx, principal=principal)
    try:
        if tab != "ask":
            ctx.update(_tab_data(session, runtime, principal, ctx, tab, chart, x, y))
    except Conflict as exc:
        session.rollback()
        pending = exc.extra.get("analysis_id")
        ctx.update(
            problem=None if pending else sentence(exc.detail),
            pending_id=pending,
            pending_progress=exc.extra.get("progress", 0.0),
        )
    except AppError as exc:
        session.rollback()
        ctx["problem"] = sentence(exc.detail)
    if tab == "ask" and "result" not in ctx:
        ctx["suggestions"] = _suggestions(session, runtime, principal, ctx)
    return render(request, "insights/file.html", ctx, principal=principal)


def _suggestions(
    session: DbSession, runtime: RuntimeDep, principal: Principal, ctx: dict[str, Any]
) -> list[str]:
    """Example questions built from the dataset's columns (a refusal lists the same ones)."""
    dataset = ctx["dataset"]
    if dataset is None:
        return []
    return service.example_questions(session, runtime, principal, ctx["file"].id, dataset.id)


@router.get("/files/{file_id}/insights", name="insights_file")
def file_insights(
    request: Request,
    file_id: str,
    principal: PagePrincipal,
    session: DbSession,
    runtime: RuntimeDep,
    tab: str = "",
    dataset_id: str = "",
    chart: str = "",
    x: str = "",
    y: str = "",
) -> Response:
    return _render_file(
        request,
        session,
        runtime,
        principal,
        file_id,
        tab[:20],
        dataset_id[:32] or None,
        chart=chart if chart in CHART_KINDS else None,
        x=x[:255] or None,
        y=y[:255] or None,
    )


@router.post("/files/{file_id}/insights/ask", dependencies=[ComputeTurn, AskLimit])
def ask_question(
    request: Request,
    file_id: str,
    principal: FormPrincipal,
    session: DbSession,
    runtime: RuntimeDep,
    question: Annotated[str, Form(max_length=500)] = "",
    dataset_id: Annotated[str, Form(max_length=32)] = "",
    phrase: Annotated[str, Form(max_length=100)] = "",
    column: Annotated[str, Form(max_length=300)] = "",
) -> Response:
    extra: dict[str, Any] = {"question": question}
    # "when I say <phrase> I mean <column>": remembered for this table, applied at once
    corrections = {phrase.strip(): column} if phrase.strip() and column else None
    if question.strip():
        try:
            extra["result"] = service.ask(
                session, runtime, principal, file_id, question, dataset_id or None, corrections
            )
        except AppError as exc:
            session.rollback()
            extra["ask_error"] = sentence(exc.detail)
    else:
        extra["ask_error"] = "Type a question first."
    return _render_file(
        request, session, runtime, principal, file_id, "ask", dataset_id or None, extra
    )


@router.get("/journeys/{journey_id}/insights/mapping", name="insights_mapping")
def mapping_page(
    request: Request, journey_id: str, principal: PagePrincipal, session: DbSession
) -> Response:
    journey = journeys.get_journey(session, principal, journey_id)
    datasets = [
        f
        for f in _files(session, principal, journey.id)
        if f.kind == "dataset" and f.status == "ready"
    ]
    return render(
        request,
        "insights/mapping.html",
        {
            "journey": journey,
            "datasets": datasets,
            "result": None,
            "source": "",
            "target": "",
            "schema": "",
        },
        principal=principal,
    )


SCHEMA_TYPES = ("text", "number", "integer", "date", "datetime", "boolean")


def _parse_schema(text: str) -> list[dict[str, str]]:
    """Target fields typed one per line as ``name`` or ``name: type``."""
    fields: list[dict[str, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        name, _, kind = line.partition(":")
        kind = kind.strip().lower() or "text"
        if kind not in SCHEMA_TYPES:
            raise Invalid(
                f"line {number}: “{kind}” is not a type; use one of {', '.join(SCHEMA_TYPES)}",
                field="schema",
            )
        if not name.strip():
            raise Invalid(f"line {number} has no field name", field="schema")
        fields.append({"name": name.strip()[:200], "type": kind})
    if not fields:
        raise Invalid("type the target fields, one per line, as name: type", field="schema")
    if len({f["name"] for f in fields}) != len(fields):
        raise Invalid("each target field name may appear once", field="schema")
    return fields


def _mapping_form(form: Any) -> tuple[str, str, str, dict[str, str | None]]:
    """(source, target, schema text, the user's corrections) from a mapping form."""
    source, target = str(form.get("source", ""))[:32], str(form.get("target", ""))[:32]
    schema_text = str(form.get("schema", ""))[:20000]
    overrides: dict[str, str | None] = {}
    for key, value in form.multi_items():
        if key.startswith("map:") and isinstance(value, str) and value != "(auto)":
            overrides[key[4:][:255]] = None if value == "(none)" else value[:255]
    return source, target, schema_text, overrides


def _mapping_result(
    session: DbSession,
    runtime: RuntimeDep,
    principal: Principal,
    source: str,
    target: str,
    schema_text: str,
    overrides: dict[str, str | None],
) -> dict[str, Any]:
    schema = _parse_schema(schema_text) if target == "schema" else None
    return service.map_fields(
        session,
        runtime,
        principal,
        source,
        None if schema is not None else target,
        overrides,
        target_schema=schema,
    )


@router.post("/journeys/{journey_id}/insights/mapping", dependencies=[ComputeTurn])
def map_fields(
    request: Request,
    journey_id: str,
    principal: FormPrincipal,
    form: FormFields,
    session: DbSession,
    runtime: RuntimeDep,
) -> Response:
    journey = journeys.get_journey(session, principal, journey_id)
    source, target, schema_text, overrides = _mapping_form(form)
    datasets = [
        f
        for f in _files(session, principal, journey.id)
        if f.kind == "dataset" and f.status == "ready"
    ]
    ctx: dict[str, Any] = {
        "journey": journey,
        "datasets": datasets,
        "result": None,
        "source": source,
        "target": target,
        "schema": schema_text,
        "error": None,
    }
    try:
        ctx["result"] = _mapping_result(
            session, runtime, principal, source, target, schema_text, overrides
        )
    except AppError as exc:
        session.rollback()
        ctx["error"] = sentence(exc.detail)
    if ctx["result"]:
        ctx["overrides"] = overrides
    return render(
        request,
        "insights/mapping.html",
        ctx,
        principal=principal,
        status_code=200 if ctx["error"] is None else 422,
    )


@router.post("/journeys/{journey_id}/insights/mapping/export")
def export_mapping(
    request: Request,
    journey_id: str,
    principal: FormPrincipal,
    form: FormFields,
    session: DbSession,
    runtime: RuntimeDep,
) -> Response:
    """The mapping as CSV or JSON, or the mapped dataset as CSV or Parquet, as a download."""
    journeys.get_journey(session, principal, journey_id)
    source, target, schema_text, overrides = _mapping_form(form)
    try:
        result = _mapping_result(
            session, runtime, principal, source, target, schema_text, overrides
        )
        body, media_type, filename = service.export_mapping(
            session, runtime, principal, result, str(form.get("format", ""))[:20]
        )
    except AppError as exc:
        session.rollback()
        return render(
            request,
            "insights/mapping.html",
            {
                "journey": journeys.get_journey(session, principal, journey_id),
                "datasets": [],
                "result": None,
                "source": source,
                "target": target,
                "schema": schema_text,
                "error": sentence(exc.detail),
            },
            principal=principal,
            status_code=exc.status_code,
        )
    return Response(
        body,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{_safe_name(filename)}"'},
    )


def _safe_name(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in name)[:120] or "export"


@router.post("/journeys/{journey_id}/insights/mapping/save")
def save_mapping(
    request: Request,
    journey_id: str,
    principal: FormPrincipal,
    form: FormFields,
    session: DbSession,
    runtime: RuntimeDep,
) -> Response:
    """Keeps the mapped dataset in the journey as a new file (parsed like any upload)."""
    journey = journeys.get_journey(session, principal, journey_id)
    source, target, schema_text, overrides = _mapping_form(form)
    try:
        result = _mapping_result(
            session, runtime, principal, source, target, schema_text, overrides
        )
        body, _media, _name = service.export_mapping(
            session, runtime, principal, result, "data-csv"
        )
        source_name = content.get_file(session, principal, source).display_name.rsplit(".", 1)[0]
        stored = content.upload(
            session, runtime, principal, journey.id, io.BytesIO(body), f"{source_name} mapped.csv"
        )
    except AppError as exc:
        session.rollback()
        return redirect(
            request, f"/journeys/{journey.id}/insights/mapping", sentence(exc.detail), "error"
        )
    return redirect(
        request,
        f"/files/{stored.id}",
        f"The mapped dataset is saved as “{stored.display_name}” ({len(result['mappings'])} "
        "fields); it is parsed like any upload.",
    )
