"""Hybrid search over a journey: keyword ranking fused with sentence-embedding similarity.

Keyword: SQLite FTS5 (bm25) on the embedded default, PostgreSQL full-text (ts_rank over a GIN
index) otherwise. Semantic: cosine similarity of all-MiniLM-L6-v2 vectors kept in the chunks
table and searched in this process with NumPy (pgvector is not packaged for this platform's
PostgreSQL; exact search is fast enough for ~1M chunks). The two rankings are fused with
reciprocal rank fusion, which needs no score calibration between them.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence

import numpy as np
from sqlalchemy import delete, func, select, text
from sqlalchemy.orm import Session

from symphainy.auth.principal import Principal
from symphainy.content.schemas import SearchHit, SearchResults
from symphainy.content.vector_index import VectorIndex, from_bytes
from symphainy.core.logging import get_logger
from symphainy.journeys import service as journeys
from symphainy.models.content import Chunk, File

log = get_logger(__name__)
RRF_K = 60
CANDIDATES = 50
_WORD = re.compile(r"\w+", re.UNICODE)


def index_chunks(session: Session, chunks: Sequence[Chunk]) -> None:
    """Make new chunks findable by keyword (PostgreSQL indexes them by itself)."""
    if session.get_bind().dialect.name != "sqlite" or not chunks:
        return
    session.flush()
    session.execute(
        text("INSERT INTO chunks_fts (chunk_id, journey_id, text) VALUES (:id, :journey, :text)"),
        [{"id": c.id, "journey": c.journey_id, "text": c.text} for c in chunks],
    )


def delete_file_chunks(session: Session, file_id: str) -> None:
    if session.get_bind().dialect.name == "sqlite":
        session.execute(
            text(
                "DELETE FROM chunks_fts WHERE chunk_id IN "
                "(SELECT id FROM chunks WHERE file_id = :file)"
            ),
            {"file": file_id},
        )
    session.execute(delete(Chunk).where(Chunk.file_id == file_id))


def _terms(query: str) -> list[str]:
    return [t for t in _WORD.findall(query.lower()) if len(t) > 1][:32]


def _keyword(session: Session, journey_id: str, query: str) -> list[str]:
    terms = _terms(query)
    if not terms:
        return []
    if session.get_bind().dialect.name == "sqlite":
        match = " OR ".join(f'"{t}"' for t in terms)
        rows = session.execute(
            text(
                "SELECT chunk_id FROM chunks_fts WHERE chunks_fts MATCH :match "
                "AND journey_id = :journey ORDER BY bm25(chunks_fts) LIMIT :limit"
            ),
            {"match": match, "journey": journey_id, "limit": CANDIDATES},
        )
        return [r[0] for r in rows]
    tsquery = func.to_tsquery("english", " | ".join(terms))
    vector = func.to_tsvector("english", Chunk.text)
    rows = session.execute(
        select(Chunk.id)
        .where(Chunk.journey_id == journey_id, vector.op("@@")(tsquery))
        .order_by(func.ts_rank(vector, tsquery).desc())
        .limit(CANDIDATES)
    )
    return [r[0] for r in rows]


class _JourneyVectors:
    """Per-process cache of each journey's vectors, rebuilt when its chunks change."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._cache: dict[str, tuple[tuple[int, str | None], VectorIndex]] = {}

    def index(self, session: Session, journey_id: str) -> VectorIndex:
        signature_row = session.execute(
            select(func.count(), func.max(Chunk.id)).where(
                Chunk.journey_id == journey_id, Chunk.embedding.is_not(None)
            )
        ).one()
        signature = (int(signature_row[0]), signature_row[1])
        with self._lock:
            cached = self._cache.get(journey_id)
            if cached is not None and cached[0] == signature:
                return cached[1]
        index = VectorIndex()
        rows = session.execute(
            select(Chunk.id, Chunk.embedding).where(
                Chunk.journey_id == journey_id, Chunk.embedding.is_not(None)
            )
        ).all()
        if rows:
            index.add(
                [r[0] for r in rows],
                np.vstack([from_bytes(r[1]) for r in rows if r[1] is not None]),
            )
        with self._lock:
            self._cache[journey_id] = (signature, index)
            if len(self._cache) > 64:
                self._cache.pop(next(iter(self._cache)))
        return index


_vectors = _JourneyVectors()


def _semantic(session: Session, journey_id: str, query: str) -> list[str] | None:
    from symphainy.content.embeddings import EmbeddingsUnavailable, get_embedder

    try:
        vector = get_embedder().encode([query])[0]
    except EmbeddingsUnavailable as exc:
        log.warning("search.semantic_unavailable", reason=str(exc))
        return None
    index = _vectors.index(session, journey_id)
    return [chunk_id for chunk_id, _score in index.search(vector, CANDIDATES)]


def _snippet(body: str, terms: list[str], width: int = 240) -> str:
    lowered = body.lower()
    positions = [lowered.find(t) for t in terms if lowered.find(t) >= 0]
    start = max(0, min(positions) - width // 3) if positions else 0
    piece = body[start : start + width].strip()
    return ("…" if start > 0 else "") + piece + ("…" if start + width < len(body) else "")


def search(
    session: Session, principal: Principal, journey_id: str, query: str, limit: int = 10
) -> SearchResults:
    """Ranked passages and row blocks of the journey's files (archived files excluded)."""
    journey = journeys.get_journey(session, principal, journey_id)
    query = query.strip()
    keyword = _keyword(session, journey.id, query)
    semantic = _semantic(session, journey.id, query)
    scores: dict[str, float] = {}
    matched: dict[str, list[str]] = {}
    for name, ranking in (("keyword", keyword), ("semantic", semantic or [])):
        for rank, chunk_id in enumerate(ranking):
            scores[chunk_id] = scores.get(chunk_id, 0.0) + 1.0 / (RRF_K + rank + 1)
            matched.setdefault(chunk_id, []).append(name)
    ranked = sorted(scores, key=lambda cid: scores[cid], reverse=True)
    rows = {
        c.id: (c, f)
        for c, f in session.execute(
            select(Chunk, File)
            .join(File, File.id == Chunk.file_id)
            .where(Chunk.id.in_(ranked[: limit * 3]), File.archived_at.is_(None))
        )
    }
    terms = _terms(query)
    hits = []
    for chunk_id in ranked:
        if chunk_id not in rows:
            continue
        chunk, file = rows[chunk_id]
        hits.append(
            SearchHit(
                chunk_id=chunk.id,
                file_id=file.id,
                file_name=file.display_name,
                source=chunk.source,
                location=chunk.location,
                snippet=_snippet(chunk.text, terms),
                score=round(scores[chunk_id], 6),
                matched_by=matched[chunk_id],
            )
        )
        if len(hits) == limit:
            break
    return SearchResults(query=query, items=hits, semantic=semantic is not None)
