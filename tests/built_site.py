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
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

from filelock import FileLock

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "var" / "test-site"
KEEP = 2
# What the build does not read: the tests, the benchmarks, what the build or the set-up writes.
NOT_INPUTS = {".git", ".venv", "node_modules", "var", "site", "site.partial", "tests", "bench", ".ci",
              ".pytest_cache", ".hypothesis", "test-results", "build", "dist",
              "README.md", "Makefile", ".gitignore", "babel.cfg"}
NOT_INPUT_PARTS = {"__pycache__", ".pytest_cache", ".hypothesis"}
# The npm package the build copies the runtime from (its version is in package-lock.json, but
# node_modules may lag it until `npm ci` runs again).
PYODIDE_PACKAGE = ROOT / "node_modules" / "pyodide" / "package.json"
ENVIRONMENT = ("SITE_URL", "PORT", "CONNECT_HELP_CONFIG")


def _input_files() -> list[Path]:
    files = []
    for top in sorted(ROOT.iterdir()):
        if top.name in NOT_INPUTS or top.name.endswith(".egg-info"):
            continue
        if top.is_file():
            files.append(top)
            continue
        for folder, folders, names in os.walk(top):
            folders[:] = sorted(name for name in folders if name not in NOT_INPUT_PARTS)
            files.extend(Path(folder) / name for name in sorted(names) if not name.endswith(".pyc"))
    if PYODIDE_PACKAGE.exists():
        files.append(PYODIDE_PACKAGE)
    return files


def fingerprint() -> str:
    """A hash of the build's inputs: every file's path and content, and its settings."""
    digest = hashlib.sha256()
    for path in _input_files():
        digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    for name in ENVIRONMENT:
        digest.update(f"{name}={os.environ.get(name, '')}\0".encode())
    return digest.hexdigest()[:20]


def _remove_older_builds(keep: Path) -> None:
    builds = sorted((path for path in CACHE.iterdir() if path.is_dir() and path != keep),
                    key=lambda path: path.stat().st_mtime, reverse=True)
    for old in builds[KEEP - 1:]:
        shutil.rmtree(old, ignore_errors=True)


def built_site() -> Path:
    """The site for the tree as it is: built now, or by an earlier process for the same inputs."""
    from sitebuild.build import build_site

    CACHE.mkdir(parents=True, exist_ok=True)
    target = CACHE / fingerprint()
    with FileLock(str(CACHE / "build.lock")):
        if not (target / "index.html").exists():
            build_site(site_dir=target)      # built beside the target and moved into place whole
            _remove_older_builds(target)
        os.utime(target)                     # the newest use: kept
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
