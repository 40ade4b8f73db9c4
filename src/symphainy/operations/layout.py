"""A layered layout shared by the SVG diagram and BPMN diagram interchange.

Columns are layers (longest path from where flows begin, ignoring edges that loop back); rows
are lanes inside pools stacked top to bottom. A sub-process's content follows the sub-process
box, a boundary event sits on its activity's border. For the screen a long flow wraps into
bands of a few columns each (every band repeats the pools and lanes), so a 40-step process
fits a screen instead of a 15,000 px strip; BPMN interchange keeps one band.
"""

from __future__ import annotations

import textwrap
from collections import deque
from dataclasses import dataclass, field

from symphainy.operations.elements import LaneDef, Pool
from symphainy.operations.graph import UNASSIGNED, Step, WorkflowGraph

POOL_LABEL_W = 30  # the pool's name column (drawn rotated, as BPMN tools do)
LABEL_W = 30  # the lane's name column
COL_W = 175
ROW_H = 110
MARGIN = 30
BAND_GAP = 56
ARTIFACT_ROW_H = 96
BLACK_BOX_H = 64
WRAP_COLUMNS = 8
TASK_W, TASK_MIN_H, LINE_H, TASK_CHARS = 132, 62, 14, 21
SIZES = {
    "decision": (50, 50),
    "parallel_split": (50, 50),
    "parallel_join": (50, 50),
    "merge": (50, 50),
    "inclusive": (50, 50),
    "complex": (50, 50),
    "event_gateway": (50, 50),
    "start": (36, 36),
    "end": (36, 36),
    "event": (36, 36),
    "boundary": (30, 30),
}
ARTIFACT_SIZES = {"textAnnotation": (110, 48), "group": (150, 80)}


def wrap(text: str, width: int) -> list[str]:
    """Every word of ``text`` on lines of about ``width`` characters (never cut short)."""
    return textwrap.wrap(text, width, break_long_words=True) or [""]


@dataclass
class Box:
    id: str
    x: float
    y: float
    w: float
    h: float

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def cy(self) -> float:
        return self.y + self.h / 2


@dataclass
class Lane:
    name: str
    y: float
    h: float
    steps: list[str] = field(default_factory=list)
    id: str = ""
    x: float = 0
    w: float = 0
    depth: int = 0


@dataclass
class PoolBox:
    id: str
    name: str
    x: float
    y: float
    w: float
    h: float
    band: int
    lanes: list[Lane]
    participant: bool = True


@dataclass
class Layout:
    boxes: dict[str, Box]
    lanes: list[Lane]
    edges: dict[tuple[str, int], list[tuple[float, float]]]
    back_edges: set[tuple[str, int]]
    width: float
    height: float
    pools: list[PoolBox] = field(default_factory=list)
    messages: dict[str, list[tuple[float, float]]] = field(default_factory=dict)
    links: dict[str, list[tuple[float, float]]] = field(default_factory=dict)
    bands: int = 1
    # Sub-process -> the steps inside it where its content begins (drawn as a light connector).
    contents: list[list[tuple[float, float]]] = field(default_factory=list)


def step_size(step: Step) -> tuple[float, float]:
    if step.kind in ("task", "subprocess"):
        lines = len(wrap(step.name, TASK_CHARS))
        return TASK_W, max(TASK_MIN_H, 18 + LINE_H * lines)
    return SIZES[step.kind]


def lane_of(step: Step, graph: WorkflowGraph) -> str:
    """The lane a step is drawn in; steps without an actor sit with a neighbour."""
    if step.actor:
        return step.actor
    steps = graph.by_id()
    after = [steps[e.to] for e in step.next if e.to in steps]
    before = [s for s in graph.steps if any(e.to == step.id for e in s.next)]
    order = (after + before) if step.kind in ("start", "parallel_join") else (before + after)
    for other in order:
        if other.actor:
            return other.actor
    return UNASSIGNED


def _nearest_actor(step: Step, graph: WorkflowGraph) -> str:
    """The actor of the closest step along the flow, either way (lanes are for real actors)."""
    steps = graph.by_id()
    around: dict[str, list[str]] = {
        s.id: [e.to for e in s.next if e.to in steps] for s in graph.steps
    }
    for other in graph.steps:
        for edge in other.next:
            if edge.to in steps:
                around[edge.to].append(other.id)
    seen, queue = {step.id}, deque([step.id])
    while queue:
        for near in around.get(queue.popleft(), []):
            if near in seen:
                continue
            if steps[near].actor:
                return steps[near].actor or UNASSIGNED
            seen.add(near)
            queue.append(near)
    return next((s.actor for s in graph.steps if s.actor), UNASSIGNED)


def with_pools(graph: WorkflowGraph) -> WorkflowGraph:
    """The graph itself if it has pools; else one pool with a lane per real actor."""
    if graph.pools or graph.interchange is not None:
        return graph
    lanes: dict[str, str] = {}
    steps = []
    any_actor = any(s.actor for s in graph.steps)
    for step in graph.steps:
        lane_id = None
        if any_actor:
            name = lane_of(step, graph)
            if name == UNASSIGNED:
                name = _nearest_actor(step, graph)
            lane_id = lanes.setdefault(name, f"Lane_{len(lanes) + 1}")
        steps.append(step.model_copy(update={"pool": "Participant_1", "lane": lane_id}))
    pool = Pool(
        id="Participant_1",
        name=graph.title,
        process="Process_1",
        process_name=graph.title,
        executable=False,
        lanes=[LaneDef(id=i, name=n, lane_set="LaneSet_1") for n, i in lanes.items()],
    )
    return graph.model_copy(update={"steps": steps, "pools": [pool]})


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


def _leaf_lanes(pool: Pool) -> list[LaneDef]:
    parents = {lane.parent for lane in pool.lanes if lane.parent}
    return [lane for lane in pool.lanes if lane.id not in parents]


def _row_of(step: Step, pool: Pool, leaves: list[LaneDef]) -> str:
    ids = [lane.id for lane in leaves]
    if step.lane in ids:
        return step.lane or ""
    for lane in pool.lanes:  # a parent lane: its first leaf
        if lane.id == step.lane:
            kids = [leaf.id for leaf in leaves if leaf.parent == lane.id]
            if kids:
                return kids[0]
    return ""


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
        leaves = _leaf_lanes(pool)
        rows[pool.id] = {lane.id: [] for lane in leaves}
    for step in graph.steps:
        if step.attached_to in steps:
            continue
        pool = _pool_of(graph, step)
        row = _row_of(step, pool, _leaf_lanes(pool))
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
        pool = _pool_of(graph, step)
        row = _row_of(step, pool, _leaf_lanes(pool))
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
            if not looping and a_band == b_band and _blocked(a, b, boxes):
                # A run along the row would pass through the steps between: go over them.
                over = min(a.y, b.y) - 10 - 5 * (branch % 3)
                edges[(step.id, branch)] = [(a.cx, a.y), (a.cx, over), (b.cx, over), (b.cx, b.y)]
                continue
            edges[(step.id, branch)] = _route(
                a, b, branch, loops, looping, a_band != b_band, _band_bottom(pools, a_band), x0
            )
    messages = {}
    for flow in graph.message_flows:
        messages[flow.id] = _message_route(flow.source, flow.target, boxes, pools)
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


def _pool_of(graph: WorkflowGraph, step: Step) -> Pool:
    found = next((p for p in graph.pools if p.id == step.pool), None)
    return found or (graph.pools[0] if graph.pools else Pool(id="Process_1", process="Process_1"))


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
        inside = [leaves[i] for i in leaves if _descends(pool, i, lane.id)]
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


def _descends(pool: Pool, lane_id: str, ancestor: str) -> bool:
    parent = next((lane.parent for lane in pool.lanes if lane.id == lane_id), None)
    while parent:
        if parent == ancestor:
            return True
        parent = next((lane.parent for lane in pool.lanes if lane.id == parent), None)
    return False


def _band_bottom(pools: list[PoolBox], band: int) -> float:
    return max((p.y + p.h for p in pools if p.band == band), default=0.0)


def _blocked(a: Box, b: Box, boxes: dict[str, Box]) -> bool:
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


def _route(
    a: Box,
    b: Box,
    branch: int,
    loops: int,
    looping: bool,
    crosses: bool,
    band_bottom: float,
    x0: float,
) -> list[tuple[float, float]]:
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


def _message_route(
    source: str, target: str, boxes: dict[str, Box], pools: list[PoolBox]
) -> list[tuple[float, float]]:
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
        bottom = pool.y + pool.h if pool is not None else _band_bottom(pools, band) + ARTIFACT_ROW_H
        x = x0 + (col % per_band) * COL_W + (COL_W - 40 - w) / 2
        boxes[artifact.id] = Box(
            artifact.id, x, bottom - ARTIFACT_ROW_H + (ARTIFACT_ROW_H - h) / 2, w, h
        )
