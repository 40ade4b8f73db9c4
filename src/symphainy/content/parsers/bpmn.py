"""BPMN 2.0: recognised and safely parsed, then handed to Operations as XML text.

defusedxml refuses DTD entity tricks (billion laughs, external entities), so the XML that
Operations receives is known to be well-formed, entity-free BPMN.
"""

from __future__ import annotations

from pathlib import Path

from symphainy.content.parsers.base import FileKind, ParseError, ParseLimits, ParseResult, Progress
from symphainy.content.parsers.text import read_text

BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"
_TASKS = (
    "task",
    "userTask",
    "serviceTask",
    "manualTask",
    "scriptTask",
    "businessRuleTask",
    "sendTask",
    "receiveTask",
    "callActivity",
    "subProcess",
)


def parse(path: Path, out_dir: Path, limits: ParseLimits, progress: Progress) -> ParseResult:
    from xml.etree.ElementTree import ParseError as XMLSyntaxError

    import defusedxml.ElementTree as SafeET
    from defusedxml import DefusedXmlException

    xml, _encoding = read_text(path, limits)
    try:
        root = SafeET.fromstring(path.read_bytes(), forbid_dtd=True)
    except DefusedXmlException as exc:
        raise ParseError(
            "the XML declares a document type or entities; refused as a possible "
            "entity-expansion attack"
        ) from exc
    except XMLSyntaxError as exc:
        raise ParseError(f"the XML is not well-formed ({exc})") from exc
    if root.tag != f"{{{BPMN_NS}}}definitions":
        raise ParseError("the XML is not a BPMN 2.0 model (no bpmn:definitions root)")
    processes = root.findall(f"{{{BPMN_NS}}}process")
    if not processes:
        raise ParseError("the BPMN model contains no process")
    tasks = sum(len(p.findall(f".//{{{BPMN_NS}}}{tag}")) for p in processes for tag in _TASKS)
    progress(1.0, f"Recognised {len(processes)} BPMN process(es)")
    return ParseResult(
        kind=FileKind.workflow,
        workflow_xml=xml,
        details={
            "processes": [p.get("name") or p.get("id") or "" for p in processes],
            "tasks": tasks,
        },
    )
