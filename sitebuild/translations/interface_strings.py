"""Interface strings when their French changes: the site's (locales/<lang>/LC_MESSAGES/site.po:
the theme's, the checker's, the support desk's, the nav's) and the guide's own (guide.po's
strings of its code and templates: buttons, form errors, the letter's greeting).

A guide text has a name (its place in flow.toml); a string of a template or of the code has none:
its msgid is its French. Its place is where it stands: its file, between the same neighbours.
`update` lines up each file's strings as they were (the order the catalog keeps, `#: file`) and
as they are (the extraction, by file and line), as `diff` lines up a file's lines: a new string
that takes the place of an old one keeps the old one's translation, flagged fuzzy (stale), and
the record's entry moves with it, so the report can say which French it follows. Where a stretch
of a file changed its number of strings (one changed, one added beside it), each old string goes
to the new one most like it, if any is. Nothing is taken from elsewhere: Babel's fuzzy matching
looks for a resembling string in the whole catalog, and a short label finds a wrong one.

In the record (record.py) a catalog's interface strings go under their own page (`site`,
`guide-interface`), by the fingerprint of their French (`key`); a stale one's entry holds the
French its translation follows. The build shows a stale translation (fuzzy entries are compiled)
without a notice: a button or a message of the checker has no section to carry one; the report
lists it.
"""
from __future__ import annotations

import difflib
import io
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fnmatch import fnmatch
from functools import cache
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po, write_po
from babel.util import pathmatch

from sitebuild.translations.paths import GUIDE_DECLARATIONS, Repository
from sitebuild.translations.record import TranslationRecord
from sitebuild.translations.sections import fingerprint, normalise

WIDTH = 100        # as `make catalogs-update` writes the catalogs
SIMILAR = 0.5      # a changed stretch of a file: how alike an old and a new string must be to pair
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


@dataclass(frozen=True, eq=False)
class Domain:
    """One catalog's interface strings."""
    page: str                  # their `page` in the record, the status and the report
    catalog: str               # the catalog, in locales/<lang>/LC_MESSAGES/
    mapping: str               # the Babel mapping they are extracted with, relative to the root
    # Where a visitor (or a translator checking a translation) sees a file's strings: the page's
    # path below /<lang>/ ("" the language's home: the theme's strings are on every page), or
    # None where they are on no page of the site (the reports for staff). A test asks every file.
    shown_on: Mapping[str, str | None]
    named: tuple[str, ...] = field(default=())   # files whose texts have a place of their own (not this domain's)


SITE = Domain("site", "site.po", "locales/site-babel.cfg", {
    "codecheck/templates/feedback_report.html.j2": None,
    "docs/support-replies.toml": "support/",
    "mkdocs.yml": "",
    "overrides/404.html": "404.html",
    "overrides/503.html": "503.html",
    "overrides/main.html": "",
    "overrides/partials/alternate.html": "",
    "overrides/partials/copyright.html": "",
    "overrides/partials/feedback.html": "",
    "overrides/partials/search.html": "",
    "sitebuild/sources/desk_answers.py": "support/",
    "sitebuild/sources/support_tables.py": "support/links/",
    "sitebuild/templates/404.html": "404.html",
    "sitebuild/templates/503.html": "503.html",
    "sitebuild/templates/check_code.html.j2": "check-code/",
    "sitebuild/templates/index.html": "",
    "sitebuild/templates/notices_regions.html": "",
    "sitebuild/templates/support_desk.html.j2": "support/",
    "sitebuild/templates/translations_report.html.j2": None,
})
# The guide's texts in flow.toml and requests.toml go by place (guide_catalog.py); the rest of
# guide.po is this. A request's page (its form, its check, the prepared message): order-new-code.
REQUEST = "guide/outcomes/order-new-code/"
GUIDE_INTERFACE = Domain("guide-interface", "guide.po", "babel.cfg", {
    "guide/browser.py": REQUEST,
    "guide/render.py": REQUEST,
    "guide/step_html.py": "guide/unknown-step/",
    "guide/texts.py": REQUEST,
    "guide/validation.py": REQUEST,
    "guide/templates/email_body.txt.j2": REQUEST,
    "guide/templates/letter.txt.j2": "guide/outcomes/code-sent-to-fiduciary/",
    "guide/templates/pages/_answers.html.j2": REQUEST,
    "guide/templates/pages/_request.html.j2": REQUEST,
    "guide/templates/pages/_runtime.html.j2": "guide/",
    "guide/templates/pages/_translation_notice.html.j2": "guide/",
    "guide/templates/pages/outcome.html.j2": REQUEST,
    "guide/templates/pages/question.html.j2": "guide/",
    "guide/templates/pages/request_check.html.j2": REQUEST,
    "guide/templates/pages/request_form.html.j2": REQUEST,
    "guide/templates/pages/unknown_step.html.j2": "guide/unknown-step/",
    "sitebuild/sources/guide_diagram.py": "support/links/",
}, named=GUIDE_DECLARATIONS)
DOMAINS = (SITE, GUIDE_INTERFACE)


def key(french: str) -> str:
    """An interface string's key in the record: the fingerprint of its French, normalised."""
    return fingerprint(normalise(french))


@dataclass(frozen=True)
class InterfaceString:
    french: str                 # normalised
    files: tuple[str, ...]      # where it stands, relative to the root


def _files(message: Message) -> tuple[str, ...]:
    return tuple(dict.fromkeys(file for file, _ in message.locations))


def is_interface(message: Message, domain: Domain) -> bool:
    """A string of the domain's code and templates (not a text with a place of its own)."""
    return bool(message.id) and isinstance(message.id, str) and any(file not in domain.named for file in _files(message))


def _mapping(root: Path, domain: Domain) -> tuple[list[tuple[str, str]], dict]:
    with (root / domain.mapping).open(encoding="utf-8") as stream:
        return parse_mapping_cfg(stream, filename=domain.mapping)


# Folders no string comes from: hidden and private ones, the dependencies, the built sites and
# var/ (the tests' builds, some 100,000 files). Walking them made an extraction take seconds. The
# Makefile's `pybabel extract` skips the same (--ignore-dirs, EXTRACT_IGNORED_DIRS).
IGNORED_DIRS = (".*", "_*", "node_modules", "var", "site", "site.partial")


def _walked(folder: str) -> bool:
    return not any(fnmatch(os.path.basename(folder), pattern) for pattern in IGNORED_DIRS)


def extract_strings(root: Path, domain: Domain) -> Catalog:
    """The strings the domain's catalog holds today, as `pybabel extract -F <mapping> .` finds them
    (N_ is among Babel's default keywords), each with its files and lines."""
    method_map, options_map = _mapping(root, domain)
    catalog = Catalog(fuzzy=False)
    found = extract_from_dir(root, method_map, options_map, directory_filter=_walked)
    for filename, lineno, message, comments, context in found:
        catalog.add(message, None, [(Path(filename).as_posix(), lineno)], auto_comments=comments, context=context)
    return catalog


def french_strings(repo: Repository, domain: Domain) -> dict[str, InterfaceString]:
    """The domain's interface strings in use, by key."""
    return {key(message.id): InterfaceString(normalise(message.id), _files(message))
            for message in extract_strings(repo.root, domain) if is_interface(message, domain)}


@cache
def parser(root: Path, domain: Domain, path: str):
    """For history.py: a version of one file -> its strings' French by key."""
    method_map, options_map = _mapping(root, domain)
    method, pattern = next(((method, pattern) for pattern, method in method_map if pathmatch(pattern, path)),
                           ("ignore", ""))

    def parse(text: str) -> dict[str, str]:
        if method == "ignore":
            return {}
        found = extract(method, io.BytesIO(text.encode("utf-8")), options=options_map.get(pattern, {}))
        return {key(message): normalise(message) for _, message, _, _ in found if isinstance(message, str)}

    return parse


# --- the catalogs ----------------------------------------------------------------------------

def read_template(path: Path) -> Catalog:
    with path.open("rb") as stream:
        return read_po(stream)


def read_catalog(path: Path, lang: str) -> Catalog:
    with path.open("rb") as stream:
        return read_po(stream, locale=lang)


def write_catalog(path: Path, catalog: Catalog) -> None:
    # The file of each string without its line (`#: file`): a line moved changes no catalog. No
    # previous msgid (`#|`): Babel reads none back and wraps a long one so that it cannot.
    with path.open("wb") as stream:
        write_po(stream, catalog, width=WIDTH, include_lineno=False)


def _in_files(messages: Iterable[Message], domain: Domain) -> dict[str, list[str]]:
    """Each file's interface strings in the catalog's order (by file and line; a string of several
    files stands where its first file puts it)."""
    files: dict[str, list[str]] = {}
    for message in messages:
        if is_interface(message, domain):
            for file in _files(message):
                if file not in domain.named:
                    files.setdefault(file, []).append(message.id)
    return files


def _paired(old: list[str], new: list[str]) -> list[tuple[str, str]]:
    """Old and new strings of one changed stretch of a file, paired: one for one where the stretch
    kept its number of strings, else each old string with the new one closest to it (where they
    share at least SIMILAR of their words' order, as a translator would pair them)."""
    if len(old) == len(new):
        return list(zip(old, new))
    scored = sorted(((difflib.SequenceMatcher(a=a.split(), b=b.split(), autojunk=False).ratio(), i, j)
                     for i, a in enumerate(old) for j, b in enumerate(new)), reverse=True)
    pairs, used_old, used_new = [], set(), set()
    for ratio, i, j in scored:
        if ratio >= SIMILAR and i not in used_old and j not in used_new:
            pairs.append((old[i], new[j]))
            used_old.add(i)
            used_new.add(j)
    return pairs


def lined_up(before: Catalog, after: Catalog, domain: Domain) -> dict[str, str]:
    """The new strings that take the place of old ones in the same file: new -> old."""
    old_ids = {message.id for message in before if message.id}
    new_ids = {message.id for message in after if message.id}
    old_files, new_files = _in_files(before, domain), _in_files(after, domain)
    replaced: dict[str, str] = {}
    for file, new_sequence in new_files.items():
        old_sequence = old_files.get(file, [])
        matcher = difflib.SequenceMatcher(a=old_sequence, b=new_sequence, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag != "replace":
                continue
            gone = [old for old in old_sequence[i1:i2] if old not in new_ids]
            added = [new for new in new_sequence[j1:j2] if new not in old_ids]
            for old, new in _paired(gone, added):
                replaced.setdefault(new, old)
    return replaced


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


class Carrier:
    """Takes a catalog from the strings it had to those of a template: `carry` once the catalog is
    updated. (Not a translation that asks for a value the new French no longer has, `%(count)s`:
    the page could not be written with it.)"""

    def __init__(self, catalog: Catalog, template: Catalog, domain: Domain):
        self.domain = domain
        self.before = {message.id: message for message in catalog if message.id}
        self.replaced = {new: old for new, old in lined_up(catalog, template, domain).items()
                         if self.before[old].string and placeholders(self.before[old].string) <= placeholders(new)}

    def carry(self, catalog: Catalog, record: TranslationRecord) -> list[str]:
        """The untranslated strings that took another's place get its translation, fuzzy where
        more than whitespace changed, and its record entry. Their French, normalised, in order."""
        carried = []
        for message in catalog:
            old = self.replaced.get(message.id)
            if not message.id or message.string or old is None:
                continue
            message.string = self.before[old].string
            if normalise(old) != normalise(message.id):
                message.flags.add("fuzzy")
                record.carry(self.domain.page, key(old), key(message.id))
            carried.append(normalise(message.id))
        return carried


def update(po_path: Path, template: Catalog, lang: str, record: TranslationRecord, domain: Domain = SITE) -> list[str]:
    """Brings a language's site.po up to the extracted strings (`template`, site.pot): new strings
    added, strings no longer used dropped (their translation is in git), as `pybabel update` does
    but without fuzzy matching; strings that took another's place carried (Carrier)."""
    catalog = read_catalog(po_path, lang)
    carrier = Carrier(catalog, template, domain)
    catalog.update(template, no_fuzzy_matching=True, update_creation_date=False)
    catalog.obsolete.clear()
    carried = carrier.carry(catalog, record)
    write_catalog(po_path, catalog)
    return carried


def mark_current(po_path: Path, lang: str, french: Iterable[str]) -> None:
    """The entries of these strings (normalised French), translated, lose the fuzzy flag."""
    chosen = set(french)
    catalog = read_catalog(po_path, lang)
    changed = False
    for message in catalog:
        if message.id and message.string and message.fuzzy and normalise(message.id) in chosen:
            message.flags.discard("fuzzy")
            changed = True
    if changed:
        write_catalog(po_path, catalog)


def translated(catalog: Catalog) -> dict[str, Message]:
    """The catalog's translated entries by their French, normalised."""
    return {normalise(message.id): message for message in catalog if message.id and message.string}
