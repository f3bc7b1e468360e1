"""The guide's Python as a memory snapshot: Pyodide started and the guide's modules imported once,
at build time under Node (sitebuild/snapshot/make_snapshot.mjs), instead of on every visitor's
device. The worker (overrides/assets/javascripts/guide/worker.js) hands it to loadPyodide's
`_loadSnapshot` and falls back to the normal start when it does not load.

A snapshot is bound to the exact Pyodide build that made it (Pyodide checks its build id) and to
the very files it was taken with: the zip importers it holds know the standard library's and the
wheels' entries by their place in those zips, so the browser must get the same zips at the same
paths. sitebuild/runtime.py therefore takes it from the bytecode it ships, and it is placed in a
folder named after its contents like the rest of the runtime. `_makeSnapshot` and
`_loadSnapshot` are private options of Pyodide: a new Pyodide may change or drop them, which the
worker's fallback and tests/pyodide/test_snapshot.py are there for.

Half of the snapshot (Pyodide's whole memory, 30 MB) is zeros: brotli sends them for almost nothing,
but a browser still decodes and copies them, which took as long as the rest. The site ships it
packed (`pack`): the blocks that hold something, and where they go; the worker unpacks it
(overrides/assets/javascripts/guide/snapshot.mjs).

The same inputs give the same bytes (the maker fixes the clock and the randomness Python draws
while it starts), so a rebuild copies the snapshot from var/cache/snapshot/ and its brotli copy
from var/cache/brotli/.
"""
from __future__ import annotations

import hashlib
import json
import shutil
import struct
import subprocess
import tempfile
from pathlib import Path

from sitebuild.build_cache import making, store

ROOT = Path(__file__).resolve().parent.parent
MAKER = Path(__file__).resolve().parent / "snapshot" / "make_snapshot.mjs"
WHEEL_PLACING = ROOT / "overrides" / "assets" / "javascripts" / "guide" / "wheels.mjs"
PYODIDE = ROOT / "node_modules" / "pyodide"
PYODIDE_CORE = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm")
SNAPSHOT_CACHE = ROOT / "var" / "cache" / "snapshot"
FILE_NAME = "python-memory.bin"


# The packed file (snapshot.mjs reads it): "PSNP", then little-endian uint32s: the block size,
# the snapshot's length, the number of blocks kept and their indexes; then those blocks.
PACKED_MAGIC = b"PSNP"
BLOCK_SIZE = 4096


def pack(snapshot: bytes, block_size: int = BLOCK_SIZE) -> bytes:
    """The snapshot without its blocks of zeros (see the module's docs)."""
    starts = range(0, len(snapshot), block_size)
    kept = [start for start in starts if snapshot[start:start + block_size].count(0) != len(snapshot[start:start + block_size])]
    header = struct.pack(f"<4sIII{len(kept)}I", PACKED_MAGIC, block_size, len(snapshot), len(kept),
                         *(start // block_size for start in kept))
    return header + b"".join(snapshot[start:start + block_size] for start in kept)


def unpack(packed: bytes) -> bytes:
    """The snapshot as Pyodide wrote it (for the build's checks; the browser has snapshot.mjs)."""
    magic, block_size, length, count = struct.unpack_from("<4sIII", packed)
    if magic != PACKED_MAGIC:
        raise ValueError("not a packed snapshot")
    indexes = struct.unpack_from(f"<{count}I", packed, 16)
    snapshot, at = bytearray(length), 16 + 4 * count
    for index in indexes:
        size = min(block_size, length - index * block_size)
        snapshot[index * block_size:index * block_size + size] = packed[at:at + size]
        at += size
    return bytes(snapshot)


class SnapshotFailed(RuntimeError):
    """Node could not take the snapshot; the message has its readable lines."""


def _key(stdlib: Path, wheels: list[Path], wheels_location: str) -> str:
    digest = hashlib.sha256()
    for part in [Path(__file__), MAKER, WHEEL_PLACING, *(PYODIDE / name for name in PYODIDE_CORE), stdlib, *wheels]:
        digest.update(hashlib.sha256(part.read_bytes()).digest())
    digest.update(json.dumps([wheel.name for wheel in wheels] + [wheels_location]).encode())
    return digest.hexdigest()[:32]


def run_maker(stdlib: Path, wheels: list[Path], wheels_location: str, output: Path) -> dict:
    """Runs make_snapshot.mjs; its report ({"pyodide", "python", "bytes", "modules"})."""
    node = shutil.which("node")
    if node is None:
        raise SnapshotFailed("node is not installed: the build takes the snapshot inside Pyodide under Node 20+")
    with tempfile.TemporaryDirectory() as work:
        job = Path(work) / "job.json"
        job.write_text(json.dumps({"stdlib": str(stdlib), "wheels": [str(wheel) for wheel in wheels],
                                   "wheels_location": wheels_location, "output": str(output)}), encoding="utf-8")
        run = subprocess.run([node, str(MAKER), str(job)], cwd=ROOT, capture_output=True, text=True)
    if run.returncode != 0:
        readable = "\n".join(line for line in run.stderr.splitlines() if len(line) < 500)
        raise SnapshotFailed(f"taking the memory snapshot inside Pyodide failed:\n{readable[-3000:]}")
    return json.loads(run.stdout.strip().splitlines()[-1])


def make_snapshot(stdlib: Path, wheels: list[Path], wheels_location: str, output: Path,
                  cache: Path | None = SNAPSHOT_CACHE) -> int:
    """The snapshot of Pyodide with the guide imported, from these bytecode zips (placed in the
    browser as `wheels_location`/<name>), packed into `output`; from `cache` when the same inputs
    were seen before (None: always taken anew). Its length unpacked."""
    if cache is None:
        return _take(stdlib, wheels, wheels_location, output)
    cached = cache / f"{_key(stdlib, wheels, wheels_location)}.bin"
    with making(cached):        # another build taking the same snapshot: wait for it
        if not cached.is_file():
            length = _take(stdlib, wheels, wheels_location, output)
            store(cached, output.read_bytes())
            return length
    shutil.copyfile(cached, output)
    with cached.open("rb") as packed:      # the header's length (see pack), not the 15 MB
        return struct.unpack_from("<I", packed.read(12), 8)[0]


def _take(stdlib: Path, wheels: list[Path], wheels_location: str, output: Path) -> int:
    report = run_maker(stdlib, wheels, wheels_location, output)
    output.write_bytes(pack(output.read_bytes()))
    return report["bytes"]
