"""The build's caches under var/cache/ (brotli copies, bytecode, memory snapshots): an entry is
written whole or not at all, and made by one build at a time.

Several builds can run at once: the test suite builds copies of the tree beside the site, and an
editor may start a second build. Each entry is keyed by the hash of its inputs. Without a lock,
two builds that both miss an entry both make it (brotli at quality 11 takes a minute and a half
on Pyodide's WebAssembly); with one, the second waits and reads what the first wrote.
"""
from __future__ import annotations

import contextlib
import fcntl
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path


@contextlib.contextmanager
def making(entry: Path) -> Iterator[None]:
    """Held while `entry` is checked and made: other builds (and threads) wait for it.
    The lock files stay, empty, in a .locks folder beside the entries."""
    locks = entry.parent / ".locks"
    locks.mkdir(parents=True, exist_ok=True)
    with open(locks / entry.name, "a+b") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def store(entry: Path, data: bytes) -> None:
    """Writes `entry` whole or not at all (a reader never sees half of it)."""
    entry.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=entry.parent, suffix=".part", delete=False) as partial:
        partial.write(data)
    Path(partial.name).replace(entry)


def cached_bytes(entry: Path | None, make: Callable[[], bytes]) -> bytes:
    """The bytes of `entry`, made (and stored) by `make` if no build has made them yet;
    `entry=None`: made every time."""
    if entry is None:
        return make()
    if entry.is_file():
        return entry.read_bytes()
    with making(entry):
        if entry.is_file():      # made by another build while this one waited
            return entry.read_bytes()
        data = make()
        store(entry, data)
        return data
