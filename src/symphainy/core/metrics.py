"""Prometheus metrics the platform exposes at ``/metrics``.

Labels use the route template (``/api/v1/journeys/{journey_id}``), never the raw path, so
the number of series stays bounded however many ids exist.
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, ProcessCollector

REGISTRY = CollectorRegistry(auto_describe=True)
# CPU, resident memory and open files of this process (process_*), for sizing.
ProcessCollector(registry=REGISTRY)

HTTP_REQUESTS = Counter(
    "symphainy_http_requests_total",
    "HTTP requests answered.",
    ["method", "route", "status"],
    registry=REGISTRY,
)
HTTP_LATENCY = Histogram(
    "symphainy_http_request_duration_seconds",
    "Time to answer an HTTP request.",
    ["method", "route"],
    registry=REGISTRY,
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
HTTP_IN_FLIGHT = Gauge(
    "symphainy_http_requests_in_flight", "Requests being served now.", registry=REGISTRY
)
LOGIN_FAILURES = Counter(
    "symphainy_login_failures_total", "Failed sign-in attempts.", ["reason"], registry=REGISTRY
)
JOBS = Counter(
    "symphainy_jobs_total", "Background jobs by outcome.", ["job", "outcome"], registry=REGISTRY
)
JOB_DURATION = Histogram(
    "symphainy_job_duration_seconds",
    "Time a background job ran.",
    ["job"],
    registry=REGISTRY,
    buckets=(0.05, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600),
)
JOB_QUEUE_DEPTH = Gauge(
    "symphainy_job_queue_depth", "Jobs waiting in the queue.", registry=REGISTRY
)
READY = Gauge(
    "symphainy_ready",
    "1 when every configured part answers (as /readyz), else 0.",
    registry=REGISTRY,
)
PART_UP = Gauge(
    "symphainy_part_up",
    "1 when the part (database, storage, job_queue, redis) answers.",
    ["part"],
    registry=REGISTRY,
)
