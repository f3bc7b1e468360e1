"""The articles of one language, copied from docs/<lang>/ with the fund's details filled in.

Articles write `{{ fund_email }}`, `{{ validity_days }}` etc. (docs/README.md lists them); the
values come from site.toml through siteconfig, the links are the guide's own (guide.texts), so
that articles and guide pages show them alike. `{#anchor}` (attr_list) stays Markdown: Jinja's
comments are `{## ... ##}` here.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from guide.fund import Fund
from guide.i18n import SOURCE_LANGUAGE
from guide.texts import Texts
from sitebuild.sources.lagging_articles import follow_french
from sitebuild.translations.status import LanguageStatus

LINKS = ("fund_email", "fund_phone", "fund_web", "fund_contact", "registration_url")


def fund_variables(fund: Fund, lang: str) -> dict:
    """The variables that docs/README.md promises to content editors, for one language. An
    optional detail the fund has not given (phone, postal address, registration link) is empty:
    articles test it (`{% if fund_phone %}`) and say where to find it instead."""
    texts = Texts(lang, fund)
    return {
        "fund_name": fund.name(lang),
        **{name: texts.fund_link(name) for name in LINKS},
        "fund_address": Markup("<br>\n".join(escape(line) for line in fund.postal_address or ())),
        "validity_days": fund.code_validity_days,
    }


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        undefined=jinja2.StrictUndefined,     # a mistyped variable fails the build
        comment_start_string="{##", comment_end_string="##}",
        keep_trailing_newline=True,
        autoescape=False,                     # Markdown, not HTML: the links are Markup already
    )


def render_text(text: str, fund: Fund, lang: str) -> str:
    """A text of an article (e.g. its front matter's description) with the fund's details filled in."""
    return _environment().from_string(text).render(fund_variables(fund, lang))


def _renderer(fund: Fund, lang: str):
    """Markdown of `lang` -> with the fund's details filled in (in that language)."""
    env = _environment()
    variables = fund_variables(fund, lang)

    def rendered(path: Path) -> str:
        try:
            return env.from_string(path.read_text(encoding="utf-8")).render(variables)
        except jinja2.TemplateError as error:
            raise ValueError(f"{path}: {error}") from None

    return rendered


def write_articles(docs: Path, target: Path, fund: Fund, lang: str, status: LanguageStatus | None = None) -> None:
    """Every file of docs/<lang>/ into `target`; Markdown rendered with the fund's details. Where
    the translation lags the French (`status`, sitebuild/translations/status.py), the pages show it
    (sitebuild/sources/lagging_articles.py), a page the language lacks included."""
    source = docs / lang
    rendered = _renderer(fund, lang)
    in_french = _renderer(fund, SOURCE_LANGUAGE)
    pages = set()
    for path in sorted(source.rglob("*")):
        if not path.is_file():
            continue
        destination = target / path.relative_to(source)
        destination.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix != ".md":
            shutil.copyfile(path, destination)
            continue
        page = path.relative_to(source).as_posix()
        pages.add(page)
        text = rendered(path)
        if status and (lagging := status.article(page)):
            text = follow_french(page, text, in_french(docs / SOURCE_LANGUAGE / page), lagging, lang)
        destination.write_text(text, encoding="utf-8")
    for page, lagging in sorted(status.articles_missing(pages).items()) if status else ():
        destination = target / page
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_text(follow_french(page, None, in_french(docs / SOURCE_LANGUAGE / page), lagging, lang),
                               encoding="utf-8")
