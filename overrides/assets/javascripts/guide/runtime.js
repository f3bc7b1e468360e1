// The guide's Python runtime as seen from a page: one module worker (worker.js) per page, and a
// call(name, args) that resolves to guide.browser's answer. Shared by the guide's pages
// (main.js) and the code checker (offline-expiry.js).
//
// startRuntime() creates the worker and starts it (the guide's pages once the browser is idle).
// Calls may be made at any time: the worker answers them once it is ready, so the first one
// costs no round trip after "ready".
import { markPhase, markWorkerPhases } from "./phases.js";

// sitebuild/runtime.py writes the runtime to site/_runtime/, beside the language folders;
// this file is served from site/<lang>/assets/javascripts/guide/. The build gives these files
// hashed names (sitebuild/fingerprint.py rewrites the two addresses below to match).
const MANIFEST_URL = new URL("../../../../_runtime/guide-runtime.json", import.meta.url);
const WORKER_URL = new URL("./worker.js", import.meta.url);

// Whether the worker starts Python from the build's memory snapshot (worker.js): it saves a
// visitor's device Python's start and the guide's import, but is 4 MB more to download on a
// first visit, and only a fast connection brings it sooner than that work takes
// (bench/guide_browser.py, throttled). "use": fetch it; "if-cached": only when the browser has it
// from an earlier visit (else the normal start, and the snapshot is fetched once the guide is
// ready, for the next visit); "skip": the normal start, nothing more to download. Chromium's
// navigator.connection reports a downlink of 10 Mbit/s at most: "at most" is the fast case.
const FAST_DOWNLINK_MBPS = 10;

function snapshotUse() {
  const connection = navigator.connection;
  if (!connection) return "if-cached";
  if (connection.saveData || (connection.effectiveType && connection.effectiveType !== "4g")) return "skip";
  return connection.downlink >= FAST_DOWNLINK_MBPS ? "use" : "if-cached";
}

class Runtime {
  constructor(lang) {
    this.pending = new Map();
    this.nextId = 1;
    this.ready = new Promise((resolve, reject) => { this.settle = { resolve, reject }; });
    this.ready.catch(() => {});   // callers handle the failure; no unhandled rejection here
    try {
      this.worker = new Worker(WORKER_URL, { type: "module" });
    } catch (error) {
      this.fail(error);
      return;
    }
    markPhase("worker-created");
    this.worker.addEventListener("message", (event) => this.receive(event.data));
    this.worker.addEventListener("error", (event) => {
      event.preventDefault();
      this.fail(new Error(event.message || "the guide's worker could not start"));
    });
    this.worker.postMessage({ type: "start", manifest: MANIFEST_URL.href, lang, snapshot: snapshotUse() });
  }

  receive(message) {
    if (message.type === "ready") {
      markWorkerPhases(message.phases);
      // How Python started (worker.js): "snapshot" or "normal", for the benchmark and the tests.
      document.documentElement.dataset.guideStart = message.start;
      if (message.snapshotFailure) {
        console.warn(`The guide's memory snapshot did not load (${message.snapshotFailure}); Python started normally.`);
      }
      this.settle.resolve(this);
    } else if (message.type === "failed") {
      this.fail(new Error(message.reason));
    } else if (message.type === "result" && this.pending.has(message.id)) {
      this.pending.get(message.id).resolve(message.result);
      this.pending.delete(message.id);
    } else if (message.type === "csp-violation") {
      console.error(`Content Security Policy violation in the guide's worker: ${message.directive} ${message.blocked}`);
    }
  }

  fail(error) {
    this.failed = error;
    this.settle.reject(error);
    for (const call of this.pending.values()) call.reject(error);
    this.pending.clear();
    if (this.worker) this.worker.terminate();
  }

  // guide.browser.BrowserGuide's answer to one message ({status: ...}).
  call(name, args) {
    if (this.failed) return Promise.reject(this.failed);
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ type: "call", id, name, args });
    });
  }
}

let runtime = null;

// The page's runtime, started on first use.
export function startRuntime(lang = document.documentElement.lang) {
  if (!runtime) runtime = new Runtime(lang);
  return runtime;
}

// Today in the visitor's own calendar, as an ISO date: the Python side counts days from it.
export function localToday() {
  const now = new Date();
  const pad = (number) => String(number).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
