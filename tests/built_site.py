"""The built site the tests read, built once for every test process and reused while its inputs
are the same.

A build takes a while on two cores; pytest-xdist's workers each have their own session, and the
inner loop runs the same tests again and again on an unchanged tree. So the site is built into
var/test-site/<fingerprint>/, where the fingerprint hashes every file the build reads (every
folder of the repository but the tests', the benchmarks' and the generated ones) and the settings
it takes from the environment. The first process builds under a lock; the others wait and reuse
it. A change to a page, a template or the build's code makes a new fingerprint, hence a new build.
Older builds are removed (only the newest few are kept). When the tests collected need the site
and it is not built yet, a process of its own starts the build at once (start_building), and the
tests that need no site run meanwhile.

The sites of edited copies of the tree (tests/translations) and of another fund's site.toml
(tests/site/test_rebrand.py) are kept the same way, under var/test-variants/, keyed by the
copy's files, settings and the day (built_variant): the inner loop builds them once, not at every
run. A copy's French changes are not committed, so its notices date them today.
"""
from __future__ import annotations

import datetime
import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

from filelock import FileLock

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "var" / "test-site"
VARIANTS = ROOT / "var" / "test-variants"
KEEP = 2
KEEP_VARIANTS = 8     # the translations' three copies and the rebrand, before and after a change
# What the build does not read: the tests, the benchmarks, what the build or the set-up writes.
NOT_INPUTS = {".git", ".venv", "node_modules", "var", "site", "site.partial", "tests", "bench", ".ci",
              ".pytest_cache", ".hypothesis", "test-results", "build", "dist",
              "README.md", "Makefile", ".gitignore", "babel.cfg"}
NOT_INPUT_PARTS = {"__pycache__", ".pytest_cache", ".hypothesis"}
# The npm package the build copies the runtime from (its version is in package-lock.json, but
# node_modules may lag it until `npm ci` runs again).
PYODIDE_PACKAGE = ROOT / "node_modules" / "pyodide" / "package.json"
ENVIRONMENT = ("SITE_URL", "PORT", "CONNECT_HELP_CONFIG")


def _input_files(root: Path = ROOT) -> list[Path]:
    files = []
    for top in sorted(root.iterdir()):
        if top.name in NOT_INPUTS or top.name.endswith(".egg-info"):
            continue
        if top.is_file():
            files.append(top)
            continue
        for folder, folders, names in os.walk(top):
            folders[:] = sorted(name for name in folders if name not in NOT_INPUT_PARTS)
            files.extend(Path(folder) / name for name in sorted(names) if not name.endswith(".pyc"))
    pyodide_package = root / PYODIDE_PACKAGE.relative_to(ROOT)     # a copy links this checkout's
    if pyodide_package.exists():
        files.append(pyodide_package)
    return files


def fingerprint(root: Path = ROOT, environ: Mapping[str, str] = os.environ, salt: str = "") -> str:
    """A hash of the build's inputs: every file's path and content under `root`, and its settings."""
    digest = hashlib.sha256(salt.encode() + b"\0")
    for path in _input_files(root):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    for name in ENVIRONMENT:
        digest.update(f"{name}={environ.get(name, '')}\0".encode())
    return digest.hexdigest()[:20]


def _remove_older_builds(folder: Path, keep: Path, count: int = KEEP) -> None:
    builds = sorted((path for path in folder.iterdir() if path.is_dir() and path != keep),
                    key=lambda path: path.stat().st_mtime, reverse=True)
    for old in builds[count - 1:]:
        shutil.rmtree(old, ignore_errors=True)
        old.with_suffix(".lock").unlink(missing_ok=True)


def built_site() -> Path:
    """The site for the tree as it is: built now, or by an earlier process for the same inputs."""
    from sitebuild.build import build_site

    CACHE.mkdir(parents=True, exist_ok=True)
    target = CACHE / fingerprint()
    with FileLock(str(CACHE / "build.lock")):
        if not (target / "index.html").exists():
            build_site(site_dir=target)      # built beside the target and moved into place whole
            _remove_older_builds(CACHE, target)
        os.utime(target)                     # the newest use: kept
    return target


def built_variant(tree: Path, build: Callable[[Path], object], *, environ: Mapping[str, str] = os.environ,
                  salt: str = "") -> Path:
    """The site of `tree` (this checkout or an edited copy of it) as `build(target)` builds it into
    `target`, or as an earlier run built it from the same files, settings (`environ`, `salt`: what
    else the build reads, such as another site.toml) and day. Read it, never write it."""
    VARIANTS.mkdir(parents=True, exist_ok=True)
    target = VARIANTS / fingerprint(tree, environ, salt=f"{salt}\0{datetime.date.today().isoformat()}")
    with FileLock(str(target.with_suffix(".lock"))):
        if not (target / "index.html").exists():
            build(target)                    # the build writes beside the target and moves it into place
        os.utime(target)
    _remove_older_builds(VARIANTS, target, KEEP_VARIANTS)     # (two removing one folder: both ignore errors)
    return target


def start_building() -> subprocess.Popen | None:
    """The build of the tree's site started in the background, unless it is built already."""
    if (CACHE / fingerprint() / "index.html").exists():
        return None
    CACHE.mkdir(parents=True, exist_ok=True)
    with open(CACHE / "background-build.log", "ab") as log:   # a failed build fails again in the test
        return subprocess.Popen([sys.executable, "-m", "tests.built_site"], cwd=ROOT, stdout=log,
                                stderr=subprocess.STDOUT)


if __name__ == "__main__":
    built_site()
