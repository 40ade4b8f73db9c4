"""Exact nearest-neighbour search over unit vectors, in memory, with NumPy.

Used where the database has no vector search of its own (the embedded SQLite default, and
PostgreSQL without pgvector): the vectors live in the database as BLOBs and are loaded here.

Searches never take a lock. Writers publish an immutable snapshot (matrix, ids, live mask,
size) and never change a row a published snapshot can see: new rows go into spare capacity
past the snapshot's size, a removal copies the live mask (one byte a row), and re-adding an id
retires its old row and appends a new one. Retired rows are dropped by compaction, which
builds a fresh matrix once they pass a quarter of the rows.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float32]
_BoolArray = npt.NDArray[np.bool_]
_IndexArray = npt.NDArray[np.intp]

_MIN_CAPACITY = 1024
_COMPACT_MIN_RETIRED = 1024
_COMPACT_FRACTION = 0.25


def to_bytes(vector: npt.ArrayLike) -> bytes:
    """A vector as float32 little-endian bytes, for a database BLOB column."""
    array = np.asarray(vector, dtype="<f4")
    if array.ndim != 1:
        raise ValueError("to_bytes() takes one vector")
    return array.tobytes()


def from_bytes(blob: bytes) -> FloatArray:
    """The vector stored by :func:`to_bytes`."""
    if len(blob) % 4:
        raise ValueError(f"a float32 vector blob has a multiple of 4 bytes, not {len(blob)}")
    return np.frombuffer(blob, dtype="<f4").astype(np.float32)


def _normalise(vectors: FloatArray) -> FloatArray:
    norms = np.linalg.norm(vectors, axis=-1, keepdims=True)
    result: FloatArray = vectors / np.maximum(norms, np.float32(1e-12))
    return result


@dataclass(frozen=True)
class _Snapshot:
    vectors: FloatArray  # (capacity, dim); rows [:size] are published and never change
    ids: list[str]  # row -> id; append-only while this matrix is current
    live: _BoolArray  # (size,): False for removed or replaced rows
    size: int
    retired: int


class VectorIndex:
    """Cosine similarity search over ids and their vectors; exact, best first."""

    def __init__(self, dim: int = 384) -> None:
        if dim < 1:
            raise ValueError("dim must be positive")
        self.dim = dim
        self._write_lock = threading.Lock()
        self._rows: dict[str, int] = {}
        self._snapshot = _Snapshot(
            vectors=np.zeros((0, dim), dtype=np.float32),
            ids=[],
            live=np.zeros(0, dtype=np.bool_),
            size=0,
            retired=0,
        )

    def __len__(self) -> int:
        snap = self._snapshot
        return snap.size - snap.retired

    def __contains__(self, id_: object) -> bool:
        return id_ in self._rows

    def add(self, ids: Sequence[str], vectors: npt.ArrayLike) -> None:
        """Add or replace the vectors of ``ids`` (one row of ``vectors`` each)."""
        matrix = np.asarray(vectors, dtype=np.float32)
        if matrix.ndim != 2 or matrix.shape[1] != self.dim:
            raise ValueError(f"vectors must have shape (n, {self.dim}), not {matrix.shape}")
        if len(ids) != matrix.shape[0]:
            raise ValueError(f"{len(ids)} ids for {matrix.shape[0]} vectors")
        if not len(ids):
            return
        # The last occurrence of a repeated id wins, as if added one at a time.
        last = {id_: i for i, id_ in enumerate(ids)}
        if len(last) != len(ids):
            keep = sorted(last.values())
            ids = [ids[i] for i in keep]
            matrix = matrix[keep]
        matrix = _normalise(matrix)
        with self._write_lock:
            snap = self._snapshot
            live = snap.live
            retired = snap.retired
            replaced = [self._rows[id_] for id_ in ids if id_ in self._rows]
            if replaced:
                live = live.copy()
                live[replaced] = False
                retired += len(replaced)
            size = snap.size + len(ids)
            vectors, id_list = snap.vectors, snap.ids
            if size > vectors.shape[0]:
                grown = np.empty(
                    (max(_MIN_CAPACITY, size, 2 * vectors.shape[0]), self.dim), dtype=np.float32
                )
                grown[: snap.size] = vectors[: snap.size]
                vectors = grown
            vectors[snap.size : size] = matrix
            id_list.extend(ids)
            for offset, id_ in enumerate(ids):
                self._rows[id_] = snap.size + offset
            live = np.concatenate([live, np.ones(len(ids), dtype=np.bool_)])
            self._publish(vectors, id_list, live, size, retired)

    def remove(self, ids: Iterable[str]) -> None:
        """Forget ``ids``; unknown ids are ignored."""
        with self._write_lock:
            rows = [self._rows.pop(id_) for id_ in set(ids) if id_ in self._rows]
            if not rows:
                return
            snap = self._snapshot
            live = snap.live.copy()
            live[rows] = False
            self._publish(snap.vectors, snap.ids, live, snap.size, snap.retired + len(rows))

    def search(
        self, query: npt.ArrayLike, k: int, allowed: Callable[[str], bool] | None = None
    ) -> list[tuple[str, float]]:
        """The ``k`` ids most similar to ``query`` that ``allowed`` accepts, with cosine scores."""
        vector = np.asarray(query, dtype=np.float32).reshape(-1)
        if vector.shape[0] != self.dim:
            raise ValueError(f"query must have {self.dim} values, not {vector.shape[0]}")
        if not np.isfinite(vector).all():
            raise ValueError("query has non-finite values")
        snap = self._snapshot
        if k <= 0 or snap.size == snap.retired:
            return []
        # Distances are negated scores, computed in place: argpartition then needs no copy.
        distances = snap.vectors[: snap.size] @ _normalise(vector)
        np.negative(distances, out=distances)
        if snap.retired:
            distances[~snap.live] = np.inf
        alive = snap.size - snap.retired
        if allowed is None:
            top = _nearest_rows(distances, min(k, alive))
            return [(snap.ids[row], -float(distances[row])) for row in top]
        return _filtered_nearest(distances, k, alive, snap.ids, allowed)

    def _publish(
        self, vectors: FloatArray, ids: list[str], live: _BoolArray, size: int, retired: int
    ) -> None:
        if retired >= _COMPACT_MIN_RETIRED and retired > _COMPACT_FRACTION * size:
            keep = np.flatnonzero(live)
            vectors = np.ascontiguousarray(vectors[keep])
            ids = [ids[row] for row in keep]
            self._rows = {id_: row for row, id_ in enumerate(ids)}
            live = np.ones(len(ids), dtype=np.bool_)
            size, retired = len(ids), 0
        self._snapshot = _Snapshot(vectors, ids, live, size, retired)


def _nearest_rows(distances: FloatArray, m: int) -> _IndexArray:
    """Rows of the ``m`` smallest distances, nearest first; ties go to the earlier row."""
    if m >= distances.shape[0]:
        candidates = np.arange(distances.shape[0])
    else:
        candidates = np.argpartition(distances, m - 1)[:m]
    order = np.lexsort((candidates, distances[candidates]))
    result: _IndexArray = candidates[order]
    return result


def _filtered_nearest(
    distances: FloatArray, k: int, alive: int, ids: list[str], allowed: Callable[[str], bool]
) -> list[tuple[str, float]]:
    """Walk candidates nearest first, widening the window until ``k`` pass the filter."""
    found: list[tuple[str, float]] = []
    seen: set[int] = set()
    window = min(alive, max(4 * k, 64))
    while True:
        for row in _nearest_rows(distances, window).tolist():
            if row in seen:
                continue
            seen.add(row)
            if allowed(ids[row]):
                found.append((ids[row], -float(distances[row])))
                if len(found) == k:
                    return found
        if window >= alive:
            return found
        window = min(alive, window * 4)
