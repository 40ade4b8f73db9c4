"""Fixed phrases that move the flow instead of naming work: jumps to a step, loops, the end.

These are edges, never tasks: "go to step 4", "the claim goes to step 4", "return to step 2",
"go back to the review", "repeat steps 3-5 until …", "the process ends".
"""

from __future__ import annotations

import re

_N = r"(?P<n>\d{1,3}(?:\.\d{1,3})*)"
_MOVE = (
    r"(?:go(?:es)?|return(?:s)?|proceed(?:s)?|continue(?:s)?|loop(?:s)?|jump(?:s)?|skip(?:s)?|"
    r"move(?:s)?|start(?:s)? again|repeat(?:s)?|is sent|are sent|is returned|are returned)"
)
GOTO = re.compile(
    r"\b" + _MOVE + r"\s+(?:back\s+)?(?:to|with|at|from)\s+(?:step|section)\s+" + _N + r"\b",
    re.I,
)
GOTO_ONLY = re.compile(r"^(?:then\s+)?" + GOTO.pattern + r"\s*\.?$", re.I)
GOTO_TAIL = re.compile(
    r"(?:[,;.]\s*|\s+)(?:and\s+(?:then\s+)?|then\s+)?" + GOTO.pattern + r"\s*\.?\s*$", re.I
)
BACK_TO = re.compile(
    r"\b(?:go(?:es)?|return(?:s)?|loop(?:s)?|jump(?:s)?|start(?:s)?)\s+back\s+to\s+"
    r"(?:the\s+)?(?P<what>[^.,;]{3,80})",
    re.I,
)
END_ONLY = re.compile(
    r"^(?:(?:the\s+)?(?:process|procedure|workflow)\s+(?:ends|stops|is\s+(?:complete|"
    r"finished))|(?:end|stop|terminate|exit|finish)(?:\s+(?:the\s+)?(?:process|procedure|"
    r"workflow))?|end of (?:the\s+)?(?:process|procedure|workflow))\s*\.?$",
    re.I,
)
END_TAIL = re.compile(
    r"(?:[,;.]\s*|\s+)(?:and\s+(?:then\s+)?|then\s+)?(?:(?:end|stop|terminate|"
    r"finish)\s+(?:the\s+)?(?:process|procedure|workflow)|the\s+(?:process|"
    r"procedure|workflow|request|case)\s+(?:ends|stops|is closed|is complete|is finished))"
    r"\s*\.?\s*$",
    re.I,
)
END_CLAUSE = re.compile(
    r"^[,;\s]*(?:and\s+|then\s+|which\s+|this\s+)*(?:(?:the\s+)?(?:process|procedure|workflow|instance|case)\s+"
    r"(?:ends|stops|terminates|finishes|is\s+(?:complete|completed|finished|over|closed))|"
    r"(?:ends?|stops?|terminates?|finish(?:es)?)\s+(?:the\s+)?(?:process|procedure|workflow|"
    r"case|instance))\b",
    re.I,
)
CONTINUE_ONLY = re.compile(
    r"^(?:continue|proceed)(?:\s+(?:with the next step|to the next "
    r"step|as normal))?\s*\.?$",
    re.I,
)
REPEAT = re.compile(
    r"(?:^|(?<=[.;,])\s*|\s+(?:and|then)\s+)(?:then\s+)?repeat\s+(?:steps?\s+(?P<from>\d{1,3}"
    r"(?:\.\d{1,3})*)(?:\s*(?:-|–|to|through|and)\s*\d{1,3}(?:\.\d{1,3})*)?\s+|(?:this|these|"
    r"the above|the previous|it)(?:\s+steps?)?\s+)?until\s+(?P<cond>[^.]+)\.?\s*$",
    re.I,
)
