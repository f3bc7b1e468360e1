"""The guide as the browser's worker asks for it (overrides/assets/javascripts/guide/worker.js):
one method per message, each answering with a dict that JSON carries back to the page.

Steps are the very pages of the static build (guide.step_html, same templates); the request form
and the "check your answers" page have templates of their own (pages/request_form.html.j2,
pages/request_check.html.j2). Nothing is kept between messages: what the visitor typed comes
with each message and goes back in the answer only.

A `path` is the part of a page's address below <lang>/guide/, as the static site has it:
"" (the first question), "regain-access/no/" (a step), "outcomes/<id>/" (an outcome's own page).
"""
from __future__ import annotations

import datetime
import json
import sys
import traceback
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from . import access_code, mailto, urls
from .engine import Answered, GuideError, step
from .fund import Fund
from .i18n import N_, languages
from .step_html import Page, outcome_page, step_page
from .reference import SiteAddress
from .render import Email, environment, initial_values, reference_of, render, render_message, request_of
from .requests import Field, Request
from .texts import Texts
from .translation import GuideLags
from .tree import Flow, Outcome, load_flow
from .validation import validate

# The browser fills these in from what it knows of the visitor (HTML autocomplete tokens).
AUTOCOMPLETE = {"company": "organization", "company_address": "street-address", "contact_person": "name",
                "phone": "tel", "email": "email"}
INPUT_TYPES = {"email": "email", "phone": "tel"}
NO_SPELLCHECK = ("email", "phone", "member-number")
PAGE_TEMPLATES = ("pages/question.html.j2", "pages/outcome.html.j2", "pages/request_form.html.j2",
                  "pages/request_check.html.j2")

# The worker's messages: the method that answers each, and its arguments (name -> whether it is
# required, and the JSON types it may have). `handle` checks a message's arguments against this
# before it calls the method; tests/guide/test_browser_api.py checks it against the methods.
# `values` may be anything: what is not an object of texts counts as nothing typed.
MESSAGES: dict[str, tuple[str, dict[str, tuple[bool, tuple[type, ...]]]]] = {
    "warm-up": ("warm_up", {"lang": (True, (str,))}),
    "step": ("step", {"lang": (True, (str,)), "path": (True, (str,))}),
    "form": ("form", {"lang": (True, (str,)), "path": (True, (str,)), "values": (False, (object,))}),
    "submit": ("submit", {"lang": (True, (str,)), "path": (True, (str,)), "values": (False, (object,)),
                          "today": (False, (str, type(None)))}),
    "expiry": ("expiry", {"issued_on": (True, (str,)), "today": (True, (str,))}),
}


@dataclass(frozen=True)
class Place:
    """A page of the guide, and the outcome it shows with the answers that led there."""
    page: Page
    outcome: Outcome | None
    answered: tuple[Answered, ...]

    @property
    def request(self) -> Request | None:
        return request_of(self.outcome) if self.outcome else None


def place(flow: Flow, texts: Texts, path: str) -> Place | None:
    """The page at this address below guide/, or None where the static site has no page."""
    parts = urls.answers_from_path(path)
    if path != "".join(part + "/" for part in parts):
        return None                                   # not the page's own address: let the server answer
    if parts[:1] == (urls.OUTCOMES,):
        outcome = flow.outcomes.get(parts[1]) if len(parts) == 2 else None
        return Place(outcome_page(outcome, texts), outcome, ()) if outcome else None
    if parts[:1] and parts[0] in urls.RESERVED:
        return None
    try:
        reached = step(flow, parts)
    except GuideError:
        return None
    return Place(step_page(reached, texts), reached.node if reached.is_outcome else None, reached.answered)


@dataclass(frozen=True)
class FormField:
    id: str
    label: Markup
    hint: Markup | None
    limits: str | None
    optional: bool
    multiline: bool
    input_type: str
    autocomplete: str | None
    spellcheck: bool
    value: str
    error: str | None

    @property
    def element_id(self) -> str:
        return f"guide-field-{self.id}"

    @property
    def described_by(self) -> str:
        """The ids of the hint, the limits and the error message, for aria-describedby."""
        parts = (("hint", self.hint), ("limits", self.limits), ("error", self.error))
        return " ".join(f"{self.element_id}-{name}" for name, shown in parts if shown)


def _limits(spec: Field, texts: Texts) -> str | None:
    """The stated length of a field of several lines (a line's limit shows in its message)."""
    if spec.type == "list":
        return texts.plain(N_("Au plus %(lines)s lignes de %(max)s caractères chacune."),
                           lines=spec.max_lines, max=spec.max_length)
    if spec.type == "lines":
        return texts.plain(N_("Au plus %(lines)s lignes et %(max)s caractères en tout."),
                           lines=spec.max_lines, max=spec.max_length)
    return None


def _form_fields(request: Request, texts: Texts, values: Mapping[str, str], errors: Mapping[str, str]) -> list[FormField]:
    return [FormField(
        id=spec.id,
        label=texts.html(spec.label),
        hint=texts.html(spec.hint) if spec.hint else None,
        limits=_limits(spec, texts),
        optional=spec.id not in request.required,
        multiline=spec.multiline,
        input_type=INPUT_TYPES.get(spec.type, "text"),
        autocomplete=AUTOCOMPLETE.get(spec.id),
        spellcheck=spec.type not in NO_SPELLCHECK,
        value=values.get(spec.id, ""),
        error=errors.get(spec.id),
    ) for spec in request.fields]


def _typed(request: Request, values: Any) -> dict[str, str]:
    """Only the request's own fields, as text: the page may send anything."""
    values = values if isinstance(values, Mapping) else {}
    return {spec.id: value for spec in request.fields if isinstance(value := values.get(spec.id), str)}


@dataclass(frozen=True)
class SummaryRow:
    id: str
    label: Markup
    lines: tuple[str, ...]


def _summary(request: Request, texts: Texts, cleaned: Mapping[str, str | tuple[str, ...]]) -> list[SummaryRow]:
    rows = []
    for spec in request.fields:
        value = cleaned.get(spec.id) or ""
        lines = tuple(value) if isinstance(value, tuple) else tuple(value.split("\n")) if value else ()
        rows.append(SummaryRow(spec.id, texts.html(spec.label), lines))
    return rows


def _today(value: Any) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _bad_arguments(arguments: Mapping[str, tuple[bool, tuple[type, ...]]], args: Any) -> str | None:
    """What is wrong with a message's arguments (names only, never their values), or None."""
    if not isinstance(args, Mapping):
        return "the arguments are not an object"
    unknown = [str(key) for key in args if key not in arguments]
    if unknown:
        return f"unknown argument: {', '.join(sorted(unknown))}"
    missing = [key for key, (required, _) in arguments.items() if required and key not in args]
    if missing:
        return f"missing argument: {', '.join(missing)}"
    wrong = [key for key, value in args.items() if not isinstance(value, arguments[key][1])]
    if wrong:
        return f"wrong type: {', '.join(sorted(wrong))}"
    if "lang" in args and args["lang"] not in languages():
        return f"lang is not one of {', '.join(languages())}"
    return None


class BrowserGuide:
    """The guide for one fund, answering the worker's messages (see `handle`)."""

    def __init__(self, fund: Fund, flow: Flow | None = None, site: SiteAddress | None = None,
                 lags: Mapping[str, GuideLags] | None = None):
        self.fund = fund
        self.flow = flow or load_flow()
        self.site = site          # where the site is published: the messages' reference line
        self.lags = dict(lags or {})   # per language: the texts whose translation lags the French
        self._texts: dict[str, Texts] = {}

    @classmethod
    def from_json(cls, config: str) -> BrowserGuide:
        """From the runtime manifest that the site build writes (sitebuild/runtime.py): the fund's
        details, where the site is published, and where each language's translation lags the French
        (as the static pages show)."""
        manifest = json.loads(config)
        site = manifest.get("site")
        lags = {lang: GuideLags.from_json(data) for lang, data in manifest.get("translations", {}).items()}
        return cls(Fund.from_dict(manifest["fund"]), site=SiteAddress.from_dict(site) if site else None, lags=lags)

    def texts(self, lang: str) -> Texts:
        if lang not in self._texts:
            self._texts[lang] = Texts(lang, self.fund, self.site, self.lags.get(lang))
        return self._texts[lang]

    # --- messages --------------------------------------------------------------------------

    def warm_up(self, lang: str) -> dict:
        """Load the tree, the catalog and the templates now, so that the first step is quick."""
        texts = self.texts(lang)
        for name in PAGE_TEMPLATES:
            environment(lang).get_template(name)
        place(self.flow, texts, "")
        return {"status": "ok"}

    def step(self, lang: str, path: str) -> dict:
        """The page at `path`, as the static site has it."""
        found = place(self.flow, self.texts(lang), path)
        if found is None:
            return {"status": "not-found"}
        return {"status": "ok", "title": found.page.title, "html": found.page.html, "node": found.page.node,
                "outcome": found.page.outcome, "request": found.request is not None}

    def form(self, lang: str, path: str, values: Mapping | None = None) -> dict:
        """The request form of the outcome at `path`, filled with `values` (or what the guide
        prefills, e.g. the description of a technical problem)."""
        texts = self.texts(lang)
        found = place(self.flow, texts, path)
        if found is None or found.request is None:
            return {"status": "not-found"}
        typed = _typed(found.request, values) or initial_values(found.outcome, texts, found.answered)
        return {"status": "ok", "html": self._form_html(found, texts, typed, {})}

    def submit(self, lang: str, path: str, values: Mapping | None = None, today: str | None = None) -> dict:
        """Check what was typed: the form again with every error, or the page that shows the
        answers and the ready e-mail or letter."""
        texts = self.texts(lang)
        found = place(self.flow, texts, path)
        if found is None or found.request is None:
            return {"status": "not-found"}
        checked = validate(found.request, _typed(found.request, values), lang)
        if not checked.ok:
            return {"status": "invalid", "html": self._form_html(found, texts, checked.typed, checked.errors),
                    "title": texts.plain(N_("Erreur : %(title)s"), title=found.page.title)}
        title = texts.plain(N_("Vérifiez votre demande"))
        return {"status": "ok", "title": title, "outcome": found.outcome.id,
                "html": self._check_html(found, texts, checked.cleaned, _today(today))}

    def expiry(self, issued_on: str, today: str) -> dict:
        """A code's last valid day from the date on its letter, by the API's rule
        (guide.access_code): for the checker page when the API cannot be reached."""
        issued, now = _today(issued_on), _today(today)
        if issued is None or now is None:
            return {"status": "invalid-date"}
        if issued > now:
            return {"status": "future-date"}       # a letter is not dated after today
        days = self.fund.code_validity_days
        status, last_day, left = access_code.validity(issued, days, now)
        return {"status": status, "expires_on": last_day.isoformat(), "days_left": left, "validity_days": days}

    # --- rendering ---------------------------------------------------------------------------

    def _form_html(self, found: Place, texts: Texts, values: Mapping[str, str], errors: Mapping[str, str]) -> str:
        request = found.request
        return render("pages/request_form.html.j2", texts.lang, texts=texts, request=request,
                      fields=_form_fields(request, texts, values, errors),
                      errors=[(spec.id, errors[spec.id]) for spec in request.fields if spec.id in errors])

    def _check_html(self, found: Place, texts: Texts, cleaned: Mapping, today: datetime.date | None) -> str:
        request = found.request
        message = render_message(request, cleaned, texts, today or datetime.date.today(),
                                 reference=reference_of(found.outcome, texts))
        here = found.page.location
        context = {"texts": texts, "outcome": found.outcome, "request": request, "message": message,
                   "rows": _summary(request, texts, cleaned), "answers_path": "/".join(here[1:]),
                   "start_href": urls.href(here, urls.step_location(())), "email": None}
        if isinstance(message, Email):
            fits = mailto.fits(message.mailto)
            context.update(email=message, too_long=not fits,
                           mailto=message.mailto if fits else mailto.mailto(message.to, message.subject))
        return render("pages/request_check.html.j2", texts.lang, **context)

    # --- the worker's entry point ------------------------------------------------------------

    def handle(self, message: Any) -> dict:
        """{"name": ..., "args": {...}} -> the method's answer; never an exception, so that the
        page can fall back to the static site. Errors ({"status": "error", ...}, every other
        status than "ok" sends the page to the static site):
        - "reason": "unknown-message": not a message, or no such name;
        - "reason": "bad-arguments", "detail": what is wrong: an argument unknown, missing or of
          the wrong type, or a language the guide does not have (checked before the call);
        - "reason": "internal", "type": the exception's type, "message": a bug in the guide,
          whose traceback goes to stderr (the browser's console)."""
        name = message.get("name") if isinstance(message, Mapping) else None
        if not isinstance(name, str) or name not in MESSAGES:
            return {"status": "error", "reason": "unknown-message"}
        method, arguments = MESSAGES[name]
        args = message.get("args")
        args = {} if args is None else args
        problem = _bad_arguments(arguments, args)
        if problem:
            return {"status": "error", "reason": "bad-arguments", "detail": problem}
        try:
            return getattr(self, method)(**args)
        except Exception as error:   # a bug: say which, and let the page fall back to the static site
            traceback.print_exception(error, file=sys.stderr)
            return {"status": "error", "reason": "internal", "type": type(error).__name__,
                    "message": str(error)[:200]}

    def handle_json(self, message: str) -> str:
        try:
            decoded = json.loads(message)
        except ValueError:
            decoded = None
        return json.dumps(self.handle(decoded), ensure_ascii=False)


def preload() -> None:
    """Load what every visitor's guide loads and no fund, site or visitor changes: the tree, and
    every language's catalog and page templates (all cached). The build calls it before it takes
    the memory snapshot the browser may start from (sitebuild/memory_snapshot.py)."""
    load_flow()
    for lang in languages():
        for name in PAGE_TEMPLATES:
            environment(lang).get_template(name)
