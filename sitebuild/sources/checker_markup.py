"""The access-code checker's markup (form, result region, hidden messages) in one language.

One template (sitebuild/templates/check_code.html.j2) for every language; its texts are French msgids of
the site catalog (locales/<lang>/LC_MESSAGES/site.po). Everything the markup depends on comes in
as parameters, so that any build step can call `render_checker`: it reads no config file.
"""

from __future__ import annotations

import datetime
import posixpath
import re
from html import escape as escape_text
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context
from markupsafe import Markup, escape

from guide.dates import format_date
from guide.fund import Fund
from guide.texts import Texts
from sitebuild import site_catalog

TEMPLATE = "check_code.html.j2"
MARKER = "<!-- access-code-checker -->"

# Intl.DateTimeFormat options of check-code.js, per language: the dates it shows must read as
# guide.dates.format_date writes them (31.12.2026 in Switzerland's languages; 31 December 2026 in
# English). A language not listed gets the Swiss numeric form.
DATE_FORMATS = {"en": {"locale": "en-GB", "day": "numeric", "month": "long", "year": "numeric"}}


def date_format(lang: str) -> dict[str, str]:
    return DATE_FORMATS.get(lang) or {"locale": f"{lang}-CH", "day": "2-digit", "month": "2-digit", "year": "numeric"}

# The pages the messages link to, as paths from the language's root (directory URLs).
LINK_TARGETS = {
    "code_expired": "guide/outcomes/code-expired/",
    "order_new_code": "guide/outcomes/order-new-code/",
    "administrator_leaving": "situations/administrator-leaving/",
    "no_active_login": "situations/no-active-login/",
}

# check-code.js fills the slots of the message it shows, a <time>'s text and datetime together.
# The hidden templates hold a stand-in as wide as a real value (the date with the longest English
# month, the most days a code can have left): they keep the answer's place (connect-help.css),
# so they must be as high as the message shown.
STAND_IN_DAY = datetime.date(2026, 9, 30)


def slots(lang: str, fund: Fund) -> dict[str, Markup]:
    iso, day = STAND_IN_DAY.isoformat(), format_date(STAND_IN_DAY, lang)
    return {
        "expires_on": Markup('<time data-slot="expires-on" datetime="{}">{}</time>').format(iso, day),
        "retry_at": Markup('<time data-slot="retry-at" datetime="{}T23:59">{} 23:59</time>').format(iso, day),
        "days_left": Markup('<span data-slot="days-left">{}</span>').format(fund.code_validity_days),
    }


_COUNTED_CODE = re.compile(r"\[A-Z0-9\]\{([1-9][0-9]*)\}")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_LINK = re.compile(r"\[([^\]]+)\]\(%\((\w+)\)s\)")

_ENV = Environment(
    loader=FileSystemLoader(Path(__file__).resolve().parents[1] / "templates"),
    autoescape=True,
    undefined=StrictUndefined,
)


def code_length(code_pattern: str) -> int | None:
    """N when the code pattern is `[A-Z0-9]{N}` (N letters and digits), else None."""
    match = _COUNTED_CODE.fullmatch(code_pattern)
    length = int(match[1]) if match else None
    # "the 1 letters and digits" reads wrong, and no fund prints a one-character code.
    return length if length and length > 1 else None


def relative_href(target: str, page_url: str) -> str:
    """`target` (a directory URL from the language's root) as seen from the page at `page_url`."""
    here = page_url if page_url.endswith("/") else posixpath.dirname(page_url) + "/"
    path = posixpath.relpath("/" + target, "/" + here.lstrip("/"))
    return path + "/" if target.endswith("/") and not path.endswith("/") else path


@pass_context
def inline(context, text: str) -> Markup:
    """Translated text to HTML: escaped, **bold**, [text](%(target)s) as links, %(name)s filled
    (from the render's `values` and `hrefs`)."""
    html = escape_text(text, quote=False)
    html = _BOLD.sub(r"<strong>\1</strong>", html)
    html = _LINK.sub(lambda link: f'<a href="{escape(context["hrefs"][link[2]])}">{link[1]}</a>', html)
    return Markup(html % context["values"])


_ENV.filters["inline"] = inline


def render_checker(lang: str, fund: Fund, code_pattern: str, page_url: str) -> str:
    """The checker's HTML for the page at `page_url` (from the language's root, e.g. "check-code/")."""
    texts = Texts(lang, fund)
    length = code_length(code_pattern)
    values = {
        **slots(lang, fund),
        "count": length,
        "fund_name": escape(fund.name(lang)),
        **{name: texts.fund_link(name) for name in ("fund_email", "fund_contact")},
    }
    hrefs = {"check_by_date": "#check-by-date",
             **{name: relative_href(target, page_url) for name, target in LINK_TARGETS.items()}}
    return _ENV.get_template(TEMPLATE).render(
        _=site_catalog.gettext_function(lang), dates=date_format(lang), code_length=length,
        values=values, hrefs=hrefs)


def fill_checker_page(page: Path, lang: str, fund: Fund, page_url: str = "check-code/") -> None:
    """The checker's page with its markup where the marker line stands."""
    text = page.read_text(encoding="utf-8")
    if MARKER not in text:
        raise ValueError(f"{page}: the marker {MARKER} is missing")
    page.write_text(text.replace(MARKER, render_checker(lang, fund, fund.code_pattern, page_url)), encoding="utf-8")
