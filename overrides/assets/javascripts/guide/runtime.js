// The guide's Python runtime as seen from a page: one module worker (worker.js) per page,
// started on first use, and a call(name, args) that resolves to guide.browser's answer.
// Shared by the guide's pages (main.js) and the code checker (offline-expiry.js).
import { markPhase, markWorkerPhases } from "./phases.js";

// sitebuild/runtime.py writes the runtime to site/_runtime/, beside the language folders;
// this file is served from site/<lang>/assets/javascripts/guide/. The build gives these files
// hashed names (sitebuild/fingerprint.py rewrites the two addresses below to match).
const MANIFEST_URL = new URL("../../../../_runtime/guide-runtime.json", import.meta.url);
const WORKER_URL = new URL("./worker.js", import.meta.url);

class Runtime {
  constructor(lang) {
    this.pending = new Map();
    this.nextId = 1;
    this.ready = new Promise((resolve, reject) => {
      this.worker = new Worker(WORKER_URL, { type: "module" });
      markPhase("worker-created");
      this.worker.addEventListener("message", (event) => this.receive(event.data, resolve, reject));
      this.worker.addEventListener("error", (event) => {
        event.preventDefault();
        this.fail(new Error(event.message || "the guide's worker could not start"), reject);
      });
      this.worker.postMessage({ type: "start", manifest: MANIFEST_URL.href, lang });
    });
    this.ready.catch(() => {});   // callers handle the failure; no unhandled rejection here
  }

  receive(message, resolve, reject) {
    if (message.type === "ready") {
      markWorkerPhases(message.phases);
      resolve(this);
    } else if (message.type === "failed") {
      this.fail(new Error(message.reason), reject);
    } else if (message.type === "result" && this.pending.has(message.id)) {
      this.pending.get(message.id).resolve(message.result);
      this.pending.delete(message.id);
    } else if (message.type === "csp-violation") {
      console.error(`Content Security Policy violation in the guide's worker: ${message.directive} ${message.blocked}`);
    }
  }

  fail(error, reject) {
    reject(error);
    for (const call of this.pending.values()) call.reject(error);
    this.pending.clear();
    this.worker.terminate();
  }

  // guide.browser.BrowserGuide's answer to one message ({status: ...}).
  async call(name, args) {
    await this.ready;
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ type: "call", id, name, args });
    });
  }
}

let runtime = null;

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
