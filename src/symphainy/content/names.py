"""Filenames: what the user typed is kept for display; a sanitised copy is used everywhere else.

The sanitised name never reaches a filesystem path (storage keys are ids), but it does reach
``Content-Disposition`` headers and exports, so it must be short, printable and path-free.
"""

from __future__ import annotations

import re
import unicodedata

MAX_DISPLAY = 500
MAX_SAFE = 120
# Bidirectional overrides and zero-width marks make "gnp.exe" display as "exe.png": dropped.
_INVISIBLE = "\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff"
_CONTROL = re.compile(f"[\\x00-\\x1f\\x7f-\\x9f{_INVISIBLE}]")
_UNSAFE = re.compile(f'[<>:"/\\\\|?*\\x00-\\x1f\\x7f{_INVISIBLE}]')


def display_name(raw: str) -> str:
    """The name as typed, minus control characters, trimmed to a sane length."""
    cleaned = _CONTROL.sub("", unicodedata.normalize("NFC", raw or "")).strip()
    return cleaned[:MAX_DISPLAY] or "untitled"


def safe_name(raw: str) -> str:
    """A path-free, printable name of at most 120 characters that keeps the extension."""
    name = unicodedata.normalize("NFC", raw or "")
    name = re.split(r"[/\\]", name)[-1]  # drop any directory part, Windows or POSIX
    name = _UNSAFE.sub("_", name).strip(" .")
    name = re.sub(r"_+", "_", name)
    if not name or set(name) <= {"_", "."}:
        name = "file"
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem or len(ext) > 10:
        stem, ext = name, ""
    ext = ext[:10]
    room = MAX_SAFE - (len(ext) + 1 if ext else 0)
    stem = stem[:room].rstrip(" .") or "file"
    return f"{stem}.{ext}" if ext else stem


def extension_of(raw: str) -> str:
    name = safe_name(raw)
    return name.rpartition(".")[2].lower() if "." in name else ""
