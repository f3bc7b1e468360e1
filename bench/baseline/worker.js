// Plain Pyodide in a module worker: its own python_stdlib.zip (.py files), one tiny wheel; the
// moments of the same phases as the guide's worker (performance.timeOrigin + now()).
const now = () => performance.timeOrigin + performance.now();
const phases = { "worker-running": now() };
self.addEventListener("message", async () => {
  try {
    const indexURL = new URL("./pyodide/", import.meta.url).href;
    const { loadPyodide } = await import(new URL("pyodide.mjs", indexURL).href);
    const [pyodide, wheel] = await Promise.all([
      loadPyodide({ indexURL, packageBaseUrl: indexURL }),
      fetch(new URL("./tiny-0.1-py3-none-any.whl", import.meta.url)).then((response) => response.arrayBuffer()),
    ]);
    phases["pyodide-loaded"] = now();
    const sitePackages = pyodide.runPython("import sysconfig; sysconfig.get_paths()['purelib']");
    pyodide.unpackArchive(wheel, "wheel", { extractDir: sitePackages });
    phases["wheels-unpacked"] = now();
    const tiny = pyodide.pyimport("tiny");
    phases.imported = now();
    tiny.hello();
    phases["first-answer"] = now();
    self.postMessage({ type: "ready", phases });
  } catch (error) {
    self.postMessage({ type: "failed", reason: String(error) });
  }
});
