"""Liveness, readiness and metrics: the endpoints operators and load balancers call."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from symphainy.core import metrics
from symphainy.core.runtime import Runtime

router = APIRouter(tags=["operations"])


def check_parts(runtime: Runtime) -> dict[str, dict[str, object]]:
    """Each configured part, whether it answered, and how long it took."""
    checks: dict[str, Callable[[], object]] = {
        "database": runtime.db.ping,
        "storage": runtime.storage.ping,
        "job_queue": runtime.queue.ping,
    }
    if runtime.redis is not None:
        checks["redis"] = runtime.redis.ping
    results: dict[str, dict[str, object]] = {}
    for name, check in checks.items():
        started = time.perf_counter()
        try:
            check()
            results[name] = {"ok": True}
        except Exception as exc:
            results[name] = {"ok": False, "error": f"{type(exc).__name__}: {str(exc)[:200]}"}
        results[name]["ms"] = round((time.perf_counter() - started) * 1000, 1)
    for name, result in results.items():
        metrics.PART_UP.labels(name).set(1 if result["ok"] else 0)
    metrics.READY.set(1 if all(r["ok"] for r in results.values()) else 0)
    return results


@router.get("/livez")
async def livez() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/readyz")
def readyz(request: Request) -> JSONResponse:
    results = check_parts(request.app.state.runtime)
    failing = [name for name, r in results.items() if not r["ok"]]
    if failing:
        return JSONResponse(
            {"status": "unavailable", "failing": failing, "checks": results},
            status_code=503,
            headers={"Retry-After": "5"},
        )
    return JSONResponse({"status": "ok", "checks": results})


@router.get("/metrics")
def metrics_endpoint(request: Request) -> Response:
    # Refreshes symphainy_ready and the queue depth; an outage shows in the gauges, and
    # /metrics still answers.
    with contextlib.suppress(Exception):
        check_parts(request.app.state.runtime)
    return Response(generate_latest(metrics.REGISTRY), media_type=CONTENT_TYPE_LATEST)
