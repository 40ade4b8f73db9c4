"""An export fails at once only when its subject is gone; an outage is left to the retries."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy.exc import OperationalError

from symphainy.core.errors import NotFound
from symphainy.core.jobs import PermanentJobError
from symphainy.outcomes import export_job, service


class _Db:
    def __init__(self, row: Any) -> None:
        self.row = row

    @contextmanager
    def session(self, scope: Any) -> Iterator[Any]:
        yield SimpleNamespace(get=lambda model, key: self.row)


def _runtime() -> Any:
    row = SimpleNamespace(
        id="e1", status="queued", progress=0.0, error=None, format="md", workspace_id="w"
    )
    return SimpleNamespace(db=_Db(row), storage=None)


def test_a_deleted_subject_fails_the_export_for_good(monkeypatch: pytest.MonkeyPatch) -> None:
    def gone(session: Any, row: Any) -> Any:
        raise NotFound("the roadmap was deleted")

    monkeypatch.setattr(service, "export_document", gone)
    with pytest.raises(PermanentJobError, match="roadmap was deleted"):
        export_job.render(_runtime(), "e1")


def test_a_database_outage_is_retried_not_recorded(monkeypatch: pytest.MonkeyPatch) -> None:
    def outage(session: Any, row: Any) -> Any:
        raise OperationalError("SELECT 1", {}, ConnectionError("server closed the connection"))

    monkeypatch.setattr(service, "export_document", outage)
    with pytest.raises(OperationalError):
        export_job.render(_runtime(), "e1")
