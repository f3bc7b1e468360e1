// Runs the guide's tests (tests/guide) inside real Pyodide under Node, on exactly the files a
// browser gets: the built site's runtime manifest (site/_runtime/guide-runtime.<hash>.json)
// names the Pyodide core, the bytecode standard library and the guide's three bytecode wheels
// (guide, Jinja2, MarkupSafe); they are loaded as the worker loads them. Only the test tools
// (pytest and its needs) come from var/wheels (tests/pyodide/fetch_wheels.py), and the tests
// themselves from the work tree. Nothing is fetched from a CDN: every wheel is unpacked from a
// local file. Exit code: pytest's (0 when every test passed).
//
//   GUIDE_RUNTIME_MANIFEST=site/_runtime/guide-runtime.<hash>.json \
//     node tests/pyodide/run_tests.mjs [pytest arguments...]
// (without GUIDE_RUNTIME_MANIFEST: the one in site/, from `make site`)
// GUIDE_START=snapshot: Pyodide starts from the manifest's memory snapshot (the guide imported
// at build time, sitebuild/memory_snapshot.py), as the worker does, instead of the normal start.
import { readdirSync, readFileSync, statSync, existsSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { loadPyodide } from "pyodide";
import { unpackSnapshot } from "../../overrides/assets/javascripts/guide/snapshot.mjs";
import { wheelOptions } from "../../overrides/assets/javascripts/guide/wheels.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const wheels = resolve(process.env.PYODIDE_WHEELS ?? join(root, "var", "wheels"));
const work = "/work";   // the repository's place inside Pyodide

function fail(message) {
  console.error(`run_tests.mjs: ${message}`);
  process.exit(2);
}

const TEST_TOOLS = ["pytest", "pluggy", "iniconfig", "packaging", "pygments"];
const toolWheels = (existsSync(wheels) ? readdirSync(wheels) : []).filter((name) =>
  name.endsWith("-py3-none-any.whl") && TEST_TOOLS.some((tool) => name.toLowerCase().startsWith(`${tool}-`)));
for (const needed of TEST_TOOLS) {
  if (!toolWheels.some((name) => name.toLowerCase().startsWith(`${needed}-`))) {
    fail(`no ${needed} wheel in ${wheels}: run tests/pyodide/fetch_wheels.py`);
  }
}

function builtManifest() {
  const folder = join(root, "site", "_runtime");
  const found = existsSync(folder) ? readdirSync(folder).filter((name) => /^guide-runtime\.[0-9a-f]+\.json$/.test(name)) : [];
  if (found.length !== 1) fail("no runtime manifest in site/_runtime: run make site (or set GUIDE_RUNTIME_MANIFEST)");
  return join(folder, found[0]);
}
const manifestPath = resolve(process.env.GUIDE_RUNTIME_MANIFEST ?? builtManifest());
const manifest = JSON.parse(readFileSync(manifestPath, "utf-8"));
const runtimeDir = dirname(manifestPath);

const started = Date.now();
// As the worker does: the core from the manifest's folder, the standard library from its own,
// the guide's wheels as they are, on sys.path (overrides/assets/javascripts/guide/wheels.mjs).
// The test tools go into site-packages (unpacked: no sysconfig in the browser's stdlib to ask).
const guideWheels = wheelOptions(manifest, manifest.wheels.map((wheel) => readFileSync(join(runtimeDir, wheel))));
let sitePackages = null;
const fromSnapshot = process.env.GUIDE_START === "snapshot";
if (fromSnapshot && !manifest.pyodide.snapshot) fail("GUIDE_START=snapshot, but the manifest names no snapshot");
const pyodide = await loadPyodide({
  ...(fromSnapshot ? { _loadSnapshot: unpackSnapshot(readFileSync(join(runtimeDir, manifest.pyodide.snapshot)),
                                                    manifest.pyodide.snapshot_bytes) } : {}),
  indexURL: join(runtimeDir, manifest.pyodide.index) + "/",
  stdLibURL: join(runtimeDir, manifest.pyodide.stdlib),
  env: guideWheels.env,
  fsInit: async (FS, info) => {
    sitePackages = info.sitePackages;
    await guideWheels.fsInit(FS);
  },
});
// Raw output, so that pytest's progress dots stay on one line.
pyodide.setStdout({ write: (bytes) => process.stdout.write(bytes) && bytes.length });
pyodide.setStderr({ write: (bytes) => process.stderr.write(bytes) && bytes.length });
// Which modules Python holds before anything runs: from the snapshot, the guide's already.
const holds = pyodide.runPython("import sys; 'guide.browser' in sys.modules and 'jinja2' in sys.modules");
console.log(`Pyodide ${pyodide.version} (Python ${pyodide.runPython("import sys; sys.version.split()[0]")}) ready in ${Date.now() - started} ms, ` +
            `${fromSnapshot ? "from the memory snapshot" : "normal start"}, guide imported at start: ${holds ? "yes" : "no"}`);

for (const name of toolWheels) {
  pyodide.unpackArchive(new Uint8Array(readFileSync(join(wheels, name))), "wheel", { extractDir: sitePackages });
}
// The browser's stdlib zip holds only what the guide needs (sitebuild/pyc/stdlib-keep.txt).
// pytest needs more: the rest of Pyodide's own standard library comes after it on sys.path,
// and a guard notes every import made by the guide, Jinja2 or MarkupSafe (or by the stdlib on
// their behalf) of a stdlib module the browser's zip left out: the run fails on any.
pyodide.FS.mkdirTree("/tools");
pyodide.FS.writeFile("/tools/python_stdlib.zip", readFileSync(join(root, "node_modules", "pyodide", "python_stdlib.zip")));
pyodide.runPython(`
import builtins, importlib, importlib.util, sys, zipfile

def _top(name):
    return name.split("/")[0].removesuffix(".pyc").removesuffix(".py")

with zipfile.ZipFile("/lib/python314.zip") as browser_zip:
    _browser_tops = {_top(name) for name in browser_zip.namelist()}
with zipfile.ZipFile("/tools/python_stdlib.zip") as source, zipfile.ZipFile("/tools/stdlib-tools.zip", "w") as tools:
    for info in source.infolist():
        if _top(info.filename) not in _browser_tops:
            tools.writestr(info, source.read(info))
    _tools_tops = {_top(info.filename) for info in tools.infolist()}
sys.path.append("/tools/stdlib-tools.zip")

_BROWSER_CODE = ("${manifest.wheels_location}/",)   # the code compiled for the guide's wheels
_PASS_THROUGH = ("<frozen", "/lib/python314.zip/", "/tools/")
guide_imports_outside_the_runtime = set()

def _for_the_browser(frame):
    while frame is not None:
        name = frame.f_code.co_filename
        if name.startswith(_BROWSER_CODE):
            return True
        if not name.startswith(_PASS_THROUGH):
            return False
        frame = frame.f_back
    return False

def _note(name, package, level, frame):
    absolute = importlib.util.resolve_name("." * level + name, package) if level else name
    if absolute.split(".")[0] in _tools_tops and _for_the_browser(frame):
        guide_imports_outside_the_runtime.add(absolute)

_import = builtins.__import__
def _guarded_import(name, globals=None, locals=None, fromlist=(), level=0):
    _note(name, (globals or {}).get("__package__"), level, sys._getframe(1))
    return _import(name, globals, locals, fromlist, level)
builtins.__import__ = _guarded_import

_import_module = importlib.import_module
def _guarded_import_module(name, package=None):
    level = len(name) - len(name.lstrip("."))
    _note(name.lstrip("."), package, level, sys._getframe(1))
    return _import_module(name, package)
importlib.import_module = _guarded_import_module
`);

// Where the code under test comes from: the manifest's bytecode, not a source tree.
console.log(pyodide.runPython(`
import importlib, json
lines = []
for name in ("guide.browser", "jinja2", "markupsafe", "json", "zipfile"):
    module = importlib.import_module(name)
    lines.append(f"loaded {name} from {module.__file__} by {type(module.__spec__.loader).__name__}")
"\\n".join(lines)
`));

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
const outside = pyodide.runPython("sorted(guide_imports_outside_the_runtime)").toJs();
console.log(`browser imports outside the runtime's stdlib: ${outside.length ? outside.join(", ") : "none"}`);
if (outside.length && exitCode === 0) exitCode = 3;
console.log(`Pyodide run: pytest exit code ${exitCode}, ${((Date.now() - started) / 1000).toFixed(1)} s in all`);
process.exit(exitCode);
