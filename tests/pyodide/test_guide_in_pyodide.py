"""The guide's tests (tests/guide) once more, inside real Pyodide under Node, as the browser
will run the guide: on the built site's runtime files (the manifest, the Pyodide core, the
bytecode standard library and wheels), exactly those a browser gets. Needs `npm ci`
(node_modules/pyodide) and tests/pyodide/fetch_wheels.py (var/wheels, for pytest); without
them this test fails and says what to run."""
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RUNNER = ROOT / "tests" / "pyodide" / "run_tests.mjs"

pytestmark = pytest.mark.pyodide


def test_the_guides_tests_pass_inside_pyodide(site_dir):
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is not installed: the Pyodide tests need Node 20 or later")
    if not (ROOT / "node_modules" / "pyodide" / "pyodide.mjs").exists():
        pytest.fail("node_modules/pyodide is missing: run `npm ci`")
    if not list((ROOT / "var" / "wheels").glob("pytest-*-py3-none-any.whl")):
        pytest.fail("var/wheels has no pytest wheel: run `.venv/bin/python tests/pyodide/fetch_wheels.py`")
    (manifest,) = (site_dir / "_runtime").glob("guide-runtime.*.json")
    run = subprocess.run([node, str(RUNNER)], cwd=ROOT, capture_output=True, text=True, timeout=600,
                         env={**os.environ, "GUIDE_RUNTIME_MANIFEST": str(manifest)})
    output = run.stdout + run.stderr
    assert run.returncode == 0, output[-4000:]
    summary = re.search(r"(\d+) passed", output)
    assert summary and int(summary.group(1)) > 100, output[-2000:]
    assert "skipped" not in output.splitlines()[-2] and "Pyodide 314.0.7" in output
    # The code under test is the browser's: bytecode from the manifest's wheels (imported from
    # the wheels as they are, guide/wheels.mjs) and stdlib zip.
    assert re.search(r"loaded guide\.browser from /lib/wheels/connect_help_guide-[^/]+\.whl/guide/browser\.pyc "
                     r"by zipimporter", output)
    assert re.search(r"loaded jinja2 from /lib/wheels/jinja2-[^/]+\.whl/jinja2/__init__\.pyc by zipimporter", output)
    assert "loaded json from /lib/python314.zip/json/__init__.pyc by zipimporter" in output
