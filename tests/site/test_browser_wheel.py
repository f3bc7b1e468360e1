"""The guide's wheel for the browser holds only what runs in the browser: the modules that
guide.browser (the worker's entry point) loads to answer every message, the tree and request
declarations, the templates (also as Jinja2 compiles them, which the browser imports) and the
compiled catalogs. Build-only code lives in sitebuild/."""
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import jinja2
import pytest

from guide import render
from guide.browser import BrowserGuide
from guide.engine import outcome_paths
from guide.i18n import languages
from guide.tree import load_flow
from sitebuild.runtime import build_guide_wheel
from tests.guide.conftest import FUND_CONFIG

ROOT = Path(__file__).resolve().parents[2]
COMPILED = f"guide/{render.COMPILED_TEMPLATES}/"

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
               for name in names if name.endswith(".py") and not name.startswith(COMPILED)}
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
        elif name.startswith(COMPILED) and name.endswith(".py"):
            kind = "compiled template"
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
    assert set(kinds) == {"metadata", "module", "declaration", "template", "compiled template", "catalog"}, sorted(kinds)
    # One compiled module per template, by the name Jinja2's ModuleLoader looks for.
    assert sorted(kinds["compiled template"]) == sorted(
        COMPILED + jinja2.ModuleLoader.get_module_filename(name.removeprefix("guide/templates/"))
        for name in kinds["template"])
    assert sorted(kinds["declaration"]) == ["guide/flow.toml", "guide/requests.toml"]
    assert sorted(name.split("/")[2] for name in kinds["catalog"]) == ["de", "en", "it"]
    assert not any("extract" in name or "paths" in name for name in names)


@pytest.fixture
def compiled_environments(tmp_path, monkeypatch):
    """guide.render's environments on the compiled templates, as in the browser's wheel."""
    for name, source in render.compile_templates().items():
        (tmp_path / name).write_text(source, encoding="utf-8")
    render.environment.cache_clear()
    monkeypatch.setattr(render, "_loader", lambda: jinja2.ModuleLoader(str(tmp_path)))
    yield
    render.environment.cache_clear()


def every_answer(guide: BrowserGuide) -> list:
    """Every page of every path, every form and its check with and without errors, in every language."""
    answers = []
    for lang in languages():
        for path, outcome in outcome_paths(load_flow()):
            for end in range(len(path) + 1):
                answers.append(guide.handle({"name": "step", "args": {"lang": lang, "path": "".join(
                    part + "/" for part in path[:end])}}))
            outcome_path = f"outcomes/{outcome}/"
            answers.append(guide.handle({"name": "form", "args": {"lang": lang, "path": outcome_path}}))
            for values in ({}, {"company": "Muster AG", "email": "eva@muster.ch", "contact_person": "Eva Meier"}):
                answers.append(guide.handle({"name": "submit", "args": {
                    "lang": lang, "path": outcome_path, "values": values, "today": "2026-03-01"}}))
    return answers


def test_the_compiled_templates_render_what_the_templates_render(compiled_environments):
    compiled = every_answer(BrowserGuide.from_json(json.dumps({"fund": FUND_CONFIG})))
    assert type(render.environment("de").loader) is jinja2.ModuleLoader
    render.environment.cache_clear()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(render, "_loader", render.ResourceLoader)
        from_sources = every_answer(BrowserGuide.from_json(json.dumps({"fund": FUND_CONFIG})))
    assert sum(answer["status"] == "ok" for answer in compiled) > 200
    assert compiled == from_sources
