"""Schemathesis against the app's own ``/openapi.json``, in process, as a signed-in user.

Every operation in the live spec gets generated requests (valid ones, ones that break the
schema on purpose, and valid ones aimed at real resources so the deep code paths run, not only
the 404s). Two properties must hold for all of them: no 5xx, and every answer matches the
schema the spec documents for it. The run makes well over 2,000 requests.
"""

from __future__ import annotations

import collections
import contextlib
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from symphainy.app import create_app
from symphainy.config import Settings
from tests.integration.conftest import make_user
from tests.security.world import World, build_world

pytestmark = pytest.mark.slow
EXAMPLES_PER_OPERATION = 40
MIN_REQUESTS = 2000
# Real ids are not handed to operations that would consume the fuzzing user's own access.
NO_REAL_IDS = {("DELETE", "/api/v1/auth/tokens/{token_id}")}


@pytest.fixture(scope="module")
def fuzz_app(
    tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path
) -> Iterator[tuple[FastAPI, World]]:
    data = Path(tmp_path_factory.mktemp("fuzz")) / "data"
    data.mkdir()
    shutil.copy(sqlite_template, data / "symphainy.db")
    app = create_app(
        Settings(
            SYMPHAINY_ENV="test",
            SYMPHAINY_DATA_DIR=data,
            SYMPHAINY_INPROCESS_WORKER=False,
            SYMPHAINY_JOBS_IMMEDIATE=True,
            SYMPHAINY_MAX_UPLOAD_BYTES=2 * 1024 * 1024,
            SYMPHAINY_LOG_LEVEL="WARNING",
        )
    )
    with TestClient(app, raise_server_exceptions=False) as client:
        world = build_world(client)
        yield app, world


def _strategies(op: Any, real_ids: dict[str, str], method: str, path: str) -> Any:
    options = [op.as_strategy(GenerationMode.POSITIVE)]
    names = {p.name for p in op.path_parameters}
    known = {n: real_ids[n] for n in names if n in real_ids}
    if known and (method, path) not in NO_REAL_IDS:
        options.append(op.as_strategy(GenerationMode.POSITIVE, path_parameters=known))
        options.append(op.as_strategy(GenerationMode.POSITIVE, path_parameters=known))
    # An operation without inputs has no negative cases.
    with contextlib.suppress(Exception):
        options.append(op.as_strategy(GenerationMode.NEGATIVE))
    return st.one_of(*options)


def test_every_operation_survives_generated_requests(fuzz_app: tuple[FastAPI, World]) -> None:
    app, world = fuzz_app
    fuzzer = make_user(world.client, "Fuzz Owner")
    # The fuzzing user owns the team's resources too, so real ids reach real code.
    world.owner.api(
        "POST",
        f"/api/v1/workspaces/{world.workspace_id}/members",
        json={"email": fuzzer.email, "role": "owner"},
    )
    headers = {"Authorization": f"Bearer {fuzzer.token}"}
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    counts: collections.Counter[str] = collections.Counter()
    failures: list[str] = []
    for result in schema.get_all_operations():
        op = result.ok()
        method, path = op.method.upper(), op.path

        @given(case=_strategies(op, world.ids, method, path))
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
        )
        def run(case: Any) -> None:
            response = case.call(headers=headers)
            counts[f"{case.method.upper()} {case.path}"] += 1
            case.validate_response(
                response, checks=[not_a_server_error, response_schema_conformance]
            )

        try:
            run()
        except Exception as exc:
            failures.append(f"{method} {path}: {str(exc)[:1500]}")
    total = sum(counts.values())
    print(f"schemathesis: {total} requests over {len(counts)} operations")
    assert not failures, "\n\n".join(failures)
    assert total >= MIN_REQUESTS, counts
    assert world.client.get("/readyz").status_code == 200
