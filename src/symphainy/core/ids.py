"""Opaque, time-ordered identifiers.

Ids sort by creation time, which makes keyset pagination (``?cursor=``) a plain ``id <`` filter.
Within one process they are strictly increasing, even for ids made in the same millisecond.
"""

from __future__ import annotations

import secrets
import threading
import time

_lock = threading.Lock()
_last = 0


def new_id() -> str:
    """12 hex digits of (monotonic) milliseconds since the epoch, then 12 random hex digits."""
    global _last
    with _lock:
        now = max(int(time.time() * 1000), _last + 1)
        _last = now
    return f"{now:012x}{secrets.token_hex(6)}"
