// Compiles zips of Python sources (the stdlib zip, wheels) to bytecode with Pyodide's own CPython,
// under Node at build time (the build machine's CPython is another version: its bytecode would
// not load). The work is done by compile_zip.py, beside this file; this script only carries
// files in and out of Pyodide's file system. Called by sitebuild/runtime.py:
//
//   node sitebuild/pyc/compile.mjs JOBS.json
//
// JOBS.json: {"jobs": [{"input": path, "output": path, "location": str, "keep": [names],
//                       "only": [top-level names] (optional)}]}
// Prints one JSON line: {"python": version, "jobs": [{"output", "compiled", "kept_source", "other"}]}
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadPyodide } from "pyodide";

const here = dirname(fileURLToPath(import.meta.url));
// An error's message only: Node would print the minified line of Pyodide where it was thrown.
process.on("uncaughtException", (error) => {
  console.error(`sitebuild/pyc/compile.mjs: ${error && error.message}`);
  process.exit(1);
});
const { jobs } = JSON.parse(readFileSync(process.argv[2], "utf-8"));
const pyodide = await loadPyodide();
pyodide.FS.mkdirTree("/pyc");
pyodide.FS.writeFile("/pyc/compile_zip.py", readFileSync(join(here, "compile_zip.py")));
pyodide.runPython("import sys; sys.path.insert(0, '/pyc')");
const compileZip = pyodide.pyimport("compile_zip").compile_zip;
const done = [];
for (const job of jobs) {
  pyodide.FS.writeFile("/pyc/in.zip", readFileSync(job.input));
  const result = compileZip("/pyc/in.zip", "/pyc/out.zip", job.location, pyodide.toPy(job.keep || []),
                            job.only ? pyodide.toPy(job.only) : undefined);
  const counts = result.toJs({ dict_converter: Object.fromEntries });
  result.destroy();
  writeFileSync(job.output, pyodide.FS.readFile("/pyc/out.zip"));
  done.push({ output: job.output, ...counts });
}
const python = pyodide.runPython("import sys; sys.version.split()[0]");
console.log(JSON.stringify({ pyodide: pyodide.version, python, jobs: done }));
