"""The support team's report from a seeded database: the expected counts in the CSV and the HTML,
the period options, the language, valid HTML with no external reference."""

from __future__ import annotations

import csv
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

from codecheck.cli import main
from codecheck.settings import Settings
from codecheck.registry import open_store
from tests.codecheck.support import run, write_feedback_pages

ARTICLE = "/situations/no-active-login/"
OUTCOME = "/guide/outcomes/code-expired/"
# (day, language, page, answer, reason, how many times)
SEED = [
    (date(2026, 6, 1), "de", ARTICLE, "yes", "", 9),
    (date(2026, 6, 2), "de", ARTICLE, "yes", "", 5),
    (date(2026, 6, 1), "de", ARTICLE, "no", "", 2),
    (date(2026, 6, 2), "de", ARTICLE, "no", "not-found", 3),
    (date(2026, 6, 2), "de", ARTICLE, "no", "hard-to-understand", 1),
    (date(2026, 6, 3), "fr", OUTCOME, "yes", "", 3),
    (date(2026, 6, 3), "fr", OUTCOME, "no", "", 3),
    (date(2026, 6, 3), "fr", OUTCOME, "no", "wrong-or-outdated", 4),
    (date(2026, 6, 4), "fr", OUTCOME, "no", "does-not-work", 2),
    (date(2026, 6, 4), "fr", "/", "yes", "", 2),
    (date(2026, 6, 4), "fr", "/", "no", "", 1),
    (date(2026, 5, 20), "de", OUTCOME, "yes", "", 5),   # before the period of the tests below
]


@pytest.fixture
def seeded(tmp_path: Path, monkeypatch) -> Path:
    db = tmp_path / "feedback.sqlite3"
    store = open_store(Settings(db_path=db))
    store.migrate()
    # Reasons first: a reason given after a bare "no" of the same day would take its place.
    for day, language, page, answer, reason, times in sorted(SEED, key=lambda row: row[4] == ""):
        for _ in range(times):
            run(store.add_feedback(day, language, page, answer, reason))
    store.close()
    monkeypatch.setenv("CODECHECK_DB", str(db))
    monkeypatch.setenv("CODECHECK_FEEDBACK_PAGES", str(write_feedback_pages(tmp_path / "site/_feedback/pages.json")))
    return tmp_path


def report(folder: Path, capsys, *options: str) -> tuple[str, list[dict]]:
    out = folder / "reports"
    assert main(["feedback-report", "--out", str(out), *options]) == 0
    capsys.readouterr()
    with (out / "feedback.csv").open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    return (out / "feedback.html").read_text(encoding="utf-8"), rows


def test_the_csv_has_one_row_per_page_language_answer_and_reason(seeded: Path, capsys) -> None:
    _, rows = report(seeded, capsys, "--since", "2026-06-01", "--until", "2026-06-30")
    assert [(r["language"], r["path"], r["answer"], r["reason"], r["count"]) for r in rows] == [
        ("de", "/de/situations/no-active-login/", "no", "", "2"),
        ("de", "/de/situations/no-active-login/", "no", "hard-to-understand", "1"),
        ("de", "/de/situations/no-active-login/", "no", "not-found", "3"),
        ("de", "/de/situations/no-active-login/", "yes", "", "14"),
        ("fr", "/fr/", "no", "", "1"),
        ("fr", "/fr/", "yes", "", "2"),
        ("fr", "/fr/guide/outcomes/code-expired/", "no", "", "3"),
        ("fr", "/fr/guide/outcomes/code-expired/", "no", "does-not-work", "2"),
        ("fr", "/fr/guide/outcomes/code-expired/", "no", "wrong-or-outdated", "4"),
        ("fr", "/fr/guide/outcomes/code-expired/", "yes", "", "3"),
    ]
    assert set(rows[0]) == {"language", "page", "path", "kind", "title", "answer", "reason", "count"}
    assert rows[6]["kind"] == "outcome" and rows[6]["title"] == "Commandez un nouveau code"


def test_the_period_options_choose_the_days(seeded: Path, capsys) -> None:
    _, everything = report(seeded, capsys)
    assert sum(int(r["count"]) for r in everything) == 40
    _, one_day = report(seeded, capsys, "--since", "2026-06-04", "--until", "2026-06-04")
    assert sorted((r["path"], r["answer"], r["reason"], r["count"]) for r in one_day) == [
        ("/fr/", "no", "", "1"), ("/fr/", "yes", "", "2"),
        ("/fr/guide/outcomes/code-expired/", "no", "does-not-work", "2")]
    assert main(["feedback-report", "--since", "2026-06-05", "--until", "2026-06-01"]) == 2
    assert main(["feedback-report", "--lang", "es"]) == 2


def cells(html: str, marker: str) -> list[str]:
    row = re.search(rf'<tr {marker}[^>]*>(.*?)</tr>', html, re.S)
    assert row, marker
    return [" ".join(re.sub(r"<[^>]+>", " ", cell).split()) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row[1], re.S)]


def test_the_html_shows_the_figures_in_french(seeded: Path, capsys) -> None:
    html, _ = report(seeded, capsys, "--since", "2026-06-01")
    assert "Période : du 01.06.2026 au 04.06.2026." in html
    assert "Réponses : 35 (oui : 19, non : 16)." in html
    article = cells(html, 'data-page="/de/situations/no-active-login/"')
    assert article[1:5] == ["DE", "14", "6", "30 %"]
    assert article[5] == "Je n'ai pas trouvé ce que je cherchais : 3; C'est difficile à comprendre : 1"
    outcome = cells(html, 'data-page="/fr/guide/outcomes/code-expired/"')
    assert outcome[0].startswith("Commandez un nouveau code Résultat du guide")
    assert outcome[1:5] == ["FR", "3", "9", "75 %"]
    home = cells(html, 'data-page="/fr/"')
    assert home[4] == "33 % (peu de réponses)"
    assert 'class="few"' in re.search(r'<tr data-page="/fr/"[^>]*>', html)[0]
    assert cells(html, 'data-reason="not-found"')[1] == "3"
    assert cells(html, 'data-reason="wrong-or-outdated"')[1] == "4"
    assert cells(html, 'data-reason=""') == ["Sans motif", "6"]
    # The charts: one bar per page (the outcome first: the largest share of "no") and per reason.
    assert html.count('<svg class="chart"') == 2
    assert re.search(r'data-chart="no-share".*?Commandez un nouveau code \(FR\)', html, re.S)


def test_the_report_speaks_the_chosen_language(seeded: Path, capsys) -> None:
    html, _ = report(seeded, capsys, "--since", "2026-06-01", "--lang", "de")
    assert '<html lang="de">' in html
    assert "Antworten: 35 (Ja: 19, Nein: 16)." in html
    # Titles in the report's language where the page has one: the German outcome's.
    assert "Bestellen Sie einen neuen Code" in html and "Ergebnis des Wegweisers" in html
    assert "Ich habe nicht gefunden, was ich gesucht habe: 3" in html
    assert "Réponses" not in html


VOID = {"meta", "link", "br", "img", "input", "hr", "rect", "path", "line", "circle"}


class StrictTree(HTMLParser):
    """Every element closed, in order; the attributes that would fetch something, collected."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.errors: list[str] = []
        self.fetching: list[str] = []
        self.doctype = ""

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag, attrs) -> None:
        for name, value in attrs:
            if name in {"src", "href", "srcset", "xlink:href", "action", "data", "poster"}:
                self.fetching.append(f"{tag} {name}={value}")
        if tag not in VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag, attrs) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.open.pop()

    def handle_endtag(self, tag) -> None:
        if not self.open or self.open[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.open[-1:]}")
        else:
            self.open.pop()


def test_the_html_is_valid_and_self_contained(seeded: Path, capsys) -> None:
    html, _ = report(seeded, capsys)
    tree = StrictTree()
    tree.feed(html)
    tree.close()
    assert tree.doctype.lower() == "doctype html"
    assert tree.errors == [] and tree.open == []
    assert tree.fetching == []
    assert not re.search(r"url\(|@import|https?://|<script", html, re.I)
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    # Every table says what it is; every chart is hidden from screen readers, its table beside it.
    assert html.count("<caption>") == 2 and html.count('aria-hidden="true"') == 2


def test_no_answers_and_no_list_of_pages(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("CODECHECK_DB", str(tmp_path / "empty.sqlite3"))
    monkeypatch.setenv("CODECHECK_FEEDBACK_PAGES", str(tmp_path / "missing.json"))
    html, rows = report(tmp_path, capsys)
    assert rows == [] and "Aucune réponse pendant cette période." in html
