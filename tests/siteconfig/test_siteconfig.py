"""site.toml: read once, checked once (siteconfig), and a bad value stops every entry point with
one line naming the file and the key, exit status 2, nothing written."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import siteconfig
from guide.fund import Fund
from guide.i18n import languages as guide_languages
from tests.guide.conftest import FUND_CONFIG

ROOT = Path(__file__).resolve().parents[2]
REAL = ROOT / "site.toml"


def variant(tmp_path: Path, old: str, new: str) -> Path:
    text = REAL.read_text(encoding="utf-8")
    assert old in text, old
    path = tmp_path / "site.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_the_real_config_is_valid_and_complete():
    config = siteconfig.load(REAL)
    assert config.language_codes == ["fr", "de", "it", "en"]
    assert set(config.language_codes) == set(guide_languages())
    assert all(config.fund.name(code) for code in config.language_codes)
    assert config.fund.code_validity_days == 150 and config.fund.code_pattern == "[A-Z0-9]{12}"


def test_the_guide_tests_use_a_fund_of_the_real_shape():
    """tests/guide's fund (they also run inside Pyodide, without siteconfig) has the very keys
    and value types that the real site.toml gives the browser."""
    real = siteconfig.load(REAL).fund.to_dict()
    assert FUND_CONFIG.keys() == real.keys()
    optional = {"phone", "postal_address", "registration_url"}
    assert {key for key, value in real.items() if value is None} <= optional
    assert all(type(FUND_CONFIG[key]) is type(value) for key, value in real.items() if value is not None)
    assert FUND_CONFIG["name"].keys() == real["name"].keys()
    assert Fund.from_dict(real) == siteconfig.load(REAL).fund


def test_the_optional_details_are_absent_here_and_checked_when_given(tmp_path):
    fund = siteconfig.load(REAL).fund
    assert (fund.phone, fund.postal_address, fund.registration_url) == (None, None, None)
    given = variant(tmp_path, "code_validity_days = 150", "code_validity_days = 150\n"
                    'phone = "+41 21 555 01 23"\npostal_address = ["Caisse", "Case postale 42", "1001 Lausanne"]\n'
                    'registration_url = "https://connect.caisse.ch/register"')
    fund = siteconfig.load(given).fund
    assert fund.phone == "+41 21 555 01 23" and fund.postal_address[-1] == "1001 Lausanne"
    assert fund.registration_url == "https://connect.caisse.ch/register"
    bad = variant(tmp_path, "code_validity_days = 150", 'code_validity_days = 150\nphone = ""')
    with pytest.raises(siteconfig.ConfigError, match="fund.phone: must be a non-empty text"):
        siteconfig.load(bad)


PLACEHOLDERS = [
    ('phone = "+41 44 123 45 67"', "fund.phone"),
    ('postal_address = ["EXFOUR", "Musterstrasse 1", "8000 Zürich"]', "fund.postal_address"),
    ('registration_url = "https://test.akisnet.ch/ak095Test20/code"', "fund.registration_url"),
    ('registration_url = "https://connect.example.ch/code"', "fund.registration_url"),
]


@pytest.mark.parametrize(("line", "key"), PLACEHOLDERS)
def test_a_public_build_refuses_placeholders_a_local_one_accepts_them(tmp_path, line, key):
    config = siteconfig.load(variant(tmp_path, "code_validity_days = 150", f"code_validity_days = 150\n{line}"))
    siteconfig.check_for_production(config, "http://127.0.0.1:8000/")
    with pytest.raises(siteconfig.ConfigError, match=f"^site.toml: {key}: looks like a placeholder"):
        siteconfig.check_for_production(config, "https://help.caisse.ch/")


def test_the_real_config_may_go_public():
    siteconfig.check_for_production(siteconfig.load(REAL), "https://help.caisse.ch/")


def test_the_environment_names_another_file(tmp_path, monkeypatch):
    other = variant(tmp_path, 'email = "connect@exfour.ch"', 'email = "help@other.example"')
    monkeypatch.setenv(siteconfig.ENV_VARIABLE, str(other))
    assert siteconfig.load().fund.email == "help@other.example"


BAD = [
    ('email = "connect@exfour.ch"\n', "", "fund.email: is missing"),
    ('email = "connect@exfour.ch"', 'email = "connect at exfour"', "fund.email: is not an e-mail address"),
    ("code_validity_days = 150", 'code_validity_days = "abc"', "fund.code_validity_days: must be a whole number of days (1 or more), not 'abc'"),
    ("code_validity_days = 150", "code_validity_days = 0", "fund.code_validity_days: must be a whole number"),
    ("code_validity_days = 150", "code_validity_days = true", "fund.code_validity_days: must be a whole number"),
    ('code_pattern = "[A-Z0-9]{12}"', 'code_pattern = "[A-Z"', "fund.code_pattern: is not a regular expression"),
    ('en = { name = "English", site_name = "connect help" }', 'xx = { name = "Xish", site_name = "x" }', "languages.xx: unknown language"),
    ('en = { name = "English", site_name = "connect help" }', 'EN = { name = "English", site_name = "x" }', "languages.EN: is not a language code"),
    ('fr = { name = "Français", site_name = "Aide connect" }\n', "", "languages: must include 'fr'"),
    ('de = { name = "Deutsch", site_name = "connect-Hilfe" }', 'de = { name = "Deutsch" }', "languages.de.site_name: is missing"),
    ('de = "Ausgleichskasse EXFOUR"\n', "", "fund.name.de: is missing"),
    ("code_validity_days = 150", 'code_validity_days = 150\nregistration_url = "connect.caisse.ch"', "fund.registration_url: must be an http(s) address"),
    ("code_validity_days = 150", "code_validity_days = 150\npostal_address = []", "fund.postal_address: must be a list"),
    ("[fund.name]", "[fund.names]", "fund.name: is missing"),
    ("[languages]", "[languages", "is not valid TOML"),
]


@pytest.mark.parametrize(("old", "new", "message"), BAD, ids=[case[2][:40] for case in BAD])
def test_a_bad_value_is_named_by_file_and_key(tmp_path, old, new, message):
    with pytest.raises(siteconfig.ConfigError) as refused:
        siteconfig.load(variant(tmp_path, old, new))
    assert str(refused.value).startswith(f"{tmp_path / 'site.toml'}: " if "TOML" in message else "site.toml: ")
    assert message in str(refused.value)
    assert "\n" not in str(refused.value)


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(siteconfig.ConfigError, match="absent.toml: cannot be read"):
        siteconfig.load(tmp_path / "absent.toml")


ENTRY_POINTS = {
    "site": [sys.executable, "-m", "sitebuild", "--site-dir", "{tmp}/site"],
    "server": [sys.executable, "-m", "server", "--site-dir", "{tmp}/site", "--port", "9"],
    "codecheck": [sys.executable, "-m", "codecheck", "stats"],
}


@pytest.mark.parametrize("entry", sorted(ENTRY_POINTS))
@pytest.mark.parametrize(("old", "new", "message"), [BAD[2], BAD[5], BAD[6]], ids=["days", "pattern", "language"])
def test_every_entry_point_stops_with_one_line_and_status_2(tmp_path, entry, old, new, message):
    config = variant(tmp_path, old, new)
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "keep.html").write_text("the previous site", encoding="utf-8")
    env = {**os.environ, siteconfig.ENV_VARIABLE: str(config),
           "CODECHECK_DB": str(tmp_path / "codes.sqlite3"), "CODECHECK_SECRET_FILE": str(tmp_path / "secret")}
    command = [part.replace("{tmp}", str(tmp_path)) for part in ENTRY_POINTS[entry]]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0] and "site.toml" in lines[0], done.stderr
    # Nothing half-built: the previous site is untouched, no registry was created.
    assert sorted(path.name for path in (tmp_path / "site").iterdir()) == ["keep.html"]
    assert not (tmp_path / "site.partial").exists()
    assert not (tmp_path / "codes.sqlite3").exists()
