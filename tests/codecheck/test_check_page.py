"""The checker page in fr, de, it and en: its Markdown (prose, one marker line) and the checker's
markup rendered into it (sitebuild.sources.checker_markup): the same structure everywhere, the words only
in the page, and a worked example that agrees with the validity rule."""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

import siteconfig
from codecheck.siteconfig import load_code_rules
from guide.access_code import expires_on
from guide.dates import format_date
from sitebuild.sources.checker_markup import MARKER, render_checker
from tests.conftest import SITE_LANGUAGES

REPO = Path(__file__).resolve().parents[2]
LANGUAGES = SITE_LANGUAGES
SCRIPT = REPO / "overrides/assets/javascripts/check-code.js"
STYLESHEET = REPO / "overrides/assets/stylesheets/connect-help.css"
# The locale the checker formats dates with: Swiss for Switzerland's languages, British English.
LOCALES = {"fr": "fr-CH", "de": "de-CH", "it": "it-CH", "en": "en-GB"}
MESSAGES = {
    "checking", "valid-other", "valid-one", "valid-today", "expired", "revoked", "used", "unknown",
    "form", "rate-limited", "unavailable",
    # Offline answer (offline-expiry.js), shown inside "unavailable" when the API cannot be reached.
    "offline-valid-other", "offline-valid-one", "offline-valid-today", "offline-expired", "offline-date",
}
MACROS = {"fund_name", "fund_email", "fund_phone", "fund_web", "validity_days", "registration_url"}


def page(lang: str) -> str:
    return (REPO / "docs" / lang / "check-code.md").read_text(encoding="utf-8")


def markup(lang: str) -> str:
    """The checker's HTML as the build puts it in place of the page's marker line."""
    fund = siteconfig.load(REPO / "site.toml").fund
    return render_checker(lang, fund, fund.code_pattern, "check-code/")


class Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.times: list[tuple[str, str]] = []
        self._time: str | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "time":
            self._time = dict(attrs).get("datetime") or ""

    def handle_data(self, data):
        if self._time:
            self.times.append((self._time, data))
            self._time = None


def elements(text: str) -> Elements:
    parser = Elements()
    parser.feed(text)
    return parser


def message_blocks(lang: str) -> dict[str, str]:
    """Each message's inner HTML by its name; a message may hold others ("unavailable" holds the
    offline answers), so each ends at its own closing </div>, not at the first one."""
    html = markup(lang)
    blocks = {}
    for start in re.finditer(r'<div data-message="([a-z-]+)">\n', html):
        depth, position = 1, start.end()
        for tag in re.compile(r"<div\b|</div>").finditer(html, position):
            depth += 1 if tag.group() == "<div" else -1
            if depth == 0:
                blocks[start.group(1)] = html[position:tag.start()].rstrip("\n")
                break
    return blocks


@pytest.mark.parametrize("lang", LANGUAGES)
def test_structure_is_the_same_in_every_language(lang: str) -> None:
    text = page(lang)
    assert len(re.findall(r"^# \S", text, re.M)) == 1
    assert re.findall(r"\{#([a-z-]+)\}", text) == ["check-by-date"]
    assert re.findall(r"^<!--.*-->$", text, re.M) == [MARKER]
    blocks = message_blocks(lang)
    assert set(blocks) == MESSAGES
    slots = {name: sorted(re.findall(r'data-slot="([a-z-]+)"', body)) for name, body in blocks.items()}
    assert slots == {name: sorted(re.findall(r'data-slot="([a-z-]+)"', body)) for name, body in message_blocks("fr").items()}
    assert set(re.findall(r"\{\{ (\w+) \}\}", text)) <= MACROS
    links = sorted(re.findall(r"\]\(([^)]+)\)", text))
    assert links == sorted(re.findall(r"\]\(([^)]+)\)", page("fr")))
    hrefs = [attrs["href"] for tag, attrs in elements(markup(lang)).tags if tag == "a"]
    assert hrefs == [attrs["href"] for tag, attrs in elements(markup("fr")).tags if tag == "a"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_form_sends_nothing_by_itself(lang: str) -> None:
    tags = elements(markup(lang)).tags
    forms = [attrs for tag, attrs in tags if tag == "form"]
    # The code form, and the offline date form inside the "unavailable" message.
    assert len(forms) == 2 and "data-offline-form" in forms[1]
    assert all(form.get("action") == "#check-by-date" and "method" not in form for form in forms)
    inputs = [attrs for tag, attrs in tags if tag == "input"]
    assert len(inputs) == 2 and all("name" not in attrs for attrs in inputs)  # nothing to put in a URL
    assert inputs[0]["id"] == "check-code-input" and inputs[0]["autocomplete"] == "off"
    assert inputs[1]["id"] == "check-code-date" and inputs[1]["type"] == "date"
    labels = [attrs for tag, attrs in tags if tag == "label"]
    assert labels == [{"for": "check-code-input"}, {"for": "check-code-date"}]
    unavailable = message_blocks(lang)["unavailable"]
    assert "data-offline-form" in unavailable and "data-offline-result" in unavailable
    hint = inputs[0]["aria-describedby"]
    assert any(attrs.get("id") == hint for _, attrs in tags)
    root = next(attrs for tag, attrs in tags if "data-check-code" in attrs)
    # Shown from the first paint with JavaScript (its place kept: no layout shift); without it the
    # stylesheet hides it (the theme's <html class="no-js">, turned into "js" by a script).
    assert "hidden" not in root and root["data-locale"] == LOCALES.get(lang, f"{lang}-CH")
    assert ".no-js .check-code { display: none; }" in STYLESHEET.read_text(encoding="utf-8")
    result = next(attrs for tag, attrs in tags if "data-result" in attrs)
    assert result["aria-live"] == "polite" and result["role"] == "status"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_theme_includes_the_script_once_by_a_relative_path(lang: str, site_dir) -> None:
    assert not [attrs for tag, attrs in elements(page(lang) + markup(lang)).tags if tag == "script"]
    built = (site_dir / lang / "check-code" / "index.html").read_text(encoding="utf-8")
    # The script's content-hashed name (sitebuild/fingerprint.py).
    assert len(re.findall(r'<script type="module" src="\.\./assets/javascripts/check-code\.[0-9a-f]{10}\.js">', built)) == 1
    assert "<script>" not in page(lang) + markup(lang)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_worked_example_follows_the_rule(lang: str) -> None:
    validity = load_code_rules(REPO / "site.toml").validity_days
    times = [(iso, text) for iso, text in elements(page(lang)).times if iso]
    assert len(times) == 2
    (issued_iso, issued_text), (last_iso, last_text) = times
    assert expires_on(date.fromisoformat(issued_iso), validity) == date.fromisoformat(last_iso)
    assert issued_text == format_date(date.fromisoformat(issued_iso), lang)
    assert last_text == format_date(date.fromisoformat(last_iso), lang)


def test_swiss_german_has_no_eszett() -> None:
    assert "ß" not in page("de") + markup("de")


def test_the_script_has_no_language_text_and_no_code_rules() -> None:
    script = SCRIPT.read_text(encoding="utf-8")
    code = re.sub(r"//[^\n]*", "", script)
    # No code rule: no length, no character class, no normalising.
    assert not re.search(r"\[A-Z|\{12\}|\b12\b|toUpperCase|normalize\(", code)
    # No language text: no non-ASCII letters, and no string literal that reads as words.
    assert code.isascii()
    literals = re.findall(r'"([^"\n]*)"|`([^`]*)`', code)
    for literal in ("".join(parts) for parts in literals):
        if re.search(r"\[data-[a-z-]+\]", literal):
            continue   # a CSS selector ("[data-messages] a"), not words
        words = re.sub(r"\$\{[^}]*\}", "", literal).split()
        assert len(words) <= 1, literal
    # Only the relative API path, no inline handlers, no other origin.
    assert re.findall(r"https?://", code) == []
    assert '"/api/v1/access-codes/check"' in code
