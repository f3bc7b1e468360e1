// The decision guide's module worker: starts Pyodide with the guide's wheels, every file from
// this site (site/_runtime/, written by sitebuild/runtime.py), then answers the page's messages
// by calling guide.browser.BrowserGuide (one Python method per message). The guide's rules and
// texts are all in Python: this file only loads and carries.
//
// Messages in:  {type: "start", manifest: <URL of _runtime/guide-runtime.<hash>.json>, lang}
//               {type: "call", id, name, args}
// Messages out: {type: "ready", phases} | {type: "failed", reason} | {type: "result", id, result}
// phases: the moments of the start (guide/phases.js), as performance.timeOrigin + now().

const now = () => performance.timeOrigin + performance.now();
const phases = { "worker-running": now() };
let guide = null;   // the PyProxy of guide.browser.BrowserGuide

async function fetchOk(url, as) {
  const response = await fetch(url, { credentials: "same-origin" });
  if (!response.ok) throw new Error(`${response.status} ${url}`);
  return as === "text" ? response.text() : response.arrayBuffer();
}

async function start(manifestUrl, lang) {
  const manifestText = await fetchOk(manifestUrl, "text");
  const manifest = JSON.parse(manifestText);
  // Every address in the manifest is relative to it. The standard library is the build's
  // bytecode copy (stdLibURL), not the .py files of Pyodide's own python_stdlib.zip.
  const indexURL = new URL(manifest.pyodide.index, manifestUrl).href;
  const stdLibURL = new URL(manifest.pyodide.stdlib, manifestUrl).href;
  const { loadPyodide } = await import(new URL("pyodide.mjs", indexURL).href);
  // The wheels download while Pyodide starts. They are unpacked, never asked for by name:
  // a name Pyodide does not know would send it to its CDN. packageBaseUrl points its package
  // loader here too, so that not even a stray request could leave the site.
  const [pyodide, wheels] = await Promise.all([
    loadPyodide({ indexURL, stdLibURL, packageBaseUrl: indexURL }),
    Promise.all(manifest.wheels.map((wheel) => fetchOk(new URL(wheel, manifestUrl)))),
  ]);
  phases["pyodide-loaded"] = now();
  const sitePackages = pyodide.runPython("import sysconfig; sysconfig.get_paths()['purelib']");
  for (const wheel of wheels) pyodide.unpackArchive(wheel, "wheel", { extractDir: sitePackages });
  phases["wheels-unpacked"] = now();
  guide = pyodide.pyimport("guide.browser").BrowserGuide.from_json(manifestText);
  phases.imported = now();
  answer({ name: "warm-up", args: { lang } });
  phases["first-answer"] = now();
  return phases;
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
      self.postMessage({ type: "ready", phases: await start(message.manifest, message.lang) });
    } catch (error) {
      self.postMessage({ type: "failed", reason: String((error && error.message) || error) });
    }
  } else if (message.type === "call") {
    let result;
    try {
      result = guide ? answer({ name: message.name, args: message.args }) : { status: "error", reason: "not-ready" };
    } catch (error) {
      result = { status: "error", reason: "worker" };
    }
    self.postMessage({ type: "result", id: message.id, result });
  }
});
