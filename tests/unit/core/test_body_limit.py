"""The request body limit: our middleware, and why FastAPI's own ``max_body_size`` is not used.

docs/architecture.md ("Request body limits") gives the reasons; the last two tests pin them on
the installed FastAPI/Starlette, so an upgrade that removes them fails here and says so.
"""

from __future__ import annotations

import re
from typing import Any

from fastapi import APIRouter, FastAPI, UploadFile
from fastapi.testclient import TestClient

from symphainy.config import Settings
from symphainy.core.error_handlers import install_error_handlers
from symphainy.core.middleware import BodySizeLimitMiddleware

LIMIT, UPLOAD_LIMIT = 100, 1000
RECONSIDER = (
    "FastAPI's max_body_size now behaves as our middleware does: consider replacing "
    "BodySizeLimitMiddleware (docs/architecture.md, 'Request body limits')"
)


def _app(*, ours: bool) -> tuple[FastAPI, list[str]]:
    ran: list[str] = []
    app = FastAPI()
    install_error_handlers(app)
    api, uploads = APIRouter(), APIRouter()

    @api.post("/archive")
    def archive() -> dict[str, bool]:
        ran.append("archive")  # a body-less write: it must not run when the body is refused
        return {"archived": True}

    @api.post("/notes")
    def notes(note: dict[str, str]) -> dict[str, int]:
        return {"length": len(note)}

    @uploads.post("/upload")
    def upload(file: UploadFile) -> dict[str, Any]:
        return {"size": file.size}

    if ours:
        app.include_router(api)
        app.include_router(uploads)
        settings = Settings(
            SYMPHAINY_ENV="test",
            SYMPHAINY_MAX_BODY_BYTES=LIMIT,
            SYMPHAINY_MAX_UPLOAD_BYTES=UPLOAD_LIMIT,
        )
        app.add_middleware(
            BodySizeLimitMiddleware,
            settings=settings,
            large_body_paths=(re.compile(r"^/upload$"),),
        )
    else:
        app.include_router(api, max_body_size=LIMIT)
        app.include_router(uploads, max_body_size=UPLOAD_LIMIT)
    return app, ran


def _problem_413(response: Any) -> None:
    assert response.status_code == 413, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert "limit" in response.json()["detail"]


def test_our_limit_refuses_a_declared_length_before_the_endpoint_runs() -> None:
    app, ran = _app(ours=True)
    client = TestClient(app)
    _problem_413(client.post("/archive", content=b"x" * 500))
    assert ran == []


def test_our_limit_refuses_a_chunked_body_while_it_streams() -> None:
    client = TestClient(_app(ours=True)[0])
    body = iter([b'{"text": "', b"x" * 60, b"x" * 60, b'"}'])
    _problem_413(client.post("/notes", content=body, headers={"content-type": "application/json"}))


def test_uploads_get_the_larger_limit() -> None:
    client = TestClient(_app(ours=True)[0])
    assert client.post("/upload", files={"file": ("a.csv", b"x" * 500)}).json() == {"size": 500}
    _problem_413(client.post("/upload", files={"file": ("a.csv", b"x" * 5000)}))


def test_fastapi_limit_still_answers_a_declared_length_in_plain_text() -> None:
    client = TestClient(_app(ours=False)[0])
    r = client.post("/upload", files={"file": ("a.csv", b"x" * 5000)})
    assert r.status_code == 413
    assert r.headers["content-type"].startswith("text/plain"), RECONSIDER


def test_fastapi_limit_still_runs_a_body_less_endpoint_before_refusing() -> None:
    app, ran = _app(ours=False)
    r = TestClient(app).post("/archive", content=b"x" * 500)
    assert r.status_code == 413
    assert ran == ["archive"], RECONSIDER
