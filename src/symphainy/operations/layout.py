"""A layered layout shared by the SVG diagram and BPMN diagram interchange.

Columns are layers (longest path from where flows begin, ignoring edges that loop back); rows
are lanes inside pools stacked top to bottom. A sub-process's content follows the sub-process
box, a boundary event sits on its activity's border. For the screen a long flow wraps into
bands of a few columns each (every band repeats the pools and lanes), so a 40-step process
fits a screen instead of a 15,000 px strip; BPMN interchange keeps one band.
"""

from __future__ import annotations

from collections import deque

from symphainy.operations.elements import Pool
from symphainy.operations.graph import Step, WorkflowGraph
from symphainy.operations.lanes import descends, leaf_lanes, pool_of, row_of, with_pools
from symphainy.operations.layout_geometry import (
    ARTIFACT_ROW_H,
    ARTIFACT_SIZES,
    BAND_GAP,
    BLACK_BOX_H,
    COL_W,
    LABEL_W,
    MARGIN,
    POOL_LABEL_W,
    ROW_H,
    SIZES,
    WRAP_COLUMNS,
    Box,
    Lane,
    Layout,
    PoolBox,
    step_size,
)
from symphainy.operations.layout_routes import band_bottom, blocked, message_route, route


def _layer_edges(graph: WorkflowGraph) -> dict[str, list[str]]:
    """Sequence flows, plus the containment that reads left to right: a sub-process before its
    content, its content before what follows it; a boundary event's paths leave its host."""
    steps = graph.by_id()
    host = {s.id: s.attached_to for s in graph.steps if s.attached_to in steps}

    def node(step_id: str) -> str:
        return host.get(step_id) or step_id

    forward: dict[str, list[str]] = {s.id: [] for s in graph.steps if s.id not in host}
    children: dict[str, list[Step]] = {}
    for step in graph.steps:
        if step.parent in steps and step.id not in host:
            children.setdefault(step.parent or "", []).append(step)
    for step in graph.steps:
        for edge in step.next:
            if edge.to in steps and node(edge.to) != node(step.id):
                forward[node(step.id)].append(node(edge.to))
    for parent, kids in children.items():
        inner = {k.id for k in kids}
        entered = {e.to for k in kids for e in k.next}
        after = [node(e.to) for e in steps[parent].next if e.to in steps]
        for kid in kids:
            if kid.id not in entered:
                forward[parent].append(kid.id)
            if not any(e.to in inner for e in kid.next):
                forward[kid.id].extend(after)
    return forward


def _back_edges(order: list[str], forward: dict[str, list[str]]) -> set[tuple[str, str]]:
    back: set[tuple[str, str]] = set()
    state: dict[str, int] = {}
    for root in order:
        if root in state:
            continue
        state[root] = 1
        stack: list[tuple[str, int]] = [(root, 0)]
        while stack:
            node, index = stack.pop()
            targets = forward.get(node, [])
            if index < len(targets):
                stack.append((node, index + 1))
                target = targets[index]
                if state.get(target) == 1:
                    back.add((node, target))
                elif target not in state:
                    state[target] = 1
                    stack.append((target, 0))
            else:
                state[node] = 2
    return back


def _layers(forward: dict[str, list[str]], back: set[tuple[str, str]]) -> dict[str, int]:
    indegree = dict.fromkeys(forward, 0)
    for node, targets in forward.items():
        for target in targets:
            if (node, target) not in back and target in indegree:
                indegree[target] += 1
    layer = dict.fromkeys(forward, 0)
    ready = deque(n for n in forward if indegree[n] == 0)
    while ready:
        node = ready.popleft()
        for target in forward[node]:
            if (node, target) in back or target not in indegree:
                continue
            layer[target] = max(layer[target], layer[node] + 1)
            indegree[target] -= 1
            if indegree[target] == 0:
                ready.append(target)
    return layer


def layout(graph: WorkflowGraph, wrap_columns: int | None = WRAP_COLUMNS) -> Layout:
    """Positions of every pool, lane, step, artifact and connection of ``graph``."""
    graph = with_pools(graph)
    steps = graph.by_id()
    forward = _layer_edges(graph)
    order = [s.id for s in graph.starts() if s.id in forward] + list(forward)
    back_pairs = _back_edges(order, forward)
    layer = _layers(forward, back_pairs)
    for step in graph.steps:
        if step.id not in layer:
            layer[step.id] = layer.get(step.attached_to or "", 0)
    columns = max(layer.values(), default=0) + 1
    bands = 1 if not wrap_columns else (columns + wrap_columns - 1) // wrap_columns
    per_band = (columns + bands - 1) // bands  # balanced: no band holds a lone step
    any_lanes = any(p.lanes for p in graph.pools)
    x0 = MARGIN + POOL_LABEL_W + (LABEL_W if any_lanes else 0) + 20
    width = x0 + per_band * COL_W + MARGIN

    # Rows: the leaf lanes of each pool (plus one for steps outside any lane), with slots for
    # steps that share a column.
    rows: dict[str, dict[str, list[str]]] = {}
    for pool in graph.pools:
        leaves = leaf_lanes(pool)
        rows[pool.id] = {lane.id: [] for lane in leaves}
    for step in graph.steps:
        if step.attached_to in steps:
            continue
        pool = pool_of(graph, step)
        row = row_of(step, pool, leaf_lanes(pool))
        rows.setdefault(pool.id, {}).setdefault(row, []).append(step.id)
    slot: dict[str, int] = {}
    row_h: dict[tuple[str, str], float] = {}
    for pool_id, pool_rows in rows.items():
        if "" in pool_rows and not pool_rows[""] and len(pool_rows) > 1:
            del pool_rows[""]
        for row_id, ids in pool_rows.items():
            used: dict[int, int] = {}
            tallest = 0.0
            for step_id in sorted(ids, key=lambda i: layer[i]):
                used[layer[step_id]] = used.get(layer[step_id], 0) + 1
                slot[step_id] = used[layer[step_id]] - 1
                tallest = max(tallest, step_size(steps[step_id])[1])
            slot_h = max(ROW_H, tallest + 48)
            row_h[(pool_id, row_id)] = max(used.values(), default=1) * slot_h
    artifacts_of: dict[str | None, list[str]] = {}
    for artifact in graph.artifacts:
        artifacts_of.setdefault(artifact.pool, []).append(artifact.id)

    pools: list[PoolBox] = []
    boxes: dict[str, Box] = {}
    y = float(MARGIN)
    row_top: dict[tuple[int, str, str], float] = {}
    for band in range(bands):
        for pool in graph.pools:
            top = y
            lanes: list[Lane] = []
            if pool.process is None or not rows[pool.id]:
                y += BLACK_BOX_H
            for row_id, ids in rows[pool.id].items():
                h = row_h[(pool.id, row_id)]
                row_top[(band, pool.id, row_id)] = y
                name = next((lane.name for lane in pool.lanes if lane.id == row_id), "")
                lanes.append(Lane(name, y, h, list(ids), row_id, 0, 0))
                y += h
            if artifacts_of.get(pool.id):
                y += ARTIFACT_ROW_H
            box = PoolBox(
                pool.id,
                pool.name or pool.process_name,
                MARGIN,
                top,
                width - 2 * MARGIN,
                y - top,
                band,
                lanes,
                pool.participant,
            )
            _lane_boxes(pool, box)
            pools.append(box)
        if artifacts_of.get(None):
            y += ARTIFACT_ROW_H
        y += BAND_GAP
    height = y - BAND_GAP + MARGIN

    for step in graph.steps:
        if step.attached_to in steps:
            continue
        w, h = step_size(step)
        band, col = divmod(layer[step.id], per_band)
        pool = pool_of(graph, step)
        row = row_of(step, pool, leaf_lanes(pool))
        if (band, pool.id, row) not in row_top:
            row = next(iter(rows[pool.id]))
        slot_h = row_h[(pool.id, row)] / max(1, _slots(rows[pool.id][row], layer))
        x = x0 + col * COL_W + (COL_W - 40 - w) / 2
        boxes[step.id] = Box(
            step.id,
            x,
            row_top[(band, pool.id, row)] + slot[step.id] * slot_h + (slot_h - h) / 2,
            w,
            h,
        )
    hosted: dict[str, list[Step]] = {}
    for step in graph.steps:
        if step.attached_to in steps:
            hosted.setdefault(step.attached_to or "", []).append(step)
    for host_id, events in hosted.items():
        host = boxes[host_id]
        for index, event in enumerate(events):
            w, h = SIZES["boundary"]
            x = host.x + host.w * (index + 1) / (len(events) + 1) - w / 2
            boxes[event.id] = Box(event.id, x, host.y + host.h - h / 2, w, h)
    _place_artifacts(graph, boxes, pools, layer, per_band, x0, height)

    edges: dict[tuple[str, int], list[tuple[float, float]]] = {}
    back: set[tuple[str, int]] = set()
    loops = 0
    for step in graph.steps:
        for branch, edge in enumerate(step.next):
            a, b = boxes.get(step.id), boxes.get(edge.to)
            if a is None or b is None:
                continue
            a_band = layer.get(step.attached_to or step.id, 0) // per_band
            b_band = layer.get(edge.to, 0) // per_band
            looping = (step.id, edge.to) in back_pairs or (a_band, a.x) >= (b_band, b.x)
            if looping:
                back.add((step.id, branch))
                loops += 1
            if step.kind == "boundary" and not looping and a_band == b_band and b.x > a.x:
                # An exception path leaves from under its activity, not through it.
                edges[(step.id, branch)] = [(a.cx, a.y + a.h), (a.cx, b.cy), (b.x, b.cy)]
                if abs(b.cy - (a.y + a.h)) < 8:
                    below = a.y + a.h + 14
                    edges[(step.id, branch)] = [
                        (a.cx, a.y + a.h),
                        (a.cx, below),
                        (b.x - 14, below),
                        (b.x - 14, b.cy),
                        (b.x, b.cy),
                    ]
                continue
            if not looping and a_band == b_band and blocked(a, b, boxes):
                # A run along the row would pass through the steps between: go over them.
                over = min(a.y, b.y) - 10 - 5 * (branch % 3)
                edges[(step.id, branch)] = [(a.cx, a.y), (a.cx, over), (b.cx, over), (b.cx, b.y)]
                continue
            edges[(step.id, branch)] = route(
                a, b, branch, loops, looping, a_band != b_band, band_bottom(pools, a_band), x0
            )
    messages = {}
    for flow in graph.message_flows:
        messages[flow.id] = message_route(flow.source, flow.target, boxes, pools)
    links = {}
    for link in graph.associations:
        a, b = boxes.get(link.source), boxes.get(link.target)
        if a is not None and b is not None:
            links[link.id] = [(a.cx, a.cy), (b.cx, b.cy)]
    contents = []
    entered = {(s.parent, e.to) for s in graph.steps for e in s.next}
    for step in graph.steps:
        parent = boxes.get(step.parent or "")
        child = boxes.get(step.id)
        inside = (step.parent, step.id) in entered
        if parent is not None and child is not None and not inside and not step.attached_to:
            below = max(parent.y + parent.h, child.y + child.h) + 8
            contents.append(
                [
                    (parent.cx, parent.y + parent.h),
                    (parent.cx, below),
                    (child.cx, below),
                    (child.cx, child.y + child.h),
                ]
            )
    flat = [lane for p in pools if p.band == 0 for lane in p.lanes]
    return Layout(boxes, flat, edges, back, width, height, pools, messages, links, bands, contents)


def _slots(ids: list[str], layer: dict[str, int]) -> int:
    counts: dict[int, int] = {}
    for step_id in ids:
        counts[layer[step_id]] = counts.get(layer[step_id], 0) + 1
    return max(counts.values(), default=1)


def _lane_boxes(pool: Pool, box: PoolBox) -> None:
    """x and width of the leaf lanes, and boxes for parent lanes spanning their children."""
    x = box.x + POOL_LABEL_W
    leaves = {lane.id: lane for lane in box.lanes}
    depth = {lane.id: 0 for lane in pool.lanes}
    for defined in pool.lanes:
        parent, d = defined.parent, 0
        while parent:
            d += 1
            parent = next((p.parent for p in pool.lanes if p.id == parent), None)
        depth[defined.id] = d
    for row in box.lanes:
        row.depth = depth.get(row.id, 0)
        row.x = x + row.depth * 20
        row.w = box.x + box.w - row.x
    parents = []
    for lane in pool.lanes:
        if lane.id in leaves:
            continue
        inside = [leaves[i] for i in leaves if descends(pool, i, lane.id)]
        if inside:
            top = min(i.y for i in inside)
            bottom = max(i.y + i.h for i in inside)
            lx = x + depth[lane.id] * 20
            parents.append(
                Lane(
                    lane.name,
                    top,
                    bottom - top,
                    [],
                    lane.id,
                    lx,
                    box.x + box.w - lx,
                    depth[lane.id],
                )
            )
    box.lanes = parents + box.lanes


def _place_artifacts(
    graph: WorkflowGraph,
    boxes: dict[str, Box],
    pools: list[PoolBox],
    layer: dict[str, int],
    per_band: int,
    x0: float,
    height: float,
) -> None:
    linked: dict[str, str] = {}
    for link in graph.associations:
        for mine, other in ((link.source, link.target), (link.target, link.source)):
            if other in layer and mine not in linked:
                linked[mine] = other
    taken: set[tuple[int, str | None, int]] = set()
    for artifact in graph.artifacts:
        w, h = ARTIFACT_SIZES.get(artifact.type, (40, 50))
        anchor = linked.get(artifact.id)
        band, col = divmod(layer.get(anchor or "", 0), per_band)
        while (band, artifact.pool, col) in taken and col < per_band * 4:
            col += 1
        taken.add((band, artifact.pool, col))
        pool = next((p for p in pools if p.id == artifact.pool and p.band == band), None)
        bottom = pool.y + pool.h if pool is not None else band_bottom(pools, band) + ARTIFACT_ROW_H
        x = x0 + (col % per_band) * COL_W + (COL_W - 40 - w) / 2
        boxes[artifact.id] = Box(
            artifact.id, x, bottom - ARTIFACT_ROW_H + (ARTIFACT_ROW_H - h) / 2, w, h
        )
