"""Gzip copies beside the built site's text and WebAssembly files (`x.js` → `x.js.gz`).

The guide's Pyodide runtime is 14 MB, half of that once gzipped. Compressing once at build time
costs a few seconds; compressing on every request would cost the server that each time. Static
hosts serve such copies as they are (nginx `gzip_static on`, Caddy `precompressed gzip`), and
`server/site.py` does the same for `make serve`.
"""
from __future__ import annotations

import gzip
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

# Formats that are not compressed already (a wheel is a zip of deflated files: left out).
SUFFIXES = frozenset({".html", ".css", ".js", ".mjs", ".json", ".wasm", ".svg", ".xml", ".txt", ".map", ".zip"})
MIN_BYTES = 1024      # below this, the header costs more than the saving
MIN_SAVING = 0.10     # keep a copy only when it is at least 10 % smaller
# gzip's and nginx's default level: level 9 saves 0.5 % more on the runtime for twice the time.
LEVEL = 6


@dataclass
class Compressed:
    files: int = 0
    bytes_before: int = 0
    bytes_after: int = 0


def served_size(path: Path) -> int:
    """The bytes a browser that accepts gzip receives for this file: its copy, where there is one."""
    copy = path.with_name(path.name + ".gz")
    return (copy if copy.is_file() else path).stat().st_size


def worth_compressing(path: Path) -> bool:
    return path.suffix in SUFFIXES and path.stat().st_size >= MIN_BYTES


def compress_file(path: Path) -> tuple[int, int] | None:
    """Write `<file>.gz` when it is worth it; (bytes before, bytes after), or None."""
    data = path.read_bytes()
    packed = gzip.compress(data, compresslevel=LEVEL, mtime=0)   # mtime 0: same input, same bytes
    if len(packed) > len(data) * (1 - MIN_SAVING):
        return None
    path.with_name(path.name + ".gz").write_bytes(packed)
    return len(data), len(packed)


def precompress(site_dir: Path) -> Compressed:
    """Gzip copies of every file worth it under `site_dir`; what was written."""
    paths = sorted(p for p in site_dir.rglob("*") if p.is_file() and worth_compressing(p))
    total = Compressed()
    # zlib lets go of the GIL while it compresses, so threads use every core.
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        for done in pool.map(compress_file, paths):
            if done:
                total.files += 1
                total.bytes_before += done[0]
                total.bytes_after += done[1]
    return total
