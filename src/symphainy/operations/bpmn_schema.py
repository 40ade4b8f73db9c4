"""The OMG BPMN 2.0 schema (shipped in ``xsd/``) as the judge of what is BPMN.

Import refuses a file the schema rejects, with the schema's own message; in development and
tests every export is checked against it too, so a writer bug shows up at once instead of in
another modeller.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

XSD_DIR = Path(__file__).parent / "xsd"


class SchemaViolation(ValueError):
    """The XML is not valid against the BPMN 2.0 XSD; the message is the schema's."""


@lru_cache(maxsize=1)
def _schema() -> Any:
    from lxml import etree

    return etree.XMLSchema(etree.parse(str(XSD_DIR / "BPMN20.xsd")))


def _parser() -> Any:
    from lxml import etree

    # No DTD, no entities, no network: the bytes were already screened by defusedxml.
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def violations(data: bytes) -> list[str]:
    """The schema's messages for ``data`` (at most five), empty when it is valid."""
    from lxml import etree

    try:
        document = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        return [f"the XML is not well-formed ({exc})"]
    schema = _schema()
    if schema.validate(document):
        return []
    return [f"line {e.line}: {e.message}" for e in list(schema.error_log)[:5]]


def check(data: bytes) -> None:
    """Raise :class:`SchemaViolation` naming the first problems the XSD finds."""
    found = violations(data)
    if found:
        raise SchemaViolation("not valid against the BPMN 2.0 XSD: " + "; ".join(found))
