// Runs the guide's tests (tests/guide) inside real Pyodide under Node.
//
// Pyodide comes from node_modules (npm, pinned in package.json); the pure wheels of pytest,
// its needs, Jinja2 and MarkupSafe come from var/wheels (tests/pyodide/fetch_wheels.py). The
// guide package and its tests are written into Pyodide's file system as they are in the work
// tree, compiled catalogs included. Nothing is fetched from a CDN: every wheel is unpacked
// from a local file. Exit code: pytest's (0 when every test passed).
//
//   node tests/pyodide/run_tests.mjs [pytest arguments...]
import { readdirSync, readFileSync, statSync, existsSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { loadPyodide } from "pyodide";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const wheels = resolve(process.env.PYODIDE_WHEELS ?? join(root, "var", "wheels"));
const work = "/work";   // the repository's place inside Pyodide

function fail(message) {
  console.error(`run_tests.mjs: ${message}`);
  process.exit(2);
}

const wheelFiles = existsSync(wheels) ? readdirSync(wheels).filter((name) => name.endsWith("-py3-none-any.whl")) : [];
for (const needed of ["pytest", "pluggy", "iniconfig", "packaging", "pygments", "jinja2", "markupsafe"]) {
  if (!wheelFiles.some((name) => name.toLowerCase().startsWith(`${needed}-`))) {
    fail(`no ${needed} wheel in ${wheels}: run tests/pyodide/fetch_wheels.py`);
  }
}
// Every language with a guide catalog in locales/ (French, the source, needs none).
const translated = readdirSync(join(root, "locales")).filter((lang) => existsSync(join(root, "locales", lang, "LC_MESSAGES", "guide.po")));
for (const lang of translated) {
  if (!existsSync(join(root, "guide", "locales", lang, "LC_MESSAGES", "guide.mo"))) {
    fail(`guide/locales/${lang}/LC_MESSAGES/guide.mo is missing: run make catalogs-compile`);
  }
}

const started = Date.now();
const pyodide = await loadPyodide();
// Raw output, so that pytest's progress dots stay on one line.
pyodide.setStdout({ write: (bytes) => process.stdout.write(bytes) && bytes.length });
pyodide.setStderr({ write: (bytes) => process.stderr.write(bytes) && bytes.length });
console.log(`Pyodide ${pyodide.version} (Python ${pyodide.runPython("import sys; sys.version.split()[0]")}) ready in ${Date.now() - started} ms`);

const sitePackages = pyodide.runPython("import sysconfig; sysconfig.get_paths()['purelib']");
for (const name of wheelFiles) {
  pyodide.unpackArchive(new Uint8Array(readFileSync(join(wheels, name))), "wheel", { extractDir: sitePackages });
}

// Copy a folder of the work tree into Pyodide, leaving out caches.
function copyTree(from, to) {
  pyodide.FS.mkdirTree(to);
  for (const name of readdirSync(from)) {
    if (name === "__pycache__" || name.startsWith(".")) continue;
    const source = join(from, name);
    const target = `${to}/${name}`;
    if (statSync(source).isDirectory()) copyTree(source, target);
    else pyodide.FS.writeFile(target, readFileSync(source));
  }
}
copyTree(join(root, "guide"), `${work}/guide`);
copyTree(join(root, "tests", "guide"), `${work}/tests/guide`);
pyodide.FS.writeFile(`${work}/tests/__init__.py`, "");
pyodide.FS.mkdirTree(`${work}/docs`);
pyodide.FS.writeFile(`${work}/docs/README.md`, readFileSync(join(root, "docs", "README.md")));

const args = process.argv.slice(2);
pyodide.globals.set("pytest_args", pyodide.toPy([
  "-q", "-p", "no:cacheprovider", "--rootdir", work, ...(args.length ? args : ["tests/guide"]),
]));
let exitCode;
try {
  exitCode = await pyodide.runPythonAsync(`
import os, sys
os.chdir("${work}")
sys.path.insert(0, "${work}")
import pytest
int(pytest.main(list(pytest_args)))
`);
} catch (error) {
  fail(error.message);   // a Python error outside the tests: show it, not Pyodide's own stack
}
console.log(`Pyodide run: pytest exit code ${exitCode}, ${((Date.now() - started) / 1000).toFixed(1)} s in all`);
process.exit(exitCode);
