"""Waiting for a condition, not for a time: a test polls until what it waits for is true, and
fails, naming it, if that never comes (the deadline fails a hung test; it does not pace one)."""
from __future__ import annotations

import time
from collections.abc import Callable

POLL_SECONDS = 0.02


def wait_until(condition: Callable[[], object], what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"waited {timeout:g} s for {what}"
        time.sleep(POLL_SECONDS)
