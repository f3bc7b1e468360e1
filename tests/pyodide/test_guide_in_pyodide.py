"""The guide's tests (tests/guide) once more, inside real Pyodide under Node, as the browser
will run the guide. Needs `npm ci` (node_modules/pyodide) and tests/pyodide/fetch_wheels.py
(var/wheels); without them this test fails and says what to run."""
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RUNNER = ROOT / "tests" / "pyodide" / "run_tests.mjs"

pytestmark = pytest.mark.pyodide


def test_the_guides_tests_pass_inside_pyodide():
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is not installed: the Pyodide tests need Node 20 or later")
    if not (ROOT / "node_modules" / "pyodide" / "pyodide.mjs").exists():
        pytest.fail("node_modules/pyodide is missing: run `npm ci`")
    if not list((ROOT / "var" / "wheels").glob("pytest-*-py3-none-any.whl")):
        pytest.fail("var/wheels has no pytest wheel: run `.venv/bin/python tests/pyodide/fetch_wheels.py`")
    run = subprocess.run([node, str(RUNNER)], cwd=ROOT, capture_output=True, text=True, timeout=600)
    output = run.stdout + run.stderr
    assert run.returncode == 0, output[-4000:]
    summary = re.search(r"(\d+) passed", output)
    assert summary and int(summary.group(1)) > 100, output[-2000:]
    assert "skipped" not in output.splitlines()[-2] and "Pyodide 314.0.7" in output
