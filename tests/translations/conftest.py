"""Translations that stay true, tried on copies of the tree as an editor works: change French,
build, read the report, translate, record.

A copy holds every file of the repository but the heavy, shared ones (node_modules, var/wheels
and the build's caches, linked instead), and no git history: the French changes are not
committed, so the notices date them today. Commands run inside the copy (`python -m ...` with the
copy as working folder imports the copy's packages; `make` with this checkout's virtual
environment, its set-up marked done so that make never reinstalls anything).

One built copy is shared by the tests that need pages (a build takes a while on a shared machine):
`lagging`, with one French sentence changed in one section of an article and one French text of a
guide outcome changed (the report and the check are taken then), then a French section added to
another article, then built. `recorded` is another copy with the same two changes, the German
translations updated, everything recorded, then built.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.built_site import built_variant
from tests.conftest import ROOT

TOP_LEVEL_IGNORED = {".git", ".venv", "node_modules", "var", "site", "site.partial"}
# (__pycache__ is copied: Python checks each compiled module against its source's time and size.)
EVERYWHERE_IGNORED = shutil.ignore_patterns(".pytest_cache", ".hypothesis", "*.egg-info", "test-results")
SHARED = ("node_modules", "var/wheels", "var/cache")     # read by the build; linked, not copied
VENV = ROOT / ".venv"
# make's set-up targets, marked done (-o): the copy uses this checkout's environment as it is.
MAKE = ["make", "--no-print-directory", f"VENV={VENV}", "-o", f"{VENV}/.installed", "-o", f"{VENV}/.installed-test",
        "-o", "node_modules/.installed", "-o", "var/wheels/.fetched"]

# The editor's changes.
ARTICLE, SECTION = "situations/no-active-login.md", "order-a-new-code"
SENTENCE = ("5. Attendez la lettre avec le code : elle arrive par la poste.",
            "5. Attendez la lettre avec le code : elle n'arrive que par la poste.")
OUTCOME, OUTCOME_TEXT = "order-new-code", "why"
# (Words outside those its `conditions` quote: the loader refuses a condition the text no longer says.)
OUTCOME_CHANGE = ("Sans administrateur actif, il faut un nouveau code d'accès pour",
                  "Sans administrateur actif dans votre entreprise, il faut un nouveau code d'accès pour")
GERMAN_UPDATES = ((f"docs/de/{ARTICLE}", "5. Warten Sie auf den Brief mit dem Code: Er kommt per Post.",
                   "5. Warten Sie auf den Brief mit dem Code: Er kommt nur per Post."),
                  # the entry's msgstr (its obsolete copy, `#~`, keeps the old text)
                  ("locales/de/LC_MESSAGES/guide.po", '\n"Ohne aktiven Administrator braucht es einen neuen Zugangscode',
                   '\n"Ohne aktiven Administrator bei Ihnen braucht es einen neuen Zugangscode'))
NEW_ARTICLE, NEW_SECTION = "how-to/two-step-login.md", "change-of-mobile-number"
NEW_SECTION_TEXT = ("\n## Nouveau numéro de mobile {#change-of-mobile-number}\n\n"
                    "Votre numéro de mobile a changé : demandez à un administrateur de l'enregistrer, ou contactez "
                    "la caisse de compensation {{ fund_contact }}.\n")


def _ignored(folder: str, names: list[str]) -> set[str]:
    top = {name for name in names if name in TOP_LEVEL_IGNORED} if Path(folder) == ROOT else set()
    return top | EVERYWHERE_IGNORED(folder, names)


def copy_tree(target: Path) -> Path:
    shutil.copytree(ROOT, target, ignore=_ignored, symlinks=True)
    for name in SHARED:
        (ROOT / name).mkdir(parents=True, exist_ok=True)
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        (target / name).symlink_to(ROOT / name, target_is_directory=True)
    return target


def _environment() -> dict:
    # The copy's own site.toml and the default address; nothing of this checkout's settings.
    return {key: value for key, value in os.environ.items()
            if key not in ("CONNECT_HELP_CONFIG", "SITE_URL", "PYTHONPATH", "MAKEFLAGS", "MFLAGS", "PYTEST_ADDOPTS")}


def run(tree: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    """`python -m …` or `make …` in the copy."""
    command = [*MAKE, *args[1:]] if args[0] == "make" else [sys.executable, *args]
    done = subprocess.run(command, cwd=tree, env=_environment(), capture_output=True, text=True, timeout=1200)
    if check and done.returncode != 0:
        raise AssertionError(f"{' '.join(args)} failed ({done.returncode}):\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return done


def replace_once(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{path}: {old!r} is not there exactly once"
    path.write_text(text.replace(old, new), encoding="utf-8")


def change_french(tree: Path) -> None:
    """One sentence of one section of an article, one text of one guide outcome."""
    replace_once(tree / "docs" / "fr" / ARTICLE, *SENTENCE)
    replace_once(tree / "guide" / "flow.toml", *OUTCOME_CHANGE)
    flow = tomllib.loads((tree / "guide" / "flow.toml").read_text(encoding="utf-8"))
    assert OUTCOME_CHANGE[1] in flow["outcomes"][OUTCOME][OUTCOME_TEXT]


def add_french_section(tree: Path) -> None:
    path = tree / "docs" / "fr" / NEW_ARTICLE
    path.write_text(path.read_text(encoding="utf-8") + NEW_SECTION_TEXT, encoding="utf-8")


def build(tree: Path) -> Path:
    """The copy's site: built, or as an earlier run built the same copy today (tests/built_site.py)."""
    return built_variant(tree, lambda site: run(tree, "-m", "sitebuild", "--site-dir", str(site)),
                         environ=_environment())


def notices(html: str) -> list[str]:
    return re.findall(r'<p class="translation-notice"[^>]*>.*?</p>', html, re.S)


@dataclass(frozen=True)
class Report:
    check: subprocess.CompletedProcess
    make: subprocess.CompletedProcess
    csv: str
    html: str


def take_report(tree: Path) -> Report:
    check = run(tree, "make", "translations-check", check=False)
    made = run(tree, "make", "translations")
    reports = tree / "var" / "reports"
    return Report(check, made, (reports / "translations.csv").read_text(encoding="utf-8"),
                  (reports / "translations.html").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Lagging:
    tree: Path
    site: Path
    catalogs_update: subprocess.CompletedProcess
    report: Report      # before the French section was added


@pytest.fixture(scope="session")
def lagging(tmp_path_factory) -> Lagging:
    tree = copy_tree(tmp_path_factory.mktemp("lagging") / "tree")
    change_french(tree)
    updated = run(tree, "make", "catalogs-update", "catalogs-compile")
    report = take_report(tree)
    add_french_section(tree)
    return Lagging(tree, build(tree), updated, report)


@dataclass(frozen=True)
class Recorded:
    tree: Path
    site: Path
    before: subprocess.CompletedProcess     # make translations-check before recording
    record: subprocess.CompletedProcess
    report: Report


@pytest.fixture(scope="session")
def recorded(tmp_path_factory) -> Recorded:
    tree = copy_tree(tmp_path_factory.mktemp("recorded") / "tree")
    change_french(tree)
    run(tree, "make", "catalogs-update", "catalogs-compile")
    before = run(tree, "make", "translations-check", check=False)
    for path, old, new in GERMAN_UPDATES:
        replace_once(tree / path, old, new)
    record = run(tree, "-m", "sitebuild.translations", "record", "--all")
    run(tree, "make", "catalogs-compile")
    return Recorded(tree, build(tree), before, record, take_report(tree))
