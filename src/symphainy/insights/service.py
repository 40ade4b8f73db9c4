"""The Insights pillar's behaviour. Pages, API, agents and the CLI call these functions.

Results are cached in ``analyses`` per dataset or document version (the cache key names the
inputs), so a file is analysed once until it is parsed again. Profiles of large datasets run as
a background job: the caller gets the analysis with its status and progress and polls it (or
reads its event stream). Functions take the request's session and never commit.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

import duckdb
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from symphainy.auth.principal import Principal
from symphainy.content import service as content
from symphainy.core.errors import Conflict, Invalid, NotFound
from symphainy.core.jobs import enqueue_after_commit
from symphainy.core.runtime import Runtime
from symphainy.insights import ask as asking
from symphainy.insights import charts as charting
from symphainy.insights import corrections as correcting
from symphainy.insights import engine, llm_ask, llm_reword, mapping, quality, summary
from symphainy.insights import profile as profiling
from symphainy.insights import review as reviewing
from symphainy.insights.engine import describe
from symphainy.journeys import service as journeys
from symphainy.llm import can_draft, can_reword
from symphainy.llm.base import ProviderError
from symphainy.models.insights import Analysis

if TYPE_CHECKING:  # the types content.service returns, not reads of its tables
    from symphainy.models.content import Dataset, Document, File

INLINE_MAX_ROWS = 200_000
# Part of every cache key: raise it when a change to the analysis code changes its results.
ALGORITHM_VERSION = 2
ANALYSE_JOB = "insights.analyse_dataset"


def params_hash(params: dict[str, Any]) -> str:
    text = json.dumps(params, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def semantic_types(dataset: Dataset) -> dict[str, str]:
    return {str(c["name"]): str(c.get("type", "text")) for c in dataset.columns}


def open_dataset(
    runtime: Runtime, dataset: Dataset, *, locked: bool = False
) -> duckdb.DuckDBPyConnection:
    path = content.local_path(runtime, dataset.storage_key)
    return engine.connect(path, locked=locked)


def _key(kind: str, dataset: Dataset, params: dict[str, Any] | None = None) -> str:
    return (
        f"{kind}:{dataset.id}:v{dataset.version}:a{ALGORITHM_VERSION}:{params_hash(params or {})}"
    )


def _doc_key(kind: str, document: Document) -> str:
    return f"{kind}:{document.id}:v{document.version}:a{ALGORITHM_VERSION}"


def _find(session: Session, workspace_id: str, key: str) -> Analysis | None:
    return session.scalar(
        select(Analysis).where(Analysis.workspace_id == workspace_id, Analysis.cache_key == key)
    )


def _save(
    session: Session,
    file: File,
    kind: str,
    key: str,
    version: int,
    result: dict[str, Any],
    params: dict[str, Any] | None = None,
    *,
    status: str = "ready",
    progress: float = 1.0,
) -> Analysis:
    """Store (or replace) the result under ``key``; a concurrent twin is simply reused."""
    existing = _find(session, file.workspace_id, key)
    if existing is not None:
        existing.result, existing.status, existing.progress = result, status, progress
        existing.error = None
        return existing
    row = Analysis(
        workspace_id=file.workspace_id,
        journey_id=file.journey_id,
        file_id=file.id,
        kind=kind,
        cache_key=key,
        source_version=version,
        status=status,
        progress=progress,
        params=params or {},
        result=result,
        method=str(result.get("method", "deterministic")),
    )
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        twin = _find(session, file.workspace_id, key)
        if twin is None:
            raise
        return twin
    return row


def _file_of(session: Session, dataset: Dataset) -> File:
    return content.file_of_dataset(session, dataset)


def compute_dataset(
    runtime: Runtime, dataset: Dataset, progress: Callable[[float, str], None] = profiling._noop
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The profile and the quality assessment of ``dataset``, straight from its Parquet."""
    con = open_dataset(runtime, dataset)
    try:
        semantic = semantic_types(dataset)
        prof = profiling.profile(con, semantic, progress=lambda f, m: progress(f * 0.8, m))
        progress(0.85, "Checking data quality")
        readings = {str(c["name"]): c["reading"] for c in dataset.columns if c.get("reading")}
        assessed = quality.assess(con, prof, semantic, readings)
    finally:
        con.close()
    return prof, assessed


def store_dataset_results(
    session: Session, dataset: Dataset, prof: dict[str, Any], assessed: dict[str, Any]
) -> tuple[Analysis, Analysis]:
    file = _file_of(session, dataset)
    a = _save(session, file, "profile", _key("profile", dataset), dataset.version, prof)
    b = _save(session, file, "quality", _key("quality", dataset), dataset.version, assessed)
    return a, b


def dataset_analysis(
    session: Session,
    runtime: Runtime,
    principal: Principal,
    file_id: str,
    kind: str,
    dataset_id: str | None = None,
) -> Analysis:
    """The cached profile or quality of the file's dataset: computed now if small, else queued.

    A queued analysis comes back with ``status`` "pending" (or "running") and its progress.
    """
    dataset = content.get_dataset(session, principal, file_id, dataset_id)
    found = _find(session, dataset.workspace_id, _key(kind, dataset))
    if found is not None and found.status == "ready":
        return found
    profile_row = _find(session, dataset.workspace_id, _key("profile", dataset))
    if profile_row is not None and profile_row.status in ("pending", "running"):
        return profile_row
    if dataset.rows > INLINE_MAX_ROWS:
        file = _file_of(session, dataset)
        row = _save(
            session,
            file,
            "profile",
            _key("profile", dataset),
            dataset.version,
            {},
            {"dataset_id": dataset.id},
            status="pending",
            progress=0.0,
        )
        row.error = None
        enqueue_after_commit(
            session, ANALYSE_JOB, {"analysis_id": row.id, "dataset_id": dataset.id}
        )
        return row
    prof, assessed = compute_dataset(runtime, dataset)
    a, b = store_dataset_results(session, dataset, prof, assessed)
    return a if kind == "profile" else b


def latest_quality(session: Session, dataset: Dataset) -> Analysis | None:
    """The quality result of the dataset's current version, if it has been computed."""
    found = _find(session, dataset.workspace_id, _key("quality", dataset))
    return found if found is not None and found.status == "ready" else None


def latest_quality_of(session: Session, datasets: Sequence[Dataset]) -> dict[str, Analysis]:
    """The ready quality results of many datasets' current versions in one query, by dataset id."""
    keys = {_key("quality", d): d for d in datasets}
    if not keys:
        return {}
    rows = session.scalars(
        select(Analysis).where(
            Analysis.workspace_id.in_({d.workspace_id for d in datasets}),
            Analysis.cache_key.in_(list(keys)),
            Analysis.status == "ready",
        )
    )
    out: dict[str, Analysis] = {}
    for row in rows:
        dataset = keys.get(row.cache_key)
        if dataset is not None and row.workspace_id == dataset.workspace_id:
            out[dataset.id] = row
    return out


QUALITY_REVIEW = "quality_review"


def mark_quality_reviewed(
    session: Session, principal: Principal, file_id: str, dataset_id: str | None = None
) -> None:
    """Record that ``principal`` read the dataset's quality report (the Insights page's tab).

    Kept per dataset version like the report itself, so a file parsed again is reviewed again;
    the Guide's plan counts the dataset as reviewed (``quality_reviewed_of``).
    """
    dataset = content.get_dataset(session, principal, file_id, dataset_id)
    key = _key(QUALITY_REVIEW, dataset)
    if _find(session, dataset.workspace_id, key) is None:
        result = {"reviewed_by": principal.user.id, "dataset_id": dataset.id}
        _save(session, _file_of(session, dataset), QUALITY_REVIEW, key, dataset.version, result)


def quality_reviewed_of(session: Session, datasets: Sequence[Dataset]) -> set[str]:
    """The ids of ``datasets`` whose current quality report someone has read, in one query."""
    keys = {_key(QUALITY_REVIEW, d): d for d in datasets}
    if not keys:
        return set()
    rows = session.execute(
        select(Analysis.cache_key, Analysis.workspace_id).where(
            Analysis.workspace_id.in_({d.workspace_id for d in datasets}),
            Analysis.cache_key.in_(list(keys)),
        )
    )
    return {keys[key].id for key, workspace in rows if keys[key].workspace_id == workspace}


def run_analysis_job(runtime: Runtime, analysis_id: str, dataset_id: str) -> None:
    """The background job: profile and quality of a large dataset, with progress on the row."""
    from symphainy.core.scoping import Scope

    def progress(fraction: float, message: str) -> None:
        with runtime.db.session(Scope.for_system()) as s:
            row = s.get(Analysis, analysis_id)
            if row is not None:
                row.status, row.progress = "running", round(fraction, 3)
                row.params = {**row.params, "message": message}

    with runtime.db.session(Scope.for_system()) as session:
        dataset = content.dataset_by_id(session, dataset_id)
        if dataset is None:
            return
        session.expunge(dataset)
    progress(0.01, "Starting")
    prof, assessed = compute_dataset(runtime, dataset, progress)
    with runtime.db.session(Scope.for_system()) as session:
        stored = content.dataset_by_id(session, dataset_id)
        if stored is None or stored.version != dataset.version:
            return  # the file was parsed again meanwhile; its new version gets its own job
        store_dataset_results(session, stored, prof, assessed)


def mark_failed(runtime: Runtime, analysis_id: str, reason: str) -> None:
    from symphainy.core.scoping import Scope

    with runtime.db.session(Scope.for_system()) as session:
        row = session.get(Analysis, analysis_id)
        if row is not None:
            row.status, row.error = "failed", reason[:2000]


def get_analysis(session: Session, principal: Principal, analysis_id: str) -> Analysis:
    return principal.fetch(session, Analysis, analysis_id, noun="analysis")


def _ready_results(
    session: Session, runtime: Runtime, principal: Principal, file_id: str, dataset_id: str | None
) -> tuple[Dataset, dict[str, Any], dict[str, Any]]:
    prof_row = dataset_analysis(session, runtime, principal, file_id, "profile", dataset_id)
    if prof_row.status != "ready":
        raise Conflict(
            "the dataset is still being profiled; try again when the analysis is ready",
            extra={
                "analysis_id": prof_row.id,
                "status": prof_row.status,
                "progress": prof_row.progress,
            },
        )
    dataset = content.get_dataset(session, principal, file_id, dataset_id)
    qual_row = dataset_analysis(session, runtime, principal, file_id, "quality", dataset_id)
    return dataset, prof_row.result, qual_row.result


def chart_list(
    session: Session,
    runtime: Runtime,
    principal: Principal,
    file_id: str,
    dataset_id: str | None = None,
    kind: str | None = None,
    x: str | None = None,
    y: str | None = None,
) -> tuple[Analysis, Dataset]:
    dataset, prof, _ = _ready_results(session, runtime, principal, file_id, dataset_id)
    params = {"kind": kind, "x": x, "y": y}
    key = _key("charts", dataset, params)
    found = _find(session, dataset.workspace_id, key)
    if found is not None:
        return found, dataset
    con = open_dataset(runtime, dataset)
    try:
        specs = charting.choose(con, prof, semantic=semantic_types(dataset), kind=kind, x=x, y=y)
    finally:
        con.close()
    result = {"charts": specs, "method": "deterministic"}
    return _save(
        session, _file_of(session, dataset), "charts", key, dataset.version, result, params
    ), dataset


def chart_svg(
    session: Session, runtime: Runtime, principal: Principal, file_id: str, n: int, **params: Any
) -> str:
    row, _ = chart_list(session, runtime, principal, file_id, **params)
    charts = row.result["charts"]
    if not 0 <= n < len(charts):
        raise NotFound(f"chart {n} not found; this file has {len(charts)} charts")
    return charting.to_svg(charts[n]["spec"])


def render_chart(spec: dict[str, Any]) -> str:
    """SVG of a Vega-Lite spec built from Insights' own results (the chat's requested chart),
    through the one offline renderer."""
    return charting.to_svg(spec)


def file_summary(
    session: Session,
    runtime: Runtime,
    principal: Principal,
    file_id: str,
    dataset_id: str | None = None,
) -> dict[str, Any]:
    file = content.get_file(session, principal, file_id)
    if file.kind == "document":
        document = content.get_document(session, principal, file_id)
        key = _doc_key("summary", document)
        found = _find(session, file.workspace_id, key)
        if found is None:
            result = summary.document_summary(document.title, document.sections)
            found = _save(session, file, "summary", key, document.version, result)
        return _with_llm_hook(runtime, found)
    dataset, prof, assessed = _ready_results(session, runtime, principal, file_id, dataset_id)
    key = _key("summary", dataset)
    found = _find(session, file.workspace_id, key)
    if found is None:
        found = _save(
            session, file, "summary", key, dataset.version, summary.dataset_summary(prof, assessed)
        )
    return _with_llm_hook(runtime, found)


def _with_llm_hook(runtime: Runtime, row: Analysis) -> dict[str, Any]:
    """The summary, plus the configured model's rewording (cached per model; facts unchanged)."""
    settings = runtime.settings
    if not can_reword(settings):
        return row.result
    cached = row.result.get("llm")
    if not cached or cached.get("model_asked") != settings.LLM_MODEL:
        cached = {**llm_reword.reword(settings, row.result), "model_asked": settings.LLM_MODEL}
        if not cached.get("transient"):  # a model outage is retried on the next request
            row.result = {**row.result, "llm": cached}
    result = {**row.result, "llm": cached}
    if cached.get("used"):
        result.update(
            text=cached["text"],
            method="llm",
            model=cached["model"],
            deterministic_text=llm_reword.source_text(row.result),
        )
    return result


def ask(
    session: Session,
    runtime: Runtime,
    principal: Principal,
    file_id: str,
    question: str,
    dataset_id: str | None = None,
    corrections: dict[str, str] | None = None,
) -> dict[str, Any]:
    """The answer, or a question back; ``corrections`` (phrase -> column) are remembered."""
    dataset = content.get_dataset(session, principal, file_id, dataset_id)
    if not question.strip():
        raise Invalid("ask a question", field="question")
    remembered = correcting.remember(session, principal, dataset, corrections or {})
    taught = correcting.taught(session, dataset)
    types = semantic_types(dataset)
    key = (dataset.id, dataset.version)  # the value index is built once per version
    con = open_dataset(runtime, dataset, locked=True)
    try:
        notice = None
        if can_draft(runtime.settings):
            try:
                values = asking.category_values(con, describe(con, types))
                reading = asking.read(
                    con, question.strip(), types, dataset_key=key, name=dataset.name, taught=taught
                )[0]
                result = llm_ask.answer(
                    con, runtime.settings, question.strip(), types, values, reading
                )
                return {**result, "remembered": remembered} if remembered else result
            except (llm_ask.DraftRejected, ProviderError, Invalid) as exc:
                notice = llm_ask.fallback_notice(exc)
        result = asking.answer(
            con, question.strip(), types, dataset_key=key, name=dataset.name, taught=taught
        )
        if notice:
            result["notice"] = notice
        if remembered:
            result["remembered"] = remembered
        return result
    finally:
        con.close()


def example_questions(
    session: Session,
    runtime: Runtime,
    principal: Principal,
    file_id: str,
    dataset_id: str | None = None,
) -> list[str]:
    """Questions the deterministic parser can answer, built from this dataset's columns."""
    dataset = content.get_dataset(session, principal, file_id, dataset_id)
    con = open_dataset(runtime, dataset, locked=True)
    try:
        columns = engine.describe(con, semantic_types(dataset))
        return asking.examples_for(columns, asking.category_values(con, columns))
    finally:
        con.close()


def review(session: Session, principal: Principal, file_id: str) -> dict[str, Any]:
    document = content.get_document(session, principal, file_id)
    file = content.get_file(session, principal, file_id)
    key = _doc_key("review", document)
    found = _find(session, file.workspace_id, key)
    if found is None:
        found = _save(
            session,
            file,
            "review",
            key,
            document.version,
            reviewing.review(document.title, document.sections),
        )
    return found.result


def map_fields(
    session: Session,
    runtime: Runtime,
    principal: Principal,
    source_file_id: str,
    target_file_id: str | None,
    overrides: dict[str, str | None] | None = None,
    *,
    source_dataset_id: str | None = None,
    target_dataset_id: str | None = None,
    target_schema: list[dict[str, str]] | None = None,
    use_embeddings: bool = True,
) -> dict[str, Any]:
    """Suggested field pairs with confidence, the user's overrides applied, preview, checks.

    The target is another dataset, or a schema the user lists (names and types).
    """
    src_ds, src_prof, _ = _ready_results(
        session, runtime, principal, source_file_id, source_dataset_id
    )
    overrides = overrides or {}
    dst_ds = dst_prof = None
    if target_schema is not None:
        params: dict[str, Any] = {"target_schema": target_schema}
        target_ref: dict[str, Any] = {"schema": target_schema}
    else:
        if target_file_id is None:
            raise Invalid("give a target file or a target schema", field="target_file_id")
        dst_ds, dst_prof, _ = _ready_results(
            session, runtime, principal, target_file_id, target_dataset_id
        )
        params = {"target": dst_ds.id, "target_version": dst_ds.version}
        target_ref = {"file_id": target_file_id, "dataset_id": dst_ds.id}
    params.update(overrides=overrides, embeddings=use_embeddings)
    key = _key("mapping", src_ds, params)
    found = _find(session, src_ds.workspace_id, key)
    if found is not None:
        return found.result
    src_con = open_dataset(runtime, src_ds)
    dst_con = open_dataset(runtime, dst_ds) if dst_ds is not None else None
    try:
        sources = engine.describe(src_con, semantic_types(src_ds))
        if dst_con is not None and dst_ds is not None and dst_prof is not None:
            targets = engine.describe(dst_con, semantic_types(dst_ds))
            target_stats = {c["name"]: c for c in dst_prof["columns"]}
        else:
            targets, target_stats = mapping.schema_columns(target_schema or []), {}
        pairs = mapping.suggest(
            sources,
            targets,
            {c["name"]: c for c in src_prof["columns"]},
            target_stats,
            use_embeddings,
        )
        chosen = mapping.choose(pairs, sources, targets, overrides)
        by_src, by_dst = {c.name: c for c in sources}, {c.name: c for c in targets}
        result = {
            "source": {"file_id": source_file_id, "dataset_id": src_ds.id},
            "target": target_ref,
            "mappings": chosen,
            "source_fields": [c.name for c in sources],
            "target_fields": [c.name for c in targets],
            "unmapped_source": [
                c.name for c in sources if c.name not in {m["source"] for m in chosen}
            ],
            "unmapped_target": [
                c.name for c in targets if c.name not in {m["target"] for m in chosen}
            ],
            "candidates": pairs[:50],
            "preview": mapping.preview(src_con, chosen, by_src),
            "validation": mapping.validate(src_con, chosen, by_src, by_dst),
            "weights": mapping.WEIGHTS,
            "threshold": mapping.THRESHOLD,
            "method": "deterministic",
        }
    finally:
        src_con.close()
        if dst_con is not None:
            dst_con.close()
    _save(session, _file_of(session, src_ds), "mapping", key, src_ds.version, result, params)
    return result


EXPORTS = {
    "mapping-csv": ("text/csv; charset=utf-8", "mapping.csv"),
    "mapping-json": ("application/json", "mapping.json"),
    "data-csv": ("text/csv; charset=utf-8", "mapped.csv"),
    "data-parquet": ("application/vnd.apache.parquet", "mapped.parquet"),
}


def export_mapping(
    session: Session, runtime: Runtime, principal: Principal, result: dict[str, Any], fmt: str
) -> tuple[bytes, str, str]:
    """A mapping from :func:`map_fields` as a file: the pairs (CSV or JSON) or every source row
    under the target's names and types (CSV or Parquet). Returns (body, media type, name)."""
    if fmt not in EXPORTS:
        raise Invalid(f"format must be one of {', '.join(EXPORTS)}", field="format")
    media_type, suffix = EXPORTS[fmt]
    source = result["source"]
    src_ds, _prof, _quality = _ready_results(
        session, runtime, principal, source["file_id"], source["dataset_id"]
    )
    filename = f"{src_ds.name}-{suffix}"
    if fmt.startswith("mapping-"):
        return mapping.mapping_bytes(result, fmt.removeprefix("mapping-")), media_type, filename
    target = result["target"]
    src_con = open_dataset(runtime, src_ds)
    try:
        sources = {c.name: c for c in engine.describe(src_con, semantic_types(src_ds))}
        if "schema" in target:
            columns = mapping.schema_columns(target["schema"])
        else:
            dst_ds, _p, _q = _ready_results(
                session, runtime, principal, target["file_id"], target["dataset_id"]
            )
            dst_con = open_dataset(runtime, dst_ds)
            try:
                columns = engine.describe(dst_con, semantic_types(dst_ds))
            finally:
                dst_con.close()
        table = mapping.mapped_table(
            src_con, result["mappings"], sources, {c.name: c for c in columns}
        )
    finally:
        src_con.close()
    return mapping.table_bytes(table, fmt.removeprefix("data-")), media_type, filename


def counts_by_journey(session: Session, journey_ids: list[str]) -> dict[str, dict[str, int]]:
    names = {"profile": "profiles", "charts": "charts", "review": "reviews", "mapping": "mappings"}
    rows = session.execute(
        select(Analysis.journey_id, Analysis.kind, func.count())
        .where(
            Analysis.journey_id.in_(journey_ids),
            Analysis.status == "ready",
            Analysis.kind.in_(list(names)),
        )
        .group_by(Analysis.journey_id, Analysis.kind)
    )
    out: dict[str, dict[str, int]] = {}
    for journey_id, kind, count in rows:
        out.setdefault(journey_id, {})[names[kind]] = count
    return out


journeys.register_count_provider(counts_by_journey)


def last_changes(session: Session, journey_ids: list[str]) -> dict[str, datetime]:
    """When each journey's newest insights artefact changed (for the journey's "Last change")."""
    return journeys.newest_by_journey(session, journey_ids, Analysis)


journeys.register_change_provider(last_changes)
