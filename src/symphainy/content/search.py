"""Hybrid search over a journey: keyword candidates and sentence-embedding neighbours, scored
by how much of the query each passage contains and how close it is in meaning.

Keyword: SQLite FTS5 (bm25) on the embedded default, PostgreSQL full-text (ts_rank over a GIN
index) otherwise. Semantic: cosine similarity of all-MiniLM-L6-v2 vectors kept in the chunks
table and searched in this process with NumPy (pgvector is not packaged for this platform's
PostgreSQL; exact search is fast enough for ~1M chunks).

Both lists only propose candidates. Each candidate is then scored on two absolute measures:
the share of the query's content words it contains (a table row naming "Adelie" and "Biscoe"
contains all of them) and its cosine similarity to the query. A candidate below both
thresholds is not a result, so a query about nothing in the files ("qwzx") gets "no results"
instead of the twenty least-bad passages, and a row that matches every word outranks a
manual's passage that is merely about a similar subject. Rank fusion was dropped: it has no
notion of "not relevant" and it favoured passages found by both lists over exact row matches
(rows carry no embedding).
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
CANDIDATES = 50
# Cosine similarity (all-MiniLM-L6-v2) from which a passage is about the query. Measured on the
# development queries of tests/integration/test_search_relevance.py: nonsense and unrelated
# queries reach 0.10-0.20 against every passage, related ones 0.45-0.80.
SEMANTIC_MIN = 0.30
COVERAGE_MIN = 0.5  # share of the query's content words a keyword match must contain
COVERAGE_WEIGHT = 0.6
SEMANTIC_WEIGHT = 0.4
STEM = 5  # words compared on their first letters: "penguins" ~ "Penguin", "reimbursed" ~ "-ment"
METHOD = (
    "hybrid: share of the query's words found plus sentence-embedding similarity; "
    f"passages below both thresholds ({COVERAGE_MIN:.0%} of the words, cosine {SEMANTIC_MIN}) "
    "are not returned"
)
_WORD = re.compile(r"\w+", re.UNICODE)
_STOP = frozenset(
    {
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "can",
        "do",
        "does",
        "for",
        "from",
        "has",
        "have",
        "how",
        "i",
        "in",
        "is",
        "it",
        "of",
        "on",
        "or",
        "our",
        "that",
        "the",
        "their",
        "them",
        "there",
        "these",
        "this",
        "to",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "who",
        "why",
        "will",
        "with",
        "you",
        "your",
        "about",
        "all",
        "any",
    }
)


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


NOT_INDEXED_YET = "no passage of this journey is semantically indexed yet"
MODEL_UNAVAILABLE = "the sentence-embedding model is not available on this server"


def _semantic(
    session: Session, journey_id: str, query: str
) -> tuple[dict[str, float] | None, str | None]:
    """Cosine scores of the journey's indexed passages, or None and why there are none."""
    from symphainy.content.embeddings import EmbeddingsUnavailable, get_embedder, model_installed

    index = _vectors.index(session, journey_id)
    if len(index) == 0:
        # Nothing to compare with (files just uploaded): the query is not embedded, so a first
        # search never waits for the model to load.
        return None, NOT_INDEXED_YET if model_installed() else MODEL_UNAVAILABLE
    try:
        vector = get_embedder().encode([query])[0]
    except EmbeddingsUnavailable as exc:
        log.warning("search.semantic_unavailable", reason=str(exc))
        return None, MODEL_UNAVAILABLE
    return dict(index.search(vector, CANDIDATES)), None


def _stems(text: str) -> set[str]:
    return {w[:STEM] for w in _WORD.findall(text.lower())}


def content_stems(query: str) -> list[str]:
    """The query's words that carry meaning (stop words left out unless nothing else is left)."""
    terms = _terms(query)
    content = [t for t in terms if t not in _STOP] or terms
    return list(dict.fromkeys(t[:STEM] for t in content))


def coverage(text: str, stems: list[str]) -> float:
    """Share of the query's content words present in ``text``."""
    if not stems:
        return 0.0
    words = _stems(text)
    return sum(stem in words for stem in stems) / len(stems)


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
    semantic, semantic_note = _semantic(session, journey.id, query)
    candidates = list(dict.fromkeys([*keyword, *(semantic or {})]))
    rows = {
        c.id: (c, f)
        for c, f in session.execute(
            select(Chunk, File)
            .join(File, File.id == Chunk.file_id)
            .where(Chunk.id.in_(candidates), File.archived_at.is_(None))
        )
    }
    stems = content_stems(query)
    keyword_rank = {chunk_id: rank for rank, chunk_id in enumerate(keyword)}
    scored: list[tuple[float, str, list[str]]] = []
    for chunk_id, (chunk, _file) in rows.items():
        share = coverage(chunk.text, stems) if chunk_id in keyword_rank else 0.0
        cosine = (semantic or {}).get(chunk_id, 0.0)
        matched = [
            name
            for name, ok in (
                ("keyword", share >= COVERAGE_MIN),
                ("semantic", cosine >= SEMANTIC_MIN),
            )
            if ok
        ]
        if not matched:
            continue
        # bm25's order breaks ties between equally complete keyword matches.
        tie = 0.01 / (1 + keyword_rank[chunk_id]) if chunk_id in keyword_rank else 0.0
        score = COVERAGE_WEIGHT * share + SEMANTIC_WEIGHT * max(cosine, 0.0) + tie
        scored.append((score, chunk_id, matched))
    scored.sort(key=lambda item: (-item[0], item[1]))
    terms = _terms(query)
    hits = []
    for score, chunk_id, matched in scored[:limit]:
        chunk, file = rows[chunk_id]
        hits.append(
            SearchHit(
                chunk_id=chunk.id,
                file_id=file.id,
                file_name=file.display_name,
                source=chunk.source,
                location=chunk.location,
                snippet=_snippet(chunk.text, terms),
                score=round(score, 4),
                matched_by=matched,
            )
        )
    return SearchResults(
        query=query,
        items=hits,
        semantic=semantic is not None,
        semantic_note=semantic_note,
        method=METHOD,
    )
