"""Role names from plain words: which words name roles, and a role written in title case."""

from __future__ import annotations

ARTICLES = frozenset({"the", "a", "an"})

NOT_ACTORS = frozenset(
    {
        "note",
        "step",
        "steps",
        "if",
        "then",
        "otherwise",
        "else",
        "input",
        "inputs",
        "output",
        "outputs",
        "purpose",
        "scope",
        "tip",
        "warning",
        "example",
        "result",
        "results",
        "system",
        "systems",
        "tools",
        "time",
        "when",
        "where",
        "once",
        "after",
        "before",
        "this",
        "that",
        "it",
        "they",
        "we",
        "you",
        "he",
        "she",
        "each",
        "every",
        "all",
        "there",
        "here",
        "process",
        "procedure",
        "workflow",
        "decision",
        "owner",
        "frequency",
        "trigger",
        "goal",
        "yes",
        "no",
        "what",
        "who",
        "how",
        "why",
        "is",
        "are",
        "was",
        "do",
        "document",
        "form",
        "request",
    }
)

ROLE_WORDS = frozenset(
    {
        # who runs a meeting or keeps its records ("the meeting chair shares the agenda")
        "chair",
        "chairperson",
        "chairman",
        "chairwoman",
        "secretary",
        # the one person answerable for an outcome ("the release DRI"), who leads a release
        "dri",
        "captain",
        "manager",
        "team",
        "department",
        "officer",
        "clerk",
        "adjuster",
        "analyst",
        "customer",
        "supervisor",
        "director",
        "lead",
        "agent",
        "representative",
        "specialist",
        "assistant",
        "administrator",
        "admin",
        "coordinator",
        "controller",
        "accountant",
        "auditor",
        "owner",
        "approver",
        "reviewer",
        "requester",
        "requestor",
        "employee",
        "teammate",
        "staff",
        "client",
        "vendor",
        "supplier",
        "applicant",
        "claimant",
        "nurse",
        "doctor",
        "physician",
        "engineer",
        "technician",
        "desk",
        "committee",
        "board",
        "head",
        "partner",
        "associate",
        "executive",
        "buyer",
        "finance",
        "legal",
        "hr",
        "it",
        "procurement",
        "operations",
        "underwriter",
        "recruiter",
        "cashier",
        "driver",
        "dispatcher",
        "planner",
        "inspector",
        "operator",
    }
)


def clean_actor(words: list[str]) -> str | None:
    """A role name in title case ("claims adjuster" -> "Claims Adjuster"), or None."""
    while words and words[0].lower() in ARTICLES:
        words = words[1:]
    if not words or len(words) > 5:
        return None
    if any(
        w.lower() in NOT_ACTORS and not (w.isupper() and len(w) > 1) for w in (words[0], words[-1])
    ):
        return None
    if any(
        w.lower() in ("the", "a", "an", "and", "or", "if", "of") and i == len(words) - 1
        for i, w in enumerate(words)
    ):
        return None
    out = []
    for word in words:
        word = word.strip("'’").removesuffix("'s")
        if not word:
            return None
        out.append(
            word
            if word.isupper() or word.lower() in ("of", "and", "for", "&")
            else word[0].upper() + word[1:]
        )
    return " ".join(out)
