"""The problem+json (RFC 9457) body as an OpenAPI schema, declared on every API route.

The error handlers answer every failure in this shape; declaring it keeps the published spec
complete, so a client generated from ``/openapi.json`` knows what a 401, 404 or 422 carries.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from symphainy.core.error_handlers import PROBLEM


class FieldError(BaseModel):
    """One invalid field: where it is, what is wrong, the error's kind."""

    loc: list[str | int]
    msg: str
    type: str


class Problem(BaseModel):
    """An RFC 9457 problem; extra members (``request_id``, ``errors``…) may follow."""

    model_config = ConfigDict(extra="allow")

    type: str
    title: str
    status: int
    detail: str
    instance: str | None = None
    request_id: str | None = None
    errors: list[FieldError] | None = Field(default=None, description="Invalid fields (422)")


_MEANING = {
    400: "The request is malformed",
    401: "Not signed in, or the token is invalid or expired",
    403: "Signed in, but the role does not allow this",
    404: "Not found, or it belongs to another workspace",
    409: "Conflicts with the resource's current state",
    413: "The body is larger than the limit",
    415: "The content type is not supported",
    422: "A field is invalid",
    429: "Too many requests; retry after the Retry-After header",
    503: "A dependency (database, queue, storage, model) is unavailable",
}
# What any authenticated API route may answer besides its success.
API_ERRORS = (400, 401, 403, 404, 422, 429, 503)


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """``responses=`` entries documenting each status as a problem+json body."""
    return {
        status: {
            "description": _MEANING.get(status, "Error"),
            "model": Problem,
            "content": {PROBLEM: {"schema": {"$ref": "#/components/schemas/Problem"}}},
        }
        for status in statuses
    }
