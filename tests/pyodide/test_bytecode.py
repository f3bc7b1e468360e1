"""The runtime's bytecode (sitebuild/pyc/, sitebuild/runtime.py): compiled by Pyodide's own
CPython 3.14 under Node, unchecked-hash pycs in place of the sources, the same bytes on every
build."""
import base64
import hashlib
import importlib.util
import json
import os
import re
import subprocess
import zipfile
from pathlib import Path

import pytest

from sitebuild.memory_snapshot import SnapshotFailed
from sitebuild.runtime import copy_runtime

pytestmark = pytest.mark.pyodide
ROOT = Path(__file__).resolve().parents[2]

FUND = {"name": {"fr": "Caisse"}, "email": "connect@example.ch"}
UNCHECKED_HASH = 0b01   # PEP 552 flags: hash-based, source not checked


def manifest(runtime: Path) -> dict:
    (path,) = runtime.glob("guide-runtime*.json")
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def filled_cache(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("bytecode-cache")


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory, filled_cache):
    # Both compiled inside Pyodide (the first into an empty cache, which it fills; the second with
    # none): the bytes must not depend on the run.
    first = copy_runtime(tmp_path_factory.mktemp("first"), FUND, bytecode_cache=filled_cache)
    second = copy_runtime(tmp_path_factory.mktemp("second"), FUND, bytecode_cache=None)
    return first, second


def test_two_builds_give_the_same_bytes(two_builds):
    first, second = two_builds
    files = sorted(path.relative_to(first) for path in first.rglob("*") if path.is_file())
    assert files == sorted(path.relative_to(second) for path in second.rglob("*") if path.is_file())
    assert len(files) >= 8
    for name in files:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def cache_entries(cache: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in cache.iterdir() if path.is_file()}


def assert_same_files(built: Path, compiled: Path) -> None:
    files = sorted(path.relative_to(built) for path in built.rglob("*") if path.is_file())
    assert files == sorted(path.relative_to(compiled) for path in compiled.rglob("*") if path.is_file())
    for name in files:
        assert (built / name).read_bytes() == (compiled / name).read_bytes(), name


def test_the_bytecode_cache_gives_the_same_bytes_as_compiling(two_builds, filled_cache, tmp_path):
    """A rebuild copies compiled outputs from var/cache/bytecode, one entry per zip compiled (the
    standard library, each wheel), by the hash of its inputs."""
    first, compiled = two_builds
    # The first build compiled into the empty cache: one entry per zip. (Not compiled anew here:
    # the second build already shows that compiling without a cache gives the same bytes.)
    entries = cache_entries(filled_cache)
    assert len(entries) == 1 + len(manifest(first)["wheels"])
    from_cache = copy_runtime(tmp_path / "from-cache", FUND, bytecode_cache=filled_cache)
    assert cache_entries(filled_cache) == entries
    assert_same_files(from_cache, compiled)
    # One entry missing (as after a change to the guide): that zip alone is compiled again, the
    # same bytes.
    smallest = min(entries, key=lambda name: len(entries[name]))
    (filled_cache / smallest).unlink()
    partly = copy_runtime(tmp_path / "partly", FUND, bytecode_cache=filled_cache)
    assert cache_entries(filled_cache) == entries
    assert_same_files(partly, compiled)


def pyc_header(data: bytes) -> tuple[bytes, int]:
    return data[:4], int.from_bytes(data[4:8], "little")


def test_the_standard_library_is_pyodides_bytecode_and_no_source(two_builds):
    runtime, _ = two_builds
    with zipfile.ZipFile(runtime / manifest(runtime)["pyodide"]["stdlib"]) as archive:
        names = archive.namelist()
        assert "json/__init__.pyc" in names and "zipfile/__init__.pyc" in names and "os.pyc" in names
        assert not [name for name in names if name.endswith(".py")]
        magic, flags = pyc_header(archive.read("os.pyc"))
    assert flags == UNCHECKED_HASH
    # Python 3.14's magic number, not the build machine's CPython's.
    assert magic != importlib.util.MAGIC_NUMBER and magic[2:] == b"\r\n"
    assert int.from_bytes(magic[:2], "little") >= 3600   # 3.14's range starts at 3600


def test_the_wheels_hold_bytecode_only_with_a_valid_record(two_builds):
    runtime, _ = two_builds
    wheels = manifest(runtime)["wheels"]
    assert sorted(Path(wheel).name.split("-")[0] for wheel in wheels) == ["connect_help_guide", "jinja2", "markupsafe"]
    for wheel in wheels:
        with zipfile.ZipFile(runtime / wheel) as archive:
            names = archive.namelist()
            assert not [name for name in names if name.endswith(".py")], wheel
            modules = [name for name in names if name.endswith(".pyc")]
            assert modules and all(pyc_header(archive.read(name))[1] == UNCHECKED_HASH for name in modules)
            (record,) = [name for name in names if name.endswith(".dist-info/RECORD")]
            rows = [line.split(",") for line in archive.read(record).decode().splitlines()]
            assert sorted(row[0] for row in rows) == sorted(names)
            for name, digest, size in rows:
                if name != record:
                    data = archive.read(name)
                    expected = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
                    assert (digest, int(size)) == (f"sha256={expected}", len(data)), name


def test_every_runtime_folder_is_named_after_its_contents(two_builds):
    runtime, _ = two_builds
    data = manifest(runtime)
    folders = [data["pyodide"]["index"].rstrip("/"), str(Path(data["pyodide"]["stdlib"]).parent)]
    folders += [str(Path(wheel).parent) for wheel in data["wheels"]]
    folders.append(str(Path(data["pyodide"]["snapshot"]).parent))
    for folder in folders:
        group, digest = folder.split("/")
        assert group in ("pyodide", "stdlib", "wheels", "snapshot") and len(digest) == 16
        files = sorted((runtime / folder).iterdir())
        hasher = hashlib.sha256()
        for path in files:
            content = path.read_bytes()
            hasher.update(f"{path.name}\0{len(content)}\0".encode() + content)
        assert hasher.hexdigest()[:16] == digest


def test_the_stdlib_keeps_what_the_guide_needs_and_says_what_it_saves(two_builds):
    runtime, _ = two_builds
    from sitebuild.runtime import PYODIDE, STDLIB, stdlib_keep

    kept = stdlib_keep()
    assert {"encodings", "json", "gettext", "zipfile", "asyncio"} <= set(kept)
    with zipfile.ZipFile(runtime / manifest(runtime)["pyodide"]["stdlib"]) as archive:
        tops = {name.split("/")[0].removesuffix(".pyc").removesuffix(".py") for name in archive.namelist()}
    assert tops <= set(kept) and "tkinter" not in tops and "unittest" not in tops and "xml" not in tops
    with zipfile.ZipFile(PYODIDE / STDLIB) as archive:
        assert len(tops) < len({name.split("/")[0] for name in archive.namelist()}) * 0.7


def test_the_stdlib_keep_list_is_current(site_dir):
    """`make stdlib-keep` writes the list from a trace of the guide inside Pyodide: rerun, compare."""
    from sitebuild.runtime import STDLIB_KEEP

    (found,) = (site_dir / "_runtime").glob("guide-runtime.*.json")
    run = subprocess.run(["node", str(ROOT / "sitebuild" / "pyc" / "trace_imports.mjs"), str(found)],
                         cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.strip() == STDLIB_KEEP.read_text(encoding="utf-8").strip(), "stale: run `make stdlib-keep`"


def test_a_guide_import_the_trimmed_stdlib_lacks_fails_the_pyodide_run(tmp_path, monkeypatch):
    """The guard of tests/pyodide/run_tests.mjs: `datetime` left out of the browser's zip is still
    importable from the test tools' stdlib, yet the run fails and names it."""
    from sitebuild import runtime

    keep = tmp_path / "stdlib-keep.txt"
    keep.write_text("\n".join(name for name in runtime.stdlib_keep() if name != "datetime") + "\n")
    monkeypatch.setattr(runtime, "STDLIB_KEEP", keep)
    # The build's memory snapshot imports the guide inside Pyodide: it fails first, and names it.
    with pytest.raises(SnapshotFailed, match=r"No module named 'datetime'"):
        copy_runtime(tmp_path / "with-snapshot", FUND, snapshot_cache=None)
    built = copy_runtime(tmp_path / "site", FUND, snapshot=False)
    run = subprocess.run(["node", str(ROOT / "tests" / "pyodide" / "run_tests.mjs"), "tests/guide/test_engine.py"],
                         cwd=ROOT, capture_output=True, text=True, timeout=600,
                         env={**os.environ, "GUIDE_RUNTIME_MANIFEST": str(built / "guide-runtime.json")})
    output = run.stdout + run.stderr
    assert run.returncode != 0, output[-2000:]
    assert re.search(r"browser imports outside the runtime's stdlib: .*\bdatetime\b", output), output[-2000:]
