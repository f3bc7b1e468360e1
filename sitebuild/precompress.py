"""Gzip copies beside the built site's text and WebAssembly files (`x.js` → `x.js.gz`).

The guide's Pyodide runtime is 14 MB, half of that once gzipped. Compressing once at build time
costs a few seconds; compressing on every request would cost the server that each time. Static
hosts serve such copies as they are (nginx `gzip_static on`, Caddy `precompressed gzip`), and
`server/site.py` does the same for `make serve`.
"""
from __future__ import annotations

import gzip
from dataclasses import dataclass
from pathlib import Path

# Formats that are not compressed already (a wheel is a zip of deflated files: left out).
SUFFIXES = frozenset({".html", ".css", ".js", ".mjs", ".json", ".wasm", ".svg", ".xml", ".txt", ".map", ".zip"})
MIN_BYTES = 1024      # below this, the header costs more than the saving
MIN_SAVING = 0.10     # keep a copy only when it is at least 10 % smaller


@dataclass
class Compressed:
    files: int = 0
    bytes_before: int = 0
    bytes_after: int = 0


def worth_compressing(path: Path) -> bool:
    return path.suffix in SUFFIXES and path.stat().st_size >= MIN_BYTES


def precompress(site_dir: Path) -> Compressed:
    """Write `<file>.gz` beside each file worth it; what was written."""
    total = Compressed()
    for path in sorted(p for p in site_dir.rglob("*") if p.is_file() and worth_compressing(p)):
        data = path.read_bytes()
        packed = gzip.compress(data, compresslevel=9, mtime=0)   # mtime 0: same input, same bytes
        if len(packed) > len(data) * (1 - MIN_SAVING):
            continue
        path.with_name(path.name + ".gz").write_bytes(packed)
        total.files += 1
        total.bytes_before += len(data)
        total.bytes_after += len(packed)
    return total
