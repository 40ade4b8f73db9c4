"""The BPMN 2.0 vocabulary the reader and writer share: namespaces, element families, and
small helpers for qualified names and references."""

from __future__ import annotations

from typing import Any
from xml.etree import ElementTree as ET

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
BPMNDI = "http://www.omg.org/spec/BPMN/20100524/DI"
DC = "http://www.omg.org/spec/DD/20100524/DC"
DI = "http://www.omg.org/spec/DD/20100524/DI"
EXT = "https://symphainy.dev/schema/bpmn"

TASKS = frozenset(
    {
        "task",
        "userTask",
        "serviceTask",
        "manualTask",
        "scriptTask",
        "businessRuleTask",
        "sendTask",
        "receiveTask",
        "callActivity",
    }
)
SUBPROCESSES = frozenset({"subProcess", "transaction", "adHocSubProcess"})
GATEWAYS = frozenset(
    {
        "exclusiveGateway",
        "parallelGateway",
        "inclusiveGateway",
        "complexGateway",
        "eventBasedGateway",
    }
)
EVENTS = frozenset(
    {"startEvent", "endEvent", "intermediateCatchEvent", "intermediateThrowEvent", "boundaryEvent"}
)
FLOW_NODES = TASKS | SUBPROCESSES | GATEWAYS | EVENTS
ARTIFACTS = frozenset(
    {"dataObject", "dataObjectReference", "dataStoreReference", "textAnnotation", "group"}
)
EVENT_DEFINITIONS = {
    "messageEventDefinition": "message",
    "timerEventDefinition": "timer",
    "signalEventDefinition": "signal",
    "errorEventDefinition": "error",
    "escalationEventDefinition": "escalation",
    "conditionalEventDefinition": "conditional",
    "linkEventDefinition": "link",
    "compensateEventDefinition": "compensate",
    "cancelEventDefinition": "cancel",
    "terminateEventDefinition": "terminate",
}
# Children that are part of an element already read (or its drawing), not content of their own.
STRUCTURAL = frozenset(
    {
        "documentation",
        "extensionElements",
        "incoming",
        "outgoing",
        "laneSet",
        "conditionExpression",
        "loopCharacteristics",
        "standardLoopCharacteristics",
        "multiInstanceLoopCharacteristics",
        "dataInputAssociation",
        "dataOutputAssociation",
        "eventDefinitionRef",
        *EVENT_DEFINITIONS,
    }
)


def q(ns: str, tag: str) -> str:
    return f"{{{ns}}}{tag}"


def local(tag: Any) -> str:
    return str(tag).rsplit("}", 1)[-1]


def namespace(tag: Any) -> str:
    text = str(tag)
    return text[1:].split("}", 1)[0] if text.startswith("{") else ""


def ref_id(value: str | None) -> str:
    """An id from a reference; QName references may carry a namespace prefix."""
    return (value or "").strip().rsplit(":", 1)[-1]


def unique(candidate: str, taken: set[str]) -> str:
    while candidate in taken:
        candidate += "_"
    return candidate


def text_of(element: ET.Element | None) -> str:
    return "".join(element.itertext()).strip() if element is not None else ""
