// The benchmark's baseline (bench/guide_browser.py): plain Pyodide, as npm ships it, started at
// once in a module worker that loads one tiny pure wheel. It marks the same moments as the
// guide's runtime.js ("guide-runtime-start", "guide-runtime-ready", html[data-guide-runtime]).
performance.mark("guide-runtime-start");
const worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
worker.addEventListener("message", (event) => {
  if (event.data.type === "ready") {
    performance.mark("guide-runtime-ready", { detail: event.data.timings });
    document.documentElement.dataset.guideRuntime = "ready";
  } else {
    document.documentElement.dataset.guideRuntime = "failed";
    console.error(event.data.reason);
  }
});
worker.postMessage({ type: "start" });
