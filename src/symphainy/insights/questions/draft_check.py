"""The coverage rule applied to a query a language model drafted.

The deterministic reading of the question names the parts it understood (columns, values,
numbers) and the words it did not. A draft must use every understood part - its columns and
values appear in the SQL - and show every word the parser could not place (as a value or a
name in the SQL); otherwise it ignored part of the question and is refused like any other.
"""

from __future__ import annotations

import datetime as dt
import re

from symphainy.insights.questions.plan import Reading
from symphainy.insights.questions.words import normal


def _number_forms(value: float) -> list[str]:
    out = [repr(value), f"{value:g}"]
    if value.is_integer():
        out.append(str(int(value)))
    return out


def unused_parts(reading: Reading, sql: str) -> list[str]:
    """What of the question the SQL does not mention; [] when the draft covers it all."""
    text = normal(sql)
    missing: list[str] = []
    plan = reading.plan
    if plan is not None:
        columns = [c.column for c in plan.conditions] + list(plan.select)
        columns += [c for c in (plan.measure, plan.group) if c is not None]
        columns += [c for c, _part in plan.group_also]
        for column in dict.fromkeys(columns):
            if normal(column.name) not in text:
                missing.append(column.name)
        for cond in plan.conditions:
            for value in cond.values:
                if isinstance(value, str):
                    ok = normal(value) in text
                elif isinstance(value, float | int):
                    ok = any(form in text for form in _number_forms(float(value)))
                elif isinstance(value, dt.date):
                    ok = value.isoformat() in text or str(value.year) in text
                else:
                    ok = True
                if not ok:
                    missing.append(str(value))
    for word in reading.not_understood:
        if not re.search(r"(?<![a-z0-9])" + re.escape(normal(word)), text):
            missing.append(word)
    return missing
