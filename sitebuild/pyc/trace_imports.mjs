// Which parts of Python's standard library the guide needs in the browser (trace_imports.py,
// beside this file, does the work inside Pyodide, on Pyodide's whole .py standard library):
//
//   node sitebuild/pyc/trace_imports.mjs site/_runtime/guide-runtime.<hash>.json > sitebuild/pyc/stdlib-keep.txt
//
// (`make stdlib-keep`). The manifest gives the guide's wheels and the fund's details.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadPyodide } from "pyodide";
import { wheelOptions } from "../../overrides/assets/javascripts/guide/wheels.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const manifestPath = process.argv[2];
const manifestText = readFileSync(manifestPath, "utf-8");
const manifest = JSON.parse(manifestText);
// The wheels as the browser's worker places them (overrides/assets/javascripts/guide/wheels.mjs).
const pyodide = await loadPyodide(
  wheelOptions(manifest, manifest.wheels.map((wheel) => readFileSync(join(dirname(manifestPath), wheel)))));
pyodide.FS.mkdirTree("/trace");
pyodide.FS.writeFile("/trace/trace_imports.py", readFileSync(join(here, "trace_imports.py")));
pyodide.runPython("import sys; sys.path.append('/trace')");
const names = pyodide.pyimport("trace_imports").trace(manifestText, "/lib/python314.zip").toJs();
console.log([
  "# The standard library's top-level modules and packages that the browser's stdlib zip keeps",
  "# (sitebuild/runtime.py). Written by `make stdlib-keep` (sitebuild/pyc/trace_imports.mjs);",
  "# tests/pyodide checks that the guide imports nothing else.",
  ...names,
].join("\n"));
