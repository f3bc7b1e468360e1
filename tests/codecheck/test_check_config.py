"""Settings from the environment, and the code rules from the site's site.toml."""

from __future__ import annotations

from pathlib import Path

import pytest

from codecheck.settings import REPO_SITE_CONFIG, Settings, SettingsError
from codecheck.siteconfig import CodeRules, SiteConfigError, load_code_rules
from guide.access_code import DEFAULT_CODE_PATTERN


def test_the_rules_come_from_the_sites_config() -> None:
    assert REPO_SITE_CONFIG.name == "site.toml" and REPO_SITE_CONFIG.exists()
    rules = load_code_rules(REPO_SITE_CONFIG)
    assert rules == CodeRules(validity_days=150, code_pattern=DEFAULT_CODE_PATTERN)


def test_the_rules_follow_the_config(tmp_path: Path) -> None:
    text = REPO_SITE_CONFIG.read_text(encoding="utf-8")
    changed = text.replace("code_validity_days = 150", "code_validity_days = 90").replace(
        'code_pattern = "[A-Z0-9]{12}"', 'code_pattern = "[A-Z]{6}[0-9]{6}"')
    assert changed.count("90") > text.count("90")
    config = tmp_path / "site.toml"
    config.write_text(changed, encoding="utf-8")
    assert load_code_rules(config) == CodeRules(90, "[A-Z]{6}[0-9]{6}")


def test_a_bad_config_is_reported_with_its_key(tmp_path: Path) -> None:
    config = tmp_path / "site.toml"
    config.write_text(REPO_SITE_CONFIG.read_text(encoding="utf-8").replace(
        "code_validity_days = 150", 'code_validity_days = "abc"'), encoding="utf-8")
    with pytest.raises(SiteConfigError, match=r"^site.toml: fund.code_validity_days: .*'abc'"):
        load_code_rules(config)


def test_a_missing_site_config_is_reported(tmp_path: Path) -> None:
    with pytest.raises(SiteConfigError, match="cannot be read"):
        load_code_rules(tmp_path / "absent.toml")


def test_defaults() -> None:
    settings = Settings.from_env({})
    assert settings.db_path == Path("var/codecheck.sqlite3")
    assert settings.secret_file == Path("var/codecheck.secret")
    assert settings.max_body_bytes == 1024 and settings.timezone == "Europe/Zurich"
    limits = settings.limits
    assert (limits.enabled, limits.client_checks, limits.client_window_seconds) == (True, 10, 60)
    assert (limits.client_unknown_per_day, limits.global_unknown_per_minute) == (20, 60)


def test_environment_overrides() -> None:
    settings = Settings.from_env(
        {"CODECHECK_DB": "/srv/codes.db", "CODECHECK_LIMITS": "off", "CODECHECK_CLIENT_CHECKS": "5", "CODECHECK_TIMEZONE": "UTC"}
    )
    assert settings.db_path == Path("/srv/codes.db")
    assert not settings.limits.enabled and settings.limits.client_checks == 5
    assert settings.today_function()() is not None


@pytest.mark.parametrize(
    "env",
    [
        {"CODECHECK_LIMITS": "maybe"},
        {"CODECHECK_CLIENT_CHECKS": "0"},
        {"CODECHECK_MAX_BODY_BYTES": "1k"},
        {"CODECHECK_TIMEZONE": "Europe/Nowhere"},
        {"CODECHECK_TIMEZONE": "../../etc/passwd"},
    ],
)
def test_bad_settings_are_refused(env: dict[str, str]) -> None:
    with pytest.raises(SettingsError):
        Settings.from_env(env)


def test_a_missing_postgresql_driver_is_named_not_taken_for_a_bad_url() -> None:
    """Without psycopg, a good postgresql:// URL is refused for what is missing (one line, exit 2)."""
    import subprocess
    import sys

    from tests.conftest import ROOT

    blocked = "import sys; sys.modules['psycopg'] = None; from codecheck.cli import main; raise SystemExit(main(['migrate']))"
    done = subprocess.run([sys.executable, "-c", blocked], cwd=ROOT, capture_output=True, text=True, timeout=60,
                          env={"PATH": "/usr/bin:/bin", "CODECHECK_DB": "postgresql://codecheck@127.0.0.1:5432/codecheck"})
    assert done.returncode == 2
    assert done.stderr.strip() == ("codecheck: CODECHECK_DB: PostgreSQL support is not installed (psycopg): "
                                   "install requirements/serve.txt")
    # The same URL with the driver is a valid one (the check reaches the connection, not the URL).
    assert Settings.from_env({"CODECHECK_DB": "postgresql://codecheck@127.0.0.1:5432/codecheck"}).db_url
