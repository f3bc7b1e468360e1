"""Where a translation lags its French source, and the notice a visitor reads there.

French is the source of every text. The site build works out, per language, which texts follow
an older French text ("stale": the French changed since, the previous translation is shown) or
have no translation yet ("missing": the French is shown), and since when
(sitebuild/translations/). The guide's pages get it from the build on CPython and from the
runtime manifest (guide-runtime.json) on Pyodide, so a step shows the same notice either way;
the site's articles show the same notice, from the same template
(templates/pages/_translation_notice.html.j2).

A text of the guide is known by its place in flow.toml or requests.toml, e.g.
`outcomes.order-new-code.why`: the translator's comment of its entry in guide.po.
"""
from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from . import urls
from .dates import format_date
from .i18n import SOURCE_LANGUAGE
from .render import request_of
from .tree import Outcome, Question

STALE = "stale"
MISSING = "missing"
# What a notice says about: an article's section, or a step of the guide (question or outcome).
SECTION = "section"
STEP = "step"


@dataclass(frozen=True)
class Lag:
    """A text whose translation lags the French: how, and since the French took its present form."""
    status: str
    since: datetime.date


@dataclass(frozen=True)
class Notice:
    """What the notice template needs."""
    about: str          # SECTION or STEP
    status: str         # STALE or MISSING
    date: str           # `since`, written as the page's language writes dates
    french_href: str    # the French version of the section or step
    lang: str | None = None   # where the notice sits inside French text (a missing section)


def notice(about: str, lag: Lag, lang: str, here: urls.Location, anchor: str | None = None,
           inside_french: bool = False) -> Notice:
    return Notice(about, lag.status, format_date(lag.since, lang), urls.in_language(here, SOURCE_LANGUAGE, anchor),
                  lang if inside_french else None)


def worst(lags: Iterable[Lag]) -> Lag | None:
    """Several texts of one step or section lag: missing outranks stale; the latest date."""
    lags = list(lags)
    if not lags:
        return None
    status = MISSING if any(lag.status == MISSING for lag in lags) else STALE
    return Lag(status, max(lag.since for lag in lags))


class GuideLags:
    """The guide's texts that lag the French in one language, by place; none by default."""

    def __init__(self, lags: Mapping[str, Lag] | None = None):
        self._lags = dict(lags or {})

    @classmethod
    def from_json(cls, data: Mapping[str, Iterable[str]] | None) -> GuideLags:
        """From the runtime manifest: {place: [status, ISO date]}."""
        return cls({place: Lag(status, datetime.date.fromisoformat(since))
                    for place, (status, since) in (data or {}).items()})

    def to_json(self) -> dict[str, list[str]]:
        return {place: [lag.status, lag.since.isoformat()] for place, lag in sorted(self._lags.items())}

    def __bool__(self) -> bool:
        return bool(self._lags)

    def of(self, node: Question | Outcome, is_start: bool = False) -> Lag | None:
        """The lag of a question's or an outcome's page, from every text that page shows."""
        places = shown_places(node, is_start)
        return worst(lag for place, lag in self._lags.items() if shows(places, place))


def shown_places(node: Question | Outcome, is_start: bool = False) -> tuple[str, ...]:
    """The places of the texts a question's or outcome's page shows: its own, and for an outcome
    the request it prepares (requests.toml: its kinds and their fields). A place ending in "."
    stands for every place below it. The guide's first question also shows the guide's summary
    (its description for search engines)."""
    if isinstance(node, Question):
        return (f"questions.{node.id}.", *(("summary",) if is_start else ()))
    request = request_of(node)
    kinds = tuple(f"kinds.{kind.id}." for kind in request.kinds) if request else ()
    fields = tuple(f"fields.{field.id}." for field in request.fields) if request else ()
    return (f"outcomes.{node.id}.", *kinds, *fields)


def shows(places: Iterable[str], place: str) -> bool:
    return any(place.startswith(shown) if shown.endswith(".") else place == shown for shown in places)
