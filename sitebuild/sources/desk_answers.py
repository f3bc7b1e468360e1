"""What the support desk answers (/<lang>/support/), in every language of the site.

One answer per situation, per easy-read version of a situation and per how-to (the articles of
the nav under situations/, easy-read/ and how-to/)
and per outcome of the decision guide (guide/flow.toml): a new page or outcome is an answer at
once. Each answer's reply, in each language, is made of texts the site already has:

    the article's description, or the outcome's summary        (docs/<lang>/, guide catalog)
    + the fact the reply needs (docs/support-replies.toml)      (site catalog)
    + where to read on: the page, its section or the outcome   (site catalog, absolute links)

Answers are grouped by situation: an easy-read page goes with the situation of the same name,
an outcome goes with the first situation its `read_more`
links to, else the first how-to, else its first article (e.g. "Other problems and contact").
The filter's words are the ones the site's search knows: the titles and the visitors' own words
of docs/search-keywords/<lang>.yml (of the answer's page and of its group's page).
"""
from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup, escape

from guide import reference, urls
from guide.fund import Fund
from guide.i18n import N_
from guide.reference import SiteAddress
from guide.render import request_of
from guide.texts import Texts
from guide.tree import Outcome, load_flow
from sitebuild import search_keywords, site_catalog
from sitebuild.generator_config import read_shared_config
from sitebuild.sources import anchors
from sitebuild.sources.articles import render_text

DOCS = Path(__file__).resolve().parents[2] / "docs"
REPLIES = DOCS / "support-replies.toml"
KINDS = {"situations/": "situation", "how-to/": "how-to", "easy-read/": "easy-read"}   # the articles that are answers, by folder
EASY_READ = "easy-read/"   # an easy-read page bears the name of the situation it says in easy words
OTHER = "contact.md"   # where an outcome that links to no article is listed: with the other problems

# Where the reply sends the employer, by what waits there. %(url)s is the absolute link.
READ_ON_OUTCOME = {
    "self-service": N_("Vous trouverez les étapes ici : %(url)s"),
    "email": N_("Vous trouverez ici les étapes et l'e-mail prêt à envoyer : %(url)s"),
    "letter": N_("Vous trouverez ici les étapes et la lettre prête à imprimer : %(url)s"),
    "support": N_("Vous trouverez ici les conseils et le message prêt à nous envoyer : %(url)s"),
}
READ_ON_PAGE = N_("Vous trouverez toutes les explications ici : %(url)s")
READ_ON_SECTION = N_("Vous trouverez les étapes sous « %(section)s » : %(url)s")


@dataclass(frozen=True)
class Reply:
    """An answer in one language."""
    title: str
    paragraphs: tuple[tuple[str, ...], ...]   # each a list of pieces; a piece may be a link (Link)
    link: str                                 # the link alone
    words: tuple[str, ...]                    # what the filter matches

    @property
    def text(self) -> str:
        """For the clipboard: plain paragraphs, the links written out."""
        return "\n\n".join("".join(str(piece) for piece in paragraph) for paragraph in self.paragraphs)

    @property
    def html(self) -> Markup:
        return Markup("").join(Markup("<p>{}</p>").format(Markup("").join(
            piece.html if isinstance(piece, Link) else escape(piece) for piece in paragraph))
            for paragraph in self.paragraphs)


class Link(str):
    """An absolute URL within a reply's text."""

    @property
    def html(self) -> Markup:
        return Markup('<a href="{0}">{0}</a>').format(self)


@dataclass(frozen=True)
class Answer:
    id: str                          # the page ("situations/no-active-login") or the outcome id
    kind: str                        # "situation", "how-to" or "outcome"
    group: str                       # the article it is listed under (docs path)
    replies: dict[str, Reply]        # per language
    has_fact: bool                   # whether docs/support-replies.toml gives its sentence
    keys: tuple[str, ...] = ()       # an outcome: what names it in a reference line (guide.reference)

    @property
    def element_id(self) -> str:
        return "answer-" + self.id.replace("/", "-")


@dataclass(frozen=True)
class Group:
    page: str                        # docs path of the article the group is named after
    titles: dict[str, str]           # per language
    answers: list[Answer] = field(default_factory=list)


def reply_sentences(path: Path = REPLIES) -> dict[str, dict[str, dict]]:
    """docs/support-replies.toml: {"pages": {page: {...}}, "outcomes": {id: {...}}}."""
    with path.open("rb") as stream:
        data = tomllib.load(stream)
    return {"pages": data.get("pages", {}), "outcomes": data.get("outcomes", {})}


def answer_pages(nav: Sequence | None = None) -> list[str]:
    """The articles that are answers, in the nav's order: "situations/x.md", "how-to/y.md"."""
    def pages(items):
        for item in items:
            if isinstance(item, dict):
                for children in item.values():
                    yield from pages(children if isinstance(children, list) else [children])
            elif isinstance(item, str):
                yield item
    nav = read_shared_config()["nav"] if nav is None else nav
    return [page for page in pages(nav) if page.startswith(tuple(KINDS))]


def _kind(page: str) -> str:
    return next(kind for folder, kind in KINDS.items() if page.startswith(folder))


def group_page(page: str) -> str:
    """The article an article's answer is listed under: an easy-read page under its situation."""
    return "situations/" + page.removeprefix(EASY_READ) if page.startswith(EASY_READ) else page


def home_page(outcome: Outcome, pages: Sequence[str]) -> str | None:
    """The article an outcome is listed under: its first situation, else its first how-to,
    else its first article."""
    linked = [link.page for link in outcome.read_more]
    for folder in ("situations/", "how-to/"):
        found = next((page for page in linked if page.startswith(folder) and page in pages), None)
        if found:
            return found
    return linked[0] if linked else None


class _Language:
    """What one language gives the answers: its articles, keywords, catalogs and the fund."""

    def __init__(self, lang: str, fund: Fund, site: SiteAddress):
        self.lang = lang
        self.site = site
        self.texts = Texts(lang, fund)
        self.fund = fund
        self.gettext = site_catalog.translations(lang).gettext
        self.articles = {article.src_uri: article for article in anchors.articles(lang)}
        self.keywords = search_keywords.keywords(lang)

    def paragraphs(self, lead: str, given: dict, read_on: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
        """What the reply says: the lead and the sentence of support-replies.toml (where there is
        one yet), then where to read on."""
        sentence = given.get("reply")   # a variable: Babel would take a literal inside gettext() as a text
        fact = self.texts.filled(self.gettext(sentence)) if sentence else None
        return (" ".join(filter(None, (lead, fact))),), read_on

    def read_on(self, message: str, url: str, **values) -> tuple[str, ...]:
        """A sentence ending in a link, as pieces (the text around the link, the link)."""
        before, _, after = self.gettext(message).partition("%(url)s")
        return tuple(piece for piece in (self.texts.filled(before, **values), Link(url),
                                         self.texts.filled(after, **values)) if piece)

    def words(self, title: str, *pages: str | None) -> tuple[str, ...]:
        return (title, *(word for page in pages if page for word in self.keywords.get(page, ())))

    def page_url(self, page: str, anchor: str | None = None) -> str:
        return self.site.url(urls.article_location(page), self.lang) + (f"#{anchor}" if anchor else "")

    def page_reply(self, page: str, given: dict) -> Reply:
        article = self.articles[page]
        lead = Markup(render_text(article.description, self.fund, self.lang)).striptags()
        section = given.get("section")
        if section:
            heading = next((s.heading for s in article.sections if s.anchor == section), None)
            if heading is None:
                raise ValueError(f"{REPLIES.name}: docs/{self.lang}/{page} has no section {section!r}")
            link = self.page_url(page, section)
            read_on = self.read_on(READ_ON_SECTION, link, section=heading)
        else:
            link = self.page_url(page)
            read_on = self.read_on(READ_ON_PAGE, link)
        return Reply(article.title, self.paragraphs(lead, given, read_on), link, self.words(article.title, page))

    def outcome_reply(self, outcome: Outcome, home: str | None, given: dict) -> Reply:
        title = self.texts.plain(outcome.title)
        way = request_of(outcome).channel if outcome.type == "request" else outcome.type
        link = self.site.url(urls.outcome_location(outcome.id), self.lang)
        read_on = self.read_on(READ_ON_OUTCOME[way], link)
        own_page = urls.src_uri(urls.outcome_location(outcome.id))   # its keywords, if the yml gives some
        return Reply(title, self.paragraphs(self.texts.plain(outcome.summary), given, read_on), link,
                     (*self.words(title, home, own_page), outcome.id))


def desk_groups(fund: Fund, site: SiteAddress, languages: Sequence[str],
                sentences: dict | None = None) -> list[Group]:
    """Every answer, grouped as the desk lists them; each in every language of `languages`."""
    sentences = reply_sentences() if sentences is None else sentences
    flow = load_flow()
    pages = answer_pages()
    per_language = {lang: _Language(lang, fund, site) for lang in languages}
    groups: dict[str, Group] = {}

    def group(page: str) -> Group:
        if page not in groups:
            groups[page] = Group(page, {lang: language.articles[page].title for lang, language in per_language.items()})
        return groups[page]

    for page in pages:
        given = sentences["pages"].get(page.removesuffix(".md"), {})
        group(group_page(page)).answers.append(Answer(
            id=page.removesuffix(".md"), kind=_kind(page), group=group_page(page), has_fact=bool(given.get("reply")),
            replies={lang: language.page_reply(page, given) for lang, language in per_language.items()}))
    for outcome in flow.outcomes.values():
        home = home_page(outcome, pages)
        given = sentences["outcomes"].get(outcome.id, {})
        group(home or OTHER).answers.append(Answer(
            id=outcome.id, kind="outcome", group=home or OTHER, has_fact=bool(given.get("reply")),
            replies={lang: language.outcome_reply(outcome, home, given) for lang, language in per_language.items()},
            keys=reference.keys(outcome.id)))
    # Situations and how-tos in the nav's order, then the other articles' groups.
    return sorted(groups.values(), key=lambda g: pages.index(g.page) if g.page in pages else len(pages))


def all_answers(groups: Sequence[Group]) -> list[Answer]:
    return [answer for group in groups for answer in group.answers]
