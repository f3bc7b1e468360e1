"""The access-code checker's markup (sitebuild.sources.checker_markup): one template for four languages,
every text translated, the hint following the fund's code pattern, links that resolve."""

from __future__ import annotations

import re
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urljoin

import pytest
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po

import siteconfig
from guide.access_code import DEFAULT_CODE_PATTERN
from guide.fund import Fund
from guide.texts import Texts
from sitebuild.sources import checker_markup
from sitebuild.sources.checker_markup import code_length, relative_href, render_checker
from tests.site.htmlscan import scan
from tests.conftest import SITE_LANGUAGES, TRANSLATED_LANGUAGES

REPO = Path(__file__).resolve().parents[2]
TEMPLATE = REPO / "sitebuild" / "templates" / checker_markup.TEMPLATE
LANGUAGES = SITE_LANGUAGES
PAGE_URL = "check-code/"
WORDS = {"p", "label", "button", "strong", "a"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@pytest.fixture(scope="module")
def fund() -> Fund:
    return siteconfig.load(REPO / "site.toml").fund


class Markup(HTMLParser):
    """Tags in order, the text of each element with an id or a data-message (`texts`), and the
    text of every element that holds words (`words`, in document order)."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.texts: dict[str, str] = {}
        self.words: list[tuple[str, str]] = []
        self._open: list[tuple[str, list[str], str, str]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag in VOID:
            return
        key = attrs.get("id") or (f"message:{attrs['data-message']}" if "data-message" in attrs else "")
        self._open.append((key, [], tag, attrs.get("href") or ""))

    def handle_endtag(self, tag):
        if tag in VOID or not self._open:
            return
        key, parts, tag, href = self._open.pop()
        text = " ".join("".join(parts).split())
        if key:
            self.texts[key] = text
        # A link that shows its own address (e-mail, phone, registration link) reads the same anywhere.
        if tag in WORDS and text and not href.startswith(("mailto:", "tel:", "https:")):
            self.words.append((tag, text))
        if self._open:
            self._open[-1][1].extend(parts)

    def handle_data(self, data):
        if self._open:
            self._open[-1][1].append(data)


def structure(markup: Markup) -> list[tuple[str, dict]]:
    return [(tag, {name: value for name, value in attrs.items() if not name.startswith(("data-locale", "data-date-"))})
            for tag, attrs in markup.tags]


def template_msgids() -> list[str]:
    return [message for _, message, _, _ in extract_from_file("jinja2", str(TEMPLATE))]


def test_the_template_has_texts_to_translate() -> None:
    msgids = template_msgids()
    assert len(msgids) >= 30
    assert all(isinstance(msgid, str) for msgid in msgids)  # no plural forms: the script picks messages


@pytest.mark.parametrize("lang", TRANSLATED_LANGUAGES)
def test_every_text_of_the_template_is_translated(lang: str) -> None:
    with (REPO / "locales" / lang / "LC_MESSAGES" / "site.po").open("rb") as po:
        catalog = read_po(po, locale=lang)
    for msgid in template_msgids():
        message = catalog.get(msgid)
        assert message is not None, f"{lang}: {msgid!r} is not in site.po (run make catalogs-update)"
        assert message.string and not message.fuzzy, f"{lang}: untranslated {msgid!r}"
        assert message.string != msgid, f"{lang}: {msgid!r} is left in French"
        assert re.findall(r"\*\*", message.string) == re.findall(r"\*\*", msgid), (lang, msgid)
        assert len(re.findall(r"\]\(", message.string)) == len(re.findall(r"\]\(", msgid)), (lang, msgid)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_markup_is_plain_html_with_unique_ids(lang: str, fund: Fund) -> None:
    html = render_checker(lang, fund, DEFAULT_CODE_PATTERN, PAGE_URL)
    parsed = Markup(html)
    assert not [attrs for _, attrs in parsed.tags if "markdown" in attrs]
    # Nothing of the message syntax, of Jinja or of Markdown is left over.
    for leftover in ("**", "%(", "](", "{{", "{%", "{#"):
        assert leftover not in html, leftover
    ids = [attrs["id"] for _, attrs in parsed.tags if "id" in attrs]
    assert len(ids) == len(set(ids)) and {"check-code-input", "check-code-hint", "check-code-date"} <= set(ids)
    # Every <time> carries a machine-readable datetime: the script fills it with the text, and
    # the hidden messages hold a stand-in as wide as a real one (they keep the answer's place).
    times = [attrs for tag, attrs in parsed.tags if tag == "time"]
    assert times and all(datetime.fromisoformat(attrs["datetime"]) for attrs in times)
    # The same elements in every language: only the words and the date format differ.
    french = Markup(render_checker("fr", fund, DEFAULT_CODE_PATTERN, PAGE_URL))
    assert structure(parsed) == structure(french)
    if lang != "fr":
        assert len(parsed.words) == len(french.words) > 40
        same = [text for (_, text), (_, source) in zip(parsed.words, french.words) if text == source]
        assert not same, f"{lang}: left in French: {same}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_funds_details_are_the_guides_links(lang: str, fund: Fund) -> None:
    html = render_checker(lang, fund, DEFAULT_CODE_PATTERN, PAGE_URL)
    texts = Texts(lang, fund)
    unknown = re.search(r'<div data-message="unknown">(.*?)</div>', html, re.S)[1]
    for name in ("fund_email", "fund_phone"):
        assert str(texts.fund_link(name)) in unknown, name
    assert fund.name(lang) in unknown
    valid = re.search(r'<div data-message="valid-other">(.*?)</div>', html, re.S)[1]
    assert str(texts.fund_link("registration_url")) in valid


@pytest.mark.parametrize(("pattern", "length"), [
    ("[A-Z0-9]{12}", 12), ("[A-Z0-9]{8}", 8), ("[A-Z0-9]{20}", 20),
    ("[A-Z]{6}[0-9]{6}", None), ("[A-Z0-9]{4,12}", None), ("[A-Z0-9]{12}[A-Z]", None),
    ("[0-9]{12}", None), ("[A-Z0-9]{1}", None), ("[A-Z0-9]+", None),
])
def test_a_count_only_for_a_fixed_number_of_letters_and_digits(pattern: str, length: int | None) -> None:
    assert code_length(pattern) == length


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_hint_and_the_form_message_follow_the_code_pattern(lang: str, fund: Fund) -> None:
    def hint_and_refusal(pattern: str) -> tuple[str, str]:
        texts = Markup(render_checker(lang, fund, pattern, PAGE_URL)).texts
        return texts["check-code-hint"], texts["message:form"]

    for count in (12, 8):
        for text in hint_and_refusal(f"[A-Z0-9]{{{count}}}"):
            assert re.findall(r"\d+", text) == [str(count)], text
    counted = hint_and_refusal("[A-Z0-9]{12}")
    general = hint_and_refusal("[A-Z]{6}[0-9]{6}")
    for text in general:
        assert not re.search(r"\d", text), text
    assert general[0] != counted[0] and general[1] != counted[1]
    # Both still say that spaces and dashes do not matter: the counted and general hints share it.
    assert counted[0].split(". ")[-1] == general[0].split(". ")[-1]


@pytest.mark.parametrize(("page_url", "href"), [
    ("check-code/", "../guide/outcomes/code-expired/"),
    ("tools/check-code/", "../../guide/outcomes/code-expired/"),
    ("check-code.html", "guide/outcomes/code-expired/"),
    ("", "guide/outcomes/code-expired/"),
])
def test_links_are_relative_to_the_page(page_url: str, href: str) -> None:
    assert relative_href("guide/outcomes/code-expired/", page_url) == href


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_link_resolves_from_the_checkers_address_to_a_built_page(lang: str, fund: Fund, site_dir) -> None:
    html = render_checker(lang, fund, DEFAULT_CODE_PATTERN, PAGE_URL)
    checker = site_dir / lang / "check-code" / "index.html"
    hrefs = [attrs["href"] for tag, attrs in Markup(html).tags if tag == "a"]
    internal = [href for href in hrefs if not href.startswith(("mailto:", "tel:", "https:"))]
    assert {href for href in internal if not href.startswith("#")} == {
        relative_href(target, PAGE_URL) for target in checker_markup.LINK_TARGETS.values()}
    for href in internal:
        address, fragment = urldefrag(urljoin(f"/{lang}/check-code/", href))
        target = site_dir / address.lstrip("/") / "index.html"
        assert target.is_file(), href
        if fragment:
            assert fragment in scan(target).ids, href
    # The build put this very markup in the page (the hint, the messages, their links).
    built = Markup(checker.read_text(encoding="utf-8"))
    for key, text in Markup(html).texts.items():
        assert built.texts.get(key) == text, key
