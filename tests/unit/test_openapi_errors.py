"""The published spec documents the problem+json errors of every API operation."""

from __future__ import annotations

from pathlib import Path

from symphainy.app import create_app
from symphainy.config import Settings
from symphainy.core.problems import API_ERRORS


def test_every_api_operation_declares_its_problem_responses(tmp_path: Path) -> None:
    spec = create_app(Settings(SYMPHAINY_ENV="test", SYMPHAINY_DATA_DIR=tmp_path)).openapi()
    assert "Problem" in spec["components"]["schemas"]
    checked = 0
    for path, operations in spec["paths"].items():
        if not path.startswith("/api/"):
            continue
        for method, operation in operations.items():
            for status in API_ERRORS:
                response = operation["responses"].get(str(status))
                assert response, f"{method.upper()} {path} does not declare {status}"
                schema = response["content"]["application/problem+json"]["schema"]
                assert schema == {"$ref": "#/components/schemas/Problem"}, (method, path)
            checked += 1
    assert checked > 40
