// Plain Pyodide in a module worker: its own python_stdlib.zip (.py files), one tiny wheel.
self.addEventListener("message", async () => {
  try {
    const started = performance.now();
    const indexURL = new URL("./pyodide/", import.meta.url).href;
    const { loadPyodide } = await import(new URL("pyodide.mjs", indexURL).href);
    const [pyodide, wheel] = await Promise.all([
      loadPyodide({ indexURL, packageBaseUrl: indexURL }),
      fetch(new URL("./tiny-0.1-py3-none-any.whl", import.meta.url)).then((response) => response.arrayBuffer()),
    ]);
    const loaded = performance.now();
    const sitePackages = pyodide.runPython("import sysconfig; sysconfig.get_paths()['purelib']");
    pyodide.unpackArchive(wheel, "wheel", { extractDir: sitePackages });
    pyodide.runPython("import tiny; tiny.hello()");
    const ready = performance.now();
    self.postMessage({ type: "ready", timings: { pyodide: Math.round(loaded - started),
      guide: Math.round(ready - loaded), total: Math.round(ready - started) } });
  } catch (error) {
    self.postMessage({ type: "failed", reason: String(error) });
  }
});
