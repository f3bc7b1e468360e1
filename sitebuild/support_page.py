"""The tables of the "For support staff" page: every article and anchor, with its URL in every
language, so that staff can send a customer the exact section in the customer's language."""

from html import escape

from guide.fund import Fund
from guide.texts import Texts
from guide.tree import load_flow
from guide.urls import outcome_location

from sitebuild import anchors, site_catalog


def _site_root(config) -> str:
    """The site's root URL (above the language folders), from this build's site_url."""
    lang = config["theme"]["language"]
    return (config.get("site_url") or "/").removesuffix(f"{lang}/")


def link_tables(config) -> str:
    lang = config["theme"]["language"]
    languages = list(config["extra"]["languages"])
    root = _site_root(config)
    _ = site_catalog.translations(lang).gettext
    local = {article.src_uri: article for article in anchors.articles(lang)}
    rows = []
    for article in anchors.articles("fr"):
        if article.src_uri in ("support.md",):
            continue
        here = local.get(article.src_uri, article)
        headings = {section.anchor: section.heading for section in here.sections}
        targets = [("", here.title)] + [
            (f"#{section.anchor}", headings.get(section.anchor, section.anchor))
            for section in article.sections
        ]
        rows.append(f'<h3 class="support-article">{escape(here.title)}</h3>')
        section_header = escape(_("Rubrique"))
        rows.append(f'<table class="support-links"><thead><tr><th scope="col">{section_header}</th>')
        rows.extend(f'<th scope="col" lang="{code}">{code.upper()}</th>' for code in languages)
        rows.append("</tr></thead><tbody>")
        for fragment, label in targets:
            cells = []
            for code in languages:
                url = f"{root}{code}/{anchors.page_path(article.src_uri)}{fragment}"
                cells.append(f'<td><a href="{escape(url)}" hreflang="{code}"><code>{escape(url)}</code></a></td>')
            anchor_note = f" <code>{escape(fragment)}</code>" if fragment else ""
            rows.append(f"<tr><th scope=\"row\">{escape(label)}{anchor_note}</th>{''.join(cells)}</tr>")
        rows.append("</tbody></table>")
    return '<div class="support-tables" markdown="0">\n' + "\n".join(rows) + "\n</div>\n"


def guide_outcome_table(config) -> str:
    """Every outcome of the decision guide at its stable address, in every language."""
    lang = config["theme"]["language"]
    languages = list(config["extra"]["languages"])
    root = _site_root(config)
    _ = site_catalog.translations(lang).gettext
    texts = Texts(lang, Fund.from_config(config["extra"]["fund"]))
    outcome_header = escape(_("Résultat du guide"))
    rows = [f'<table class="support-links"><thead><tr><th scope="col">{outcome_header}</th>']
    rows.extend(f'<th scope="col" lang="{code}">{code.upper()}</th>' for code in languages)
    rows.append("</tr></thead><tbody>")
    for outcome in load_flow().outcomes.values():
        path = "/".join(outcome_location(outcome.id)) + "/"
        cells = "".join(
            f'<td><a href="{escape(root + code + "/" + path)}" hreflang="{code}"><code>{escape(root + code + "/" + path)}</code></a></td>'
            for code in languages
        )
        rows.append(f'<tr><th scope="row">{escape(texts.plain(outcome.title))} <code>{escape(outcome.id)}</code></th>{cells}</tr>')
    rows.append("</tbody></table>")
    return '<div class="support-tables" markdown="0">\n' + "\n".join(rows) + "\n</div>\n"
