// The guide's wheels in Pyodide, placed as the browser's worker (worker.js) places them, and the
// Node runs on the same files (tests/pyodide/run_tests.mjs, sitebuild/pyc/trace_imports.mjs):
// each wheel as it is, a zip of bytecode, written into the file system while Pyodide starts,
// before Python runs (loadPyodide's fsInit), and named on sys.path (PYTHONPATH). Python imports
// from them as from the standard library's zip: nothing is unpacked.
//
//   const options = wheelOptions(manifest, manifest.wheels.map((wheel) => bytesOf(wheel)));
//   const pyodide = await loadPyodide({ ...otherOptions, ...options });

// manifest: the runtime's (sitebuild/runtime.py: "wheels", "wheels_location"); contents: the
// wheels' bytes (ArrayBuffer or Uint8Array, or promises of them) in the manifest's order.
export function wheelOptions(manifest, contents) {
  const paths = manifest.wheels.map((wheel) => `${manifest.wheels_location}/${wheel.split("/").pop()}`);
  return {
    env: { PYTHONPATH: paths.join(":") },
    fsInit: async (FS) => {
      FS.mkdirTree(manifest.wheels_location);
      const bytes = await Promise.all(contents);
      bytes.forEach((data, index) => FS.writeFile(paths[index], new Uint8Array(data)));
    },
  };
}
