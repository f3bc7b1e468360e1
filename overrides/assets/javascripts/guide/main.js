// The decision guide in the browser, on the guide's pages (overrides/main.html loads it there).
// The static page works on its own; meanwhile the worker starts Pyodide, and once it is ready
// the steps, the request form and "check your answers" run in the page. <html
// data-guide-runtime="loading|ready|failed"> says where it stands; the texts are the page's.
import { showRuntimeState } from "./dom.js";
import { GuideNavigation } from "./navigation.js";
import { markPhase } from "./phases.js";
import { installRequests } from "./request.js";
import { startRuntime } from "./runtime.js";

const settings = document.querySelector("script[data-guide-root]").dataset;

// The worker starts once the page has loaded and the browser is idle: on a small machine its
// start (WebAssembly, Python) would otherwise slow down the theme's own start on the main thread.
function pageStarted() {
  return new Promise((resolve) => {
    const idle = () => (window.requestIdleCallback ? requestIdleCallback(resolve, { timeout: 1000 }) : setTimeout(resolve));
    if (document.readyState === "complete") idle();
    else window.addEventListener("load", idle, { once: true });
  });
}

function setState(state) {
  document.documentElement.dataset.guideRuntime = state;
  showRuntimeState();
}

async function run() {
  setState("loading");
  await pageStarted();
  markPhase("idle");
  const runtime = startRuntime(settings.guideLang);
  await runtime.ready;
  const pages = new GuideNavigation({ runtime, lang: settings.guideLang, root: settings.guideRoot,
                                 titleSuffix: settings.guideTitleSuffix });
  installRequests(pages);
  await pages.start();
  setState("ready");
  markPhase("ready");
}

run().catch((error) => {
  // The static pages keep working: links load from the server as without JavaScript.
  setState("failed");
  console.warn("The guide's interactive mode could not start:", error);
});
