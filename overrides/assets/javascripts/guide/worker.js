// The decision guide's module worker: starts Pyodide with the guide's wheels, every file from
// this site (site/_runtime/, written by sitebuild/runtime.py), then answers the page's messages
// by calling guide.browser.BrowserGuide (one Python method per message). The guide's rules and
// texts are all in Python: this file only loads and carries.
//
// Messages in:  {type: "start", manifest: <URL of _runtime/guide-runtime.<hash>.json>, lang,
//                snapshot: "use" | "if-cached" | "skip" (runtime.js: whether to start from the
//                build's memory snapshot, when the manifest names one)}
//                 once: the manifest, Pyodide's two scripts and the wheels (fetched side by
//                 side), then WebAssembly, Python and the guide;
//               {type: "call", id, name, args}
//                 at any time: answered once the guide is ready, in the order sent, so that
//                 the page's first call needs no round trip after "ready".
// Messages out: {type: "ready", phases, start, snapshotFailure?} | {type: "failed", reason}
//               | {type: "result", id, result}
// phases: the moments of the start (guide/phases.js), as performance.timeOrigin + now();
// start: "snapshot" when Python came from the build's memory snapshot (sitebuild/memory_snapshot.py:
// Python started and the guide imported, at build time), "normal" otherwise; snapshotFailure:
// why the snapshot was not used, when it was tried and failed (the normal start followed).
// The script has no static import, so that it runs as soon as it has arrived.

const now = () => performance.timeOrigin + performance.now();
const phases = { "worker-running": now() };
let guide = null;        // the PyProxy of guide.browser.BrowserGuide
const startedFrom = {};  // {start, snapshotFailure?}: how Python started (the "ready" message)
let settle;              // resolves `started` with whether the guide is there
const started = new Promise((resolve) => { settle = resolve; });

async function fetchOk(url, as) {
  const response = await fetch(url, { credentials: "same-origin" });
  if (!response.ok) throw new Error(`${response.status} ${url}`);
  return as === "text" ? response.text() : response.arrayBuffer();
}

// What the start needs before WebAssembly: the manifest, Pyodide's two scripts, the wheels.
async function prepare(manifestUrl, snapshotUse) {
  const wheelsPlacing = import("./wheels.mjs");
  const manifestText = await fetchOk(manifestUrl, "text");
  const manifest = JSON.parse(manifestText);
  // Every address in the manifest is relative to it. The standard library is the build's
  // bytecode copy (stdLibURL), not the .py files of Pyodide's own python_stdlib.zip.
  const indexURL = new URL(manifest.pyodide.index, manifestUrl).href;
  // The wheels download now, beside Pyodide's scripts. They are placed, never asked for by
  // name: a name Pyodide does not know would send it to its CDN.
  const wheels = manifest.wheels.map((wheel) => fetchOk(new URL(wheel, manifestUrl)));
  wheels.forEach((wheel) => wheel.catch(() => {}));   // a failure is the start's to report
  // The snapshot too, when the build made one and this visit uses it; a failure to fetch it is
  // only a reason to start normally.
  const snapshotUrl = manifest.pyodide.snapshot && snapshotUse !== "skip"
    ? new URL(manifest.pyodide.snapshot, manifestUrl) : null;
  const snapshot = snapshotUrl && await snapshotWanted(snapshotUrl, snapshotUse)
    ? fetchSnapshot(snapshotUrl, manifest.pyodide.snapshot_bytes, import("./snapshot.mjs")) : null;
  if (snapshot) snapshot.catch(() => {});
  // Pyodide compiles its WebAssembly only once it has the snapshot (whose size is the memory's):
  // compiled here instead, while the snapshot downloads (compiledWasm, below).
  const wasm = snapshot ? WebAssembly.compileStreaming(fetch(new URL("pyodide.asm.wasm", indexURL))) : null;
  if (wasm) wasm.catch(() => {});
  const [{ loadPyodide }, { default: createPyodideModule }, { wheelOptions }] = await Promise.all([
    import(new URL("pyodide.mjs", indexURL).href),
    import(new URL("pyodide.asm.mjs", indexURL).href),
    wheelsPlacing,
  ]);
  return { manifest, manifestText, indexURL, wheels, snapshot, snapshotUrl, wasm, loadPyodide, createPyodideModule,
           wheelOptions, stdLibURL: new URL(manifest.pyodide.stdlib, manifestUrl).href };
}

// "if-cached": only when the browser has the snapshot already (an earlier visit fetched it).
async function snapshotWanted(url, snapshotUse) {
  if (snapshotUse === "use") return true;
  try {
    const cached = await fetch(url, { cache: "only-if-cached", mode: "same-origin", credentials: "same-origin" });
    await cached.body?.cancel();
    return cached.ok;
  } catch (error) {
    return false;
  }
}

// The snapshot as the build packed it (snapshot.mjs), unpacked to its length in the manifest: a
// file cut short fails here. Pyodide checks the rest of what it can (its own build id).
async function fetchSnapshot(url, length, unpacking) {
  const [packed, { unpackSnapshot }] = await Promise.all([fetchOk(url), unpacking]);
  phases["snapshot-fetched"] = now();
  return unpackSnapshot(packed, length);
}

// After a normal start on "if-cached": the snapshot into the browser's cache for the next visit.
function fetchForNextVisit(url) {
  fetchOk(url).catch(() => {});
}

async function start(manifestUrl, lang, snapshotUse) {
  const prepared = await prepare(manifestUrl, snapshotUse);
  if (prepared.snapshot) {
    try {
      return await startPython(prepared, lang, prepared.snapshot);
    } catch (error) {
      // Another Pyodide build, a damaged file, a failed download: Python starts as it would
      // without a snapshot (the same files, already fetched), only later.
      guide = null;
      startedFrom.snapshotFailure = String((error && error.message) || error).slice(0, 300);
    }
  }
  const ready = await startPython(prepared, lang, null);
  if (prepared.snapshotUrl && !prepared.snapshot && snapshotUse === "if-cached") {
    fetchForNextVisit(prepared.snapshotUrl);
  }
  return ready;
}

// Pyodide, the wheels, the guide and its first answer; from the memory snapshot when one is given
// (its Python has the guide's modules imported already: the import below finds them there).
async function startPython(prepared, lang, snapshot) {
  const { manifest, manifestText, indexURL, stdLibURL, wheels, loadPyodide, createPyodideModule, wheelOptions } =
    prepared;
  // packageBaseUrl points Pyodide's package loader here too, so that not even a stray request
  // could leave the site. The wheels go into the file system while Pyodide starts (wheels.mjs);
  // a wheel that could not be fetched fails the start with its own error. The snapshot's Python
  // reads the same zips at the same places: they are there in both starts.
  const { env, fsInit } = wheelOptions(manifest, wheels);
  let wheelsFailed = null;
  const pyodide = await compiledWasm(snapshot && prepared.wasm, () => loadPyodide({
    indexURL, stdLibURL, packageBaseUrl: indexURL, createPyodideModule, env,
    ...(snapshot ? { _loadSnapshot: snapshot } : {}),
    fsInit: async (FS) => {
      await fsInit(FS).catch((error) => { wheelsFailed = error; });
      phases["wheels-unpacked"] = now();
    },
  }));
  if (wheelsFailed) throw wheelsFailed;
  phases["pyodide-loaded"] = now();
  // The snapshot's random generator was seeded at build time, the same for every visitor.
  if (snapshot) pyodide.runPython("import random; random.seed()");
  guide = pyodide.pyimport("guide.browser").BrowserGuide.from_json(manifestText);
  phases.imported = now();
  answer({ name: "warm-up", args: { lang } });
  phases["first-answer"] = now();
  startedFrom.start = snapshot ? "snapshot" : "normal";
  return phases;
}

// Runs load() with Pyodide's WebAssembly instantiated from `wasm` (a promise of the module
// compiled ahead) when there is one: Pyodide instantiates it with
// WebAssembly.instantiateStreaming(its own download of the same file, imports), which this
// worker's global answers meanwhile from the compiled module, or, should the compile have
// failed, as it would have.
async function compiledWasm(wasm, load) {
  if (!wasm) return load();
  const instantiateStreaming = WebAssembly.instantiateStreaming;
  WebAssembly.instantiateStreaming = async (source, imports) => {
    const module = await wasm.catch(() => null);
    if (!module) return instantiateStreaming.call(WebAssembly, source, imports);
    Promise.resolve(source).then((response) => response.body?.cancel()).catch(() => {});   // not read twice
    return { module, instance: await WebAssembly.instantiate(module, imports) };
  };
  try {
    return await load();
  } finally {
    WebAssembly.instantiateStreaming = instantiateStreaming;
  }
}

function answer(message) {
  return JSON.parse(guide.handle_json(JSON.stringify(message)));
}

// Worker-side CSP violations do not reach the page's listeners: pass them on.
self.addEventListener("securitypolicyviolation", (event) => {
  self.postMessage({ type: "csp-violation", directive: event.effectiveDirective, blocked: event.blockedURI });
});

self.addEventListener("message", async (event) => {
  const message = event.data || {};
  if (message.type === "start") {
    try {
      const ready = await start(message.manifest, message.lang, message.snapshot);
      self.postMessage({ type: "ready", phases: ready, ...startedFrom });
      settle(true);
    } catch (error) {
      self.postMessage({ type: "failed", reason: String((error && error.message) || error) });
      settle(false);
    }
  } else if (message.type === "call") {
    let result;
    try {
      result = (await started) ? answer({ name: message.name, args: message.args }) : { status: "error", reason: "not-ready" };
    } catch (error) {
      result = { status: "error", reason: "worker" };
    }
    self.postMessage({ type: "result", id: message.id, result });
  }
});
