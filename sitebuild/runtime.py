"""The decision guide's browser runtime, copied into the built site once for every language:

    site/_runtime/pyodide/   the Pyodide core pinned in package-lock.json (from node_modules)
    site/_runtime/wheels/    the guide as a wheel, built here, and the pure wheels it needs
                             (Jinja2, MarkupSafe) from var/wheels (fetched by `make setup`)
    site/_runtime/guide-runtime.json   what the worker loads: those files, and the fund's details

The worker (overrides/assets/javascripts/guide/worker.js) reads guide-runtime.json and loads
everything from these files: no package is ever asked for by name, so Pyodide never turns to
its CDN. A missing piece fails the build with the command that provides it.
"""
from __future__ import annotations

import base64
import hashlib
import importlib.metadata
import json
import shutil
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNTIME_DIR = "_runtime"
MANIFEST = "guide-runtime.json"
PYODIDE = ROOT / "node_modules" / "pyodide"
WHEELS = ROOT / "var" / "wheels"
GUIDE = ROOT / "guide"

# What loadPyodide fetches from its indexURL; the rest of the npm package (Node's CommonJS
# build, type declarations, source maps, consoles) is not needed in a browser.
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")
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


def copy_pyodide(target: Path) -> str:
    """The pinned Pyodide core into `target`; its version."""
    pinned = pinned_pyodide_version()
    package = PYODIDE / "package.json"
    if not package.is_file():
        raise MissingRuntimePiece("node_modules/pyodide is missing: run `npm ci` (or `make setup`)")
    installed = json.loads(package.read_text(encoding="utf-8"))["version"]
    if installed != pinned:
        raise MissingRuntimePiece(f"node_modules has pyodide {installed}, package-lock.json pins {pinned}: run `npm ci`")
    target.mkdir(parents=True, exist_ok=True)
    for name in PYODIDE_FILES:
        shutil.copyfile(PYODIDE / name, target / name)
    return pinned


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
    """The guide package alone (modules, tree, templates, compiled catalogs) as a pure wheel."""
    _check_catalogs()
    version = importlib.metadata.version("connect-help")
    dist_info = f"{WHEEL_NAME}-{version}.dist-info"
    entries = [(name, path.read_bytes()) for name, path in _guide_files()]
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


def copy_runtime(site_dir: Path, fund: dict) -> Path:
    """Everything the guide needs in the browser, under site_dir/_runtime/; the folder."""
    runtime = site_dir / RUNTIME_DIR
    if runtime.exists():
        shutil.rmtree(runtime)
    version = copy_pyodide(runtime / "pyodide")
    wheels = [build_guide_wheel(runtime / "wheels")]
    for name in DEPENDENCIES:
        source = dependency_wheel(name)
        shutil.copyfile(source, runtime / "wheels" / source.name)
        wheels.append(runtime / "wheels" / source.name)
    manifest = {
        "pyodide": {"version": version, "index": "pyodide/"},
        "wheels": sorted(wheel.relative_to(runtime).as_posix() for wheel in wheels),
        "fund": fund,
    }
    (runtime / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return runtime
