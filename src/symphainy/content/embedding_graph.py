"""The MiniLM encoder as an ONNX graph, run by onnxruntime: the same arithmetic, fused kernels.

``content.embeddings`` computes the BERT encoder in NumPy; on a CPU most of that time goes to
the many small array passes around the matrix products (GELU, layer norms, softmax), which
onnxruntime fuses into single kernels. The graph is built here, in memory, from the weights the
embedder has already loaded (nothing is downloaded or stored), with standard ONNX operators only:
onnxruntime's own optimiser recognises the GELU, layer-norm and bias patterns.

Inputs are prepared in NumPy by the embedder: token ids and token types (batch, length), the
positions (length,), and the attention bias (batch, 1, 1, length) that hides padding. The output
is the last hidden state (batch, length, hidden); pooling stays in NumPy.
"""

from __future__ import annotations

import importlib.util
import math
import os
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float32]
OPSET = 17  # LayerNormalization is a standard operator from 17 on


def available() -> bool:
    """Whether onnxruntime and the ONNX graph builder are installed (found, not imported: onnx
    takes seconds to import and is only needed when no graph is cached)."""
    return all(importlib.util.find_spec(name) is not None for name in ("onnx", "onnxruntime"))


def build_model(
    embeddings: Mapping[str, FloatArray],
    layers: Sequence[Mapping[str, FloatArray]],
    heads: int,
    eps: float,
) -> bytes:
    """The serialised ONNX model of the encoder.

    ``embeddings`` holds ``word``, ``position``, ``token_type``, ``ln_w`` and ``ln_b``; each of
    ``layers`` holds the fields of ``embeddings._Layer`` (dense weights as (in, out)).
    """
    from onnx import TensorProto, helper, numpy_helper

    hidden = int(embeddings["word"].shape[1])
    head_dim = hidden // heads
    inits: list[Any] = []
    nodes: list[Any] = []

    def const(name: str, value: npt.ArrayLike, dtype: Any = np.float32) -> str:
        inits.append(numpy_helper.from_array(np.asarray(value, dtype=dtype), name))
        return name

    def node(op: str, inputs: list[str], name: str, **attrs: Any) -> str:
        nodes.append(helper.make_node(op, inputs, [name], name=name, **attrs))
        return name

    def layer_norm(x: str, w: FloatArray, b: FloatArray, name: str) -> str:
        return node(
            "LayerNormalization",
            [x, const(name + ".w", w), const(name + ".b", b)],
            name,
            axis=-1,
            epsilon=eps,
        )

    def dense(x: str, w: FloatArray, b: FloatArray, name: str) -> str:
        product = node("MatMul", [x, const(name + ".w", w)], name + ".mm")
        return node("Add", [product, const(name + ".b", b)], name)

    split = const("qkv.split", [hidden, hidden, hidden], np.int64)
    heads_shape = const("heads.shape", [0, 0, heads, head_dim], np.int64)
    hidden_shape = const("hidden.shape", [0, 0, hidden], np.int64)
    scale = const("attn.scale", 1.0 / math.sqrt(head_dim))
    sqrt2 = const("gelu.sqrt2", math.sqrt(2.0))
    one = const("gelu.one", 1.0)
    half = const("gelu.half", 0.5)

    word = node("Gather", [const("emb.word", embeddings["word"]), "input_ids"], "emb.w")
    types = node("Gather", [const("emb.type", embeddings["token_type"]), "token_type_ids"], "emb.t")
    positions = node("Gather", [const("emb.pos", embeddings["position"]), "positions"], "emb.p")
    x = node("Add", [node("Add", [word, types], "emb.wt"), positions], "emb.sum")
    x = layer_norm(x, embeddings["ln_w"], embeddings["ln_b"], "emb.ln")

    for i, layer in enumerate(layers):
        p = f"l{i}."
        qkv = dense(x, layer["qkv_w"], layer["qkv_b"], p + "qkv")
        nodes.append(
            helper.make_node(
                "Split", [qkv, split], [p + "q", p + "k", p + "v"], name=p + "split", axis=-1
            )
        )
        q = node("Reshape", [p + "q", heads_shape], p + "q4")
        k = node("Reshape", [p + "k", heads_shape], p + "k4")
        v = node("Reshape", [p + "v", heads_shape], p + "v4")
        q = node("Mul", [node("Transpose", [q], p + "qt", perm=[0, 2, 1, 3]), scale], p + "qs")
        k = node("Transpose", [k], p + "kt", perm=[0, 2, 3, 1])
        v = node("Transpose", [v], p + "vt", perm=[0, 2, 1, 3])
        scores = node("Add", [node("MatMul", [q, k], p + "qk"), "attention_bias"], p + "scores")
        probs = node("Softmax", [scores], p + "probs", axis=-1)
        context = node(
            "Transpose", [node("MatMul", [probs, v], p + "ctx")], p + "ctxt", perm=[0, 2, 1, 3]
        )
        context = node("Reshape", [context, hidden_shape], p + "ctx3")
        attn = dense(context, layer["attn_out_w"], layer["attn_out_b"], p + "attn")
        x = layer_norm(
            node("Add", [attn, x], p + "attn.res"),
            layer["attn_ln_w"],
            layer["attn_ln_b"],
            p + "attn.ln",
        )
        inner = dense(x, layer["ffn_in_w"], layer["ffn_in_b"], p + "ffn.in")
        # x * 0.5 * (1 + erf(x / sqrt 2)): the exact GELU, in the form onnxruntime fuses.
        erf = node("Erf", [node("Div", [inner, sqrt2], p + "gelu.div")], p + "gelu.erf")
        gelu = node(
            "Mul",
            [node("Mul", [inner, node("Add", [erf, one], p + "gelu.add")], p + "gelu.mul"), half],
            p + "gelu",
        )
        ffn = dense(gelu, layer["ffn_out_w"], layer["ffn_out_b"], p + "ffn.out")
        x = layer_norm(
            node("Add", [ffn, x], p + "ffn.res"), layer["ffn_ln_w"], layer["ffn_ln_b"], p + "ffn.ln"
        )

    nodes.append(helper.make_node("Identity", [x], ["hidden"], name="hidden"))
    graph = helper.make_graph(
        nodes,
        "all-MiniLM-L6-v2",
        [
            helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "length"]),
            helper.make_tensor_value_info("token_type_ids", TensorProto.INT64, ["batch", "length"]),
            helper.make_tensor_value_info("positions", TensorProto.INT64, ["length"]),
            helper.make_tensor_value_info(
                "attention_bias", TensorProto.FLOAT, ["batch", 1, 1, "length"]
            ),
        ],
        [helper.make_tensor_value_info("hidden", TensorProto.FLOAT, ["batch", "length", hidden])],
        initializer=inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)])
    model.ir_version = 8
    return bytes(model.SerializeToString())


class OnnxEncoder:
    """An onnxruntime session over :func:`build_model`'s graph."""

    def __init__(self, model: bytes | str) -> None:
        """``model``: the serialised graph, or the path of a file holding it."""
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        # The thread budget NumPy's OpenBLAS gets in this package (one unless the operator sets
        # OPENBLAS_NUM_THREADS): requests and jobs already run on several threads, and idle
        # workers that spin steal the CPU they need.
        threads = os.environ.get("OPENBLAS_NUM_THREADS", "1")
        options.intra_op_num_threads = int(threads) if threads.isdigit() else 1
        options.inter_op_num_threads = 1
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.log_severity_level = 3
        self._session = ort.InferenceSession(
            model, sess_options=options, providers=["CPUExecutionProvider"]
        )

    def hidden(
        self, ids: npt.NDArray[np.int64], types: npt.NDArray[np.int64], bias: FloatArray
    ) -> FloatArray:
        positions = np.arange(ids.shape[1], dtype=np.int64)
        (out,) = self._session.run(
            ["hidden"],
            {
                "input_ids": ids,
                "token_type_ids": types,
                "positions": positions,
                "attention_bias": bias,
            },
        )
        result: FloatArray = out
        return result
