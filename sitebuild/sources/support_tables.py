"""The tables of the support staff's links page (support/links.md, linked from the desk): every
article and anchor, and every guide outcome, with its URL in every language, so that staff can
send a customer the exact section in the customer's language."""

from html import escape
from pathlib import Path

from guide.fund import Fund
from guide.i18n import SOURCE_LANGUAGE
from guide.texts import Texts
from guide.tree import load_flow
from guide.urls import outcome_location

from sitebuild import site_catalog
from sitebuild.sources import anchors

MARKERS = {"articles": "<!-- articles-and-sections -->", "outcomes": "<!-- guide-outcomes -->"}
LINKS_PAGE = "support/links.md"
SUPPORT_PAGES = ("support.md", LINKS_PAGE)   # the staff's own pages are not listed


def _links_table(header: str, languages: list[str], rows: list[tuple[str, list[str]]]) -> list[str]:
    """One table: a row per target (its label, as HTML) with its URL in every language."""
    html = [f'<table class="support-links"><thead><tr><th scope="col">{escape(header)}</th>']
    html.extend(f'<th scope="col" lang="{code}">{code.upper()}</th>' for code in languages)
    html.append("</tr></thead><tbody>")
    for label_html, urls in rows:
        cells = "".join(f'<td><a href="{escape(url)}" hreflang="{code}"><code>{escape(url)}</code></a></td>'
                        for code, url in zip(languages, urls))
        html.append(f'<tr><th scope="row">{label_html}</th>{cells}</tr>')
    html.append("</tbody></table>")
    return html


def _tables(parts: list[str]) -> str:
    return '<div class="support-tables">\n' + "\n".join(parts) + "\n</div>\n"


def link_tables(lang: str, languages: list[str], root: str) -> str:
    """Every article and section at its URL in every language; `root` is the site's root URL."""
    _ = site_catalog.translations(lang).gettext
    local = {article.src_uri: article for article in anchors.articles(lang)}
    parts = []
    for article in anchors.articles(SOURCE_LANGUAGE):
        if article.src_uri in SUPPORT_PAGES:
            continue
        here = local.get(article.src_uri, article)
        headings = {section.anchor: section.heading for section in here.sections}
        targets = [("", here.title)] + [
            (f"#{section.anchor}", headings.get(section.anchor, section.anchor))
            for section in article.sections
        ]
        rows = [(escape(label) + (f" <code>{escape(fragment)}</code>" if fragment else ""),
                 [f"{root}{code}/{anchors.page_path(article.src_uri)}{fragment}" for code in languages])
                for fragment, label in targets]
        parts.append(f'<h3 class="support-article">{escape(here.title)}</h3>')
        parts.extend(_links_table(_("Rubrique"), languages, rows))
    return _tables(parts)


def guide_outcome_table(lang: str, languages: list[str], root: str, fund: Fund) -> str:
    """Every outcome of the decision guide at its stable address, in every language."""
    _ = site_catalog.translations(lang).gettext
    texts = Texts(lang, fund)
    rows = []
    for outcome in load_flow().outcomes.values():
        path = "/".join(outcome_location(outcome.id)) + "/"
        rows.append((f"{escape(texts.plain(outcome.title))} <code>{escape(outcome.id)}</code>",
                     [root + code + "/" + path for code in languages]))
    return _tables(_links_table(_("Résultat du guide"), languages, rows))


def fill_links_page(page: Path, lang: str, languages: list[str], root: str, fund: Fund) -> None:
    """The support staff's links page with its tables where its markers stand."""
    text = page.read_text(encoding="utf-8")
    for kind, marker in MARKERS.items():
        if marker not in text:
            raise ValueError(f"{page}: the marker {marker} is missing")
    text = (text.replace(MARKERS["outcomes"], guide_outcome_table(lang, languages, root, fund))
            .replace(MARKERS["articles"], link_tables(lang, languages, root)))
    page.write_text(text, encoding="utf-8")
