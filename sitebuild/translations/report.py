"""What editors and translators read: every section and guide text whose translation lags the
French (status.py), with a link to both versions and what changed in the French since the
recorded text.

    the table      on the terminal: language, page or guide text, section, status, since
    translations.html   one self-contained file (style inline, no script, no external reference),
                   in the style of the feedback report, in the language asked for (the site
                   catalog's texts, French by default): per language the counts, then each
                   entry with its links and the French words removed and added
    translations.csv    the same entries, one a row, with both texts
"""
from __future__ import annotations

import csv
import datetime
import difflib
import io
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from guide import urls
from guide.dates import format_date
from guide.engine import reachable_steps
from guide.translation import shown_places, shows
from guide.tree import Flow, load_flow
from sitebuild import site_catalog
from sitebuild.sources.anchors import page_path, read_article
from sitebuild.translations import interface_strings
from sitebuild.translations.paths import SOURCE_LANGUAGE, Repository
from sitebuild.translations.sections import PAGE_START
from sitebuild.translations.status import GUIDE, INTERFACES, LAGGING, ORPHAN, Entry, LanguageStatus

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
CSV_COLUMNS = ["language", "page", "section", "status", "since", "translation_url", "french_url",
               "french_followed", "french_now"]
CONTEXT_WORDS = 12   # words kept around each change in the French diff
TITLE_WORDS = 10     # an interface string's title: its first words
DOMAIN_OF = {domain.page: domain for domain in interface_strings.DOMAINS}


@dataclass(frozen=True)
class Change:
    kind: str        # "same", "removed", "added", or "gap" (unchanged words left out)
    text: str


@dataclass(frozen=True)
class Line:
    """An entry as the report shows it."""
    entry: Entry
    page_title: str
    section_title: str
    translation_url: str     # "" for a site string on no page (the reports for staff)
    french_url: str
    files: tuple[str, ...] = ()   # an interface string's files (entry.files)
    catalog: str = ""             # an interface string's catalog

    @property
    def title(self) -> str:
        """What the entry is, in words: the article and its section, the guide's step, the string."""
        return f"{self.page_title} – {self.section_title}" if self.section_title else self.page_title

    @property
    def changes(self) -> list[Change]:
        return french_changes(self.entry.followed or "", self.entry.french) if self.entry.followed else []


def french_changes(before: str, after: str, context: int = CONTEXT_WORDS) -> list[Change]:
    """The French words removed and added, word by word, with `context` unchanged words around."""
    old, new = before.split(), after.split()
    changes = []
    opcodes = difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes()
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            words = old[i1:i2]
            head = words[:context] if index > 0 else []                  # after a change
            tail = words[-context:] if index < len(opcodes) - 1 else []  # before one
            if (head or tail) and len(words) > len(head) + len(tail):
                changes += [Change("same", " ".join(head))] if head else []
                changes.append(Change("gap", "…"))
                changes += [Change("same", " ".join(tail))] if tail else []
            else:
                changes.append(Change("same", " ".join(words)))
            continue
        if i2 > i1:
            changes.append(Change("removed", " ".join(old[i1:i2])))
        if j2 > j1:
            changes.append(Change("added", " ".join(new[j1:j2])))
    return [change for change in changes if change.text]


def _plain(text: str) -> str:
    return text.replace("**", "")


class _Pages:
    """Titles and addresses of the pages where the entries are read."""

    def __init__(self, repo: Repository, root_url: str, flow: Flow):
        self.repo, self.root_url, self.flow = repo, root_url, flow
        self._steps = {}
        for step in reachable_steps(flow):
            if not step.is_outcome:
                self._steps.setdefault(step.node.id, urls.step_location(step.answers))

    def _article(self, lang: str, page: str):
        path = self.repo.docs(lang) / page
        return read_article(path, page) if path.is_file() else None

    def article_line(self, entry: Entry) -> Line:
        article = self._article(SOURCE_LANGUAGE, entry.page) if entry.status != ORPHAN else None
        article = article or self._article(entry.lang, entry.page)
        headings = {section.anchor: section.heading for section in article.sections}
        fragment = "" if entry.section == PAGE_START else f"#{entry.section}"
        address = page_path(entry.page) + fragment
        return Line(entry, article.title, headings.get(entry.section, "") if fragment else "",
                    f"{self.root_url}{entry.lang}/{address}", f"{self.root_url}{SOURCE_LANGUAGE}/{address}")

    def interface_line(self, entry: Entry) -> Line:
        """An interface string: its first words, its catalog and files, the page that shows it."""
        domain, files = DOMAIN_OF[entry.page], entry.files
        words = _plain(entry.french).split()
        title = " ".join(words[:TITLE_WORDS]) + (" …" if len(words) > TITLE_WORDS else "")
        catalog = f"locales/{entry.lang}/LC_MESSAGES/{domain.catalog}"
        shown_on = next((domain.shown_on[file] for file in files if domain.shown_on.get(file) is not None), None)
        if shown_on is None:
            return Line(entry, title, "", "", "", files, catalog)
        return Line(entry, title, "", f"{self.root_url}{entry.lang}/{shown_on}",
                    f"{self.root_url}{SOURCE_LANGUAGE}/{shown_on}", files, catalog)

    def guide_line(self, entry: Entry) -> Line:
        """A guide text, at the first page that shows it: its question's, or its outcome's own."""
        title, location = "", urls.step_location(())
        for question in self.flow.questions.values():
            if shows(shown_places(question, question.id == self.flow.start), entry.section):
                title, location = _plain(question.text), self._steps.get(question.id, location)
                break
        else:
            for outcome in self.flow.outcomes.values():
                if shows(shown_places(outcome), entry.section):
                    title, location = _plain(outcome.title), urls.outcome_location(outcome.id)
                    break
        address = "".join(part + "/" for part in location)
        return Line(entry, title, "", f"{self.root_url}{entry.lang}/{address}",
                    f"{self.root_url}{SOURCE_LANGUAGE}/{address}")


def report_lines(status: dict[str, LanguageStatus], root_url: str, repo: Repository | None = None) -> list[Line]:
    """The entries that lag, language by language, in the order of pages and sections."""
    pages = _Pages(repo or Repository(), root_url, load_flow())
    line = {GUIDE: pages.guide_line, **{page: pages.interface_line for page in INTERFACES}}
    return [line.get(entry.page, pages.article_line)(entry) for item in status.values() for entry in item.lagging()]


def _shortened(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[:width - 1].rstrip() + "…"


def render_table(lines: list[Line]) -> str:
    """The terminal's table (dates as ISO, for any reader)."""
    rows = [("language", "page or guide text", "section", "status", "since", "title")]
    rows += [(line.entry.lang, line.entry.page, line.entry.section, line.entry.status,
              line.entry.since.isoformat() if line.entry.since else "-", _shortened(line.title)) for line in lines]
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    return "\n".join("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() for row in rows) + "\n"


def render_csv(lines: list[Line]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for line in lines:
        entry = line.entry
        writer.writerow({"language": entry.lang, "page": entry.page, "section": entry.section, "status": entry.status,
                         "since": entry.since.isoformat() if entry.since else "",
                         "translation_url": line.translation_url, "french_url": line.french_url,
                         "french_followed": entry.followed or "", "french_now": entry.french})
    return buffer.getvalue()


_ENV = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined,
                   extensions=["jinja2.ext.i18n"])


def render_html(status: dict[str, LanguageStatus], lines: list[Line], lang: str, language_names: dict[str, str],
                today: datetime.date) -> str:
    env = _ENV.overlay()
    env.install_gettext_translations(site_catalog.translations(lang), newstyle=True)  # type: ignore[attr-defined]
    counts = [{"lang": code, "name": language_names.get(code, code),
               "current": sum(not entry.lags for entry in item.entries),
               **{kind: sum(entry.status == kind for entry in item.entries) for kind in LAGGING}}
              for code, item in status.items()]
    by_language = [(row, [line for line in lines if line.entry.lang == row["lang"]]) for row in counts]
    return env.get_template("translations_report.html.j2").render(
        lang=lang, today=format_date(today, lang), counts=counts, by_language=by_language, lagging=len(lines),
        date=lambda day: format_date(day, lang) if day else "–", page_start=PAGE_START, guide=GUIDE, interfaces=INTERFACES)


def write_report(status: dict[str, LanguageStatus], out: Path, root_url: str, lang: str,
                 language_names: dict[str, str], repo: Repository | None = None,
                 today: datetime.date | None = None) -> tuple[Path, Path, list[Line]]:
    lines = report_lines(status, root_url, repo)
    out.mkdir(parents=True, exist_ok=True)
    html_path, csv_path = out / "translations.html", out / "translations.csv"
    html_path.write_text(render_html(status, lines, lang, language_names, today or datetime.date.today()),
                         encoding="utf-8")
    csv_path.write_text(render_csv(lines), encoding="utf-8")
    return html_path, csv_path, lines
