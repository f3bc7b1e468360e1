"""The guide's wheel for the browser holds only what runs in the browser: the modules that
guide.browser (the worker's entry point) loads to answer every message, the tree and request
declarations, the templates and the compiled catalogs. Build-only code lives in sitebuild/."""
import json
import subprocess
import sys
import zipfile
from pathlib import Path

from sitebuild.runtime import build_guide_wheel

ROOT = Path(__file__).resolve().parents[2]

# What the worker does: every message the page sends, in every language, then the guide
# modules that are loaded. A module of the wheel that none of this loads is build-only.
PROBE = """
import json, sys, datetime
from guide.browser import BrowserGuide
from guide.i18n import languages
from tests.guide.conftest import FUND_CONFIG
guide = BrowserGuide.from_json(json.dumps({"fund": FUND_CONFIG}))
for lang in languages():
    for message in ({"name": "warm-up", "args": {"lang": lang}},
                    {"name": "step", "args": {"lang": lang, "path": ""}},
                    {"name": "step", "args": {"lang": lang, "path": "no-active-login/no"}},
                    {"name": "expiry", "args": {"issued_on": "2026-03-01", "today": "2026-04-01"}}):
        guide.handle(message)
print(json.dumps(sorted(name for name in sys.modules if name == "guide" or name.startswith("guide."))))
"""


def wheel_names(tmp_path) -> list[str]:
    wheel = build_guide_wheel(tmp_path)
    with zipfile.ZipFile(wheel) as archive:
        return archive.namelist()


def test_every_module_in_the_wheel_is_loaded_by_the_browsers_entry_point(tmp_path):
    names = wheel_names(tmp_path)
    modules = {name.removesuffix(".py").removesuffix("/__init__").replace("/", ".")
               for name in names if name.endswith(".py")}
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    loaded = set(json.loads(done.stdout))
    assert modules - loaded == set(), "build-only modules in the browser wheel"
    assert loaded - modules == set()


def test_the_wheel_lists_exactly_code_declarations_templates_and_catalogs(tmp_path):
    names = wheel_names(tmp_path)
    kinds = {}
    for name in names:
        if ".dist-info/" in name:
            kind = "metadata"
        elif name.endswith(".py"):
            kind = "module"
        elif name.endswith(".toml"):
            kind = "declaration"
        elif name.endswith(".j2"):
            kind = "template"
        elif name.endswith("/LC_MESSAGES/guide.mo"):
            kind = "catalog"
        else:
            kind = name
        kinds.setdefault(kind, []).append(name)
    assert set(kinds) == {"metadata", "module", "declaration", "template", "catalog"}, sorted(kinds)
    assert sorted(kinds["declaration"]) == ["guide/flow.toml", "guide/requests.toml"]
    assert sorted(name.split("/")[2] for name in kinds["catalog"]) == ["de", "en", "it"]
    assert not any("extract" in name or "paths" in name for name in names)
