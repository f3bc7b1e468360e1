"""Settings from the environment, and the code rules from the site's mkdocs.yml."""

from __future__ import annotations

from pathlib import Path

import pytest

from codecheck.settings import REPO_SITE_CONFIG, Settings, SettingsError
from codecheck.siteconfig import CodeRules, SiteConfigError, load_code_rules
from guide.access_code import DEFAULT_CODE_PATTERN


def test_the_rules_come_from_the_sites_config() -> None:
    assert REPO_SITE_CONFIG.name == "mkdocs.yml" and REPO_SITE_CONFIG.exists()
    rules = load_code_rules(REPO_SITE_CONFIG)
    assert rules == CodeRules(validity_days=150, code_pattern=DEFAULT_CODE_PATTERN)


def test_mkdocs_tags_are_tolerated(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("FUND_DAYS", "90")
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        "site_name: !ENV [SITE_NAME, connect]\n"
        "markdown_extensions:\n"
        "  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "extra:\n"
        "  something: !relative $config_dir\n"
        "  fund:\n"
        "    code_validity_days: !ENV FUND_DAYS\n"
        "    code_pattern: !ENV [FUND_PATTERN, '[A-Z]{6}[0-9]{6}']\n"
    )
    assert load_code_rules(config) == CodeRules(90, "[A-Z]{6}[0-9]{6}")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("site_name: x\n", "no extra.fund"),
        ("extra:\n  fund:\n    name: x\n", "code_validity_days"),
        ("extra:\n  fund:\n    code_validity_days: '150'\n", "code_validity_days"),
        ("extra:\n  fund:\n    code_validity_days: 0\n", "code_validity_days"),
        ("extra:\n  fund:\n    code_validity_days: true\n", "code_validity_days"),
        ("extra:\n  fund:\n    code_validity_days: 150\n    code_pattern: '[A-Z'\n", "not a regular expression"),
        ("extra: [\n", "not valid YAML"),
        ("- a list\n", "mapping"),
    ],
)
def test_bad_site_configs_are_reported(tmp_path: Path, text: str, message: str) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text(text)
    with pytest.raises(SiteConfigError, match=message):
        load_code_rules(config)


def test_a_missing_site_config_is_reported(tmp_path: Path) -> None:
    with pytest.raises(SiteConfigError, match="cannot read"):
        load_code_rules(tmp_path / "absent.yml")


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
