"""Brotli and gzip copies beside the built site's text, WebAssembly and zip files
(`x.js` → `x.js.br`, `x.js.gz`).

The guide's Pyodide runtime is 14 MB, much less once compressed. Compressing once at build time
costs some seconds; compressing on every request would cost the server that each time. Static
hosts serve such copies as they are (nginx `brotli_static on; gzip_static on`, Caddy
`precompressed br gzip`), and `server/site.py` does the same for `make serve`: brotli to the
browsers that accept it, gzip to the others, the file itself to the rest.

Brotli at its best level (11, with a 16 MB window) makes the WebAssembly a fifth smaller than
gzip, but takes a minute and a half on it: its copies are kept in var/cache/brotli/, by the
hash of what they compress, so that the next build of an unchanged file costs nothing (the
Pyodide core and the stdlib's bytecode change only with the pinned Pyodide). A `.br` copy is
written only where it is smaller than the gzip copy.
"""
from __future__ import annotations

import gzip
import hashlib
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import brotli

from sitebuild.build_cache import cached_bytes

ROOT = Path(__file__).resolve().parent.parent
BROTLI_CACHE = ROOT / "var" / "cache" / "brotli"

# Formats that are not compressed already. The runtime's wheels and stdlib zip are written
# stored (sitebuild/pyc/), for these copies to compress them whole; so is the memory snapshot
# (.bin, sitebuild/memory_snapshot.py: 15 MB of Python's memory, under 4 MB in brotli).
SUFFIXES = frozenset({".html", ".css", ".js", ".mjs", ".json", ".wasm", ".svg", ".xml", ".txt", ".map", ".zip", ".whl",
                      ".bin"})
MIN_BYTES = 1024      # below this, the header costs more than the saving
MIN_SAVING = 0.10     # keep a copy only when it is at least 10 % smaller
# gzip's and nginx's default level: level 9 saves 0.5 % more on the runtime for twice the time.
LEVEL = 6
BROTLI_QUALITY = 11
# The memory snapshot (.bin, sitebuild/memory_snapshot.py) changes with every text of the guide, so
# builds compress it again and again: at quality 11 its 15 MB take one to two minutes (3.95 MB),
# at 6 two seconds (4.71 MB). A browser fetches it only on a fast connection, or after the guide
# is ready, for the next visit (guide/runtime.js).
BROTLI_QUALITY_BY_SUFFIX = {".bin": 6}
BROTLI_WINDOW = 24    # 16 MB, brotli's largest standard window (browsers decode it)
ENCODINGS = (("br", ".br"), ("gzip", ".gz"))


@dataclass
class Compressed:
    files: int = 0
    bytes_before: int = 0
    bytes_after: int = 0      # the smallest copy of each file (what a brotli browser gets)
    gzip_after: int = 0


def served_size(path: Path, encoding: str = "br") -> int:
    """The bytes a browser receives for this file when it accepts `encoding` ("br" accepts gzip
    too, as browsers do; "gzip"; "identity"): the smallest copy it may take."""
    suffixes = {"br": (".br", ".gz"), "gzip": (".gz",), "identity": ()}[encoding]
    for suffix in suffixes:
        copy = path.with_name(path.name + suffix)
        if copy.is_file():
            return copy.stat().st_size
    return path.stat().st_size


def worth_compressing(path: Path) -> bool:
    return path.suffix in SUFFIXES and path.stat().st_size >= MIN_BYTES


def brotli_compress(data: bytes, cache: Path | None = BROTLI_CACHE, quality: int = BROTLI_QUALITY) -> bytes:
    """Brotli (at the best level unless told); from the cache when these bytes were compressed
    before, or are being compressed by another build (sitebuild/build_cache.py)."""
    key = hashlib.sha256(data + f"q{quality}w{BROTLI_WINDOW}".encode()).hexdigest()
    return cached_bytes(cache / f"{key}.br" if cache else None,
                        lambda: brotli.compress(data, quality=quality, lgwin=BROTLI_WINDOW))


def compress_file(path: Path, cache: Path | None = BROTLI_CACHE) -> tuple[int, int, int] | None:
    """Write `<file>.gz` and, where smaller still, `<file>.br` when it is worth it;
    (bytes before, smallest copy, gzip copy), or None."""
    data = path.read_bytes()
    packed = gzip.compress(data, compresslevel=LEVEL, mtime=0)   # mtime 0: same input, same bytes
    if len(packed) > len(data) * (1 - MIN_SAVING):
        return None
    path.with_name(path.name + ".gz").write_bytes(packed)
    smallest = len(packed)
    better = brotli_compress(data, cache, BROTLI_QUALITY_BY_SUFFIX.get(path.suffix, BROTLI_QUALITY))
    if len(better) < len(packed):
        path.with_name(path.name + ".br").write_bytes(better)
        smallest = len(better)
    return len(data), smallest, len(packed)


def precompress(site_dir: Path, cache: Path | None = BROTLI_CACHE) -> Compressed:
    """Brotli and gzip copies of every file worth it under `site_dir`; what was written."""
    paths = sorted(p for p in site_dir.rglob("*") if p.is_file() and worth_compressing(p))
    # The biggest first, so that the long ones do not come last on one core.
    paths.sort(key=lambda p: -p.stat().st_size)
    total = Compressed()
    # zlib and brotli let go of the GIL while they compress, so threads use every core.
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        for done in pool.map(lambda path: compress_file(path, cache), paths):
            if done:
                total.files += 1
                total.bytes_before += done[0]
                total.bytes_after += done[1]
                total.gzip_after += done[2]
    return total
