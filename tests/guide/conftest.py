"""Fixtures of the guide's tests. These tests run on CPython and inside Pyodide: they need
the guide package, pytest and (where noted) hypothesis, nothing from the site build."""
from __future__ import annotations

import datetime
import sys
import tomllib
from pathlib import Path

import pytest

from guide.fund import Fund
from guide.i18n import SOURCE_LANGUAGE, languages
from guide.reference import SiteAddress
from guide.texts import Texts
from guide.tree import load_flow

# The guide's languages: French and every compiled catalog (the site's languages, site.toml,
# each have one: tests/siteconfig checks). Tests loop over these, never over a typed list.
LANGUAGES = languages()
TRANSLATED = tuple(lang for lang in LANGUAGES if lang != SOURCE_LANGUAGE)

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent

# A test fund, in the form the build hands the fund to the browser (Fund.to_dict). That the
# real site.toml gives a fund of this very shape is checked by tests/site/test_siteconfig.py
# (these tests also run inside Pyodide, where siteconfig is not shipped).
FUND_CONFIG = {
    "name": {"fr": "Caisse de compensation TEST", "de": "Ausgleichskasse TEST",
             "it": "Cassa di compensazione TEST", "en": "TEST compensation fund"},
    "email": "connect@test.example",
    "phone": "+41 44 123 45 67",
    "web": "www.test.example",
    "web_url": "https://www.test.example",
    "postal_address": ["TEST", "connect support", "Case postale", "8000 Zurich"],
    "registration_url": "https://register.test.example/code",
    "code_validity_days": 150,
    "code_pattern": "[A-Z0-9]{12}",
}

# Where the test site is published, as the build hands it to the browser (SiteAddress.to_dict):
# the requests' reference line points there.
SITE_CONFIG = {"root_url": "https://help.test.example/", "fund_language": SOURCE_LANGUAGE}


@pytest.fixture(scope="session")
def flow():
    return load_flow()


@pytest.fixture(scope="session")
def fund() -> Fund:
    return Fund.from_dict(FUND_CONFIG)


@pytest.fixture(scope="session")
def site_address() -> SiteAddress:
    return SiteAddress.from_dict(SITE_CONFIG)


@pytest.fixture(scope="session", params=LANGUAGES)
def lang(request) -> str:
    return request.param


@pytest.fixture(scope="session")
def texts(lang, fund, site_address) -> Texts:
    return Texts(lang, fund, site_address)


@pytest.fixture(scope="session")
def today() -> datetime.date:
    return datetime.date(2026, 11, 27)


def load_stories() -> list[dict]:
    with (HERE / "stories.toml").open("rb") as stream:
        return tomllib.load(stream)["story"]


# These modules need tools that Pyodide does not have (Babel, Hypothesis's native core):
# CPython runs them, the run inside Pyodide (tests/pyodide/run_tests.mjs) leaves them out.
CPYTHON_ONLY = ["test_catalogs.py", "test_properties.py", "test_code_rules_properties.py"]
if sys.platform == "emscripten":
    collect_ignore = CPYTHON_ONLY
