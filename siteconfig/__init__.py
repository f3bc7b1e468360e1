"""The fund's details and the site's languages, from ``site.toml``: read and checked here, once.

The build, the guide's pages, the access-code API and the server all call ``load()``. TOML is
read with the standard library (``tomllib``: plain data, no tags, nothing executed). Every value
is checked; a bad one raises ``ConfigError`` whose message names the file and the key, e.g.
``site.toml: fund.code_validity_days: must be a whole number of days (1 or more), not 'abc'``.
Command-line entry points turn it into that one line on stderr and exit status 2
(``exit_on_error``).

Standard library and the guide's pure dataclasses only: the server imports this module and must
not pull in any build tool.
"""
from __future__ import annotations

import os
import re
import sys
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

from guide.access_code import DEFAULT_CODE_PATTERN, compile_code_pattern
from guide.fund import Fund
from guide.i18n import SOURCE_LANGUAGE

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FILE = ROOT / "site.toml"
LOCALES = ROOT / "locales"
# Where an operator points every part of the product at another file (the API's own variable,
# CODECHECK_SITE_CONFIG, is still honoured by codecheck.settings).
ENV_VARIABLE = "CONNECT_HELP_CONFIG"

_LANGUAGE_CODE = re.compile(r"[a-z]{2,3}")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_CATALOGS = ("guide.po", "site.po")

T = TypeVar("T")


class ConfigError(Exception):
    """A value of site.toml cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class Language:
    code: str
    name: str          # in the language itself, for the language switcher
    site_name: str     # the site's name in that language (titles, header)


@dataclass(frozen=True)
class SiteConfig:
    path: Path
    languages: Mapping[str, Language]   # in the order of site.toml
    fund: Fund

    @property
    def language_codes(self) -> list[str]:
        return list(self.languages)

    @property
    def fund_language(self) -> str:
        """The language the fund works in, where a request's reference line points (guide.reference):
        the first of [languages]."""
        return self.language_codes[0]


def default_path() -> Path:
    return Path(os.environ.get(ENV_VARIABLE) or DEFAULT_FILE)


def load(path: Path | str | None = None) -> SiteConfig:
    """The checked configuration of ``path`` (default: $CONNECT_HELP_CONFIG, else site.toml)."""
    path = Path(path) if path is not None else default_path()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ConfigError(f"{path}: cannot be read: {error.strerror or error}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: is not valid TOML: {error}") from None
    check = _Checker(path)
    languages = check.languages(raw)
    fund = check.fund(raw, languages)
    return SiteConfig(path=path, languages=languages, fund=fund)


# A build for a public address refuses values that look like placeholders: a test number, an
# example or test host, a sample address. (A local build, e.g. `make serve`, accepts them.)
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "0.0.0.0"}
_TEST_HOST = re.compile(r"(^|\.)(test|example|invalid|localhost)(\.|$)|\.(test|example|invalid|local)$", re.I)
_SAMPLE_WORDS = re.compile(r"placeholder|\bxxx|muster|beispiel|exemple|esempio|example|\btest", re.I)
_SAMPLE_DIGITS = re.compile(r"1234567|2345678|(\d)\1{5}")


def placeholder_problems(config: SiteConfig) -> list[str]:
    """`key: value` of every value that looks like a placeholder rather than the fund's own."""
    fund = config.fund
    found = []
    if fund.phone and _SAMPLE_DIGITS.search(re.sub(r"\D", "", fund.phone)):
        found.append(f"fund.phone: {fund.phone!r}")
    for key, url in (("fund.web_url", fund.web_url), ("fund.registration_url", fund.registration_url)):
        if url and (_TEST_HOST.search(urlsplit(url).hostname or "") or _SAMPLE_WORDS.search(urlsplit(url).path)):
            found.append(f"{key}: {url!r}")
    if _TEST_HOST.search(fund.email.rpartition("@")[2]):
        found.append(f"fund.email: {fund.email!r}")
    for line in fund.postal_address or ():
        if _SAMPLE_WORDS.search(line):
            found.append(f"fund.postal_address: {line!r}")
    return found


def check_for_production(config: SiteConfig, site_url: str) -> None:
    """For a build whose SITE_URL is not this machine: no placeholder may be shown as the fund's."""
    if (urlsplit(site_url).hostname or "") in LOCAL_HOSTS:
        return
    problems = placeholder_problems(config)
    if problems:
        raise ConfigError(f"{config.path.name}: {problems[0].split(':')[0]}: looks like a placeholder "
                          f"({problems[0].split(': ', 1)[1]}), not for a public site ({site_url}): "
                          "set the fund's own value, or leave the optional detail out")


def exit_on_error(function: Callable[[], T]) -> T:
    """Run ``function``; a ConfigError ends the program with its one line and status 2."""
    try:
        return function()
    except ConfigError as error:
        print(f"configuration error: {error}", file=sys.stderr)
        raise SystemExit(2) from None


class _Checker:
    """Checks the raw TOML data; each error names ``<file>: <key>``."""

    def __init__(self, path: Path):
        self.path = path

    def error(self, key: str, problem: str) -> ConfigError:
        return ConfigError(f"{self.path.name}: {key}: {problem}")

    def table(self, data: Mapping, key: str, name: str) -> Mapping[str, Any]:
        value = data.get(name)
        if value is None:
            raise self.error(key, "is missing")
        if not isinstance(value, Mapping):
            raise self.error(key, "must be a table")
        return value

    def text(self, data: Mapping, key: str, name: str) -> str:
        value = data.get(name)
        if value is None:
            raise self.error(key, "is missing")
        if not isinstance(value, str) or not value.strip():
            raise self.error(key, f"must be a non-empty text, not {value!r}")
        return value.strip()

    def languages(self, raw: Mapping) -> dict[str, Language]:
        table = self.table(raw, "languages", "languages")
        if SOURCE_LANGUAGE not in table:
            raise self.error("languages", f"must include {SOURCE_LANGUAGE!r}, the language every text is written in")
        languages = {}
        for code, entry in table.items():
            key = f"languages.{code}"
            if not _LANGUAGE_CODE.fullmatch(code):
                raise self.error(key, "is not a language code (two or three lower-case letters, e.g. 'de')")
            if code != SOURCE_LANGUAGE:
                missing = [name for name in _CATALOGS if not (LOCALES / code / "LC_MESSAGES" / name).is_file()]
                if missing:
                    raise self.error(key, f"unknown language: no {', '.join(missing)} in locales/{code}/LC_MESSAGES/")
            if not isinstance(entry, Mapping):
                raise self.error(key, "must be a table such as { name = \"Deutsch\", site_name = \"connect-Hilfe\" }")
            languages[code] = Language(code, self.text(entry, f"{key}.name", "name"),
                                       self.text(entry, f"{key}.site_name", "site_name"))
        return languages

    def fund(self, raw: Mapping, languages: Mapping[str, Language]) -> Fund:
        fund = self.table(raw, "fund", "fund")
        names = self.table(fund, "fund.name", "name")
        unknown = sorted(set(names) - set(languages))
        if unknown:
            raise self.error(f"fund.name.{unknown[0]}", "is not one of the site's languages")
        email = self.text(fund, "fund.email", "email")
        if not _EMAIL.fullmatch(email):
            raise self.error("fund.email", f"is not an e-mail address: {email!r}")
        return Fund(
            names={code: self.text(names, f"fund.name.{code}", code) for code in languages},
            email=email,
            phone=self.optional(fund, "fund.phone", "phone", self.text),
            web=self.text(fund, "fund.web", "web"),
            web_url=self.url(fund, "fund.web_url", "web_url"),
            postal_address=self.optional(fund, "fund.postal_address", "postal_address", self.lines),
            registration_url=self.optional(fund, "fund.registration_url", "registration_url", self.url),
            code_validity_days=self.days(fund, "fund.code_validity_days", "code_validity_days"),
            code_pattern=self.pattern(fund, "fund.code_pattern", "code_pattern"),
        )

    @staticmethod
    def optional(data: Mapping, key: str, name: str, check: Callable[[Mapping, str, str], T]) -> T | None:
        """An optional detail: absent is None; present, it is checked like a required one."""
        return check(data, key, name) if name in data else None

    def url(self, data: Mapping, key: str, name: str) -> str:
        value = self.text(data, key, name)
        if not re.fullmatch(r"https?://[^\s/]+(/\S*)?", value):
            raise self.error(key, f"must be an http(s) address, not {value!r}")
        return value

    def lines(self, data: Mapping, key: str, name: str) -> tuple[str, ...]:
        value = data.get(name)
        if value is None:
            raise self.error(key, "is missing")
        if not isinstance(value, list) or not value or not all(isinstance(line, str) and line.strip() for line in value):
            raise self.error(key, "must be a list of non-empty lines")
        return tuple(line.strip() for line in value)

    def days(self, data: Mapping, key: str, name: str) -> int:
        value = data.get(name)
        if value is None:
            raise self.error(key, "is missing")
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise self.error(key, f"must be a whole number of days (1 or more), not {value!r}")
        return value

    def pattern(self, data: Mapping, key: str, name: str) -> str:
        value = data.get(name, DEFAULT_CODE_PATTERN)
        if not isinstance(value, str) or not value:
            raise self.error(key, f"must be a regular expression, not {value!r}")
        try:
            compile_code_pattern(value)
        except re.error as error:
            raise self.error(key, f"is not a regular expression: {error}") from None
        return value
