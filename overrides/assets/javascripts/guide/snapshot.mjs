// The build's memory snapshot as the site ships it (sitebuild/memory_snapshot.py packs it): half
// of Pyodide's 30 MB of memory is zeros, which brotli sends for almost nothing but the browser
// would still decode and copy; the file holds the other blocks only. The worker (worker.js) and
// the Pyodide test runner (tests/pyodide/run_tests.mjs) unpack it for loadPyodide's _loadSnapshot.
//
// Packed: "PSNP" (4 bytes), then little-endian uint32s: the block size, the snapshot's length,
// the number of blocks kept, each kept block's index; then those blocks, in that order (the last
// block of the snapshot may be shorter).

const MAGIC = 0x504e5350;   // "PSNP"

// The snapshot (Uint8Array of `length` bytes) from the packed file (ArrayBuffer or view).
export function unpackSnapshot(packed, length) {
  const bytes = packed instanceof Uint8Array ? packed : new Uint8Array(packed);
  const header = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < 16 || header.getUint32(0, true) !== MAGIC) throw new Error("not a packed snapshot");
  const blockSize = header.getUint32(4, true);
  const total = header.getUint32(8, true);
  const count = header.getUint32(12, true);
  if (total !== length) throw new Error(`the snapshot has ${total} bytes, not ${length}`);
  const snapshot = new Uint8Array(total);
  let at = 16 + 4 * count;
  for (let kept = 0; kept < count; kept++) {
    const start = header.getUint32(16 + 4 * kept, true) * blockSize;
    const size = Math.min(blockSize, total - start);
    if (size <= 0 || at + size > bytes.byteLength) throw new Error("the snapshot is cut short");
    snapshot.set(bytes.subarray(at, at + size), start);
    at += size;
  }
  if (at !== bytes.byteLength) throw new Error("the snapshot has bytes to spare");
  return snapshot;
}
