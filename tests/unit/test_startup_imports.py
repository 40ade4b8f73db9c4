"""Start-up imports only what serving needs: the heavy parts load on first use (issue 19).

spaCy (the procedure reader), the ONNX runtime (sentence embeddings) and the HTTP client of the
language-model providers each cost a noticeable share of start-up and memory, and a server that
only lists journeys never uses them. Checked in a fresh interpreter, since the test process
itself has imported everything by now.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

LOADED_ON_FIRST_USE = ("spacy", "thinc", "onnxruntime", "onnx", "httpx", "tokenizers")


def test_create_app_leaves_the_heavy_parts_for_first_use(tmp_path: Path) -> None:
    code = (
        "import json, sys\n"
        "from symphainy.app import create_app\n"
        "create_app()\n"
        f"print(json.dumps([m for m in {LOADED_ON_FIRST_USE!r} if m in sys.modules]))\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("SYMPHAINY_")}
    env.update(SYMPHAINY_DATA_DIR=str(tmp_path), SYMPHAINY_ENV="test")
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=tmp_path, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []


def test_create_app_leaves_the_orm_mappers_for_the_first_query(tmp_path: Path) -> None:
    """Configuring every mapper costs ~0.1 s; a module-level ``inspect(Model).column_attrs``
    would pull it into start-up (the first query does it anyway)."""
    code = (
        "from symphainy.app import create_app\n"
        "create_app()\n"
        "from symphainy.models.journey import Journey\n"
        "print(Journey.__mapper__.configured)\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("SYMPHAINY_")}
    env.update(SYMPHAINY_DATA_DIR=str(tmp_path), SYMPHAINY_ENV="test")
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=tmp_path, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip().splitlines()[-1] == "False"
