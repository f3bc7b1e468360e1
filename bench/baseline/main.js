// The benchmark's baseline (bench/guide_browser.py): plain Pyodide, as npm ships it, started at
// once in a module worker that loads one tiny pure wheel. It marks the same phases as the
// guide's runtime (overrides/assets/javascripts/guide/phases.js; no idle wait here) and sets
// html[data-guide-runtime] as the guide's pages do.
const mark = (phase, startTime = performance.now()) => performance.mark(`guide-${phase}`, { startTime });
const worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
mark("worker-created");
worker.addEventListener("message", (event) => {
  if (event.data.type === "ready") {
    for (const [phase, moment] of Object.entries(event.data.phases)) mark(phase, moment - performance.timeOrigin);
    document.documentElement.dataset.guideRuntime = "ready";
    mark("ready");
  } else {
    document.documentElement.dataset.guideRuntime = "failed";
    console.error(event.data.reason);
  }
});
worker.postMessage({ type: "start" });
