"""Delimiter detection, shared by sniffing (is this CSV?) and the CSV parser (split on what?)."""

from __future__ import annotations

import csv


def detect_delimiter(lines: list[str]) -> str | None:
    """Pick the delimiter that splits the sample into the most consistent number of fields.

    Scoring (rather than ``csv.Sniffer``) because Sniffer guesses wrong on short samples and on
    prose with commas; a delimiter wins only when most lines split into the same count >= 2.
    """
    sample = [line for line in lines if line.strip()][:50]
    if not sample:
        return None
    best: tuple[float, str] | None = None
    for delimiter in (",", ";", "\t", "|"):
        if not any(delimiter in line for line in sample):
            continue
        try:
            counts = [len(row) for row in csv.reader(sample, delimiter=delimiter)]
        except csv.Error:
            continue
        mode = max(set(counts), key=counts.count)
        agreeing = counts.count(mode) / len(counts)
        if mode < 2 or agreeing < 0.8 or (len(sample) == 1 and delimiter == ","):
            continue
        score = agreeing * 10 + min(mode, 50) / 50
        if best is None or score > best[0]:
            best = (score, delimiter)
    return best[1] if best else None
