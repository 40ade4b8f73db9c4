"""Opaque, time-ordered identifiers.

Ids sort by creation time, which makes keyset pagination (``?cursor=``) a plain ``id <`` filter.
"""

from __future__ import annotations

import secrets
import time


def new_id() -> str:
    """12 hex digits of milliseconds since the epoch, then 12 random hex digits."""
    return f"{int(time.time() * 1000):012x}{secrets.token_hex(6)}"
