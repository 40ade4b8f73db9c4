"""Exact top-k search, removal, filters and BLOB round trips of the in-memory vector index."""

from __future__ import annotations

import threading

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from symphainy.content.vector_index import VectorIndex, from_bytes, to_bytes


def unit_vectors(n: int, dim: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    vectors = rng.standard_normal((n, dim)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def index_of(n: int, dim: int = 16, seed: int = 0) -> tuple[VectorIndex, np.ndarray, list[str]]:
    vectors = unit_vectors(n, dim, seed)
    ids = [f"chunk-{i}" for i in range(n)]
    index = VectorIndex(dim)
    index.add(ids, vectors)
    return index, vectors, ids


@settings(max_examples=60, deadline=None)
@given(
    n=st.integers(min_value=1, max_value=300),
    k=st.integers(min_value=1, max_value=40),
    seed=st.integers(min_value=0, max_value=2**32 - 1),
)
def test_top_k_equals_brute_force(n: int, k: int, seed: int) -> None:
    index, vectors, ids = index_of(n, dim=8, seed=seed)
    query = unit_vectors(1, 8, seed + 1)[0]
    results = index.search(query, k)
    brute = vectors @ query
    expected = np.sort(brute)[::-1][: min(k, n)]
    assert len(results) == min(k, n)
    np.testing.assert_allclose([score for _, score in results], expected, atol=1e-5)
    for id_, score in results:
        assert score == pytest.approx(float(brute[ids.index(id_)]), abs=1e-5)
    assert len({id_ for id_, _ in results}) == len(results)


@settings(max_examples=40, deadline=None)
@given(
    n=st.integers(min_value=1, max_value=200),
    k=st.integers(min_value=1, max_value=20),
    modulus=st.integers(min_value=1, max_value=50),
    seed=st.integers(min_value=0, max_value=2**32 - 1),
)
def test_filtered_top_k_equals_brute_force(n: int, k: int, modulus: int, seed: int) -> None:
    index, vectors, ids = index_of(n, dim=8, seed=seed)
    query = unit_vectors(1, 8, seed + 1)[0]
    allowed = {id_ for i, id_ in enumerate(ids) if i % modulus == 0}
    results = index.search(query, k, allowed=allowed.__contains__)
    brute = sorted(((float(vectors[ids.index(i)] @ query), i) for i in allowed), reverse=True)
    assert {id_ for id_, _ in results} <= allowed
    np.testing.assert_allclose(
        [score for _, score in results], [score for score, _ in brute[:k]], atol=1e-5
    )


def test_scores_are_cosine_even_for_unnormalised_input() -> None:
    index = VectorIndex(3)
    index.add(["a", "b"], np.array([[3.0, 0.0, 0.0], [0.0, 2.0, 2.0]], dtype=np.float32))
    results = index.search(np.array([10.0, 0.0, 0.0]), 2)
    assert results[0] == ("a", pytest.approx(1.0))
    assert results[1] == ("b", pytest.approx(0.0, abs=1e-6))


def test_removed_ids_are_never_returned() -> None:
    index, vectors, ids = index_of(50)
    index.remove([*ids[:10], "never-added"])
    assert len(index) == 40
    assert "chunk-0" not in index
    results = index.search(vectors[0], 50)
    assert len(results) == 40
    assert not {id_ for id_, _ in results} & set(ids[:10])


def test_removing_everything_leaves_an_empty_index() -> None:
    index, vectors, ids = index_of(5)
    index.remove(ids)
    assert len(index) == 0
    assert index.search(vectors[0], 3) == []


def test_compaction_keeps_the_survivors() -> None:
    index, vectors, ids = index_of(5000, dim=4)
    index.remove(ids[:4000])
    assert len(index) == 1000
    best_id, best_score = index.search(vectors[4321], 1)[0]
    assert best_id == "chunk-4321"
    assert best_score == pytest.approx(1.0, abs=1e-5)
    index.add(["late"], vectors[:1])
    assert len(index) == 1001
    assert index.search(vectors[0], 1)[0][0] == "late"


def test_adding_an_existing_id_replaces_its_vector() -> None:
    index = VectorIndex(2)
    index.add(["a", "b"], np.array([[1.0, 0.0], [0.0, 1.0]]))
    index.add(["a"], np.array([[0.0, 1.0]]))
    assert len(index) == 2
    scores = dict(index.search(np.array([0.0, 1.0]), 5))
    assert scores == {"a": pytest.approx(1.0), "b": pytest.approx(1.0)}


def test_filter_that_rejects_everything_returns_nothing() -> None:
    index, vectors, _ = index_of(100)
    assert index.search(vectors[0], 5, allowed=lambda _: False) == []


def test_wrong_shapes_are_refused() -> None:
    index = VectorIndex(4)
    with pytest.raises(ValueError, match="shape"):
        index.add(["a"], np.zeros((1, 3)))
    with pytest.raises(ValueError, match="ids"):
        index.add(["a", "b"], np.zeros((1, 4)))
    with pytest.raises(ValueError, match="values"):
        index.search(np.zeros(3), 1)


def test_blob_round_trip_is_float32_little_endian() -> None:
    vector = unit_vectors(1, 384, 7)[0]
    blob = to_bytes(vector)
    assert len(blob) == 384 * 4
    assert blob[:4] == np.float32(vector[0]).astype("<f4").tobytes()
    restored = from_bytes(blob)
    assert restored.dtype == np.float32
    assert np.array_equal(restored, vector)
    with pytest.raises(ValueError, match="multiple of 4"):
        from_bytes(b"abc")


def test_searches_stay_correct_while_another_thread_writes() -> None:
    index, vectors, _ = index_of(2000, dim=8)
    errors: list[str] = []
    stop = threading.Event()

    def write() -> None:
        extra = unit_vectors(3000, 8, 99)
        for i in range(0, 3000, 50):
            index.add([f"extra-{j}" for j in range(i, i + 50)], extra[i : i + 50])
            index.remove([f"extra-{j}" for j in range(i, i + 50, 2)])
        stop.set()

    def read() -> None:
        while not stop.is_set():
            id_, score = index.search(vectors[123], 1)[0]
            if id_ != "chunk-123" or abs(score - 1.0) > 1e-5:
                errors.append(f"{id_} {score}")

    threads = [threading.Thread(target=read) for _ in range(3)] + [threading.Thread(target=write)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(index) == 2000 + 1500
