"""Every stream is framed by FastAPI's own SSE encoder, so a browser's EventSource parses it."""

from __future__ import annotations

import json

from fastapi.sse import EventSourceResponse

from symphainy.core.sse import event, sse_response


def _parse(frame: str) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    for line in frame.rstrip("\n").split("\n"):
        name, _, value = line.partition(": ")
        fields.setdefault(name, []).append(value)
    return fields


def test_an_event_names_itself_and_carries_json() -> None:
    frame = event("progress", {"status": "ready", "at": 3})
    assert frame.endswith("\n\n")
    fields = _parse(frame)
    assert fields["event"] == ["progress"]
    assert json.loads(fields["data"][0]) == {"status": "ready", "at": 3}


def test_a_newline_in_the_data_cannot_start_a_new_field() -> None:
    # json.dumps escapes newlines, so one event is one data line whatever the text holds.
    frame = event("error", {"detail": "line one\nevent: forged"})
    assert frame.count("\n") == 3
    assert _parse(frame)["event"] == ["error"]


def test_the_response_is_an_event_stream_that_proxies_do_not_buffer() -> None:
    async def empty():  # type: ignore[no-untyped-def]
        if False:
            yield ""

    response = sse_response(empty())
    assert isinstance(response, EventSourceResponse)
    assert response.media_type == "text/event-stream"
    assert response.headers["x-accel-buffering"] == "no"
    assert response.headers["cache-control"] == "no-cache"
