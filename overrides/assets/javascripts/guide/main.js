// The decision guide in the browser, on the guide's pages (overrides/main.html loads it there).
// The static page works on its own; meanwhile the worker starts Pyodide, and once it is ready
// the steps, the request form and "check your answers" run in the page. <html
// data-guide-runtime="waiting|loading|ready|failed"> says where it stands; the texts are the page's.
import { GUIDE, showRuntimeState } from "./dom.js";
import { GuideNavigation } from "./navigation.js";
import { markPhase } from "./phases.js";
import { installRequests } from "./request.js";
import { startRuntime } from "./runtime.js";

const settings = document.querySelector("script[data-guide-root]").dataset;

// When the browser asks to save data (its data saver: navigator.connection.saveData) or the
// connection is 2G, the runtime (some 5 MB on a first visit) waits for the visitor's first
// click in the guide that stays on the page; until then the pages work as they do without
// JavaScript, and a link loads its page from the server, the runtime unasked for.
function savesData() {
  const connection = navigator.connection;
  return Boolean(connection && (connection.saveData || /2g$/.test(connection.effectiveType || "")));
}

function firstClick() {
  return new Promise((resolve) => {
    const guide = document.querySelector(GUIDE);
    const clicked = (event) => {
      if (event.target.closest("a[href]")) return;
      guide.removeEventListener("click", clicked);
      resolve();
    };
    guide.addEventListener("click", clicked);
  });
}

// Otherwise the runtime waits until the page has loaded and the browser is idle: on a small
// machine it would slow down the theme's own start on the main thread.
function pageIdle() {
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
  const onDemand = savesData();
  setState(onDemand ? "waiting" : "loading");
  // The worker itself waits for the idle moment too: created while the page loads (its script,
  // Pyodide's 1.2 MB script and the wheels fetched and compiled beside the theme's own start),
  // it made the page ready later, not sooner, on a first visit (bench/guide_browser.py, 2 CPUs:
  // 0.75x plain Pyodide against 0.64x when created at idle).
  await (onDemand ? firstClick() : pageIdle());
  markPhase("idle");
  setState("loading");
  const runtime = startRuntime(settings.guideLang);
  const pages = new GuideNavigation({ runtime, lang: settings.guideLang, root: settings.guideRoot,
                                      titleSuffix: settings.guideTitleSuffix });
  // The request form is asked for now: the worker answers it right after it is ready.
  const upgraded = pages.upgradeRequest();
  upgraded.catch(() => {});   // a failed start is reported below
  await runtime.ready;
  installRequests(pages);
  pages.start();
  await upgraded;
  setState("ready");
  markPhase("ready");
}

run().catch((error) => {
  // The static pages keep working: links load from the server as without JavaScript.
  setState("failed");
  console.warn("The guide's interactive mode could not start:", error);
});
