"""What the chat sets' scripts share: a message row and the JSONL they write (see README).

Each ``blindN_make.py`` lists its messages with :meth:`ChatSet.m` and writes them with
:meth:`ChatSet.write`, which computes each message's expected numbers from the set's own
pandas check over its own frames (the checks are this team's expressions, in the set file).
"""

# ruff: noqa: S307
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pandas as pd

KEYS = [
    "id",
    "split",
    "conversation",
    "agent",
    "message",
    "expect_tool",
    "expect_file",
    "check",
    "expect_values",
    "category",
    "note",
]


class ChatSet:
    def __init__(self, split: str) -> None:
        self.split = split
        self.rows: list[dict[str, Any]] = []

    def m(
        self,
        conv: str | None,
        agent: str,
        msg: str,
        tool: str | list[str],
        files: str | list[str] | None,
        check: str | None = None,
        cat: str = "",
        note: str = "",
    ) -> None:
        """One message: the conversation it belongs to, the expected tool(s) and file(s), and
        a pandas expression whose value(s) the reply must state."""
        self.rows.append(
            {
                "conversation": conv,
                "agent": agent,
                "message": msg,
                "expect_tool": tool if isinstance(tool, list) else [tool],
                "expect_file": files if isinstance(files, list) else [files],
                "check": check,
                "category": cat,
                "note": note,
            }
        )

    def write(self, directory: Path, frames: dict[str, pd.DataFrame]) -> None:
        for i, r in enumerate(self.rows, 1):
            r["id"] = f"{self.split}-{i:03d}"
            r["split"] = self.split
            if r["check"]:
                v = eval(r["check"], {}, frames)
                vals = v if isinstance(v, list) else [v]
                r["expect_values"] = [round(float(x), 4) for x in vals]
            else:
                r["expect_values"] = None
        with open(directory / f"{self.split}.jsonl", "w") as fh:
            for r in self.rows:
                fh.write(json.dumps({k: r[k] for k in KEYS}) + "\n")
        print(len(self.rows))
        print(Counter(r["category"] for r in self.rows))
        print(Counter(r["agent"] for r in self.rows))
        print(sum(1 for r in self.rows if r["check"]))
