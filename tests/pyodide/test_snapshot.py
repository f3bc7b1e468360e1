"""The memory snapshot the guide's worker starts from (sitebuild/memory_snapshot.py): the guide's
tests pass inside Pyodide started from it, as from the normal start (test_guide_in_pyodide.py);
the same files give the same snapshot; it holds the guide and nothing of the fund the manifest
names (nor of any visitor: it is taken at build time)."""
import json
import os
import re
import subprocess
from pathlib import Path

import pytest

from sitebuild.memory_snapshot import FILE_NAME, pack, run_maker, unpack
from sitebuild.runtime import WHEELS_LOCATION, copy_runtime

pytestmark = pytest.mark.pyodide
ROOT = Path(__file__).resolve().parents[2]
RUNNER = ROOT / "tests" / "pyodide" / "run_tests.mjs"
FUND = {"name": {"fr": "Caisse"}, "email": "connect@example.ch"}


def manifest_of(runtime: Path) -> tuple[Path, dict]:
    (path,) = runtime.glob("guide-runtime*.json")
    return path, json.loads(path.read_text(encoding="utf-8"))


def test_the_guides_tests_pass_inside_pyodide_started_from_the_snapshot(site_dir):
    path, _ = manifest_of(site_dir / "_runtime")
    run = subprocess.run(["node", str(RUNNER)], cwd=ROOT, capture_output=True, text=True, timeout=600,
                         env={**os.environ, "GUIDE_RUNTIME_MANIFEST": str(path), "GUIDE_START": "snapshot"})
    output = run.stdout + run.stderr
    assert run.returncode == 0, output[-4000:]
    summary = re.search(r"(\d+) passed", output)
    assert summary and int(summary.group(1)) > 100, output[-2000:]
    # Python came from the snapshot, the guide imported there already, from the browser's wheels.
    assert "from the memory snapshot, guide imported at start: yes" in output, output[:2000]
    assert re.search(r"loaded guide\.browser from /lib/wheels/connect_help_guide-[^/]+\.whl/guide/browser\.pyc", output)


def test_the_normal_start_imports_the_guide_itself(site_dir):
    """The check above can fail: without the snapshot, Python starts without the guide."""
    path, _ = manifest_of(site_dir / "_runtime")
    run = subprocess.run(["node", str(RUNNER), "tests/guide/test_engine.py"], cwd=ROOT, capture_output=True,
                         text=True, timeout=600, env={**os.environ, "GUIDE_RUNTIME_MANIFEST": str(path)})
    assert run.returncode == 0, (run.stdout + run.stderr)[-2000:]
    assert "normal start, guide imported at start: no" in run.stdout


def test_the_same_files_give_the_same_snapshot(tmp_path):
    """Taken twice from the same bytecode (no cache): the same bytes, so the same hashed folder,
    and a browser keeps it across builds that change nothing in the runtime."""
    runtime = copy_runtime(tmp_path / "site", FUND, snapshot_cache=None)
    _, manifest = manifest_of(runtime)
    first = runtime / manifest["pyodide"]["snapshot"]
    assert first.name == FILE_NAME
    second = tmp_path / "again.bin"
    report = run_maker(runtime / manifest["pyodide"]["stdlib"], [runtime / wheel for wheel in manifest["wheels"]],
                       WHEELS_LOCATION, second)
    assert report["pyodide"] == manifest["pyodide"]["version"] and report["bytes"] == manifest["pyodide"]["snapshot_bytes"]
    assert pack(second.read_bytes()) == first.read_bytes()
    # Packed: the blocks of zeros left out, which is about half of Pyodide's memory.
    assert unpack(first.read_bytes()) == second.read_bytes() and first.stat().st_size < report["bytes"] * 0.7


def test_the_snapshot_holds_the_guide_and_not_the_funds_details(site_dir):
    _, manifest = manifest_of(site_dir / "_runtime")
    snapshot = unpack((site_dir / "_runtime" / manifest["pyodide"]["snapshot"]).read_bytes())
    assert len(snapshot) == manifest["pyodide"]["snapshot_bytes"]
    # Pyodide's header: its magic number, then (after offsets) the build id it checks on loading.
    assert snapshot[:4] == (0x706E7300).to_bytes(4, "little")
    assert b"guide.browser" in snapshot and b"pages/request_form.html.j2" in snapshot
    # The fund's details come with the manifest at every start, never from the snapshot.
    for detail in (manifest["fund"]["email"], manifest["fund"]["web"]):
        assert detail and detail.encode() not in snapshot, detail
