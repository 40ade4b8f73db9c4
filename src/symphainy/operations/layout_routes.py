"""How connections run: sequence flows between columns and bands, over the steps between,
back underneath for loops; message flows between pools."""

from __future__ import annotations

from symphainy.operations.layout_geometry import BAND_GAP, Box, PoolBox


def band_bottom(pools: list[PoolBox], band: int) -> float:
    """Where the pools of a band end (edges between bands run in the gap below)."""
    return max((p.y + p.h for p in pools if p.band == band), default=0.0)


def blocked(a: Box, b: Box, boxes: dict[str, Box]) -> bool:
    """Whether the straight run at ``a``'s height towards ``b`` crosses another box."""
    left, right, y = a.x + a.w, b.x - 20, a.cy
    return any(
        other is not a
        and other is not b
        and other.x < right
        and other.x + other.w > left
        and other.y - 4 < y < other.y + other.h + 4
        for other in boxes.values()
    )


def route(
    a: Box,
    b: Box,
    branch: int,
    loops: int,
    looping: bool,
    crosses: bool,
    band_bottom: float,
    x0: float,
) -> list[tuple[float, float]]:
    """Waypoints of a sequence flow from box ``a`` to box ``b``."""
    if crosses and not looping:
        gap = band_bottom + BAND_GAP / 2 + (branch % 3) * 5
        right, left = a.x + a.w + 14, b.x - 14 - 6 * min(branch, 2)
        return [
            (a.x + a.w, a.cy),
            (right, a.cy),
            (right, gap),
            (left, gap),
            (left, b.cy),
            (b.x, b.cy),
        ]
    if crosses:
        gap = band_bottom + BAND_GAP / 2 - 8
        left = x0 - 12 - (loops % 3) * 4
        return [(a.cx, a.y + a.h), (a.cx, gap), (left, gap), (left, b.cy), (b.x, b.cy)]
    if looping:
        below = max(a.y + a.h, b.y + b.h) + 12 + (loops % 4) * 6
        return [(a.cx, a.y + a.h), (a.cx, below), (b.cx, below), (b.cx, b.y + b.h)]
    if abs(a.cy - b.cy) < 1:
        return [(a.x + a.w, a.cy), (b.x, b.cy)]
    mid = b.x - 14 - 9 * min(branch, 2)  # branches of one step run apart
    return [(a.x + a.w, a.cy), (mid, a.cy), (mid, b.cy), (b.x, b.cy)]


def message_route(
    source: str, target: str, boxes: dict[str, Box], pools: list[PoolBox]
) -> list[tuple[float, float]]:
    """Waypoints of a message flow; either end may be a step or a whole pool."""
    a, b = boxes.get(source), boxes.get(target)
    if a is None and b is None:
        pa = next((p for p in pools if p.id == source), None)
        pb = next((p for p in pools if p.id == target), None)
        if pa is None or pb is None:
            return []
        x = pa.x + pa.w / 2
        return [
            (x, pa.y + pa.h if pa.y < pb.y else pa.y),
            (x, pb.y if pa.y < pb.y else pb.y + pb.h),
        ]
    if a is None or b is None:
        known = a or b
        assert known is not None
        band = next((p.band for p in pools if p.y <= known.cy <= p.y + p.h), 0)
        pool = next(
            (p for p in pools if p.id == (source if a is None else target) and p.band == band), None
        )
        if pool is None:
            return []
        edge = pool.y + pool.h if pool.y + pool.h < known.y else pool.y
        point = (known.cx, edge)
        near = (known.cx, known.y if edge < known.y else known.y + known.h)
        return [point, near] if a is None else [near, point]
    down = a.cy < b.cy
    start = (a.cx, a.y + a.h if down else a.y)
    end = (b.cx, b.y if down else b.y + b.h)
    mid = (start[1] + end[1]) / 2
    return [start, (a.cx, mid), (b.cx, mid), end]
