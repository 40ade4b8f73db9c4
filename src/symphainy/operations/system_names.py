"""Systems and tools a sentence names ("in SAP", "in the CRM", "the claims system")."""

from __future__ import annotations

import re

from symphainy.operations.role_names import ROLE_WORDS
from symphainy.operations.step_names import DETERMINERS, OBJECT_STOP, capitalise

KNOWN_SYSTEMS = (
    "SAP",
    "Salesforce",
    "Workday",
    "ServiceNow",
    "SharePoint",
    "Excel",
    "Outlook",
    "Jira",
    "Slack",
    "Microsoft Teams",
    "Guidewire",
    "Oracle",
    "NetSuite",
    "QuickBooks",
    "Zendesk",
    "HubSpot",
    "Dynamics",
    "DocuSign",
    "Coupa",
    "Ariba",
    "Concur",
    "Xero",
    "Tableau",
    "Power BI",
    "Gmail",
    "Google Sheets",
    "Google Drive",
    "Confluence",
    "Epic",
    "Cerner",
    "Shopify",
    "Stripe",
    "Zoom",
    "Teams",
)
ACRONYM_SYSTEMS = frozenset(
    {
        "CRM",
        "ERP",
        "HRIS",
        "EHR",
        "EMR",
        "ATS",
        "DMS",
        "ECM",
        "WMS",
        "TMS",
        "LMS",
        "ITSM",
        "CMS",
        "GL",
        "POS",
    }
)
_SYSTEM_NOUNS = r"(?:system|portal|platform|database|tool|application|app|software|module|ledger)"
_SYSTEM_PREP = re.compile(
    r"\b(?:in|into|using|via|through|within|on|from|with)\s+(?:the\s+|our\s+)?"
    r"(?P<sys>[A-Z][A-Za-z0-9.&+-]*(?:\s+[A-Z0-9][A-Za-z0-9.&+-]*){0,2})"
)
_SYSTEM_NOUN = re.compile(
    r"\b(?:the|our|a)\s+(?P<sys>(?:[A-Za-z][\w-]*\s+){0,2}" + _SYSTEM_NOUNS + r")\b", re.I
)
_NOT_SYSTEM = frozenset(
    {
        "The",
        "Step",
        "If",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "Otherwise",
        "Yes",
        "No",
        "Then",
        "A",
        "An",
        "This",
        "Each",
        "All",
        "Section",
        "Appendix",
        "Table",
        "Figure",
        "Part",
    }
)


def find_systems(text: str, exclude: set[str] | frozenset[str] = frozenset()) -> list[str]:
    """Systems and tools the sentence names ("in SAP", "in the CRM", "the claims system")."""
    found: list[str] = []

    def add(name: str) -> None:
        name = name.strip(" .,;:")
        if name and name not in found and name not in exclude and name not in _NOT_SYSTEM:
            found.append(name)

    for known in KNOWN_SYSTEMS:
        if re.search(rf"\b{re.escape(known)}\b", text) and not any(known in f for f in found):
            add(known)
    for match in _SYSTEM_PREP.finditer(text):
        candidate = match.group("sys")
        words = candidate.split()
        while words and (words[-1] in _NOT_SYSTEM or words[-1].lower() in OBJECT_STOP):
            words.pop()
        if not words or words[0] in _NOT_SYSTEM:
            continue
        candidate = " ".join(words)
        if any(w.lower() in ROLE_WORDS for w in words) or any(candidate in f for f in found):
            continue
        if candidate in ACRONYM_SYSTEMS or (
            len(words) <= 2
            and any((w.isupper() and len(w) > 1) or re.search(r"[a-z][A-Z]|\d", w) for w in words)
        ):
            add(candidate)
    for token in re.findall(r"\b[A-Z]{2,5}\b", text):
        if token in ACRONYM_SYSTEMS and not any(token in f for f in found):
            add(token)
    for match in _SYSTEM_NOUN.finditer(text):
        words = [w for w in match.group("sys").split() if w.lower() not in DETERMINERS]
        if words and not any(w.lower() in ROLE_WORDS for w in words):
            candidate = capitalise(" ".join(words))
            if not any(
                candidate.lower() in f.lower() or f.lower() in candidate.lower() for f in found
            ):
                add(candidate)
    return found[:10]
