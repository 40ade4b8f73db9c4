"""Where each stored object lives. Keys are built from ids only, never from user input."""

from __future__ import annotations


def original(workspace_id: str, journey_id: str, file_id: str) -> str:
    return f"ws/{workspace_id}/journeys/{journey_id}/files/{file_id}/original"


def derived_prefix(workspace_id: str, journey_id: str, file_id: str, version: int) -> str:
    return f"ws/{workspace_id}/journeys/{journey_id}/files/{file_id}/v{version}"


def table(workspace_id: str, journey_id: str, file_id: str, version: int, position: int) -> str:
    return f"{derived_prefix(workspace_id, journey_id, file_id, version)}/table_{position}.parquet"
