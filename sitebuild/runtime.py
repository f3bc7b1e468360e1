"""The decision guide's browser runtime, copied into the built site once for every language:

    site/_runtime/pyodide/<hash>/     the Pyodide core pinned in package-lock.json (node_modules)
    site/_runtime/stdlib/<hash>/      Python's standard library as bytecode (python_stdlib.zip)
    site/_runtime/wheels/<hash>/      the guide as a wheel, built here, and the pure wheels it
                                      needs (Jinja2, MarkupSafe) from var/wheels (`make setup`),
                                      all three as bytecode
    site/_runtime/snapshot/<hash>/    Pyodide's memory with the guide imported, taken at build
                                      time (sitebuild/memory_snapshot.py), packed: the worker
                                      starts from it, or normally when it does not load
    site/_runtime/guide-runtime.json  what the worker loads: those files, the fund's details and
                                      the site's address (the requests' reference line) and
                                      where each translation of the guide lags the French
                                      (sitebuild/fingerprint.py gives it a hashed name)

Bytecode: the standard library and the wheels are compiled by Pyodide's own CPython, inside
Pyodide under Node (sitebuild/pyc/), to unchecked-hash .pyc files that replace the .py files:
Python starts without compiling anything, and the same sources give the same bytes.

Every folder is named after a hash of what it holds, so a browser may keep it for good
(server/site.py sends such files `immutable`); a change gives a new name, and the old folder
is gone (the whole _runtime/ is written anew).

The worker (overrides/assets/javascripts/guide/worker.js) reads guide-runtime.json and loads
everything from these files: no package is ever asked for by name, so Pyodide never turns to
its CDN. The wheels are not unpacked: each goes as it is into Pyodide's file system under
`wheels_location` before Python starts, and on sys.path (guide/wheels.mjs), so Python imports
their bytecode from the zips as it does the standard library's. A missing piece fails the build
with the command that provides it.
"""
from __future__ import annotations

import base64
import contextlib
import hashlib
import importlib.metadata
import json
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

from sitebuild.build_cache import making, store
from sitebuild.memory_snapshot import FILE_NAME as SNAPSHOT_FILE, SNAPSHOT_CACHE, make_snapshot

ROOT = Path(__file__).resolve().parent.parent
RUNTIME_DIR = "_runtime"
MANIFEST = "guide-runtime.json"
PYODIDE = ROOT / "node_modules" / "pyodide"
WHEELS = ROOT / "var" / "wheels"
GUIDE = ROOT / "guide"

COMPILER = Path(__file__).resolve().parent / "pyc" / "compile.mjs"
# Compiled outputs by the hash of everything that goes into them (the compiler, Pyodide, each job's
# input and options): the bytes are the same on every build, so a rebuild copies them instead of
# starting Pyodide under Node again. `make clean` empties it.
BYTECODE_CACHE = ROOT / "var" / "cache" / "bytecode"
# What loadPyodide fetches from its indexURL; the rest of the npm package (Node's CommonJS
# build, type declarations, source maps, consoles) is not needed in a browser. The standard
# library comes from its own folder, compiled (loadPyodide's stdLibURL).
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "pyodide-lock.json")
STDLIB = "python_stdlib.zip"
# Where the code runs inside Pyodide: its file names in tracebacks (Pyodide writes the stdlib
# zip to /lib/python314.zip and imports from it; the worker writes each wheel as it is into
# WHEELS_LOCATION, which the manifest names, and imports from it).
STDLIB_LOCATION = "/lib/python314.zip"
WHEELS_LOCATION = "/lib/wheels"
# The stdlib's top-level modules and packages the guide needs (`make stdlib-keep` writes it;
# tests/pyodide checks it): the browser's stdlib zip holds these only.
STDLIB_KEEP = Path(__file__).resolve().parent / "pyc" / "stdlib-keep.txt"
HASH_LENGTH = 16
# The guide's own needs on Pyodide (its imports beyond the standard library).
DEPENDENCIES = ("jinja2", "markupsafe")
# The guide's package data, as in pyproject.toml's package-data; *.py for the modules (all of which
# run in the browser: build-only code lives in sitebuild/, tests/site/test_browser_wheel.py checks).
GUIDE_SUFFIXES = (".py", ".toml", ".j2", ".mo")
WHEEL_NAME = "connect_help_guide"
# Fixed timestamps: the same sources give the same wheel, byte for byte (and the same ETag).
ZIP_DATE = (1980, 1, 1, 0, 0, 0)


class MissingRuntimePiece(RuntimeError):
    """A piece of the browser runtime is missing; the message says how to get it."""


def pinned_pyodide_version() -> str:
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    return lock["packages"]["node_modules/pyodide"]["version"]


def check_pyodide() -> str:
    """The pinned Pyodide's version, once node_modules holds it."""
    pinned = pinned_pyodide_version()
    package = PYODIDE / "package.json"
    if not package.is_file():
        raise MissingRuntimePiece("node_modules/pyodide is missing: run `npm ci` (or `make setup`)")
    installed = json.loads(package.read_text(encoding="utf-8"))["version"]
    if installed != pinned:
        raise MissingRuntimePiece(f"node_modules has pyodide {installed}, package-lock.json pins {pinned}: run `npm ci`")
    return pinned


def content_hash(*files: Path) -> str:
    """A short hash of the files' names and bytes: the name of the folder that holds them."""
    digest = hashlib.sha256()
    for path in sorted(files, key=lambda path: path.name):
        data = path.read_bytes()
        digest.update(f"{path.name}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()[:HASH_LENGTH]


def place(files: list[Path], runtime: Path, group: str) -> str:
    """Copies `files` into runtime/group/<their hash>/; that folder, relative to runtime."""
    folder = f"{group}/{content_hash(*files)}"
    (runtime / folder).mkdir(parents=True, exist_ok=True)
    for path in files:
        shutil.copyfile(path, runtime / folder / path.name)
    return folder


def stdlib_keep() -> list[str]:
    lines = STDLIB_KEEP.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def cached_compile_to_bytecode(jobs: list[dict], cache: Path | None = BYTECODE_CACHE) -> None:
    """compile_to_bytecode, each job's output from `cache` when the same inputs were compiled
    before: a change to the guide compiles the guide's wheel again, not the standard library."""
    if cache is None:
        compile_to_bytecode(jobs)
        return
    compiler = hashlib.sha256()
    for part in (COMPILER.read_bytes(), (PYODIDE / "pyodide.asm.wasm").read_bytes()):
        compiler.update(hashlib.sha256(part).digest())
    entries = [cache / _job_key(compiler.digest(), job) for job in jobs]
    missing = {entry: job for entry, job in zip(entries, jobs, strict=True) if not entry.is_file()}
    with contextlib.ExitStack() as held:
        for entry in sorted(missing):      # in one order: two builds never wait on each other
            held.enter_context(making(entry))
        still = {entry: job for entry, job in missing.items() if not entry.is_file()}  # else made meanwhile
        if still:
            compile_to_bytecode(list(still.values()))
            for entry, job in still.items():
                store(entry, Path(job["output"]).read_bytes())
    for entry, job in zip(entries, jobs, strict=True):
        shutil.copyfile(entry, job["output"])


def _job_key(compiler: bytes, job: dict) -> str:
    key = hashlib.sha256(compiler)
    key.update(hashlib.sha256(Path(job["input"]).read_bytes()).digest())
    options = {name: value for name, value in job.items() if name not in ("input", "output")}
    key.update(json.dumps(options, sort_keys=True).encode())
    return key.hexdigest()[:32]


def compile_to_bytecode(jobs: list[dict]) -> dict:
    """Runs sitebuild/pyc/compile.mjs on `jobs` (input, output, location); its report."""
    node = shutil.which("node")
    if node is None:
        raise MissingRuntimePiece("node is not installed: the build compiles Python inside Pyodide under Node 20+")
    with tempfile.TemporaryDirectory() as work:
        listing = Path(work) / "jobs.json"
        listing.write_text(json.dumps({"jobs": jobs}), encoding="utf-8")
        run = subprocess.run([node, str(COMPILER), str(listing)], cwd=ROOT, capture_output=True, text=True)
    if run.returncode != 0:
        # Node prints the minified line where an error was thrown: keep the readable lines only.
        readable = "\n".join(line for line in run.stderr.splitlines() if len(line) < 500)
        raise RuntimeError(f"compiling to bytecode inside Pyodide failed:\n{readable[-3000:]}")
    return json.loads(run.stdout.strip().splitlines()[-1])


def dependency_wheel(name: str) -> Path:
    """The pure wheel of a dependency at the version this build runs with (requirements/serve.txt)."""
    version = importlib.metadata.version(name)
    prefix = f"{name}-{version}-".lower()
    found = sorted(path for path in WHEELS.glob("*-py3-none-any.whl") if path.name.lower().startswith(prefix))
    if not found:
        raise MissingRuntimePiece(f"no pure wheel of {name} {version} in var/wheels: run `make setup`")
    return found[-1]


def _guide_files() -> list[tuple[str, Path]]:
    files = sorted(path for path in GUIDE.rglob("*")
                   if path.is_file() and path.suffix in GUIDE_SUFFIXES and "__pycache__" not in path.parts)
    return [(path.relative_to(GUIDE.parent).as_posix(), path) for path in files]


def _check_catalogs() -> None:
    """Every compiled catalog is there to go into the wheel (MissingCatalog says how to make it)."""
    from guide.i18n import languages, translations

    for lang in languages():
        translations(lang)


def _record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def build_guide_wheel(target: Path) -> Path:
    """The guide package alone (modules, tree, templates, compiled catalogs) as a pure wheel,
    with its templates also as Jinja2 compiles them (guide/render.py)."""
    _check_catalogs()
    from guide.render import COMPILED_TEMPLATES, compile_templates

    version = importlib.metadata.version("connect-help")
    dist_info = f"{WHEEL_NAME}-{version}.dist-info"
    entries = [(name, path.read_bytes()) for name, path in _guide_files()]
    # The templates as Jinja2 compiles them: the browser imports them (guide/render.py).
    entries += [(f"guide/{COMPILED_TEMPLATES}/{name}", source.encode())
                for name, source in compile_templates().items()]
    entries.append((f"{dist_info}/METADATA", (
        f"Metadata-Version: 2.1\nName: {WHEEL_NAME}\nVersion: {version}\n"
        "Summary: The connect decision guide, for the browser (Pyodide)\n"
        "Requires-Dist: jinja2\n").encode()))
    entries.append((f"{dist_info}/WHEEL", (
        "Wheel-Version: 1.0\nGenerator: connect-help sitebuild\nRoot-Is-Purelib: true\n"
        "Tag: py3-none-any\n").encode()))
    record = "".join(_record_line(name, data) + "\n" for name, data in entries) + f"{dist_info}/RECORD,,\n"
    entries.append((f"{dist_info}/RECORD", record.encode()))
    target.mkdir(parents=True, exist_ok=True)
    wheel = target / f"{WHEEL_NAME}-{version}-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return wheel


def copy_runtime(site_dir: Path, fund: dict, bytecode_cache: Path | None = BYTECODE_CACHE,
                 site: dict | None = None, translations: dict | None = None,
                 snapshot_cache: Path | None = SNAPSHOT_CACHE, snapshot: bool = True) -> Path:
    """Everything the guide needs in the browser, under site_dir/_runtime/; the folder. `fund`
    and `site` (where the site is published, guide.reference.SiteAddress) go into the manifest.
    `bytecode_cache=None` compiles inside Pyodide whatever was compiled before. `translations`:
    per language, the guide's texts whose translation lags the French (guide.translation), so
    that the steps rendered in the browser show the notices the static pages show.
    `snapshot_cache=None` takes the memory snapshot anew; `snapshot=False` takes none (the
    worker then starts Python normally)."""
    runtime = site_dir / RUNTIME_DIR
    if runtime.exists():
        shutil.rmtree(runtime)
    runtime.mkdir(parents=True)
    version = check_pyodide()
    with tempfile.TemporaryDirectory() as work:
        sources = Path(work) / "sources"
        compiled = Path(work) / "compiled"
        compiled.mkdir()
        wheels = [build_guide_wheel(sources)] + [dependency_wheel(name) for name in DEPENDENCIES]
        jobs = [{"input": str(PYODIDE / STDLIB), "output": str(compiled / STDLIB), "location": STDLIB_LOCATION,
                 "only": stdlib_keep()}]
        jobs += [{"input": str(wheel), "output": str(compiled / wheel.name),
                  "location": f"{WHEELS_LOCATION}/{wheel.name}"} for wheel in wheels]
        cached_compile_to_bytecode(jobs, bytecode_cache)
        index = place([PYODIDE / name for name in PYODIDE_FILES], runtime, "pyodide")
        stdlib = place([compiled / STDLIB], runtime, "stdlib")
        placed = [f"{place([compiled / wheel.name], runtime, 'wheels')}/{wheel.name}" for wheel in wheels]
        # From the very zips the browser gets (the snapshot's importers know their entries), on
        # sys.path in the manifest's order, as the worker's normal start places them.
        in_order = [compiled / wheel.name for _, wheel in sorted(zip(placed, wheels))]
        memory = Path(work) / SNAPSHOT_FILE
        length = make_snapshot(compiled / STDLIB, in_order, WHEELS_LOCATION, memory, snapshot_cache) if snapshot else 0
        # snapshot_bytes: its length unpacked (guide/snapshot.mjs checks it).
        taken = {"snapshot": f"{place([memory], runtime, 'snapshot')}/{SNAPSHOT_FILE}",
                 "snapshot_bytes": length} if snapshot else {}
    manifest = {
        "pyodide": {"version": version, "index": f"{index}/", "stdlib": f"{stdlib}/{STDLIB}", **taken},
        "wheels": sorted(placed),
        "wheels_location": WHEELS_LOCATION,
        "fund": fund,
        "translations": translations or {},
        **({"site": site} if site else {}),
    }
    (runtime / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return runtime
