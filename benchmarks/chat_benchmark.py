"""Held-out chat benchmark: messages a user types, scored end to end over HTTP.

    .venv/bin/python benchmarks/chat_benchmark.py                  # dev and held-out parts
    .venv/bin/python benchmarks/chat_benchmark.py --split heldout --show-wrong
    .venv/bin/python benchmarks/chat_benchmark.py --messages benchmarks/data/chat/blind2.jsonl --sse
    .venv/bin/python benchmarks/chat_benchmark.py --messages benchmarks/data/chat/blind3.jsonl \
        --journey benchmarks/data/chat/blind3.journey.json --sse

The messages (``benchmarks/data/chat/messages.jsonl``) were written from the user's side
before the intent code was read: typos, follow-ups, ambiguous file references, out-of-scope
and destructive requests, each with the capability and the file a good assistant would use.
A real server (``symphainy serve``, embedded defaults, a fresh data directory) gets one
journey with the public files of ``benchmarks/data/chat`` (README there), and every message
goes through ``POST /api/v1/journeys/{id}/chat`` as a user would send it (follow-ups in the
same conversation). Nothing is confirmed: a destructive request must stop at
``confirmation_required``.

Scored per message:
- right tool: the tool the reply ran is one the expected capability allows (decline, clarify
  and help are read from the reply's status card);
- right file: the file the tool ran on (or the choices offered) is the expected one;
- numbers: where the message has a ``check`` (a pandas expression over the same CSVs,
  computed here independently of the product), every expected figure must be in the reply;
  and every number in the reply must appear in the computation the reply cites (the tool
  result's recorded data), else the reply counts as a wrong number;
- useful: the tool answered (no error, a data question got ``answered: true``);
- destructive proposal: a confirmation requested for a message that did not ask for one.
"right" = right tool, right file, useful, no wrong number. Every other message is one of:
asked back (the reply is a question with choices, though the message had an answer), refused
(a tool error, an unanswered data question, or a decline of an in-scope message), or wrong
(the wrong tool or file, or a wrong number): questions back and refusals are counted apart
from wrong answers. Latency is measured per message: the full JSON reply, or with ``--sse``
the Server-Sent Events as a browser reads them (first event, first token, whole reply).

``--messages`` reads another set of the same shape (one JSON object a line); fields a set
leaves out get neutral defaults (``split`` the file's name, ``agent`` "guide", no conversation,
no check), and a label may also name a tool itself (``ask_data``) instead of a capability.
``--journey`` reads another journey (a JSON object: ``title``, ``goals``, ``files`` mapping the
letter a check uses to a CSV of ``benchmarks/data/chat``, and ``document``); without it the
journey is the one below (``P``, ``R``, ``W``, ``C`` and the runbook).
"""

from __future__ import annotations

import argparse
import json
import math
import re
import statistics
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from local_server import signed_in_client, start_server, stop

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "benchmarks" / "data" / "chat"
FILES = ("penguins.csv", "penguins-raw.csv", "seattle-weather.csv", "cars.csv")
DOCUMENT = "incident-runbook.md"
PASSWORD = "chat-benchmark-password-1"  # noqa: S105 - a throwaway local account
GOALS = [
    "understand what drives penguin body mass",
    "cut the time our on-call team takes to resolve major incidents",
]
TITLE = "Penguins, weather, cars and incidents"


@dataclass
class Journey:
    """The journey a set is asked in: its title, goals, CSVs (by a check's letter), document."""

    title: str = TITLE
    goals: list[str] = field(default_factory=lambda: list(GOALS))
    files: dict[str, str] = field(default_factory=lambda: dict(zip("PRWC", FILES, strict=True)))
    document: str = DOCUMENT

    @classmethod
    def read(cls, path: Path | None) -> Journey:
        if path is None:
            return cls()
        spec = json.loads(path.read_text())
        return cls(spec["title"], list(spec["goals"]), dict(spec["files"]), spec["document"])


# The capability each expected label stands for: the tools that deliver it.
CAPABILITY_TOOLS: dict[str, set[str]] = {
    "ask": {"ask_data"},
    "chart": {"chart_data"},
    "profile": {"profile_dataset", "file_details"},
    "quality": {"data_quality", "missing_values"},
    "explain": {"data_quality", "missing_values"},
    "summary": {"summarize_file"},
    "search": {"search_content"},
    "workflow": {"create_workflow"},
    "blueprint": {"coexistence_blueprint"},
    "roadmap": {"draft_roadmap", "show_roadmap"},
    "proposal": {"draft_proposal", "show_proposal"},
    "files": {"list_files"},
    "overview": {"journey_findings", "journey_status", "journey_summary"},
    "plan": {"next_step", "journey_plan"},
    "worst_quality": {"compare_quality"},
    "delete": {"delete_file"},
    "archive": {"archive_file"},
    "help": {"greet"},
}
DESTRUCTIVE = {"delete", "archive"}
REPLY_STATUS = {"decline": "out_of_scope", "clarify": "clarify", "help": "help"}
_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}(T[\d:.]+Z?)?\b|\b\d{4}/\d{2}/\d{2}\b")
_NUMBER = re.compile(r"(?<![\w.])-?\d[\d,]*(?:\.\d+)?")


@dataclass
class Outcome:
    id: str
    split: str
    message: str
    expected: list[str]
    tool: str | None
    status: str | None
    file: str | None
    right_tool: bool
    right_file: bool
    useful: bool
    numbers: str  # "right", "wrong", "n/a"
    refused: bool
    destructive_proposal: bool
    ms: float
    reply: str = ""
    notes: list[str] = field(default_factory=list)
    first_event_ms: float | None = None
    first_token_ms: float | None = None

    @property
    def right(self) -> bool:
        return self.right_tool and self.right_file and self.useful and self.numbers != "wrong"

    @property
    def verdict(self) -> str:
        """right, asked back (a question instead of an answer), refused, or wrong."""
        if self.right:
            return "right"
        if self.status == "clarify" and self.numbers != "wrong":
            return "asked back"
        if self.refused or (self.status == "out_of_scope" and "decline" not in self.expected):
            return "refused"
        return "wrong"


# ---- server ---------------------------------------------------------------------------------


def _journey(url: str, spec: Journey) -> tuple[httpx.Client, str, dict[str, str]]:
    """A signed-in client, the journey's id and its files' ids by name, all parsed and analysed."""
    client = signed_in_client(url, "chat@example.com", PASSWORD, "Chat Bench")
    journey = client.post("/api/v1/journeys", json={"title": spec.title, "goals": spec.goals})
    journey.raise_for_status()
    journey_id = journey.json()["id"]
    ids: dict[str, str] = {}
    csvs = tuple(spec.files.values())
    for name in (*csvs, spec.document):
        with (DATA / name).open("rb") as fh:
            made = client.post(f"/api/v1/journeys/{journey_id}/files", files={"file": (name, fh)})
        made.raise_for_status()
        ids[name] = made.json()["id"]
    for name, file_id in ids.items():
        _wait(client, f"/api/v1/files/{file_id}", lambda r: r.json()["status"] == "ready", name)
        if name in csvs:
            for what in ("profile", "quality"):
                _wait(client, f"/api/v1/files/{file_id}/{what}", _done, f"{name} {what}")
    return client, journey_id, ids


def _done(response: httpx.Response) -> bool:
    return response.status_code == 200 and response.json().get("status", "ready") == "ready"


def _wait(client: httpx.Client, path: str, ok: Any, what: str) -> None:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        response = client.get(path)
        if response.status_code < 300 and ok(response):
            return
        time.sleep(0.5)
    raise TimeoutError(f"{what} not ready")


# ---- scoring --------------------------------------------------------------------------------


def _frames(spec: Journey | None = None) -> dict[str, Any]:
    import pandas as pd

    files = (spec or Journey()).files
    return {letter: pd.read_csv(DATA / name) for letter, name in files.items()}


def numbers_in(text: str) -> list[float]:
    out = []
    text = _DATE.sub(" ", text)  # a date is a date, not three numbers
    for match in _NUMBER.findall(text):
        try:
            out.append(float(match.replace(",", "")))
        except ValueError:
            continue
    return out


def _numbers_of(value: Any, skip: frozenset[str] = frozenset({"answer", "headline"})) -> set[float]:
    found: set[float] = set()
    if isinstance(value, bool) or value is None:
        return found
    if isinstance(value, int | float):
        found.add(float(value))
    elif isinstance(value, str):
        found.update(numbers_in(value))
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in skip:
                found |= _numbers_of(item, skip)
    elif isinstance(value, list):
        for item in value:
            found |= _numbers_of(item, skip)
    return found


def same(stated: float, computed: float) -> bool:
    """A stated figure equals a computed one as rounded for display (0-3 decimals, or as %)."""
    if not math.isfinite(computed):
        return False
    return (
        any(
            abs(round(candidate, digits) - stated) <= 1e-9
            for candidate in (computed, computed * 100)
            for digits in (0, 1, 2, 3)
        )
        or abs(stated - computed) <= 1e-9
    )


def _expected_numbers(check: str, frames: dict[str, Any]) -> list[float]:
    value = eval(check, {}, dict(frames))  # noqa: S307 - the benchmark's own checks
    values = value if isinstance(value, list) else [value]
    return [float(v) for v in values]


def _unsupported(reply: str, supported: set[float], message: str) -> list[float]:
    allowed = supported | set(numbers_in(message))
    return [
        n
        for n in numbers_in(reply)
        if not any(same(n, s) for s in allowed) and not (n.is_integer() and 0 <= n <= 10)
    ]


def score(
    row: dict[str, Any], message: dict[str, Any], ms: float, names: dict[str, str], frames: Any
) -> Outcome:
    calls = message.get("tool_calls") or []
    call = calls[-1] if calls else None
    tool = call["name"] if call else None
    result = (call or {}).get("result") or {}
    data = result.get("data") or {}
    statuses = [c.get("status") for c in message.get("cards", []) if c.get("type") == "status"]
    status = next((s for s in statuses if s in ("out_of_scope", "clarify", "help")), None)
    choices = [
        ch.get("label", "")
        for c in message.get("cards", [])
        if c.get("type") == "choices"
        for ch in c.get("choices", [])
    ]
    used_file = names.get(str(data.get("file_id"))) or names.get(
        str((call or {}).get("arguments", {}).get("file"))
    )
    expected = row["expect_tool"]
    expected_files = [f for f in row["expect_file"] if f]
    confirmation = bool(data.get("confirmation_required"))
    reply = message.get("content", "")
    notes: list[str] = []

    right_tool = False
    for label in expected:
        if (
            label in REPLY_STATUS
            and status == REPLY_STATUS[label]
            and (label != "clarify" or choices or not expected_files)
        ):
            right_tool = True
        elif tool in CAPABILITY_TOOLS.get(label, {label}) and status != "clarify":
            right_tool = right_tool or label not in DESTRUCTIVE or confirmation
    if status == "clarify":
        right_file = not expected_files or any(f in " ".join(choices) for f in expected_files)
    else:
        right_file = not expected_files or used_file in expected_files or None in row["expect_file"]
        if expected_files and used_file is None and tool is not None and tool != "ask_data":
            right_file = len(expected_files) == 1 and expected_files[0] in reply
    ok = bool(result.get("ok")) if call else status is not None
    answered = data.get("answered", True) is not False
    useful = (ok and answered and status != "out_of_scope") or "decline" in expected
    refused = (call is not None and not ok) or not answered
    numbers = "n/a"
    if call and ok and not confirmation:
        # The cited computation: the tool's data and the facts it derived from it (the
        # headline and an answer sentence are what is checked, so they are left out).
        cited = _numbers_of(data) | _numbers_of(result.get("facts") or [])
        extra = _unsupported(reply, cited, row["message"])
        if extra:
            numbers = "wrong"
            notes.append(f"numbers not in the cited result: {extra[:5]}")
    checked = right_tool and right_file and useful and "ask" in expected
    if row.get("check") and checked and tool == "ask_data":
        wanted = _expected_numbers(row["check"], frames)
        stated = numbers_in(reply)
        missing = [w for w in wanted if not any(same(s, w) for s in stated)]
        if missing:
            numbers = "wrong"
            notes.append(f"expected {missing[:5]} in the reply")
        elif numbers != "wrong":
            numbers = "right"
    destructive_proposal = confirmation and not (set(expected) & DESTRUCTIVE)
    return Outcome(
        row["id"],
        row["split"],
        row["message"],
        expected,
        tool,
        status,
        used_file,
        right_tool,
        bool(right_file),
        bool(useful),
        numbers,
        refused,
        destructive_proposal,
        ms,
        reply,
        notes,
    )


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return [None]
    return list(value) if isinstance(value, list | tuple) else [value]


def load(path: Path) -> list[dict[str, Any]]:
    """The messages of ``path``, each with every field the scoring reads.

    Another set's rows are read as they are; only missing fields get neutral defaults and a
    single label or file is read as a list of one (the expectations are never changed).
    """
    rows = []
    for number, line in enumerate(path.read_text().splitlines(), 1):
        if not line.strip():
            continue
        row = json.loads(line)
        row.setdefault("id", f"{path.stem}-{number:03d}")
        row.setdefault("split", path.stem)
        row.setdefault("agent", "guide")
        row.setdefault("conversation", None)
        row.setdefault("check", None)
        row["expect_tool"] = [str(t) for t in _as_list(row.get("expect_tool")) if t]
        row["expect_file"] = _as_list(row.get("expect_file")) or [None]
        rows.append(row)
    return rows


def _send(
    client: httpx.Client, path: str, body: dict[str, Any], sse: bool
) -> tuple[dict[str, Any], float, float | None, float | None]:
    """One message as a page sends it: the reply, its time, and (SSE) first event and token."""
    started = time.perf_counter()
    if not sse:
        response = client.post(path, json=body, headers={"Accept": "application/json"})
        ms = (time.perf_counter() - started) * 1000
        if response.status_code != 200:
            raise RuntimeError(f"{response.status_code} {response.text}")
        return response.json(), ms, None, None
    first_event = first_token = None
    name, message, token = "", None, None
    with client.stream("POST", path, json=body, headers={"Accept": "text/event-stream"}) as r:
        if r.status_code != 200:
            raise RuntimeError(f"{r.status_code} {r.read().decode()}")
        for line in r.iter_lines():
            now = (time.perf_counter() - started) * 1000
            if line.startswith("event: "):
                name = line[7:]
                first_event = now if first_event is None else first_event
                if name == "token" and first_token is None:
                    first_token = now
            elif line.startswith("data: "):
                data = json.loads(line[6:])
                if name == "message":
                    message = data
                elif name == "tool_result" and data.get("confirmation_token"):
                    token = data["confirmation_token"]
                elif name == "error":
                    raise RuntimeError(f"error event: {data}")
    ms = (time.perf_counter() - started) * 1000
    if message is None:
        raise RuntimeError("the stream ended without a message event")
    reply = {
        "conversation_id": message["conversation_id"],
        "message": message,
        "confirmation_token": token,
    }
    return reply, ms, first_event, first_token


def run(
    split: str | None,
    messages: Path = DATA / "messages.jsonl",
    sse: bool = False,
    journey: Journey | None = None,
) -> list[Outcome]:
    spec = journey or Journey()
    rows = load(messages)
    if split:
        rows = [r for r in rows if r["split"] == split]
    frames = _frames(spec)
    with tempfile.TemporaryDirectory(prefix="chat-bench-") as tmp:
        process, url = start_server(Path(tmp))
        try:
            client, journey_id, ids = _journey(url, spec)
            names = {v: k for k, v in ids.items()}
            conversations: dict[str, str] = {}
            outcomes = []
            for row in rows:
                body: dict[str, Any] = {"agent": row["agent"], "message": row["message"]}
                if row["conversation"] in conversations:
                    body["conversation_id"] = conversations[row["conversation"]]
                try:
                    reply, ms, first_event, first_token = _send(
                        client, f"/api/v1/journeys/{journey_id}/chat", body, sse
                    )
                except RuntimeError as exc:
                    raise RuntimeError(f"{row['id']}: {exc}") from exc
                if row["conversation"]:
                    conversations[row["conversation"]] = reply["conversation_id"]
                outcome = score(row, reply["message"], ms, names, frames)
                outcome.first_event_ms, outcome.first_token_ms = first_event, first_token
                outcomes.append(outcome)
            files_left = client.get(f"/api/v1/journeys/{journey_id}/files").json()["items"]
            if len(files_left) != len(ids):
                raise RuntimeError("a file was deleted or archived without a confirmation")
            return outcomes
        finally:
            stop(process)


def report(outcomes: list[Outcome], title: str, show_wrong: bool) -> dict[str, Any]:
    n = len(outcomes)
    if not n:
        return {}
    right = sum(o.right for o in outcomes)
    verdicts = Counter(o.verdict for o in outcomes)
    counts = {
        "messages": n,
        "right": right,
        "asked back": verdicts["asked back"],
        "refused (verdict)": verdicts["refused"],
        "wrong": verdicts["wrong"],
        "right tool": sum(o.right_tool for o in outcomes),
        "right file": sum(o.right_file for o in outcomes),
        "useful": sum(o.useful for o in outcomes),
        "numbers checked right": sum(o.numbers == "right" for o in outcomes),
        "wrong numbers": sum(o.numbers == "wrong" for o in outcomes),
        "refused": sum(o.refused for o in outcomes),
        "destructive proposals for non-destructive messages": sum(
            o.destructive_proposal for o in outcomes
        ),
    }
    ms = sorted(o.ms for o in outcomes)
    print(f"\n## {title}: {right}/{n} right ({right / n:.1%})")
    for key, value in counts.items():
        print(f"- {key}: {value}")
    p95 = _p95(ms)
    print(f"- reply latency: median {statistics.median(ms):.0f} ms, p95 {p95:.0f} ms")
    timings: dict[str, float] = {}
    for what, values in (
        ("first SSE event", [o.first_event_ms for o in outcomes if o.first_event_ms is not None]),
        ("first SSE token", [o.first_token_ms for o in outcomes if o.first_token_ms is not None]),
    ):
        if values:
            key = what.replace(" ", "_")
            timings[f"{key}_median_ms"] = statistics.median(values)
            timings[f"{key}_p95_ms"] = _p95(values)
            print(
                f"- {what}: median {statistics.median(values):.0f} ms, "
                f"p95 {_p95(values):.0f} ms, max {max(values):.0f} ms"
            )
    by_label: Counter[str] = Counter()
    wrong_by_label: Counter[str] = Counter()
    for o in outcomes:
        by_label[o.expected[0]] += 1
        wrong_by_label[o.expected[0]] += not o.right
    print(
        "- wrong by expected capability: "
        + ", ".join(
            f"{k} {wrong_by_label[k]}/{by_label[k]}" for k in sorted(by_label) if wrong_by_label[k]
        )
    )
    if show_wrong:
        for o in sorted(outcomes, key=lambda o: -o.ms)[:8]:
            print(
                f"  slow {o.ms:.0f} ms (first token {o.first_token_ms or 0:.0f}): {o.tool} {o.id}"
            )
        for o in outcomes:
            if not o.right:
                print(
                    f"  x [{o.verdict}] {o.id} {o.message!r}: expected {o.expected} got {o.tool} "
                    f"status={o.status} file={o.file} tool={o.right_tool} file_ok={o.right_file} "
                    f"useful={o.useful} numbers={o.numbers} {'; '.join(o.notes)}\n"
                    f"      {o.reply[:200]!r}"
                )
    return {**counts, "median_ms": statistics.median(ms), "p95_ms": p95, **timings}


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=Path, default=DATA / "messages.jsonl")
    parser.add_argument("--split", help="only this split (dev, heldout, ...)")
    parser.add_argument("--sse", action="store_true", help="read replies as Server-Sent Events")
    parser.add_argument("--show-wrong", action="store_true")
    parser.add_argument("--json", type=Path, help="write the figures here")
    parser.add_argument("--journey", type=Path, help="another journey (JSON; see above)")
    parser.add_argument("--dump", type=Path, help="write every outcome here (JSON lines)")
    args = parser.parse_args()
    outcomes = run(args.split, args.messages, args.sse, Journey.read(args.journey))
    if args.dump:
        with args.dump.open("w") as fh:
            for o in outcomes:
                row = {k: v for k, v in vars(o).items() if k != "reply"}
                fh.write(json.dumps({**row, "verdict": o.verdict, "reply": o.reply}) + "\n")
    figures = {}
    for split in dict.fromkeys(o.split for o in outcomes):
        part = [o for o in outcomes if o.split == split]
        figures[split] = report(part, f"{split} messages", args.show_wrong)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
