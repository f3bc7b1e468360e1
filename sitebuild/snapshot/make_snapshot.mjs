// Takes the memory snapshot the guide's worker may start from (sitebuild/memory_snapshot.py):
// Pyodide from the npm package the browser's files are copied from, started under Node on the
// build's bytecode standard library and wheels, placed as the worker places them
// (guide/wheels.mjs), the guide's modules imported and what they load for every visitor loaded,
// then the whole WebAssembly memory written out. The browser gives it back to loadPyodide
// (_loadSnapshot) and skips Python's start and the guide's import.
//
//   node sitebuild/snapshot/make_snapshot.mjs JOB.json
//
// JOB.json: {"stdlib": path, "wheels": [paths], "wheels_location": str, "output": path}
// Prints one JSON line: {"pyodide", "python", "bytes", "modules"}.
//
// The same inputs give the same bytes: the snapshot holds whatever Python drew from the clock and
// from the system's randomness while it started (the hash secret, the allocator's and libc's
// random state, the file times it looked at), so both are fixed here, for this process only. The
// browser draws its own afterwards (the worker seeds `random` again); nothing of a visitor is in
// the snapshot, which is taken before any visitor exists.
import nodeCrypto from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { basename } from "node:path";
import { loadPyodide } from "pyodide";
import { wheelOptions } from "../../overrides/assets/javascripts/guide/wheels.mjs";

// An error's message only: Node would print the minified line of Pyodide where it was thrown.
process.on("uncaughtException", (error) => {
  console.error(`sitebuild/snapshot/make_snapshot.mjs: ${error && error.message}`);
  process.exit(1);
});

// A fixed clock and a fixed stream of "random" bytes (xorshift32): Emscripten reads the time
// from Date.now/performance.now and randomness from node:crypto's randomFillSync.
const EPOCH = Date.UTC(2020, 0, 1);
let state = 0x9e3779b9;
nodeCrypto.randomFillSync = (view) => {
  const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
  for (let i = 0; i < bytes.length; i++) {
    state ^= state << 13; state ^= state >>> 17; state ^= state << 5;
    bytes[i] = state & 0xff;
  }
  return view;
};
Date.now = () => EPOCH;
let ticks = 0;
performance.now = () => ++ticks;

const job = JSON.parse(readFileSync(process.argv[2], "utf-8"));
const manifest = { wheels: job.wheels.map((path) => basename(path)), wheels_location: job.wheels_location };
const { env, fsInit } = wheelOptions(manifest, job.wheels.map((path) => readFileSync(path)));
const pyodide = await loadPyodide({ _makeSnapshot: true, stdLibURL: job.stdlib, env, fsInit });
// The guide's modules, its tree, catalogs and templates (guide.browser.preload); nothing that
// depends on the fund's details or the site (the manifest, read by the worker at every start),
// and no object handed to JavaScript (the snapshot could not hold it).
const modules = pyodide.runPython(`
import gc, sys
import guide.browser
guide.browser.preload()
gc.collect()
len(sys.modules)
`);
const snapshot = pyodide.makeMemorySnapshot();
writeFileSync(job.output, snapshot);
const python = pyodide.runPython("import sys; sys.version.split()[0]");
console.log(JSON.stringify({ pyodide: pyodide.version, python, bytes: snapshot.length, modules }));
