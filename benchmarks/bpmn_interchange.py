"""BPMN interchange on files other tools wrote: lossless import, XSD-valid export, stable round
trip, and the time to import and draw a model.

    .venv/bin/python benchmarks/bpmn_interchange.py                      # the committed fixtures
    .venv/bin/python benchmarks/bpmn_interchange.py DIR [DIR ...] --json out.json

Every ``*.bpmn`` under the given folders is classified:

- ``refused``: not BPMN 2.0 XML or not valid against the OMG XSD (the import answers 422);
- ``lossless``: the counts of tasks, call activities, sub-processes, gateways, events, sequence
  flows, message flows, pools, lanes, data objects, annotations and associations are equal in
  the file, after import and after export, the export is XSD-valid, and exporting the
  re-imported export gives the same bytes;
- ``noted``: some count differs, and the import's notes say what was not kept;
- ``silent``: some count differs with no note (a defect), or the round trip is not stable;
- ``error``: an exception (a defect).

Timing: import (XSD check included) plus the SVG, per file; reported for models of at least
100 elements (flow nodes + flows + pools + lanes + data + annotations + associations).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

from symphainy.operations import bpmn, bpmn_schema, diagram

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = sorted((ROOT / "tests" / "unit" / "operations" / "bpmn_models").glob("*"))


def classify(path: Path) -> dict[str, object]:
    data = path.read_bytes()
    try:
        root = bpmn.parse(data)
    except bpmn.BpmnError as exc:
        return {"file": str(path), "result": "refused", "why": str(exc)[:200]}
    if bpmn_schema.violations(data):
        return {"file": str(path), "result": "refused", "why": "XSD"}
    try:
        started = time.perf_counter()
        imported = bpmn.import_bpmn(data)
        diagram.render(imported.graph)
        seconds = time.perf_counter() - started
        before = bpmn.census_xml(root)
        kept = bpmn.census_graph(imported.graph)
        xml = bpmn.export(imported.graph)
        after = bpmn.census_xml(bpmn.parse(xml.encode()))
        valid = not bpmn_schema.violations(xml.encode())
        stable = bpmn.export(bpmn.import_bpmn(xml.encode()).graph) == xml
    except Exception as exc:  # a defect to report, not to hide
        return {"file": str(path), "result": "error", "why": repr(exc)[:300]}
    same = before == kept == after
    noted = any("not kept" in n or "differ" in n for n in imported.notes)
    result = (
        "lossless"
        if same and valid and stable
        else "noted"
        if not same and noted and valid and stable
        else "silent"
    )
    return {
        "file": str(path),
        "result": result,
        "elements": sum(before.values()),
        "seconds": round(seconds, 4),
        "xsd_valid_export": valid,
        "stable": stable,
        "differences": {
            k: (before[k], kept[k], after[k])
            for k in before
            if not before[k] == kept[k] == after[k]
        },
        "notes": [n for n in imported.notes if "not kept" in n or "differ" in n],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path, default=DEFAULT)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    rows = [classify(p) for folder in args.folders for p in sorted(folder.rglob("*.bpmn"))]
    counts = Counter(str(r["result"]) for r in rows)
    valid = len(rows) - counts["refused"]
    print(
        f"{len(rows)} files: {counts['refused']} refused (not BPMN or not XSD-valid), {valid} valid"
    )
    print(
        f"  lossless {counts['lossless']} of {valid}; noted {counts['noted']}; "
        f"silent {counts['silent']}; errors {counts['error']}"
    )
    exports = [r for r in rows if "xsd_valid_export" in r]
    valid_exports = sum(1 for r in exports if r["xsd_valid_export"])
    stable = sum(1 for r in exports if r["stable"])
    print(
        f"  exports XSD-valid {valid_exports} of {len(exports)}; "
        f"round trip stable {stable} of {len(exports)}"
    )
    big = [r for r in exports if int(str(r["elements"])) >= 100]
    if big:
        times = [float(str(r["seconds"])) for r in big]
        print(
            f"  import + SVG of {len(big)} models with >= 100 elements: median "
            f"{statistics.median(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms"
        )
    for row in rows:
        if row["result"] in ("noted", "silent", "error"):
            print(f"  {row['result']}: {row['file']} {row.get('differences') or row.get('why')}")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
